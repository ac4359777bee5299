// Aurora wire shapes, exactly as on the wire (snake_case), parsed at the boundary with zod. Every object tolerates
// unknown fields and every enum-like field is a plain string, because Aurora calls both non-breaking (docs/aurora-api.md#versioning).
import { z } from 'zod';
import { ASSET_FIELDS, DESIGN_REQUEST_FIELDS, WEBHOOK_AUTH_FIELDS } from './inferred';

const text = z.string().nullish();
const num = z.number().nullish();
const flag = z.boolean().nullish();

// ---- projects ([DOCS] tutorials + [3P-NOTES] sundial-core field list, docs/aurora-api.md#project-fields)

export const auroraLocationSchema = z.looseObject({
  property_address: text,
  latitude: num,
  longitude: num,
  property_address_components: z
    .looseObject({ street_address: text, city: text, region: text, postal_code: text, country: text })
    .nullish(),
});

export const auroraProjectSchema = z.looseObject({
  id: z.string(),
  external_provider_id: text,
  name: text,
  customer_salutation: text,
  customer_first_name: text,
  customer_last_name: text,
  customer_email: text,
  customer_phone: text,
  mailing_address: z.unknown().optional(),
  location: auroraLocationSchema.nullish(),
  /** `residential` | `commercial` | a newer value. */
  project_type: text,
  owner_id: text,
  team_id: text,
  partner_id: text,
  /** Free-form: admins define custom statuses. */
  status: text,
  tags: z.array(z.string()).nullish(),
  /** `"YYYY-MM-DD HH:MM:SS UTC"` or ISO-8601: read it with parseAuroraDate. */
  created_at: text,
});

// ---- users ([CODE] aurora-zoho-sync, sundial-core)

export const auroraUserSchema = z.looseObject({
  id: z.string(),
  first_name: text,
  last_name: text,
  email: text,
  account_status: text,
  phone: text,
  role_id: text,
  team_ids: z.array(z.string()).nullish(),
  partner_ids: z.array(z.string()).nullish(),
  external_provider_id: text,
});

// ---- design requests (docs/aurora-api.md#design-requests)

export const auroraDesignRequestSchema = z.looseObject({
  id: z.string(),
  project_id: text,
  /** submitted, designer_completed, designer_rejected, accepted, or a newer value. */
  status: z.string(),
  [DESIGN_REQUEST_FIELDS.designId]: text,
  [DESIGN_REQUEST_FIELDS.rejectionReason]: text,
  created_at: text,
});

// ---- designs (docs/aurora-api.md#designs)

export const auroraMilestoneSchema = z.looseObject({
  id: text,
  /** e.g. `sold`. */
  milestone: text,
  notes: text,
  recorded_at: text,
});

export const auroraDesignSchema = z.looseObject({
  id: z.string(),
  name: text,
  project_id: text,
  external_provider_id: text,
  created_at: text,
  /** Watts. */
  system_size_stc: num,
  system_size_ptc: num,
  system_size_ac: num,
  milestone: auroraMilestoneSchema.nullish(),
});

export const auroraBillOfMaterialsItemSchema = z.looseObject({
  id: text,
  name: text,
  /** modules, microinverters, inverters, dc_optimizers, batteries, … (the list grows). */
  component_type: text,
  sku: text,
  manufacturer_name: text,
  quantity: num,
});

/** One array of the design summary; `arrays` itself may arrive as a JSON string: read it with parseArrays. */
export const auroraArraySchema = z.looseObject({
  size: num,
  azimuth: num,
  pitch: num,
  face: z.union([z.number(), z.string()]).nullish(),
  orientation: text,
  configuration: text,
  ground_mounted: flag,
  module: z.looseObject({ id: text, name: text, count: num, rating_stc: num, orientation: text }).nullish(),
  microinverter: z.looseObject({ id: text, name: text, count: num, rated_power: num }).nullish(),
  dc_optimizer: z.unknown().optional(),
  shading: z
    .looseObject({
      solar_access: z.looseObject({ annual: num, monthly: z.array(z.number()).nullish() }).nullish(),
      total_solar_resource_fraction: z.looseObject({ annual: num }).nullish(),
    })
    .nullish(),
});

export const auroraEnergyProductionSchema = z.looseObject({
  up_to_date: flag,
  /** kWh per year. */
  annual: num,
  /** `"104%"` or 104: read it with parseOffsetPercent. */
  annual_offset: z.union([z.string(), z.number()]).nullish(),
  monthly: z.array(z.number()).nullish(),
  hourly: z.unknown().optional(),
});

export const auroraDesignSummarySchema = z.looseObject({
  design_id: z.string(),
  project_id: text,
  external_provider_id: text,
  created_at: text,
  system_size_stc: num,
  system_size_ptc: num,
  system_size_ac: num,
  bill_of_materials: z.array(auroraBillOfMaterialsItemSchema).nullish(),
  arrays: z.union([z.string(), z.array(z.unknown())]).nullish(),
  string_inverters: z.array(z.unknown()).nullish(),
  storage_inverters: z.array(z.unknown()).nullish(),
  batteries: z.array(z.unknown()).nullish(),
  /** Present and current only after a performance simulation. */
  energy_production: auroraEnergyProductionSchema.nullish(),
});

// ---- pricing (docs/aurora-api.md#pricing)

export const auroraPricingSchema = z.looseObject({
  pricing_method: text,
  price_per_watt: num,
  system_price: num,
  system_price_breakdown: z
    .array(
      z.looseObject({
        item_type: text,
        item_price: num,
        subcomponents: z.array(z.looseObject({ adder_name: text, quantity: num, item_price: num })).nullish(),
      }),
    )
    .nullish(),
  adders: z.array(z.looseObject({ adder_name: text, adder_value: num, is_discount: flag })).nullish(),
  pricing_by_component: z.array(z.looseObject({ component_type: text, name: text, quantity: num })).nullish(),
});

// ---- financings (docs/aurora-api.md#financings)

export const auroraFinancingSummarySchema = z.looseObject({
  id: z.string(),
  name: text,
  /** cash, loans, lease, ppa, levelized_ppa, or a newer value. */
  financing_option: text,
  selected_in_sales_mode: flag,
  design_id: text,
  project_id: text,
});

export const auroraFinancingSchema = auroraFinancingSummarySchema.extend({
  system_price: num,
  up_to_date: flag,
  loan_principal: num,
  down_payment: num,
  monthly_payment_first_month: num,
  avg_monthly_savings: num,
  monthly_payment: num,
  epc_price_per_watt: num,
  escalation: num,
  solar_rate: num,
  upfront_payment: num,
  lifetime_savings: num,
  payback_period: num,
  loans: z
    .array(z.looseObject({ name: text, duration_months: num, dealer_fee_percentage: num, periods: z.array(z.unknown()).nullish() }))
    .nullish(),
  financier: z
    .looseObject({
      type: text,
      provider: text,
      status: text,
      approved_loan_amount: num,
      external: z
        .looseObject({ provider_status: text, request_id: text, quote_id: text, consumer_id: text, contract_signed_at: text })
        .nullish(),
    })
    .nullish(),
  incentive_values: z.array(z.unknown()).nullish(),
  year1_avoided_cost: z.array(z.number()).nullish(),
  annual_cashflows: z.array(z.unknown()).nullish(),
});

// ---- assets (docs/aurora-api.md#assets; Retrieve Asset tutorial for asset_type/design_id/url)

export const auroraAssetSchema = z.looseObject({
  id: z.string(),
  design_id: text,
  /** "CAD Screenshot", "CAD Auto Screenshot", "Design DXF", … (the list grows). */
  asset_type: text,
  /** Signed download URL on a storage host; it expires, so fetch it right before downloading. */
  url: text,
  [ASSET_FIELDS.fileName]: text,
  [ASSET_FIELDS.urlExpiresAt]: text,
  created_at: text,
});

// ---- proposals (docs/aurora-api.md#proposals)

/** Web proposal: not wrapped in a root key ([DOCS] retrieve-web-proposal-url). */
export const auroraWebProposalSchema = z.looseObject({
  url: text,
  url_expired: flag,
});

export const auroraProposalSchema = z.looseObject({
  id: text,
  created_at: text,
  updated_at: text,
  proposal_template_id: text,
  proposal_link: text,
});

// ---- agreements (docs/aurora-api.md#agreements)

export const auroraAgreementSchema = z.looseObject({
  id: z.string(),
  project_id: text,
  design_id: text,
  financing_id: text,
  agreement_template_name: text,
  /** sent, viewed, signed, cancel_pending, canceled, declined, error, or a newer value. */
  status: z.string(),
  signing_provider: text,
  created_at: text,
  sent_at: text,
  last_viewed_at: text,
  error_message: text,
});

// ---- webhooks (docs/aurora-api.md#webhook-subscriptions)

export const auroraWebhookSchema = z.looseObject({
  id: z.string(),
  event: z.string(),
  url_template: z.string(),
  description: text,
  enabled: flag,
  [WEBHOOK_AUTH_FIELDS.headerKey]: text,
  [WEBHOOK_AUTH_FIELDS.headerValue]: text,
});

export type AuroraLocation = z.infer<typeof auroraLocationSchema>;
export type AuroraProject = z.infer<typeof auroraProjectSchema>;
export type AuroraUser = z.infer<typeof auroraUserSchema>;
export type AuroraDesignRequest = z.infer<typeof auroraDesignRequestSchema>;
export type AuroraMilestone = z.infer<typeof auroraMilestoneSchema>;
export type AuroraDesign = z.infer<typeof auroraDesignSchema>;
export type AuroraBillOfMaterialsItem = z.infer<typeof auroraBillOfMaterialsItemSchema>;
export type AuroraArray = z.infer<typeof auroraArraySchema>;
export type AuroraEnergyProduction = z.infer<typeof auroraEnergyProductionSchema>;
export type AuroraDesignSummary = z.infer<typeof auroraDesignSummarySchema>;
export type AuroraPricing = z.infer<typeof auroraPricingSchema>;
export type AuroraFinancingSummary = z.infer<typeof auroraFinancingSummarySchema>;
export type AuroraFinancing = z.infer<typeof auroraFinancingSchema>;
export type AuroraAsset = z.infer<typeof auroraAssetSchema>;
export type AuroraWebProposal = z.infer<typeof auroraWebProposalSchema>;
export type AuroraProposal = z.infer<typeof auroraProposalSchema>;
export type AuroraAgreement = z.infer<typeof auroraAgreementSchema>;
export type AuroraWebhook = z.infer<typeof auroraWebhookSchema>;

// ---- request bodies (what we send; optional fields are omitted, never null: Aurora answers 422 to null, docs/aurora-api.md#request-and-response-bodies)

/** Where the site is: an address Aurora geocodes, or a pin, or both (stored exactly as passed). */
export type AuroraLocationInput =
  | { property_address: string; latitude?: number; longitude?: number }
  | { property_address?: string; latitude: number; longitude: number };

export interface AuroraProjectFields {
  /** Our key for the project: the HubSpot deal id. */
  external_provider_id?: string;
  name?: string;
  status?: string;
  project_type?: 'residential' | 'commercial' | (string & {});
  customer_salutation?: string;
  customer_first_name?: string;
  customer_last_name?: string;
  customer_email?: string;
  customer_phone?: string;
  /** [3P-NOTES] a one-line postal address, as the project object carries it (docs/aurora-api.md#project-fields). */
  mailing_address?: string;
  /** [DOCS] on Create and Update Project with a standard key (docs/aurora-api.md#project-fields). */
  tags?: string[];
}

export interface AuroraProjectCreate extends AuroraProjectFields {
  location: AuroraLocationInput;
}

export interface AuroraProjectUpdate extends AuroraProjectFields {
  location?: AuroraLocationInput;
  /** [INFERRED] the project's owner, one of the tenant's users (docs/aurora-api.md#updating-a-project). */
  owner_id?: string;
}

/** Only `project_id` is certain (docs/aurora-api.md#design-requests); nothing else is sent. */
export interface AuroraDesignRequestCreate {
  project_id: string;
}

/** [INFERRED] body of the create-design call (docs/aurora-api.md#designs). */
export interface AuroraDesignCreate {
  project_id: string;
  name?: string;
  external_provider_id?: string;
}

export interface AuroraWebhookInput {
  event: string;
  /** GET target with `<PLACEHOLDER>`s Aurora fills in. */
  url_template: string;
  description?: string;
  enabled?: boolean;
  [WEBHOOK_AUTH_FIELDS.headerKey]?: string;
  [WEBHOOK_AUTH_FIELDS.headerValue]?: string;
}

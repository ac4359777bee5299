// The default field map: which HubSpot fields feed Aurora and which Aurora fields land in which HubSpot property. An admin
// changes it on the settings page (settings/model.ts fieldMapOf); the installer and test/mapping check every row.
import type { ConversionName } from './conversions';
import type { DesignFacts, ProjectFacts } from './facts';
import type { AuroraProjectField } from '../settings/schema';

export type CrmObject = 'deal' | 'contact';
export type AddressPart = 'street' | 'city' | 'state' | 'zip' | 'country';

export { AURORA_PROJECT_FIELDS, type AuroraProjectField } from '../settings/schema';

/** A HubSpot deal/contact property sent to Aurora when the project is created (or updated). */
export interface ToAuroraRow {
  direction: 'to_aurora';
  aurora: AuroraProjectField;
  /** What the rep sees in "will send" before Create in Aurora. */
  auroraLabel: string;
  object: CrmObject;
  property: string;
  /** The property's HubSpot label: pre-flight names missing fields by it. */
  label: string;
  /** Create in Aurora waits until this field has a value. */
  required: boolean;
  /** Rows of `location.property_address`: the part of the one-line address this property gives. Rows of `tags` each add one tag. */
  addressPart?: AddressPart;
}

interface ToHubSpotBase {
  direction: 'to_hubspot';
  /** Where the value comes from in Aurora, in words (shown on the settings page). */
  aurora: string;
  conversion: ConversionName;
  /** Deal property written from the project, or from the rolled-up (sold/primary/newest) design. */
  deal?: string;
  /** Aurora Design record property. */
  design?: string;
}

export interface ToHubSpotProjectRow extends ToHubSpotBase {
  source: 'project';
  fact: keyof ProjectFacts;
}

export interface ToHubSpotDesignRow extends ToHubSpotBase {
  source: 'design';
  fact: keyof DesignFacts;
}

export type ToHubSpotRow = ToHubSpotProjectRow | ToHubSpotDesignRow;
export type FieldMapEntry = ToAuroraRow | ToHubSpotRow;

export interface FieldMap {
  /** Where the site address comes from: the deal's primary contact, or the deal (add `object: 'deal'` address rows). */
  siteAddressFrom: CrmObject;
  rows: readonly FieldMapEntry[];
}

const toAurora = (
  aurora: AuroraProjectField,
  auroraLabel: string,
  object: CrmObject,
  property: string,
  label: string,
  required: boolean,
  addressPart?: AddressPart,
): ToAuroraRow => ({ direction: 'to_aurora', aurora, auroraLabel, object, property, label, required, ...(addressPart ? { addressPart } : {}) });

const fromDesign = (fact: keyof DesignFacts, aurora: string, conversion: ConversionName, targets: { deal?: string; design?: string }): ToHubSpotDesignRow => ({
  direction: 'to_hubspot',
  source: 'design',
  fact,
  aurora,
  conversion,
  ...targets,
});

const fromProject = (fact: keyof ProjectFacts, aurora: string, deal: string): ToHubSpotProjectRow => ({
  direction: 'to_hubspot',
  source: 'project',
  fact,
  aurora,
  conversion: 'text',
  deal,
});

const both = (name: string) => ({ deal: name, design: name });

export const FIELD_MAP: FieldMap = {
  siteAddressFrom: 'contact',
  rows: [
    // HubSpot -> Aurora, on Create in Aurora
    toAurora('name', 'Project name', 'deal', 'dealname', 'Deal Name', true),
    toAurora('external_provider_id', 'HubSpot deal ID', 'deal', 'hs_object_id', 'Record ID', true),
    toAurora('customer_first_name', 'Customer first name', 'contact', 'firstname', 'First Name', true),
    toAurora('customer_last_name', 'Customer last name', 'contact', 'lastname', 'Last Name', true),
    toAurora('customer_email', 'Customer email', 'contact', 'email', 'Email', false),
    toAurora('customer_phone', 'Customer phone', 'contact', 'phone', 'Phone Number', false),
    toAurora('location.property_address', 'Site address', 'contact', 'address', 'Street Address', true, 'street'),
    toAurora('location.property_address', 'Site address', 'contact', 'city', 'City', true, 'city'),
    toAurora('location.property_address', 'Site address', 'contact', 'state', 'State/Region', true, 'state'),
    toAurora('location.property_address', 'Site address', 'contact', 'zip', 'Postal Code', false, 'zip'),
    toAurora('location.property_address', 'Site address', 'contact', 'country', 'Country/Region', false, 'country'),

    // Aurora -> HubSpot, on sync: the project
    fromProject('id', 'project id', 'aurora_project_id'),
    fromProject('url', 'project link in the Aurora app', 'aurora_project_url'),
    fromProject('status', 'project status', 'aurora_project_status'),
    fromProject('ownerName', 'project owner (user name)', 'aurora_project_owner'),

    // Aurora -> HubSpot, on sync: every design (Aurora Design record) and the rolled-up design (deal)
    fromDesign('designId', 'design id', 'text', both('aurora_design_id')),
    fromDesign('name', 'design name', 'text', both('aurora_design_name')),
    fromDesign('projectId', 'design project_id', 'text', { design: 'aurora_project_id' }),
    fromDesign('createdAt', 'design created_at', 'datetime', { design: 'aurora_design_created_at' }),
    fromDesign('systemSizeWatts', 'design summary system_size_stc (W)', 'wattsToKw', both('aurora_system_size_kw')),
    fromDesign('annualProductionKwh', 'design summary energy_production.annual (kWh)', 'number', both('aurora_annual_production_kwh')),
    fromDesign('offset', 'design summary energy_production.annual_offset', 'percent', both('aurora_offset_percent')),
    fromDesign('moduleCount', 'design summary bill_of_materials (modules)', 'integer', both('aurora_module_count')),
    fromDesign('price', 'pricing system_price', 'money', both('aurora_price')),
    fromDesign('pricePerWatt', 'pricing price_per_watt', 'money', both('aurora_price_per_watt')),
    fromDesign('financingType', 'selected financing financing_option', 'text', both('aurora_financing_type')),
    fromDesign('monthlyPayment', 'selected financing monthly_payment', 'money', both('aurora_monthly_payment')),
    fromDesign('agreementId', 'agreement id', 'text', { design: 'aurora_agreement_id' }),
    fromDesign('agreementStatus', 'agreement status', 'text', both('aurora_agreement_status')),
    fromDesign('contractSignedAt', 'agreement signed (webhook time)', 'datetime', both('aurora_contract_signed_at')),
    fromDesign('proposalUrl', 'web proposal url', 'link', both('aurora_proposal_url')),
    fromDesign('screenshotUrl', 'CAD screenshot (copied to HubSpot Files)', 'link', both('aurora_screenshot_url')),
    fromDesign('dxfUrl', 'Design DXF asset', 'link', { design: 'aurora_dxf_url' }),
    fromDesign('milestone', 'design milestone', 'text', { design: 'aurora_milestone' }),
    fromDesign('bomSummary', 'design summary bill_of_materials', 'text', { design: 'aurora_bom_summary' }),
    fromDesign('isPrimary', 'primary design', 'bool', { design: 'aurora_is_primary' }),
    fromDesign('isSold', 'sold design', 'bool', { design: 'aurora_is_sold' }),
  ],
};

export const isToAurora = (row: FieldMapEntry): row is ToAuroraRow => row.direction === 'to_aurora';
export const isToHubSpot = (row: FieldMapEntry): row is ToHubSpotRow => row.direction === 'to_hubspot';

/** The to-Aurora rows in effect: address rows only from the configured source. */
export function activeToAuroraRows(map: FieldMap): ToAuroraRow[] {
  return map.rows.filter(isToAurora).filter((row) => row.aurora !== 'location.property_address' || row.object === map.siteAddressFrom);
}

// The small, Aurora-client-independent input shapes the HubSpot mappers read; the sync fills them from Aurora responses.

/**
 * What the sync knows about one Aurora design, already picked out of Aurora's responses.
 *
 * Every optional field follows one rule: `undefined` means "not read this time" (e.g. the key lacks pricing access,
 * or the call failed), so HubSpot keeps its value; `null` means "Aurora has no value", so HubSpot's value is cleared.
 */
export interface DesignFacts {
  /** GET /designs/{id} `id` (or the summary's `design_id`). */
  designId: string;
  /** Design `name`. */
  name: string | null;
  /** Design / summary `project_id`. */
  projectId: string;
  /** Design `created_at` (ISO 8601 or Aurora's "YYYY-MM-DD HH:MM:SS UTC"). */
  createdAt?: string | null;
  /** Summary `system_size_stc`, in watts. */
  systemSizeWatts?: number | null;
  /** Summary `energy_production.annual`, kWh per year. */
  annualProductionKwh?: number | null;
  /** Summary `energy_production.annual_offset`: "104%" or 104. */
  offset?: string | number | null;
  /** Sum of `bill_of_materials[].quantity` where `component_type` is `modules`. */
  moduleCount?: number | null;
  /** Pricing `system_price`. */
  price?: number | string | null;
  /** Pricing `price_per_watt`. */
  pricePerWatt?: number | string | null;
  /** The financing `selected_in_sales_mode`: its `financing_option` (cash, loans, lease, ppa, ...) or name. */
  financingType?: string | null;
  /** That financing's `monthly_payment` (or `monthly_payment_first_month` for loans). */
  monthlyPayment?: number | string | null;
  /** The agreement for this design: `id` and `status` (sent, viewed, signed, canceled, ...; tolerate new values). */
  agreementId?: string | null;
  agreementStatus?: string | null;
  /** When the agreement was signed (Aurora has no signed_at: the webhook's receipt time). */
  contractSignedAt?: string | Date | null;
  /** GET /designs/{id}/web_proposal `url`. */
  proposalUrl?: string | null;
  /** The HubSpot Files URL of the copied CAD screenshot (not Aurora's expiring download URL). */
  screenshotUrl?: string | null;
  /** The "Design DXF" asset URL, where Aurora provides one. */
  dxfUrl?: string | null;
  /** Design `milestone.milestone` (e.g. "sold"). */
  milestone?: string | null;
  /** One line per main component, e.g. "28 × SNPM GxB 300 (modules)". */
  bomSummary?: string | null;
  /** Marked primary for the deal (when nothing is sold, the deal rolls it up). */
  isPrimary: boolean;
  /** The sold design (milestone sold or signed agreement). */
  isSold: boolean;
}

/** What the sync knows about the Aurora project linked to a deal. */
export interface ProjectFacts {
  /** Project `id`. */
  id: string;
  /** Deep link into Aurora's web app for the project. */
  url?: string | null;
  /** Project `status` (free-form). */
  status?: string | null;
  /** The owning Aurora user's name (`owner_id` resolved via /users/{id}). */
  ownerName?: string | null;
}

// The HubSpot data model the app owns: the deal property group and properties, the Aurora Design object and its labels.

/** HubSpot property value types (crm/v3/properties `type`). */
export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

/** HubSpot form field types (crm/v3/properties `fieldType`) the app uses. */
export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'booleancheckbox';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  description: string;
  options?: readonly PropertyOption[];
  /** HubSpot enforces one record per value (required for upsert by this property). */
  hasUniqueValue?: boolean;
}

export const PROPERTY_GROUP = { name: 'aurora_solar', label: 'Aurora Solar', displayOrder: -1 } as const;

const text = <N extends string>(name: N, label: string, description: string): PropertyDefinition & { name: N } => ({ name, label, type: 'string', fieldType: 'text', description });
const longText = <N extends string>(name: N, label: string, description: string): PropertyDefinition & { name: N } => ({ name, label, type: 'string', fieldType: 'textarea', description });
const num = <N extends string>(name: N, label: string, description: string): PropertyDefinition & { name: N } => ({ name, label, type: 'number', fieldType: 'number', description });
const datetime = <N extends string>(name: N, label: string, description: string): PropertyDefinition & { name: N } => ({ name, label, type: 'datetime', fieldType: 'date', description });
const bool = <N extends string>(name: N, label: string, description: string): PropertyDefinition & { name: N } => ({
  name,
  label,
  type: 'bool',
  fieldType: 'booleancheckbox',
  description,
  options: [
    { label: 'Yes', value: 'true', displayOrder: 0 },
    { label: 'No', value: 'false', displayOrder: 1 },
  ],
});
const choice = <N extends string>(name: N, label: string, description: string, values: readonly [string, string][]): PropertyDefinition & { name: N } => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  description,
  options: values.map(([value, optionLabel], displayOrder) => ({ label: optionLabel, value, displayOrder })),
});

export const SYNC_STATUS_VALUES = ['never', 'ok', 'partial', 'error'] as const;

/** Every deal property the app writes, in the `aurora_solar` group. */
export const DEAL_PROPERTIES = [
  { ...text('aurora_project_id', 'Aurora project ID', 'The Aurora Solar project this deal is linked to. One project links to at most one deal.'), hasUniqueValue: true },
  text('aurora_project_url', 'Aurora project link', 'Opens the project in Aurora Solar.'),
  text('aurora_project_status', 'Aurora project status', "The project's status in Aurora (free-form, set by your Aurora admins)."),
  text('aurora_project_owner', 'Aurora project owner', 'Name of the Aurora user who owns the project.'),
  choice('aurora_sync_status', 'Aurora sync status', 'Result of the last sync with Aurora.', [
    ['never', 'Never synced'],
    ['ok', 'OK'],
    ['partial', 'Partial'],
    ['error', 'Error'],
  ]),
  datetime('aurora_last_synced_at', 'Aurora last synced at', 'When the deal was last synced with Aurora.'),
  longText('aurora_last_error', 'Aurora last error', 'What went wrong in the last sync, in plain words.'),
  text('aurora_sync_pending', 'Aurora sync pending', 'Work left for the next sync, e.g. design:<id>;screenshot:<id>.'),
  longText('aurora_pushed_customer', 'Aurora customer snapshot', 'The customer fields last sent to Aurora (JSON), so updates send only what changed.'),
  bool('aurora_automation', 'Aurora automation', 'Yes lets the Aurora workflow actions act on this deal; a workflow sets it before an Aurora action.'),
  text('aurora_attention', 'Aurora needs attention', 'Set when a person must look, e.g. a contract cancelled after signing.'),
  text('aurora_design_request_id', 'Aurora design request ID', 'The latest Aurora design request for the project.'),
  text('aurora_design_request_status', 'Aurora design request status', 'Status of the latest design request (submitted, designer_completed, accepted, ...).'),
  datetime('aurora_design_request_status_at', 'Aurora design request status since', 'When the app first saw the design request in its current status.'),
  longText('aurora_design_request_rejection_reason', 'Aurora design request rejection reason', "Why Aurora's designers rejected the request."),
  text('aurora_design_id', 'Aurora design ID', 'The design rolled up onto the deal: the sold design, else the primary, else the newest.'),
  text('aurora_design_name', 'Aurora design name', 'Name of the rolled-up design.'),
  num('aurora_system_size_kw', 'System size (kW)', 'DC system size (STC) of the rolled-up design, in kW.'),
  num('aurora_annual_production_kwh', 'Annual production (kWh)', 'Simulated first-year production of the rolled-up design.'),
  num('aurora_offset_percent', 'Energy offset (%)', 'Share of the consumption the rolled-up design covers.'),
  num('aurora_module_count', 'Module count', 'Number of solar modules in the rolled-up design.'),
  num('aurora_price', 'System price', 'System price of the rolled-up design.'),
  num('aurora_price_per_watt', 'Price per watt', 'Price per watt of the rolled-up design.'),
  text('aurora_financing_type', 'Financing type', 'Financing selected in Sales Mode (cash, loan, lease, PPA, ...).'),
  num('aurora_monthly_payment', 'Monthly payment', 'Monthly payment of the selected financing.'),
  text('aurora_agreement_status', 'Agreement status', 'Status of the Aurora agreement (sent, viewed, signed, ...). Workflows can trigger on it.'),
  datetime('aurora_contract_signed_at', 'Contract signed at', 'When the customer signed the Aurora agreement.'),
  text('aurora_proposal_url', 'Proposal link', "The design's web proposal."),
  text('aurora_screenshot_url', 'Design screenshot', 'Screenshot of the rolled-up design, stored in HubSpot Files.'),
  longText('aurora_history', 'Aurora history', 'What the Aurora app did to this deal and why, newest first (JSON, the last 30 entries; the card shows it).'),
] as const satisfies readonly PropertyDefinition[];

/** The name of every deal property the app owns: a list that names one of them is checked against the data model. */
export type DealPropertyName = (typeof DEAL_PROPERTIES)[number]['name'];

/** HubSpot's own deal properties the app reads (the card's title, the pipeline and stage a signed contract moves, when a deal last changed, its owner). */
export const HUBSPOT_DEAL_PROPERTIES = ['dealname', 'dealstage', 'pipeline', 'hs_lastmodifieddate', 'hubspot_owner_id'] as const;
/** Every deal property the app names (its own and HubSpot's it reads): code that names another does not compile. */
export type DealPropertyKey = DealPropertyName | (typeof HUBSPOT_DEAL_PROPERTIES)[number];

export const RECORD_KINDS = { design: 'design', projectClaim: 'project_claim', settings: 'settings' } as const;

/** Every property of the Aurora Design object. */
export const DESIGN_PROPERTIES = [
  { ...text('aurora_design_id', 'Aurora design ID', "Aurora's design id (or claim:deal:<id> for a create lock)."), hasUniqueValue: true },
  text('aurora_design_name', 'Design name', 'Name of the design in Aurora.'),
  text('aurora_project_id', 'Aurora project ID', 'The Aurora project the design belongs to.'),
  text('aurora_deal_id', 'HubSpot deal ID', 'The deal this design is synced to.'),
  num('aurora_system_size_kw', 'System size (kW)', 'DC system size (STC), in kW.'),
  num('aurora_annual_production_kwh', 'Annual production (kWh)', 'Simulated first-year production.'),
  num('aurora_offset_percent', 'Energy offset (%)', 'Share of the consumption the design covers.'),
  num('aurora_module_count', 'Module count', 'Number of solar modules.'),
  num('aurora_price', 'System price', 'System price.'),
  num('aurora_price_per_watt', 'Price per watt', 'Price per watt.'),
  text('aurora_financing_type', 'Financing type', 'Financing selected in Sales Mode.'),
  num('aurora_monthly_payment', 'Monthly payment', 'Monthly payment of the selected financing.'),
  text('aurora_agreement_id', 'Aurora agreement ID', 'The Aurora agreement for this design.'),
  text('aurora_agreement_status', 'Agreement status', 'Status of the Aurora agreement.'),
  datetime('aurora_contract_signed_at', 'Contract signed at', 'When the customer signed.'),
  text('aurora_proposal_url', 'Proposal link', "The design's web proposal."),
  text('aurora_screenshot_url', 'Design screenshot', 'Screenshot stored in HubSpot Files.'),
  text('aurora_dxf_url', 'DXF link', 'CAD export of the design, where Aurora provides one.'),
  text('aurora_milestone', 'Milestone', 'Sales milestone recorded in Aurora (e.g. sold).'),
  longText('aurora_bom_summary', 'Bill of materials', 'Main components and quantities.'),
  bool('aurora_is_primary', 'Primary design', 'The design the deal rolls up when none is sold.'),
  bool('aurora_is_sold', 'Sold design', 'The design the customer bought.'),
  datetime('aurora_last_synced_at', 'Last synced at', 'When the record was last written from Aurora.'),
  // The design's own pending marks: each delivery names one design, so no other design's delivery writes them (docs/pending-work.md).
  text('aurora_sync_pending', 'Sync pending', 'Work on this design left for the next sync, e.g. design:<id> (figures) or screenshot:<id> (files).'),
  datetime('aurora_design_created_at', 'Created in Aurora', 'When the design was created in Aurora.'),
  // On a claim (a lock record) it is the last moment the call holding it may still write (postSale/claims.ts).
  datetime('aurora_busy_until', 'Aurora busy until', 'On the app\'s budget record only: until when Aurora refuses more requests from the API key.'),
  choice('aurora_record_kind', 'Record kind', "design, project_claim (a create-once lock the card never shows), or settings (the app's settings).", [
    [RECORD_KINDS.design, 'Design'],
    [RECORD_KINDS.projectClaim, 'Project claim'],
    [RECORD_KINDS.settings, 'App settings'],
  ]),
  // The one settings record (src/core/settings/store.ts): what the admin saved, the last settings that passed every check, who changed what.
  longText('aurora_settings', 'App settings', 'The Aurora app settings saved on its settings page (JSON). Edit them on the settings page only.'),
  longText('aurora_settings_last_good', 'Last good app settings', 'The last saved settings that passed every check (JSON); used when the saved ones cannot be.'),
  longText('aurora_settings_log', 'Settings changes', 'Who changed which setting and when (JSON, newest first, the last 25 changes).'),
] as const satisfies readonly PropertyDefinition[];

/** The name of every Aurora Design property. */
export type DesignPropertyName = (typeof DESIGN_PROPERTIES)[number]['name'];
/** Every Aurora Design property the app names, with HubSpot's it reads (when a claim was taken). */
export type DesignPropertyKey = DesignPropertyName | 'hs_createdate' | 'hs_lastmodifieddate';

/** The Aurora Design custom object (crm-object-schemas v3 `ObjectSchemaEgg`). */
export const DESIGN_OBJECT = {
  name: 'aurora_design',
  labels: { singular: 'Aurora Design', plural: 'Aurora Designs' },
  description: 'One Aurora Solar design, synced from Aurora and associated with its deal.',
  primaryDisplayProperty: 'aurora_design_name',
  secondaryDisplayProperties: ['aurora_system_size_kw', 'aurora_agreement_status'],
  searchableProperties: ['aurora_design_id', 'aurora_project_id', 'aurora_design_name'],
  requiredProperties: ['aurora_design_id'],
  associatedObjects: ['DEAL'],
} as const;

/** USER_DEFINED labels on the deal -> Aurora Design association (besides the unlabeled default). */
export const ASSOCIATION_LABELS = {
  primary: { name: 'aurora_primary_design', label: 'Primary design' },
  sold: { name: 'aurora_sold_design', label: 'Sold design' },
} as const;

export type DesignLabel = keyof typeof ASSOCIATION_LABELS;

/** HubSpot Files folder for design screenshots (Aurora's download URLs expire). */
export const SCREENSHOT_FOLDER = '/Aurora Solar/Screenshots';

/** The `aurora_design_id` of the create-once lock for a deal's Aurora project. */
export const claimDesignId = (dealId: string): string => `claim:deal:${dealId}`;

export const dealProperty = (name: string): PropertyDefinition | undefined => DEAL_PROPERTIES.find((p) => p.name === name);
export const designProperty = (name: string): PropertyDefinition | undefined => DESIGN_PROPERTIES.find((p) => p.name === name);

// What the workbench server and its page exchange over /api (types only; both sides import them).

export interface WorkbenchInfo {
  aurora: { mode: 'simulator' | 'remote'; url: string };
  hubspot: { mode: 'simulator' | 'remote'; url: string; portalId: number };
  webhookUrl: string;
  pollMs: number;
  /** Title and location of the card and the settings page, from their hsmeta files. */
  cardTitle: string;
  appName: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  groupName: string | null;
  type: string | null;
}

export interface DealSummary {
  id: string;
  name: string | null;
  stage: string | null;
  stageLabel: string | null;
  amount: string | null;
  auroraProjectId: string | null;
  auroraSyncStatus: string | null;
  auroraAgreementStatus: string | null;
}

export interface ContactSummary {
  id: string;
  properties: Record<string, string | null>;
}

export interface DealDetail {
  id: string;
  properties: Record<string, string | null>;
  /** Core deal properties first, then the app's `aurora_*` properties, with their HubSpot labels. */
  core: PropertyDefinition[];
  aurora: PropertyDefinition[];
  stageLabel: string | null;
  contacts: ContactSummary[];
  /** Set when the contacts could not be read (the rest of the record still shows). */
  contactsError: string | null;
}

export interface SimDesign {
  id: string;
  name: string;
  systemSizeKw: number | null;
  simulated: boolean;
  assets: number;
}

export interface SimDesignRequest {
  id: string;
  status: string;
}

export interface SimAgreement {
  id: string;
  status: string;
  designId: string | null;
}

export interface SimWebhookDelivery {
  at: string;
  event: string;
  status: number | null;
  attempts: number;
  url: string;
}

/** What the simulator panel shows for the deal's Aurora project. */
export interface SimProjectView {
  projectId: string;
  name: string | null;
  status: string | null;
  designRequests: SimDesignRequest[];
  designs: SimDesign[];
  agreements: SimAgreement[];
  deliveries: SimWebhookDelivery[];
}

/** The panel's buttons, each one `/__sim/` operation of the Aurora simulator. */
export type SimAction =
  | { action: 'complete_design_request'; designRequestId: string }
  | { action: 'reject_design_request'; designRequestId: string }
  | { action: 'finish_simulation'; designId: string }
  | { action: 'create_asset'; designId: string }
  | { action: 'move_agreement'; projectId: string; designId: string | null; agreementId: string | null; status: string };

export interface FunctionCallRecord {
  at: string;
  uid: string;
  ms: number;
  ok: boolean;
  /** The function's `ok` flag when it returned a Result, or the HubSpot failure reason. */
  summary: string;
}

/** One workflow action execution the workbench sent as HubSpot would, and the answer. */
export interface WorkflowActionRun {
  url: string;
  request: unknown;
  response: {
    status: number;
    retryAfter: string | null;
    body: { outputFields?: Record<string, unknown>; errorCode?: string; failureReason?: string; message?: string } | null;
  };
  ms: number;
}

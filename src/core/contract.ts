// The contract between the UI extensions (card, settings page) and the app functions: uids, parameters, results.
// The UI imports this file with `import type` only, so nothing here may be needed at run time by the card.
import type { DealPropertyKey } from './dataModel';
import type { AppSettings } from './settings/schema';

/** Every function result is data: `ok: true` with the payload, or `ok: false` with a user-safe error. */
export type Result<T> = ({ ok: true } & T) | Failure;

export interface Failure {
  ok: false;
  error: UserError;
}

/** What the card shows when something fails: plain words, what to do next, whether a retry can help. */
export interface UserError {
  code: ErrorCode;
  /** One or two sentences a rep understands; never a secret, stack trace or raw API body. */
  message: string;
  /** What to do about it ("Try again in a minute.", "Ask your HubSpot admin to …"). */
  action: string;
  retryable: boolean;
  /** When trying again can work (ISO), e.g. when Aurora's rate limit lets the app in again; the card shows the clock time. */
  retryAt?: string;
}

export type ErrorCode =
  | 'not_configured' // secrets missing or installer not run
  | 'invalid_input' // bad parameters from the card
  | 'missing_fields' // pre-flight found missing deal/contact fields
  | 'not_linked' // the deal has no Aurora project
  | 'already_linked'
  | 'in_progress' // another create/sync holds the claim
  | 'aurora_auth' // key wrong or revoked
  | 'aurora_permission' // key not provisioned for the resource
  | 'aurora_not_found' // e.g. project deleted in Aurora
  | 'aurora_validation'
  | 'aurora_rate_limited'
  | 'aurora_unavailable' // 5xx, connection, timeout
  | 'hubspot_auth'
  | 'hubspot_permission'
  | 'hubspot_not_found'
  | 'hubspot_validation'
  | 'hubspot_rate_limited'
  | 'hubspot_unavailable'
  | 'deadline' // ran out of time; partial work is recorded
  | 'internal';

/** A HubSpot field the pre-flight found empty, named by its HubSpot label. */
export interface MissingField {
  object: 'deal' | 'contact';
  property: string;
  label: string;
  message: string;
}

export interface Preflight {
  ready: boolean;
  missing: MissingField[];
  /** What Create in Aurora will send, for the rep to check first. */
  willSend: { label: string; value: string }[];
}

export type SyncStatus = 'never' | 'ok' | 'partial' | 'error';

export interface ProjectView {
  id: string;
  url: string;
  name: string | null;
  status: string | null;
  ownerName: string | null;
  address: string | null;
}

export interface DesignRow {
  id: string;
  name: string;
  systemSizeKw: number | null;
  annualProductionKwh: number | null;
  offsetPercent: number | null;
  moduleCount: number | null;
  price: number | null;
  pricePerWatt: number | null;
  financing: string | null;
  monthlyPayment: number | null;
  agreementStatus: string | null;
  proposalUrl: string | null;
  screenshotUrl: string | null;
  dxfUrl: string | null;
  milestone: string | null;
  isPrimary: boolean;
  isSold: boolean;
  lastSyncedAt: string | null;
  /** When the design was made in Aurora (ISO): the table's order after the sold and primary designs. */
  createdAt: string | null;
}

/** The design whose figures the deal holds, and why: it is sold, marked primary, or the newest (the rule when neither). */
export interface DealDesign {
  id: string;
  name: string;
  reason: 'sold' | 'primary' | 'newest';
}

export interface DesignRequestView {
  id: string;
  /** Aurora's status: submitted, designer_completed, designer_rejected, accepted, or a newer value. */
  status: string;
  /** When the app first saw this status (ISO), null when it was recorded before the app kept the time. */
  statusAt?: string | null;
  rejectionReason: string | null;
  designId: string | null;
}

export interface SyncInfo {
  status: SyncStatus;
  lastSyncedAt: string | null;
  lastError: string | null;
  /** Work a webhook or a partial sync left for the next sync. */
  pending: string[];
}

export interface SetupState {
  ready: boolean;
  /** What an admin must do, in plain words; empty when ready. */
  problems: string[];
}

export interface DealOverview {
  setup: SetupState;
  deal: { id: string; name: string | null; stage: string | null };
  link:
    /** `unfinishedSince`: an earlier Create stopped then without linking (Aurora may have the project; Create finds it). */
    | { state: 'not_linked'; preflight: Preflight; unfinishedSince?: string | null }
    | { state: 'linked'; project: ProjectView }
    /** Another call (tab, rep, workflow) holds the create claim; `since` is when it took it (ISO). */
    | { state: 'creating'; since: string };
  designs: DesignRow[];
  /** The design the deal's figures come from (null when the deal holds none of the listed designs). */
  dealDesign: DealDesign | null;
  designRequest: DesignRequestView | null;
  sync: SyncInfo;
  /** Deal properties changed in HubSpot since the last push to Aurora (customer name, email, phone, address). */
  outOfDate: { property: string; label: string; confirmRequired: boolean }[];
  /** Set when the contract was cancelled after signing: a human must look. */
  attention: string | null;
  /** What the app did to this deal and why, newest first (the last 30 entries). */
  history?: HistoryEntry[];
}

/** One thing the app did to a deal: when, what and why in words, and who pressed the button when HubSpot said. */
export interface HistoryEntry {
  at: string;
  what: string;
  by?: string;
  /** Set on an ignored webhook delivery: its Aurora event (repeats of it are not listed again, mapping/history.ts). */
  ignored?: string;
}

export interface SyncSummary {
  status: 'ok' | 'partial';
  designs: number;
  changedDesigns: number;
  changedDealProperties: string[];
  /** Plain-words list of what could not be read or written, e.g. "pricing (the API key lacks access)". */
  skipped: string[];
  /** Designs Aurora lists whose data was not all read or copied this time (the next sync finishes them). */
  designsLeft: number;
  /** Set when Aurora's rate limit cut the sync short: when a sync can finish it (ISO). */
  busyUntil: string | null;
  /** What the API key may not read ("Pricing"): an Aurora admin can allow it; the rest syncs without it. */
  keyLacks: string[];
}

/** `not_checked`: the test could not probe the feature (e.g. no design yet to read pricing from); says nothing about the key. */
export type FeatureStatus = 'available' | 'unavailable' | 'not_checked';

export interface ConnectionReport {
  aurora: { environment: string; tenantId: string; ok: boolean; message: string };
  features: { feature: 'projects' | 'design_requests' | 'pricing' | 'financings' | 'agreements' | 'assets' | 'webhooks'; status: FeatureStatus; message: string }[];
  hubspot: { check: string; ok: boolean; message: string }[];
}

export interface InstallStep {
  kind: 'property_group' | 'property' | 'object_schema' | 'association_label' | 'folder' | 'scope' | 'check';
  name: string;
  outcome: 'created' | 'unchanged' | 'updated' | 'conflict' | 'missing' | 'failed';
  message: string;
}

export interface InstallReport {
  ready: boolean;
  writes: number;
  steps: InstallStep[];
}

export interface WebhookRegistration {
  event: string;
  /** `refused`: Aurora does not offer this event to the tenant (422 on the event name); the sync covers what it would do. */
  outcome: 'created' | 'unchanged' | 'updated' | 'enabled' | 'refused' | 'failed';
  message: string;
  /** The event name Aurora accepted, when it is another spelling than `event`. */
  subscribedAs?: string;
}

export interface FieldMapRow {
  direction: 'to_aurora' | 'to_hubspot';
  hubspot: string;
  hubspotLabel: string;
  aurora: string;
  conversion: string;
}

export interface SyncProblem {
  dealId: string;
  dealName: string | null;
  at: string | null;
  message: string;
}

/** The admin's settings as stored (field map, post-sale stage, asset hosts, freshness window, owner mapping). */
export type { AppSettings };

/** A setting that cannot be saved or used, named as the settings page names it. */
export interface SettingsProblem {
  field: string;
  message: string;
}

/** One saved change: when, by whom (as HubSpot or the page said), and what, in words. */
export interface SettingsChange {
  at: string;
  by: string | null;
  changes: string[];
}

/** The settings in force and where they come from. */
export interface SettingsState {
  settings: AppSettings;
  /** `saved`: the admin's; `last_good`: the saved ones are unusable, the last good ones run; `defaults`: nothing saved. */
  source: 'saved' | 'last_good' | 'defaults';
  savedAt: string | null;
  savedBy: string | null;
  /** Why the saved settings are not in force; null when they are. */
  problem: string | null;
  /** What no longer fits the portal (a property deleted, a stage removed) in the settings in force. */
  portalProblems: SettingsProblem[];
  log: SettingsChange[];
}

export interface PropertyChoice {
  name: string;
  label: string;
  type: string;
  readOnly: boolean;
}

/** What the settings page offers to choose from: the portal's real pipelines, stages and properties, and Aurora's values. */
export interface SettingsChoices {
  pipelines: { id: string; label: string; closedWonStageId: string | null; stages: { id: string; label: string }[] }[];
  properties: { deal: PropertyChoice[]; contact: PropertyChoice[]; aurora_design: PropertyChoice[] };
  /** Aurora values the sync reads, with the HubSpot property types each can be written to. */
  facts: { key: string; label: string; types: string[] }[];
  /** Aurora project fields the app can send. */
  toAuroraFields: { aurora: string; label: string }[];
  /** HubSpot's record owners and Aurora's users, for the owner override table; `peopleNote` says what could not be read. */
  owners: Person[];
  auroraUsers: Person[];
  peopleNote: string | null;
}

export interface Person {
  id: string;
  name: string | null;
  email: string | null;
}

/** Each function uid with its parameters and its result. */
export interface FunctionContract {
  aurora_deal_overview: { params: { dealId: string }; result: Result<{ overview: DealOverview }> };
  aurora_create_project: {
    params: { dealId: string };
    result: Result<
      | { outcome: 'created' | 'recovered' | 'already_linked'; project: ProjectView }
      | { outcome: 'needs_input'; missing: MissingField[] }
      | { outcome: 'in_progress' }
    >;
  };
  aurora_update_project: {
    params: { dealId: string; confirmAddressChange?: boolean };
    result: Result<{ outcome: 'updated' | 'unchanged' | 'needs_confirmation'; sent: { label: string; value: string }[] }>;
  };
  /** `refresh`: read every design whole, however fresh HubSpot's copy is ("Refresh everything"). */
  aurora_sync_deal: { params: { dealId: string; refresh?: boolean }; result: Result<{ sync: SyncSummary }> };
  aurora_design_request: {
    params: { dealId: string; action: 'create' | 'refresh' | 'accept' };
    result: Result<{ designRequest: DesignRequestView; sync?: SyncSummary }>;
  };
  aurora_create_design: { params: { dealId: string; name?: string }; result: Result<{ designId: string; sync: SyncSummary }> };
  aurora_unlink_project: { params: { dealId: string }; result: Result<{ unlinked: true }> };
  /** The rep marks the design that feeds the deal (when none is sold); the design must be in the deal's Aurora project. */
  aurora_make_primary: { params: { dealId: string; designId: string }; result: Result<{ dealDesign: DealDesign }> };
  aurora_test_connection: { params: Record<string, never>; result: Result<{ report: ConnectionReport }> };
  aurora_install: { params: Record<string, never>; result: Result<{ report: InstallReport }> };
  aurora_register_webhooks: {
    params: Record<string, never>;
    result: Result<{ endpointUrl: string; registrations: WebhookRegistration[] }>;
  };
  aurora_settings_overview: {
    params: Record<string, never>;
    result: Result<{
      environment: string | null;
      tenantId: string | null;
      webhookUrl: string | null;
      setup: SetupState;
      fieldMap: FieldMapRow[];
      problems: SyncProblem[];
    }>;
  };
  aurora_get_settings: { params: Record<string, never>; result: Result<{ state: SettingsState; choices: SettingsChoices }> };
  aurora_save_settings: {
    /** `basedOn`: the savedAt the page loaded, so a save never silently overwrites another admin's change. */
    params: { settings: AppSettings; basedOn: string | null; changedBy?: string };
    result: Result<{ outcome: 'saved' | 'unchanged' | 'invalid' | 'conflict'; problems: SettingsProblem[]; state: SettingsState }>;
  };
}

export type FunctionUid = keyof FunctionContract;
export type ParamsOf<U extends FunctionUid> = FunctionContract[U]['params'];
export type ResultOf<U extends FunctionUid> = FunctionContract[U]['result'];

/** Errors that know how to describe themselves to a user implement this (every layer's typed errors do). */
export interface UserFacing {
  toUserError(): UserError;
}

/** A deal property the app owns (from dataModel.ts): the card's lists of names are checked against it. */
export type { DealPropertyKey };

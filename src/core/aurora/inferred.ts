// Every Aurora choice not confirmed by Aurora's docs or by code calling the real API, in one place: the client and the
// simulator both import these, so a sandbox run that proves one wrong is fixed here once (sources: docs/aurora-api.md#inferred-routes-and-names).

/** Endpoints whose method or path were not seen in Aurora's docs or in code that calls the real API. */
export const INFERRED_ENDPOINTS = {
  // [3P-NOTES] KinOS research notes (docs/aurora-api.md#updating-a-project); api-evangelist guesses PATCH. Medium confidence.
  updateProject: { method: 'PUT', path: '/tenants/:tenantId/projects/:projectId' },
  // [3P-NOTES] KinOS docs (docs/aurora-api.md#design-requests). Medium.
  listDesignRequests: { method: 'GET', path: '/tenants/:tenantId/design_requests' },
  // [INFERRED] "designs can be created directly via API" is [DOCS] (entity hierarchy); path and body were never seen. Low.
  createDesign: { method: 'POST', path: '/tenants/:tenantId/designs' },
  // [INFERRED] agreements hang off projects (docs/aurora-api.md#agreements); the list path was not confirmed anywhere. Low.
  listAgreements: { method: 'GET', path: '/tenants/:tenantId/projects/:projectId/agreements' },
  // [INFERRED] by analogy with the documented partner webhook endpoints (docs/aurora-api.md#webhook-subscriptions). Medium.
  listWebhooks: { method: 'GET', path: '/tenants/:tenantId/webhooks' },
  // [INFERRED] PUT like the partner endpoint (docs/aurora-api.md#webhook-subscriptions). Medium.
  updateWebhook: { method: 'PUT', path: '/tenants/:tenantId/webhooks/:webhookId' },
  // [INFERRED] (docs/aurora-api.md#webhook-subscriptions). Medium.
  deleteWebhook: { method: 'DELETE', path: '/tenants/:tenantId/webhooks/:webhookId' },
} as const;

/** Root keys of responses whose wrapper was never seen (the documented ones follow the `{"noun": …}` pattern, docs/aurora-api.md#request-and-response-bodies). */
export const INFERRED_ROOT_KEYS = {
  // [INFERRED] plural root like `designs`/`projects`. Medium.
  assets: 'assets',
  // [INFERRED] (docs/aurora-api.md#agreements). Medium.
  agreements: 'agreements',
  // [INFERRED] (docs/aurora-api.md#webhook-subscriptions). Medium.
  webhooks: 'webhooks',
  // [INFERRED] (docs/aurora-api.md#design-requests): the accept response is assumed to return the updated design request. Low.
  acceptedDesignRequest: 'design_request',
} as const;

/** Project list paging: `page` (1-based) and `per_page`, default 100, max 250, newest first. [3P-NOTES] (docs/aurora-api.md#listing-projects). Medium. */
export const PAGINATION = {
  pageParam: 'page',
  perPageParam: 'per_page',
  defaultPerPage: 100,
  maxPerPage: 250,
} as const;

/** Fields of a design request beyond `id`/`project_id`/`status`. */
export const DESIGN_REQUEST_FIELDS = {
  // [INFERRED] docs say accepting "adds that design's id to the design request" (docs/aurora-api.md#design-request-lifecycle) without naming the field. Medium.
  designId: 'design_id',
  // [INFERRED] no rejection field was seen; plan-set requests use `rejection_reasons[]` (docs/aurora-api.md#design-request-lifecycle). Low.
  rejectionReason: 'rejection_reason',
} as const;

/** Design request statuses: the first four are [DOCS] (docs/aurora-api.md#design-request-lifecycle); `rejected` (customer side) is [INFERRED]. */
export const DESIGN_REQUEST_STATUSES = {
  submitted: 'submitted',
  designerCompleted: 'designer_completed',
  designerRejected: 'designer_rejected',
  accepted: 'accepted',
  rejected: 'rejected',
} as const;

/** Asset fields: `asset_type`, `design_id` and `url` are [DOCS] (Retrieve Asset tutorial); the rest are [INFERRED]. */
export const ASSET_FIELDS = {
  // [INFERRED] a name for the file, like most asset APIs. Low.
  fileName: 'file_name',
  // [INFERRED] Aurora's download URLs are signed and expire (docs/aurora-api.md#assets); the expiry field is a guess. Low.
  urlExpiresAt: 'url_expires_at',
} as const;

/** Webhook auth header fields: [DOCS] for partner-app webhooks, [INFERRED] for tenant webhooks (docs/aurora-api.md#webhook-subscriptions). Medium. */
export const WEBHOOK_AUTH_FIELDS = {
  headerKey: 'header_auth_key',
  headerValue: 'header_auth_value',
} as const;

/** Event keys. Read them from the Webhooks dashboard before trusting them (docs/aurora-api.md#webhook-events-and-placeholders). */
export const AURORA_EVENTS = {
  projectCreated: 'project_created', // [DOCS] older webhooks page
  projectStatusChanged: 'project_status_changed', // [DOCS]
  designRequestCompleted: 'design_request_completed', // [DOCS] tutorial; one docs version says design_request_completion
  designRequestRejected: 'design_request_rejected', // [DOCS] one docs version says design_request_rejection
  designCreated: 'design_created', // [3P-NOTES] KinOS event list
  milestoneCreated: 'milestone_created', // [CODE] aurora-zoho-sync
  performanceSimulationJobCompleted: 'performance_simulation_job_completed', // [DOCS] tutorial
  webProposalUrlCreated: 'web_proposal_url_created', // [DOCS] tutorial
  assetCreated: 'asset_created', // [DOCS] events page
  agreementStatusChanged: 'agreement_status_changed', // [DOCS]
} as const;

export type AuroraEventKey = (typeof AURORA_EVENTS)[keyof typeof AURORA_EVENTS];

/** Other spellings one version of Aurora's reference uses ([DOCS], docs/aurora-api.md#webhook-events-and-placeholders): tried when the first is refused. */
export const EVENT_ALIASES: Partial<Record<AuroraEventKey, readonly string[]>> = {
  design_request_completed: ['design_request_completion'],
  design_request_rejected: ['design_request_rejection'],
};

/** Events no Aurora page names (only integrations' code): a tenant may refuse them, and the sync covers what they would do. */
export const UNCONFIRMED_EVENTS: readonly AuroraEventKey[] = ['design_created', 'milestone_created'];

/** URL-template placeholders. `<DESIGN_REQUEST_ID_IN_AURORA>` (vs `<DESIGN_REQUEST_ID>`) is open (docs/aurora-api.md#inferred-routes-and-names). */
export const WEBHOOK_PLACEHOLDERS = {
  projectId: '<PROJECT_ID>',
  designId: '<DESIGN_ID>',
  designRequestId: '<DESIGN_REQUEST_ID_IN_AURORA>',
  agreementId: '<AGREEMENT_ID>',
  financingId: '<FINANCING_ID>', // [3P-NOTES] sundial-core
  assetId: '<ASSET_ID>',
  assetType: '<ASSET_TYPE>',
  jobId: '<JOB_ID>',
  status: '<STATUS>',
  stage: '<STAGE>', // [CODE] aurora-zoho-sync
  source: '<SOURCE>',
} as const;

export type WebhookPlaceholder = (typeof WEBHOOK_PLACEHOLDERS)[keyof typeof WEBHOOK_PLACEHOLDERS];

/** Which placeholders each event fills (docs/aurora-api.md#webhook-events-and-placeholders; [DOCS] unless marked there). */
export const EVENT_PLACEHOLDERS: Record<AuroraEventKey, readonly WebhookPlaceholder[]> = {
  project_created: ['<PROJECT_ID>', '<SOURCE>'],
  project_status_changed: ['<PROJECT_ID>', '<STATUS>'],
  design_request_completed: ['<DESIGN_REQUEST_ID_IN_AURORA>', '<STATUS>'],
  design_request_rejected: ['<DESIGN_REQUEST_ID_IN_AURORA>', '<STATUS>'],
  design_created: ['<PROJECT_ID>', '<DESIGN_ID>', '<SOURCE>'],
  milestone_created: ['<PROJECT_ID>', '<DESIGN_ID>', '<STAGE>', '<SOURCE>'],
  performance_simulation_job_completed: ['<DESIGN_ID>', '<JOB_ID>', '<STATUS>'],
  web_proposal_url_created: ['<DESIGN_ID>', '<SOURCE>'],
  asset_created: ['<DESIGN_ID>', '<ASSET_ID>', '<ASSET_TYPE>'],
  // Aurora's events table lists only these three; DESIGN_ID/FINANCING_ID came from one integration's notes (the agreement names its design).
  agreement_status_changed: ['<PROJECT_ID>', '<AGREEMENT_ID>', '<STATUS>'],
};

/** Agreement statuses as the object carries them: [DOCS] list, `cancel_pending` spelling [3P-NOTES] (docs/aurora-api.md#agreements). */
export const AGREEMENT_STATUSES = ['sent', 'viewed', 'signed', 'cancel_pending', 'canceled', 'declined', 'error'] as const;

/** Sandbox addresses: the first is [DOCS]; the other instant ones and the rejection address are [3P-NOTES] KinOS (docs/aurora-api.md#sandbox-test-addresses). */
export const SANDBOX_ADDRESSES = {
  instantComplete: [
    '901 Mears Ct, Stanford, CA 94305, USA',
    '634 Mirada Ave, Stanford, CA 94305',
    '419 10th Ave, Belmar, NJ 07719',
    '7126 Casita Dr, Magnolia, TX 77354',
  ],
  rejected: ['600 Montgomery St, San Francisco, CA 94111'],
} as const;

/** Only the latest version is accepted in `Aurora-API-Version` ([DOCS] versioning); 2024.05 is it per [CODE]; the 400 for
 * any other value is [INFERRED]. */
export const LATEST_API_VERSION = '2024.05';

/** Aurora's error body, `{"errors":[{"message"}]}`: [3P-NOTES] sundial-core `summarizeError` (docs/aurora-api.md#errors). Medium. */
export function auroraErrorBody(...messages: string[]): { errors: { message: string }[] } {
  return { errors: messages.map((message) => ({ message })) };
}

/** Webhook delivery behaviour: 10 s to answer, retries at ~30 s, 5 min, 30 min, 3 h, 20 h. [3P-NOTES] (docs/aurora-api.md#webhook-delivery). */
export const WEBHOOK_DELIVERY = {
  timeoutMs: 10_000,
  retryDelaysMs: [30_000, 300_000, 1_800_000, 10_800_000, 72_000_000],
  maxSubscriptionsPerEvent: 5,
} as const;

// The Aurora webhook events this app subscribes to: their query parameters (named after Aurora's placeholders), the
// schema each delivery's query must match, and the URL template registered with Aurora for each.
import { z } from 'zod';
import { EVENT_PLACEHOLDERS, WEBHOOK_PLACEHOLDERS, type AuroraEventKey, type WebhookPlaceholder } from './inferred';

/** The events the receiver handles (issue 6); every other event is acknowledged and logged. */
export const HANDLED_EVENTS = [
  'agreement_status_changed',
  'design_request_completed',
  'design_request_rejected',
  'performance_simulation_job_completed',
  'design_created',
  'milestone_created',
  'asset_created',
  'project_status_changed',
  'web_proposal_url_created',
] as const satisfies readonly AuroraEventKey[];

export type HandledEvent = (typeof HANDLED_EVENTS)[number];

/** Query parameter name for each placeholder Aurora fills in (`<DESIGN_REQUEST_ID_IN_AURORA>` → design_request_id). */
export const PLACEHOLDER_PARAMS: Record<WebhookPlaceholder, string> = {
  [WEBHOOK_PLACEHOLDERS.projectId]: 'project_id',
  [WEBHOOK_PLACEHOLDERS.designId]: 'design_id',
  [WEBHOOK_PLACEHOLDERS.designRequestId]: 'design_request_id',
  [WEBHOOK_PLACEHOLDERS.agreementId]: 'agreement_id',
  [WEBHOOK_PLACEHOLDERS.financingId]: 'financing_id',
  [WEBHOOK_PLACEHOLDERS.assetId]: 'asset_id',
  [WEBHOOK_PLACEHOLDERS.assetType]: 'asset_type',
  [WEBHOOK_PLACEHOLDERS.jobId]: 'job_id',
  [WEBHOOK_PLACEHOLDERS.status]: 'status',
  [WEBHOOK_PLACEHOLDERS.stage]: 'stage',
  [WEBHOOK_PLACEHOLDERS.source]: 'source',
};

/** Static query parameters of every template: the shared secret and the event name (one endpoint serves all events). */
export const TOKEN_PARAM = 't';
export const EVENT_PARAM = 'evt';

/** The header the registered subscriptions send (Aurora's `header_auth_key`, docs/aurora-api.md#webhook-subscriptions). */
export const WEBHOOK_TOKEN_HEADER = 'X-Aurora-Webhook-Token';

// Aurora's ids are UUIDs ([DOCS] docs/aurora-api.md#identifiers-and-timestamps); the simulator issues crypto.randomUUID(). guid() accepts any version.
const auroraId = z.guid({ error: 'must be an Aurora id' });
/** A placeholder Aurora may leave empty (FINANCING_ID without a chosen financing, docs/aurora-api.md#webhook-events-and-placeholders). */
const optionalId = z.union([z.literal(''), auroraId]).optional().transform((value) => value || undefined);
/** Statuses, stages, sources and asset types are Aurora's words, tolerated whatever they are (new values are non-breaking). */
const word = z.string().trim().min(1, 'must not be empty').max(200, 'is too long');
const optionalWord = z.string().trim().max(200, 'is too long').optional().transform((value) => value || undefined);

/** The event filter list spells it `cancel-pending`, the agreement object `cancel_pending` (docs/aurora-api.md#agreements). */
const agreementStatus = word.transform((status) => status.replace(/-/g, '_'));

export const EVENT_SCHEMAS = {
  agreement_status_changed: z.object({ project_id: auroraId, agreement_id: auroraId, status: agreementStatus }),
  design_request_completed: z.object({ design_request_id: auroraId, status: optionalWord }),
  design_request_rejected: z.object({ design_request_id: auroraId, status: optionalWord }),
  performance_simulation_job_completed: z.object({ design_id: auroraId, job_id: optionalId, status: optionalWord }),
  design_created: z.object({ project_id: auroraId, design_id: auroraId, source: optionalWord }),
  milestone_created: z.object({ project_id: auroraId, design_id: auroraId, stage: optionalWord, source: optionalWord }),
  asset_created: z.object({ design_id: auroraId, asset_id: auroraId, asset_type: word }),
  project_status_changed: z.object({ project_id: auroraId, status: optionalWord }),
  web_proposal_url_created: z.object({ design_id: auroraId, source: optionalWord }),
} satisfies Record<HandledEvent, z.ZodType>;

export type EventPayload<E extends HandledEvent> = z.infer<(typeof EVENT_SCHEMAS)[E]>;

/** A validated delivery: the event and its typed query. */
export type WebhookEvent = { [E in HandledEvent]: { event: E; data: EventPayload<E> } }[HandledEvent];

export const isHandledEvent = (event: string): event is HandledEvent => (HANDLED_EVENTS as readonly string[]).includes(event);

/** Query values as hosts hand them over: HubSpot's endpoint context gives arrays, most others strings. */
export type RawQuery = Record<string, string | readonly string[] | undefined>;

/** A placeholder Aurora left as literal text (one it does not fill for this event): the value is absent, not invalid. */
const UNREPLACED_PLACEHOLDER = /^<[A-Z][A-Z0-9_]*>$/;

/**
 * The first value of each parameter (Aurora sends each once; a repeated one is not ours to merge). A value that is
 * still an unreplaced `<PLACEHOLDER>` counts as absent, so an optional parameter Aurora does not fill never fails a
 * delivery; unknown extra parameters pass through and the event's schema ignores them.
 */
export function flattenQuery(query: RawQuery): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = typeof value === 'string' ? value : value?.[0];
    if (typeof first === 'string' && !UNREPLACED_PLACEHOLDER.test(first.trim())) flat[key] = first;
  }
  return flat;
}

export type ParsedDelivery =
  | { kind: 'event'; event: WebhookEvent }
  | { kind: 'unknown_event'; event: string }
  | { kind: 'invalid'; problems: string[] };

/** Reads `evt` and validates the rest of the query against that event's schema; never throws. */
export function parseDelivery(query: Record<string, string>): ParsedDelivery {
  const event = query[EVENT_PARAM]?.trim();
  if (!event) return { kind: 'invalid', problems: [`${EVENT_PARAM} is missing`] };
  if (!/^[a-z][a-z0-9_]{0,99}$/.test(event)) return { kind: 'invalid', problems: [`${EVENT_PARAM} is not an event name`] };
  if (!isHandledEvent(event)) return { kind: 'unknown_event', event };
  const parsed = EVENT_SCHEMAS[event].safeParse(query);
  if (!parsed.success) return { kind: 'invalid', problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'} ${issue.message}`) };
  return { kind: 'event', event: { event, data: parsed.data } as WebhookEvent };
}

/** `<endpoint>?t=<token>&evt=<event>&project_id=<PROJECT_ID>&…`: what Aurora GETs for the event (docs/aurora-api.md#webhook-delivery). */
export function urlTemplateFor(endpointUrl: string, token: string, event: HandledEvent): string {
  const placeholders = EVENT_PLACEHOLDERS[event].map((placeholder) => `${PLACEHOLDER_PARAMS[placeholder]}=${placeholder}`);
  const separator = endpointUrl.includes('?') ? '&' : '?';
  return `${endpointUrl}${separator}${[`${TOKEN_PARAM}=${encodeURIComponent(token)}`, `${EVENT_PARAM}=${event}`, ...placeholders].join('&')}`;
}

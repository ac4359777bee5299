// The host-independent Aurora webhook receiver: authenticate, validate, find the deal, do the bounded work before the
// deadline. When Aurora's budget, time or HubSpot runs out it records what is pending (on the design's record, or the deal; the card shows it) and
// answers 503, so that Aurora's own redelivery finishes the work without a person (docs/aurora-budget.md#deferred-work).
import { AuroraBusyError, AuroraDeadlineError, AuroraError, AuroraNotFoundError } from '../aurora/errors';
import { ConfigError } from '../config';
import type { Deps } from '../deps';
import { HubSpotError, HubSpotRateLimitError } from '../hubspot/errors';
import { DeliverAgainError, DesignRequestStateError, NotLinkedError, ProjectMissingError } from '../useCases/errors';
import { ForeignObjectError } from '../mapping/ownership';
import { recordPending } from '../sync/pendingMarks';
import { isAuthentic, type RawHeaders } from './auth';
import { flattenQuery, parseDelivery, type RawQuery, type WebhookEvent } from '../aurora/webhookDeliveries';
import { locateEvent, type EventContext, type Located } from '../useCases/webhookEvents';
import { recordIgnoredDelivery } from '../useCases/ignoredDeliveries';

export interface WebhookRequest {
  method: string;
  query: RawQuery;
  headers: RawHeaders;
}

export type WebhookOutcome =
  | 'applied' // HubSpot now reflects Aurora's current state
  | 'unchanged' // it already did (a duplicate, or an older state than HubSpot holds)
  | 'deferred' // Aurora busy, out of time or a failure: pending work recorded in HubSpot (written or seen there), Aurora delivers again (503)
  | 'no_deal' // no deal links to the project: acknowledged, nothing created
  | 'gone' // Aurora no longer has the object the event names
  | 'ignored' // an event this app does not handle
  | 'unauthorized'
  | 'invalid'
  | 'method_not_allowed'
  | 'not_configured'
  | 'failed'; // nothing could be recorded (or shown to be): Aurora should deliver again

export interface WebhookAnswer {
  ok: boolean;
  outcome: WebhookOutcome;
  event?: string;
  dealId?: string;
  message: string;
}

export interface WebhookResponse {
  statusCode: number;
  body: WebhookAnswer;
}

/** One line per delivery for the function log: ids and outcomes only, never the query (it carries the token). */
export interface WebhookLogEntry extends WebhookAnswer {
  statusCode: number;
  ms: number;
  projectId?: string;
  /** For a failure the handler did not expect: the error's name and message, for whoever reads the log. */
  detail?: string;
}

export interface WebhookTiming {
  /** Answer this long after receipt at the latest; Aurora gives up after about 10 s ([3P-NOTES] docs/aurora-api.md#webhook-delivery). */
  answerWithinMs: number;
  /** Kept back from the work for recording what is pending when the work runs out of time. */
  reserveMs: number;
}

export const WEBHOOK_TIMING: WebhookTiming = { answerWithinMs: 8_000, reserveMs: 1_500 };

export interface WebhookDeps {
  /** AURORA_WEBHOOK_TOKEN; without it every call is refused. */
  webhookToken: string | undefined;
  /** The use cases' deps, built only once a call is authenticated (a ConfigError answers 503). */
  /** The call's dependencies; built from the delivery's event when a function (it may read the event's records early). */
  services: Deps | ((event: WebhookEvent) => Deps | Promise<Deps>);
  now?: () => number;
  log?: (entry: WebhookLogEntry) => void;
  timing?: Partial<WebhookTiming>;
}

const answer = (statusCode: number, body: WebhookAnswer): WebhookResponse => ({ statusCode, body });

/** Deadline errors, lost connections, 5xx and rate limits: the next sync can do it; a bug is not "pending". */
function isRecoverable(error: unknown): boolean {
  return error instanceof AuroraError || error instanceof HubSpotError || error instanceof WorkTimeout || error instanceof DeliverAgainError;
}

/** Outcomes the sync use cases report as errors (and record on the deal themselves) that settle the delivery. */
function settledBySync(error: unknown): { outcome: WebhookOutcome; message: string } | null {
  if (error instanceof ProjectMissingError) return { outcome: 'gone', message: 'Aurora no longer has the linked project; the deal says so.' };
  if (error instanceof AuroraNotFoundError) return { outcome: 'gone', message: `Aurora no longer has this ${error.call.noun}.` };
  if (error instanceof NotLinkedError) return { outcome: 'no_deal', message: 'The deal is no longer linked to an Aurora project; nothing was written.' };
  if (error instanceof DesignRequestStateError) return { outcome: 'unchanged', message: error.message };
  if (error instanceof ForeignObjectError) return { outcome: 'ignored', message: `The event names a ${error.noun} of another Aurora project; nothing was written.` };
  return null;
}

class WorkTimeout extends Error {
  constructor() {
    super('the webhook work ran out of time');
    this.name = 'WorkTimeout';
  }
}

/** Resolves with the work's result, or rejects with WorkTimeout at the deadline (the work is then left to its own deadline). */
async function withinDeadline<T>(work: Promise<T>, deadline: number, now: () => number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new WorkTimeout()), Math.max(0, deadline - now()));
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why the work was put off, for Aurora's delivery log and ours. */
function deferredWhy(error: unknown): string {
  if (error instanceof DeliverAgainError) return error.why;
  if (error instanceof AuroraBusyError) return `Aurora's rate limit is spent until ${new Date(error.until).toISOString()}.`;
  // A call still queued at the deadline was never sent: the time ran out, Aurora did not fail to answer.
  if (error instanceof WorkTimeout || (error instanceof AuroraDeadlineError && error.reason === 'queue')) return 'Out of time.';
  if (error instanceof HubSpotRateLimitError) return HUBSPOT_LIMIT_WORDS;
  return error instanceof HubSpotError ? 'HubSpot did not answer.' : 'Aurora did not answer.';
}

/** A delivery put off because HubSpot refused the app's calls for its rate limit (the bench counts these answers). */
export const HUBSPOT_LIMIT_WORDS = "HubSpot's rate limit for the app is spent.";

async function handleEvent(services: Deps, event: WebhookEvent, context: EventContext, answerBy: number, now: () => number): Promise<WebhookResponse & { projectId?: string }> {
  let located: Located;
  try {
    located = await withinDeadline(locateEvent(services, event, context), context.deadline, now);
  } catch (error) {
    if (error instanceof AuroraNotFoundError) return answer(200, { ok: true, outcome: 'gone', event: event.event, message: 'Aurora no longer has what this event names.' });
    if (!isRecoverable(error)) throw error;
    // Nothing is recorded yet, so Aurora must deliver again.
    const why = error instanceof DeliverAgainError || error instanceof AuroraBusyError || error instanceof HubSpotRateLimitError ? deferredWhy(error) : 'Could not find the deal in time.';
    return answer(503, { ok: false, outcome: 'failed', event: event.event, message: `${why} Deliver again.` });
  }
  if (!located.found) return { ...answer(200, { ok: true, outcome: located.outcome, event: event.event, message: located.message }), projectId: located.projectId };

  const { work } = located;
  const base = { event: event.event, dealId: work.deal.id };
  try {
    const { checkedOnly, ...result } = await withinDeadline(work.apply(), context.deadline, now);
    // A delivery that changed nothing is in the deal's history once per run of repeats, never a write per duplicate.
    if (checkedOnly) await recordIgnoredDelivery(services, { deal: work.deal, event: event.event, why: result.message, deadline: context.deadline });
    return { ...answer(200, { ok: true, ...base, ...result }), projectId: work.projectId };
  } catch (error) {
    const settled = settledBySync(error);
    if (settled) return { ...answer(200, { ok: true, ...base, ...settled }), projectId: work.projectId };
    if (!isRecoverable(error)) throw error;
    // "Recorded" only when HubSpot holds the marks; either way the 503 brings the delivery back.
    const recorded = await recordPending(services, { deal: work.deal, items: work.pending, design: work.design }, answerBy).catch(() => false);
    if (!recorded) {
      return { ...answer(503, { ok: false, outcome: 'failed', ...base, message: `${deferredWhy(error)} Could not record the pending work in HubSpot either; deliver again.` }), projectId: work.projectId };
    }
    // Not a 2xx: Aurora delivers again (about 30 s, 5 min, 30 min, 3 h, 20 h later), which finishes the work unattended.
    return {
      ...answer(503, { ok: false, outcome: 'deferred', ...base, message: `${deferredWhy(error)} Recorded as pending (${work.pending.join(', ')}); deliver again.` }),
      projectId: work.projectId,
    };
  }
}

/**
 * Handles one Aurora webhook delivery on any host: `{ method, query, headers }` in, `{ statusCode, body }` out.
 * 405 for anything but GET, 401 without the secret, 400 for a malformed query (nothing written in those cases), 200
 * once handled or recorded (also for events of projects no deal links to, and for unknown events), 503 when nothing
 * could be recorded.
 */
export async function handleAuroraWebhook(deps: WebhookDeps, request: WebhookRequest): Promise<WebhookResponse> {
  const now = deps.now ?? Date.now;
  const timing = { ...WEBHOOK_TIMING, ...deps.timing };
  const started = now();
  const answerBy = started + timing.answerWithinMs;
  let projectId: string | undefined;
  const respond = (response: WebhookResponse, detail?: string): WebhookResponse => {
    deps.log?.({ ...response.body, statusCode: response.statusCode, ms: now() - started, ...(projectId ? { projectId } : {}), ...(detail ? { detail } : {}) });
    return response;
  };

  if (request.method.toUpperCase() !== 'GET') {
    return respond(answer(405, { ok: false, outcome: 'method_not_allowed', message: 'Aurora webhooks are GET requests.' }));
  }
  if (!deps.webhookToken) {
    return respond(answer(503, { ok: false, outcome: 'not_configured', message: 'The webhook secret is not set up (AURORA_WEBHOOK_TOKEN).' }));
  }
  const query = flattenQuery(request.query);
  if (!isAuthentic(deps.webhookToken, query, request.headers)) {
    return respond(answer(401, { ok: false, outcome: 'unauthorized', message: 'Missing or wrong webhook secret.' }));
  }
  const delivery = parseDelivery(query);
  if (delivery.kind === 'invalid') return respond(answer(400, { ok: false, outcome: 'invalid', message: `Malformed webhook: ${delivery.problems.join('; ')}.` }));
  if (delivery.kind === 'unknown_event') {
    return respond(answer(200, { ok: true, outcome: 'ignored', event: delivery.event, message: 'This app does not handle this event; acknowledged.' }));
  }

  let services: Deps;
  try {
    services = typeof deps.services === 'function' ? await deps.services(delivery.event) : deps.services;
  } catch (error) {
    // The settings could not be read (HubSpot busy or down): Aurora delivers again later.
    if (error instanceof HubSpotError) {
      const why = error instanceof HubSpotRateLimitError ? HUBSPOT_LIMIT_WORDS : 'HubSpot could not be read.';
      return respond(answer(503, { ok: false, outcome: 'failed', event: delivery.event.event, message: `${why} Deliver again later.` }));
    }
    if (!(error instanceof ConfigError)) throw error;
    return respond(answer(503, { ok: false, outcome: 'not_configured', event: delivery.event.event, message: error.message }));
  }
  const context: EventContext = { receivedAt: new Date(started), deadline: answerBy - timing.reserveMs };
  try {
    const response = await handleEvent(services, delivery.event, context, answerBy, now);
    projectId = response.projectId;
    return respond({ statusCode: response.statusCode, body: response.body });
  } catch (error) {
    if (error instanceof ConfigError) return respond(answer(503, { ok: false, outcome: 'not_configured', event: delivery.event.event, message: error.message }));
    // A bug: the answer says no more (Aurora's dashboard shows it); the log names the error; Aurora delivers again.
    const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';
    return respond(answer(500, { ok: false, outcome: 'failed', event: delivery.event.event, message: 'The webhook could not be handled.' }), detail);
  }
}

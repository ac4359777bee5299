// Registers (or repairs) the Aurora webhook subscriptions the receiver needs, one per handled event, idempotently:
// a second run changes nothing, a disabled subscription is re-enabled, a stale URL template or secret is replaced.
import type { AuroraClient } from '../aurora/client';
import { AuroraError, AuroraValidationError } from '../aurora/errors';
import { EVENT_ALIASES, UNCONFIRMED_EVENTS, WEBHOOK_AUTH_FIELDS } from '../aurora/inferred';
import type { AuroraWebhook, AuroraWebhookInput } from '../aurora/schemas';
import type { UserError, WebhookRegistration, UserFacing } from '../contract';
import { HANDLED_EVENTS, urlTemplateFor, WEBHOOK_TOKEN_HEADER, type HandledEvent } from '../aurora/webhookDeliveries';

export interface RegisterWebhooksDeps {
  aurora: Pick<AuroraClient, 'webhooks'>;
}

export interface RegisterWebhooksInput {
  /** The public URL of the receiver (AURORA_WEBHOOK_URL), without the token. */
  endpointUrl: string;
  /** AURORA_WEBHOOK_TOKEN: put in the URL template and in the auth header. */
  token: string;
  deadline?: number;
}

export const SUBSCRIPTION_DESCRIPTION = 'HubSpot: Aurora Solar for HubSpot';

/** AURORA_WEBHOOK_URL is not a URL Aurora could call. */
export class WebhookEndpointError extends Error implements UserFacing {
  constructor() {
    super('AURORA_WEBHOOK_URL is not an absolute http(s) URL');
    this.name = 'WebhookEndpointError';
  }
  toUserError(): UserError {
    return {
      code: 'not_configured',
      message: 'The webhook endpoint URL (AURORA_WEBHOOK_URL) is not a full web address.',
      action: 'Set it to https://<your-domain>/hs/serverless/aurora/webhook with hs secret update AURORA_WEBHOOK_URL, then register again.',
      retryable: false,
    };
  }
}

/** Scheme, host and path: a subscription aimed there is ours, whatever its query says. */
function endpointOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/** The event's name first, then the other spellings some Aurora reference versions use. */
const namesOf = (event: HandledEvent): readonly string[] => [event, ...(EVENT_ALIASES[event] ?? [])];

/** `auroraName` is the event as Aurora spells it; the template's `evt` always carries the app's own name. */
function desiredSubscription(event: HandledEvent, input: RegisterWebhooksInput, auroraName: string = event): AuroraWebhookInput {
  return {
    event: auroraName,
    url_template: urlTemplateFor(input.endpointUrl, input.token, event),
    description: SUBSCRIPTION_DESCRIPTION,
    enabled: true,
    [WEBHOOK_AUTH_FIELDS.headerKey]: WEBHOOK_TOKEN_HEADER,
    [WEBHOOK_AUTH_FIELDS.headerValue]: input.token,
  };
}

/** The fields of `existing` that differ from `desired`; Aurora may withhold the header secret, which then counts as the same. */
function differences(existing: AuroraWebhook, desired: AuroraWebhookInput): Partial<AuroraWebhookInput> {
  const changes: Partial<AuroraWebhookInput> = {};
  if (existing.url_template !== desired.url_template) changes.url_template = desired.url_template;
  if (existing.description !== desired.description) changes.description = desired.description;
  const headerKey = existing[WEBHOOK_AUTH_FIELDS.headerKey];
  const headerValue = existing[WEBHOOK_AUTH_FIELDS.headerValue];
  if (headerKey !== desired[WEBHOOK_AUTH_FIELDS.headerKey] || (typeof headerValue === 'string' && headerValue !== desired[WEBHOOK_AUTH_FIELDS.headerValue])) {
    changes[WEBHOOK_AUTH_FIELDS.headerKey] = desired[WEBHOOK_AUTH_FIELDS.headerKey];
    changes[WEBHOOK_AUTH_FIELDS.headerValue] = desired[WEBHOOK_AUTH_FIELDS.headerValue];
  }
  return changes;
}

/** Aurora refused the subscription for its event name (not its URL, its auth or the per-event cap). */
function refusesEventName(error: unknown): error is AuroraValidationError {
  return error instanceof AuroraValidationError && error.messages.some((message) => /^event\b|\b(unknown|invalid|unsupported) event\b/i.test(message.trim()));
}

function refused(event: HandledEvent, reasons: string[]): WebhookRegistration {
  const why = reasons.length ? ` (Aurora answered: ${[...new Set(reasons)].join('; ')})` : '';
  const expected = UNCONFIRMED_EVENTS.includes(event) ? ' No Aurora page lists this event, so some tenants lack it.' : '';
  return { event, outcome: 'refused', message: `Aurora does not offer this event to this tenant${why}.${expected} Nothing is lost: HubSpot learns of it at the deal's next Sync.` };
}

/** Creates the subscription under the first name Aurora accepts; `refused` when it accepts none. */
async function createAccepted(deps: RegisterWebhooksDeps, event: HandledEvent, input: RegisterWebhooksInput, options: { deadline?: number }): Promise<WebhookRegistration> {
  const reasons: string[] = [];
  for (const name of namesOf(event)) {
    try {
      await deps.aurora.webhooks.create(desiredSubscription(event, input, name), options);
      return name === event ? { event, outcome: 'created', message: 'Subscribed.' } : { event, outcome: 'created', subscribedAs: name, message: `Subscribed as ${name}, the name this Aurora uses.` };
    } catch (error) {
      if (!refusesEventName(error)) throw error;
      reasons.push(...error.messages);
    }
  }
  return refused(event, reasons);
}

function failure(event: string, error: unknown): WebhookRegistration {
  if (!(error instanceof AuroraError)) throw error;
  const user = error.toUserError();
  return { event, outcome: 'failed', message: `${user.message} ${user.action}` };
}

/**
 * Makes Aurora's subscriptions for the handled events point at the receiver. Lists once, then per event: keeps a
 * matching one, re-enables or updates ours, creates a missing one (under another spelling when Aurora refuses the
 * first), and deletes extra copies of ours (each copy would deliver every event again). An event Aurora refuses is
 * reported `refused` (the sync covers it), a failure `failed`; the others still run. A failed list throws.
 */
export async function registerWebhooks(deps: RegisterWebhooksDeps, input: RegisterWebhooksInput): Promise<WebhookRegistration[]> {
  const options = { deadline: input.deadline };
  const endpoint = endpointOf(input.endpointUrl);
  if (!endpoint) throw new WebhookEndpointError();
  const existing = await deps.aurora.webhooks.list(options);

  const registerOne = async (event: HandledEvent): Promise<WebhookRegistration> => {
    const ours = existing.filter((webhook) => namesOf(event).includes(webhook.event) && endpointOf(webhook.url_template) === endpoint);
    const desired = desiredSubscription(event, input, ours[0]?.event);
    // Prefer a copy that already matches, so a re-run writes nothing.
    const keep = ours.find((webhook) => Object.keys(differences(webhook, desired)).length === 0 && webhook.enabled !== false) ?? ours[0];
    try {
      for (const extra of ours.filter((webhook) => webhook !== keep)) await deps.aurora.webhooks.delete(extra.id, options);
      const removed = ours.length > 1 ? ` Removed ${ours.length - 1} duplicate subscription${ours.length > 2 ? 's' : ''}.` : '';
      if (!keep) return await createAccepted(deps, event, input, options);
      const changes = differences(keep, desired);
      const disabled = keep.enabled === false;
      if (Object.keys(changes).length === 0 && !disabled) {
        return { event, outcome: removed ? 'updated' : 'unchanged', message: removed ? removed.trim() : 'Already subscribed.' };
      }
      await deps.aurora.webhooks.update(keep.id, { ...changes, ...(disabled ? { enabled: true } : {}) }, options);
      if (Object.keys(changes).length === 0) return { event, outcome: 'enabled', message: `Re-enabled the subscription.${removed}` };
      return { event, outcome: 'updated', message: `Updated the subscription's URL or secret${disabled ? ' and re-enabled it' : ''}.${removed}` };
    } catch (error) {
      return failure(event, error);
    }
  };

  return Promise.all(HANDLED_EVENTS.map(registerOne));
}

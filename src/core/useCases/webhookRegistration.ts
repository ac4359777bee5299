// Registers (or repairs) the Aurora webhook subscriptions the receiver needs, one per handled event, idempotently:
// a second run changes nothing, a disabled subscription is re-enabled, a stale URL template or secret is replaced.
import type { AuroraClient } from '../aurora/client';
import { AuroraError } from '../aurora/errors';
import { WEBHOOK_AUTH_FIELDS } from '../aurora/inferred';
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

function desiredSubscription(event: HandledEvent, input: RegisterWebhooksInput): AuroraWebhookInput {
  return {
    event,
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

function failure(event: string, error: unknown): WebhookRegistration {
  if (!(error instanceof AuroraError)) throw error;
  const user = error.toUserError();
  return { event, outcome: 'failed', message: `${user.message} ${user.action}` };
}

/**
 * Makes Aurora's subscriptions for the handled events point at the receiver. Lists once, then per event: keeps a
 * matching one, re-enables or updates ours, creates a missing one, and deletes extra copies of ours (each copy would
 * deliver every event again). A failure for one event is reported and the others still run; a failed list throws.
 */
export async function registerWebhooks(deps: RegisterWebhooksDeps, input: RegisterWebhooksInput): Promise<WebhookRegistration[]> {
  const options = { deadline: input.deadline };
  const endpoint = endpointOf(input.endpointUrl);
  if (!endpoint) throw new WebhookEndpointError();
  const existing = await deps.aurora.webhooks.list(options);

  const registerOne = async (event: HandledEvent): Promise<WebhookRegistration> => {
    const desired = desiredSubscription(event, input);
    const ours = existing.filter((webhook) => webhook.event === event && endpointOf(webhook.url_template) === endpoint);
    // Prefer a copy that already matches, so a re-run writes nothing.
    const keep = ours.find((webhook) => Object.keys(differences(webhook, desired)).length === 0 && webhook.enabled !== false) ?? ours[0];
    try {
      for (const extra of ours.filter((webhook) => webhook !== keep)) await deps.aurora.webhooks.delete(extra.id, options);
      const removed = ours.length > 1 ? ` Removed ${ours.length - 1} duplicate subscription${ours.length > 2 ? 's' : ''}.` : '';
      if (!keep) {
        await deps.aurora.webhooks.create(desired, options);
        return { event, outcome: 'created', message: 'Subscribed.' };
      }
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

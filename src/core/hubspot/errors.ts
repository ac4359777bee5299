// Typed HubSpot errors built from @hubspot/api-client's ApiException (status, category, correlationId), with user-safe words.
import { z } from 'zod';
import type { ErrorCode, UserError } from '../contract';

/** HubSpot's error body (`status, message, correlationId, category`, plus details); unknown fields tolerated. */
const errorBody = z.looseObject({
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  policyName: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        message: z.string().optional(),
        error: z.string().optional(),
        name: z.string().optional(),
        context: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});
type ErrorBody = z.infer<typeof errorBody>;

export interface HubSpotErrorDetails {
  /** What the app was doing, in words ("update deal 123"). */
  operation: string;
  status?: number;
  category?: string;
  correlationId?: string;
  /** Sanitized HubSpot message (never a token). */
  hubspotMessage?: string;
}

/** Base of every HubSpot failure; implements the edge's UserFacing contract. */
export class HubSpotError extends Error {
  readonly operation: string;
  readonly status: number | undefined;
  readonly category: string | undefined;
  readonly correlationId: string | undefined;
  readonly hubspotMessage: string | undefined;
  /** Set when a multi-batch write failed part-way: how many items were written before the failure. */
  partial: { done: number; total: number } | undefined;

  constructor(
    message: string,
    details: HubSpotErrorDetails,
    private readonly user: { code: ErrorCode; message: string; action: string; retryable: boolean },
  ) {
    super(message);
    this.name = new.target.name;
    this.operation = details.operation;
    this.status = details.status;
    this.category = details.category;
    this.correlationId = details.correlationId;
    this.hubspotMessage = details.hubspotMessage;
  }

  get retryable(): boolean {
    return this.user.retryable;
  }

  toUserError(): UserError {
    const partial = this.partial ? ` ${this.partial.done} of ${this.partial.total} items were saved before it stopped.` : '';
    return { ...this.user, message: `${this.user.message}${partial}` };
  }
}

export class HubSpotAuthError extends HubSpotError {
  constructor(details: HubSpotErrorDetails) {
    super(`HubSpot rejected the access token (${details.operation})`, details, {
      code: 'hubspot_auth',
      message: "HubSpot did not accept the app's access token.",
      action: 'Ask your HubSpot admin to reinstall the app; the token may have been revoked.',
      retryable: false,
    });
  }
}

export class HubSpotScopeError extends HubSpotError {
  constructor(
    details: HubSpotErrorDetails,
    readonly scopes: string[],
  ) {
    const which = scopes.length === 0 ? 'a scope this action needs' : scopes.length === 1 ? `the ${scopes[0]} scope` : `one of the scopes ${scopes.join(', ')}`;
    super(`Missing scope for ${details.operation}: ${scopes.join(', ') || 'unknown'}`, details, {
      code: 'hubspot_permission',
      message: `The app's HubSpot token lacks ${which}.`,
      action: 'Reinstall the app with the scopes in the README.',
      retryable: false,
    });
  }
}

export class HubSpotForbiddenError extends HubSpotError {
  constructor(details: HubSpotErrorDetails, userMessage?: string) {
    super(`HubSpot refused: ${details.operation}`, details, {
      code: 'hubspot_permission',
      message: userMessage ?? `HubSpot does not allow the app to ${details.operation}.`,
      action: "Ask your HubSpot admin to check the app's access and the portal's subscription.",
      retryable: false,
    });
  }
}

/** The portal's subscription lacks custom objects (schemas API answers 402/403 without a missing scope). */
export class HubSpotSubscriptionError extends HubSpotForbiddenError {
  constructor(details: HubSpotErrorDetails) {
    super(details, 'This HubSpot portal cannot hold custom objects: the Aurora Design object needs an Enterprise subscription.');
  }
}

export class HubSpotNotFoundError extends HubSpotError {
  constructor(details: HubSpotErrorDetails, subject: string) {
    super(`HubSpot has no ${subject}`, details, {
      code: 'hubspot_not_found',
      message: `HubSpot could not find ${subject}.`,
      action: 'Reload the page; it may have been deleted or merged.',
      retryable: false,
    });
  }
}

/** A unique property value already exists (HubSpot answers 409, or 400 with a duplicate message). */
export class HubSpotConflictError extends HubSpotError {
  constructor(
    details: HubSpotErrorDetails,
    readonly existingId: string | undefined,
  ) {
    super(`Duplicate unique value (${details.operation})`, details, {
      code: 'hubspot_validation',
      message: 'HubSpot already has a record with this value.',
      action: 'Reload the page: another action may have just done the same thing.',
      retryable: false,
    });
  }
}

export class HubSpotValidationError extends HubSpotError {
  constructor(
    details: HubSpotErrorDetails,
    readonly problems: string[],
    /** The properties HubSpot names in its answer (`errors[].context.propertyName`, `errors[].name`), when it does. */
    readonly propertyNames: string[] = [],
  ) {
    const first = problems[0] ?? details.hubspotMessage ?? 'the data was not valid';
    super(`HubSpot rejected ${details.operation}: ${first}`, details, {
      code: 'hubspot_validation',
      message: `HubSpot rejected the data: ${first}`,
      action: 'Ask your HubSpot admin to run the installer on the Aurora settings page, then try again.',
      retryable: false,
    });
  }
}

export class HubSpotRateLimitError extends HubSpotError {
  constructor(
    details: HubSpotErrorDetails,
    readonly policyName: string | undefined,
  ) {
    const daily = policyName === 'DAILY';
    super(`HubSpot rate limit ${policyName ?? ''} (${details.operation})`, details, {
      code: 'hubspot_rate_limited',
      message: daily ? "The portal has used up today's HubSpot API allowance." : 'HubSpot is receiving too many requests from the app right now.',
      action: daily ? 'Try again tomorrow, or ask your HubSpot admin about API limits.' : 'Try again in a minute.',
      retryable: !daily,
    });
  }
}

export class HubSpotUnavailableError extends HubSpotError {
  constructor(details: HubSpotErrorDetails) {
    super(`HubSpot unavailable (${details.operation}${details.status ? `, ${details.status}` : ''})`, details, {
      code: 'hubspot_unavailable',
      message: 'HubSpot is not responding right now.',
      action: 'Try again in a few minutes.',
      retryable: true,
    });
  }
}

export class HubSpotDeadlineError extends HubSpotError {
  constructor(details: HubSpotErrorDetails) {
    super(`Out of time waiting for HubSpot (${details.operation})`, details, {
      code: 'deadline',
      message: 'HubSpot took too long to answer.',
      action: 'Try again; work already saved is kept.',
      retryable: true,
    });
  }
}

/** The portal lacks something the installer creates (the Aurora Design object, its labels). */
export class HubSpotSetupError extends HubSpotError {
  constructor(operation: string, what: string) {
    super(`HubSpot portal not set up: ${what}`, { operation }, {
      code: 'not_configured',
      message: `The HubSpot portal is not set up for Aurora yet: ${what}.`,
      action: 'Ask your HubSpot admin to open the Aurora settings page and run "Set up HubSpot".',
      retryable: false,
    });
  }
}

/** Removes anything shaped like a credential before a HubSpot message is kept. */
export function sanitize(text: string): string {
  return text
    .replace(/Bearer\s+\S+/gi, 'Bearer [redacted]')
    .replace(/\b(pat|sk|rk)-[A-Za-z0-9-]{6,}/g, '[redacted]')
    .slice(0, 300);
}

/** Looks like @hubspot/api-client's ApiException (each generated module has its own class, so no instanceof). */
export function isApiException(error: unknown): error is { code: number; body: unknown; headers: Record<string, string> } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'body' in error && 'headers' in error;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);

/** fetch() (undici) and node:http connection failures; duck-typed, as fetch errors may come from another realm. */
export function isNetworkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message, code, cause } = error as { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
  const errorCode = code ?? cause?.code;
  if (typeof errorCode === 'string' && NETWORK_CODES.has(errorCode)) return true;
  return name === 'TypeError' && typeof message === 'string' && /fetch failed|terminated|socket/i.test(message);
}

function scopesOf(body: ErrorBody): string[] {
  const scopes = new Set<string>();
  for (const detail of body.errors ?? []) {
    for (const key of ['requiredGranularScopes', 'requiredScopes']) {
      const listed = detail.context?.[key];
      if (Array.isArray(listed)) for (const scope of listed) if (typeof scope === 'string') scopes.add(scope);
    }
  }
  return [...scopes];
}

const DUPLICATE = /already (exists|has that value)|duplicate|unique/i;

export interface TranslateContext {
  operation: string;
  /** Named in 404 messages ("the deal 123"). */
  subject?: string;
  /** A 402/403 here means the portal's subscription lacks the feature (the schemas API). */
  subscriptionFeature?: boolean;
}

/** Turns anything the SDK threw into a typed HubSpotError; returns other errors unchanged (bugs stay bugs). */
export function toHubSpotError(error: unknown, context: TranslateContext): unknown {
  if (error instanceof HubSpotError) return error;
  const operation = context.operation;
  if (isNetworkError(error)) return new HubSpotUnavailableError({ operation });
  if (!isApiException(error)) return error;

  const parsed = errorBody.safeParse(typeof error.body === 'string' ? safeJson(error.body) : error.body);
  const body: ErrorBody = parsed.success ? parsed.data : {};
  const details: HubSpotErrorDetails = {
    operation,
    status: error.code,
    category: body.category,
    correlationId: body.correlationId ?? error.headers?.['x-hubspot-correlation-id'],
    hubspotMessage: body.message ? sanitize(body.message) : undefined,
  };
  const problems = (body.errors ?? []).map((e) => sanitize(e.message ?? e.error ?? '')).filter(Boolean);
  const status = error.code;

  if (status === 401) return new HubSpotAuthError(details);
  if (status === 403 && body.category === 'MISSING_SCOPES') return new HubSpotScopeError(details, scopesOf(body));
  if (status === 402 || status === 403) return context.subscriptionFeature ? new HubSpotSubscriptionError(details) : new HubSpotForbiddenError(details);
  if (status === 404) return new HubSpotNotFoundError(details, context.subject ?? 'what the app asked for');
  if (status === 409 || (status === 400 && (body.category === 'CONFLICT' || DUPLICATE.test(`${body.message ?? ''} ${problems.join(' ')}`)))) {
    return new HubSpotConflictError(details, /Existing ID: (\d+)/i.exec(body.message ?? '')?.[1]);
  }
  if (status === 429) {
    const secondly = body.message === 'You have reached your secondly limit.';
    return new HubSpotRateLimitError(details, body.policyName ?? (secondly ? 'SECONDLY' : undefined));
  }
  if (status >= 500) return new HubSpotUnavailableError(details);
  if (status >= 400) return new HubSpotValidationError(details, problems.length > 0 ? problems : details.hubspotMessage ? [details.hubspotMessage] : [], propertyNamesOf(body));
  // A 1xx-3xx the SDK did not expect: HubSpot answered, but not as documented.
  return new HubSpotUnavailableError(details);
}

/**
 * Property names a validation answer names: in `errors[].context.propertyName`, or only inside the message's JSON list
 * ("Property values were not valid: [{…,"name":"firstname"}]"), docs/hubspot-platform.md#validation-errors.
 */
function propertyNamesOf(body: ErrorBody): string[] {
  const fromErrors = (body.errors ?? []).flatMap((e) => {
    const context = e.context?.propertyName;
    return [...(Array.isArray(context) ? context : [context]), e.name].filter((name): name is string => typeof name === 'string');
  });
  const listed = /^Property values were not valid: (\[[\s\S]*\])$/.exec(body.message ?? '')?.[1];
  const parsed = z.array(z.looseObject({ name: z.string().optional() })).safeParse(listed ? safeJson(listed) : null);
  const fromMessage = parsed.success ? parsed.data.flatMap((item) => (item.name ? [item.name] : [])) : [];
  return [...new Set([...fromErrors, ...fromMessage])];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

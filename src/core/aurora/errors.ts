// Typed Aurora errors, one per status family, each able to describe itself to a rep in plain words (UserFacing).
// Nothing here ever holds the API key: axios errors (whose config carries the Authorization header) are never kept.
import type { UserError, UserFacing } from '../contract';
import type { AuroraFeature, Endpoint } from './endpoints';

/** Which call failed: taken from the endpoint table, so messages name the action ("read pricing"), never the key. */
export interface AuroraCallInfo {
  method: Endpoint['method'];
  /** Path template (`/tenants/:tenantId/projects/:projectId`). */
  path: string;
  feature: AuroraFeature;
  action: string;
  noun: string;
}

export interface AuroraErrorDetails {
  status?: number;
  /** A create may have been carried out although no answer came back (timeout, reset, 5xx): re-read before retrying. */
  outcomeUnknown?: boolean;
}

const TRY_AGAIN_SOON = 'Try again in a few minutes.';
/** The client keeps a key under Aurora's limit over a rolling minute (docs/aurora-api.md), so a minute always frees room. */
const RATE_WINDOW_MS = 60_000;

/**
 * Aurora's rate limit: "Aurora is busy" with the time trying again can work (`retryAt`, which the card shows as a clock
 * time in the portal's time zone); never "in the time available" and never a key problem.
 */
export function busyUserError(retryAt: number): UserError {
  const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minute${seconds <= 60 ? '' : 's'}`;
  return {
    code: 'aurora_rate_limited',
    message: 'Aurora is busy: this app has used all the requests Aurora allows it for the moment.',
    action: `Try again in ${wait}.`,
    retryable: true,
    retryAt: new Date(retryAt).toISOString(),
  };
}

export abstract class AuroraError extends Error implements UserFacing {
  readonly status: number | undefined;
  readonly call: AuroraCallInfo;
  readonly outcomeUnknown: boolean;
  /** When it happened (epoch ms): a Retry-After counts from here. */
  readonly at = Date.now();
  /** Whether trying the same call again later can succeed. */
  abstract readonly retryable: boolean;

  constructor(message: string, call: AuroraCallInfo, details: AuroraErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.call = call;
    this.status = details.status;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  abstract toUserError(): UserError;

  /** Added to messages of creates that may have happened, so nobody blindly creates a second one. */
  protected unknownOutcomeNote(): string {
    if (!this.outcomeUnknown) return '';
    // Create in Aurora looks for a project it may have made (by the deal id) before making one (useCases/createInAurora.ts).
    if (this.call.noun === 'project') return ' Aurora may have made the project anyway: Create in Aurora looks for it first, so pressing it again never makes a second one.';
    return ` Aurora may have made the ${this.call.noun} anyway: check in Aurora (or press Sync) before trying again.`;
  }
}

/** 401: the key is missing, wrong, revoked or rotated. */
export class AuroraAuthenticationError extends AuroraError {
  readonly retryable = false;
  toUserError(): UserError {
    return {
      code: 'aurora_auth',
      message: 'Aurora did not accept the API key.',
      action: 'Ask your HubSpot admin to check the AURORA_API_KEY secret: it may have been rotated or revoked in Aurora.',
      retryable: false,
    };
  }
}

/** 403: the key works but is not provisioned for this operation (restricted key, or a product the plan lacks). */
export class AuroraPermissionError extends AuroraError {
  readonly retryable = false;
  /** The feature the key lacks, e.g. `pricing`. */
  get resource(): AuroraFeature {
    return this.call.feature;
  }
  toUserError(): UserError {
    return {
      code: 'aurora_permission',
      message: `The Aurora API key is not allowed to ${this.call.action}.`,
      action: 'Ask your Aurora admin to grant it, or leave it off: the rest still syncs.',
      retryable: false,
    };
  }
}

/** 404: deleted, or it belongs to another tenant or environment (a sandbox id used against production). */
export class AuroraNotFoundError extends AuroraError {
  readonly retryable = false;
  toUserError(): UserError {
    return {
      code: 'aurora_not_found',
      message: `Aurora could not find this ${this.call.noun}. It may have been deleted, or it belongs to another Aurora account or environment.`,
      action: 'Check it in Aurora. If the app points at the wrong Aurora tenant (sandbox or production), ask your HubSpot admin to fix the settings.',
      retryable: false,
    };
  }
}

/** 409: Aurora is busy with this resource (an operation is in progress). */
export class AuroraConflictError extends AuroraError {
  readonly retryable = true;
  toUserError(): UserError {
    return {
      code: 'aurora_unavailable',
      message: `Aurora is busy with this ${this.call.noun} right now.`,
      action: 'Try again in a minute.',
      retryable: true,
    };
  }
}

/** 422: Aurora refused the values; `messages` are Aurora's own `errors[].message`. */
export class AuroraValidationError extends AuroraError {
  readonly retryable = false;
  constructor(
    readonly messages: string[],
    call: AuroraCallInfo,
    details: AuroraErrorDetails = {},
  ) {
    super(`Aurora refused the ${call.noun}: ${messages.join('; ') || 'no reason given'}`, call, details);
  }
  toUserError(): UserError {
    const reasons = this.messages.length ? `: ${this.messages.map(plainWords).join('; ')}` : '';
    return {
      code: 'aurora_validation',
      message: `Aurora refused the ${this.call.noun}${reasons}.`,
      action: 'Correct the values in HubSpot and try again.',
      retryable: false,
    };
  }
}

/** 429: over the key's rate limit (90 requests a minute by default). */
export class AuroraRateLimitError extends AuroraError {
  readonly retryable = true;
  constructor(
    readonly retryAfterMs: number | undefined,
    call: AuroraCallInfo,
    details: AuroraErrorDetails = {},
  ) {
    super(`Aurora rate limit reached on ${call.method} ${call.path}`, call, details);
  }
  /** When Aurora lets the app in again (epoch ms): its Retry-After, else a full rate window. */
  get retryAt(): number {
    return this.at + (this.retryAfterMs ?? RATE_WINDOW_MS);
  }
  toUserError(): UserError {
    return busyUserError(this.retryAt);
  }
}

/**
 * Aurora's budget for the key is spent until `until` (a 429, or what another invocation learned from one): nothing was
 * sent. The rep is told when to try again, never that time ran out and never to check the key.
 */
export class AuroraBusyError extends AuroraError {
  readonly retryable = true;
  constructor(
    /** Epoch ms from which Aurora accepts this key's requests again. */
    readonly until: number,
    call: AuroraCallInfo,
    details: AuroraErrorDetails = {},
  ) {
    super(`Aurora is busy until ${new Date(until).toISOString()} (rate limit), ${call.method} ${call.path} not sent`, call, details);
  }
  toUserError(): UserError {
    const words = busyUserError(this.until);
    return { ...words, action: `${words.action}${this.unknownOutcomeNote()}` };
  }
}

/** 5xx: a problem on Aurora's side. */
export class AuroraServerError extends AuroraError {
  readonly retryable = true;
  toUserError(): UserError {
    return {
      code: 'aurora_unavailable',
      message: `Aurora had a problem on its side and did not finish.${this.unknownOutcomeNote()}`,
      action: TRY_AGAIN_SOON,
      retryable: true,
    };
  }
}

/** Any other status (400, 405, …): the request itself was wrong, which is a bug in this app, not the rep's doing. */
export class AuroraRequestError extends AuroraError {
  readonly retryable = false;
  toUserError(): UserError {
    return {
      code: 'internal',
      message: 'Aurora turned down a request from this app, which points to a problem in the app rather than in your data.',
      action: 'Ask your HubSpot admin to check for an app update.',
      retryable: false,
    };
  }
}

/** The network failed. `reachedAurora: false` when the request provably never left (refused, DNS), so a create can be retried. */
export class AuroraConnectionError extends AuroraError {
  readonly retryable = true;
  constructor(
    /** The network error code, e.g. ECONNREFUSED, ECONNRESET. */
    readonly networkCode: string,
    readonly reachedAurora: boolean,
    call: AuroraCallInfo,
    details: AuroraErrorDetails = {},
  ) {
    super(`Could not reach Aurora (${networkCode}) on ${call.method} ${call.path}`, call, details);
  }
  toUserError(): UserError {
    return {
      code: 'aurora_unavailable',
      message: `The app could not reach Aurora.${this.unknownOutcomeNote()}`,
      action: TRY_AGAIN_SOON,
      retryable: true,
    };
  }
}

/** No answer within the per-request timeout. */
export class AuroraTimeoutError extends AuroraError {
  readonly retryable = true;
  constructor(
    /** Our per-attempt timeout; undefined when Aurora itself answered 408. */
    readonly timeoutMs: number | undefined,
    call: AuroraCallInfo,
    details: AuroraErrorDetails = {},
  ) {
    super(`Aurora did not answer ${call.method} ${call.path} in time${timeoutMs === undefined ? ' (408)' : ` (${timeoutMs} ms)`}`, call, details);
  }
  toUserError(): UserError {
    return {
      code: 'aurora_unavailable',
      message: `Aurora took too long to answer.${this.unknownOutcomeNote()}`,
      action: TRY_AGAIN_SOON,
      retryable: true,
    };
  }
}

/** The caller's deadline came before the call could finish (waiting for the rate limit, a retry, or an answer). */
export class AuroraDeadlineError extends AuroraError {
  readonly retryable = true;
  constructor(
    readonly reason: 'rate_limit' | 'retry' | 'answer' | 'queue',
    call: AuroraCallInfo,
    /** The failure that made a retry necessary, when there was one. */
    readonly lastError?: AuroraError,
    details: AuroraErrorDetails = {},
  ) {
    super(`Out of time for ${call.method} ${call.path} (${reason})`, call, { status: lastError?.status, ...details });
  }
  /** Set when the time went on waiting for Aurora's rate limit: then Aurora is busy, not slow. */
  get busyUntil(): number | undefined {
    if (this.lastError instanceof AuroraRateLimitError) return this.lastError.retryAt;
    return this.reason === 'rate_limit' ? this.at + RATE_WINDOW_MS : undefined;
  }
  toUserError(): UserError {
    const busyUntil = this.busyUntil;
    if (busyUntil !== undefined) return { ...busyUserError(busyUntil), message: `Aurora is busy: this app has used all the requests Aurora allows it for the moment.${this.unknownOutcomeNote()}` };
    return {
      code: 'deadline',
      message: `Aurora was too slow to answer, so the app stopped waiting.${this.unknownOutcomeNote()}`,
      action: 'Try again in a few minutes; anything already saved is kept.',
      retryable: true,
    };
  }
}

/** Aurora answered 2xx with a body this app cannot read (a breaking change, or a wrong inferred shape). */
export class AuroraUnexpectedResponseError extends AuroraError {
  readonly retryable = false;
  constructor(
    /** Paths of the fields that did not match, never their values. */
    readonly issues: string[],
    call: AuroraCallInfo,
    details: AuroraErrorDetails = {},
  ) {
    super(`Unexpected Aurora answer to ${call.method} ${call.path}: ${issues.join('; ')}`, call, details);
  }
  toUserError(): UserError {
    return {
      code: 'aurora_unavailable',
      message: `Aurora answered in a way this app does not understand (reading the ${this.call.noun}).`,
      action: 'Ask your HubSpot admin to check for an app update.',
      retryable: false,
    };
  }
}

/** Aurora's field names as a rep knows them (the create body's fields, docs/aurora-api.md#projects). */
const FIELD_WORDS: Record<string, string> = {
  'location.property_address': 'the site address',
  property_address: 'the site address',
  customer_email: "the customer's email",
  customer_phone: "the customer's phone",
  customer_first_name: "the customer's first name",
  customer_last_name: "the customer's last name",
  external_provider_id: 'the HubSpot deal id',
};

/** An Aurora message in a rep's words: field names become what they mean, "geocoded" becomes "found on the map". */
export function plainWords(message: string): string {
  const named = message.replace(/\b[a-z]+(?:[._][a-z]+)+\b/g, (field) => FIELD_WORDS[field] ?? field.slice(field.lastIndexOf('.') + 1).replace(/_/g, ' '));
  return named.replace(/\bgeocoded\b/g, 'found on the map').replace(/^the /, 'The ');
}

/** Aurora's `{"errors":[{"message"}]}` (also `{"error"}`/`{"message"}` or plain text), with the key blanked out. */
export function auroraErrorMessages(bodyText: string, secret: string): string[] {
  const redact = (text: string) => (secret ? text.split(secret).join('[redacted]') : text).slice(0, 300);
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    const plain = bodyText.trim();
    return plain && !plain.startsWith('<') ? [redact(plain)] : [];
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const collected: string[] = [];
  const errors = record.errors;
  if (Array.isArray(errors)) {
    for (const item of errors) {
      if (typeof item === 'string') collected.push(item);
      else if (item && typeof (item as { message?: unknown }).message === 'string') collected.push((item as { message: string }).message);
    }
  }
  for (const key of ['error', 'message'] as const) {
    if (collected.length === 0 && typeof record[key] === 'string') collected.push(record[key] as string);
  }
  return collected.map(redact);
}

/** Picks the error class for an HTTP status (the openai-node `APIError.generate` idea). */
export function auroraErrorFromStatus(
  status: number,
  bodyText: string,
  retryAfterMs: number | undefined,
  call: AuroraCallInfo,
  secret: string,
  idempotent: boolean,
): AuroraError {
  const messages = auroraErrorMessages(bodyText, secret);
  const summary = `Aurora answered ${status} to ${call.method} ${call.path}${messages.length ? `: ${messages.join('; ')}` : ''}`;
  if (status === 401) return new AuroraAuthenticationError(summary, call, { status });
  if (status === 403) return new AuroraPermissionError(summary, call, { status });
  if (status === 404) return new AuroraNotFoundError(summary, call, { status });
  if (status === 409) return new AuroraConflictError(summary, call, { status });
  if (status === 422) return new AuroraValidationError(messages, call, { status });
  if (status === 429) return new AuroraRateLimitError(retryAfterMs, call, { status });
  if (status >= 500) return new AuroraServerError(summary, call, { status, outcomeUnknown: !idempotent });
  if (status === 408) return new AuroraTimeoutError(undefined, call, { status, outcomeUnknown: !idempotent });
  return new AuroraRequestError(summary, call, { status });
}

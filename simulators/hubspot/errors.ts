// HubSpot's error answers: `{ status: 'error', message, correlationId, category }` plus details, thrown by handlers.
import { randomUUID } from 'node:crypto';
import type { SimResponse } from '../shared/httpServer';

export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  [extra: string]: unknown;
}

export function errorBody(category: string, message: string, extra: Record<string, unknown> = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

/** Thrown inside the simulator; the route wrapper turns it into the HTTP answer. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: HubSpotErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }

  toResponse(): SimResponse {
    return { status: this.status, body: this.body, headers: this.headers };
  }
}

export const badRequest = (message: string, extra: Record<string, unknown> = {}) => new SimHttpError(400, errorBody('VALIDATION_ERROR', message, extra));
export const notFound = (message = 'resource not found') => new SimHttpError(404, errorBody('OBJECT_NOT_FOUND', message));
export const conflict = (message: string, category = 'CONFLICT') => new SimHttpError(409, errorBody(category, message));

/** HubSpot's 409 for a contact created (or changed) with another contact's email (docs/simulators.md#what-the-simulator-answers). */
export function contactExists(email: string, existingId: string): SimHttpError {
  return new SimHttpError(
    409,
    errorBody('OBJECT_ALREADY_EXISTS', `Contact already exists. Existing ID: ${existingId}`, {
      error: 'CONTACT_EXISTS',
      errors: [{ message: `A contact with email ${email} already exists. Existing ID: ${existingId}`, in: 'email' }],
    }),
  );
}

/** One failed property value, as HubSpot lists them in a VALIDATION_ERROR. */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

/** HubSpot's "Property values were not valid" answer (400 VALIDATION_ERROR). */
export function invalidProperties(problems: PropertyProblem[]): SimHttpError {
  const listed = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message }));
  return badRequest(`Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}

export function missingScopes(scopes: readonly string[]): SimHttpError {
  return new SimHttpError(
    403,
    errorBody('MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [...scopes] } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    }),
  );
}

export const unauthorized = () =>
  new SimHttpError(
    401,
    errorBody(
      'INVALID_AUTHENTICATION',
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    ),
  );

/** HubSpot's 429 for the private-app burst window; api-client retries only when policyName says which window. */
export function rateLimited(policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY', max: number, windowMs: number): SimHttpError {
  const message =
    policyName === 'SECONDLY' ? 'You have reached your secondly limit.' : `You have reached your ${policyName.toLowerCase()} limit.`;
  return new SimHttpError(
    429,
    errorBody('RATE_LIMITS', message, { errorType: 'RATE_LIMIT', policyName, groupName: 'publicapi:private-app-api-calls' }),
    windowHeaders(max, 0, windowMs),
  );
}

/** The rolling window's headers HubSpot puts on its answers: the app's limit, what is left of it, the window's length. */
export function windowHeaders(max: number, remaining: number, windowMs: number): Record<string, string> {
  return {
    'x-hubspot-ratelimit-max': String(max),
    'x-hubspot-ratelimit-remaining': String(remaining),
    'x-hubspot-ratelimit-interval-milliseconds': String(windowMs),
  };
}

/** The body HubSpot sends for a given status, for injected faults. */
export function faultBody(status: number, message?: string): HubSpotErrorBody {
  if (status === 401) return unauthorized().body;
  if (status === 403) return missingScopes(['crm.objects.deals.read']).body;
  if (status === 404) return errorBody('OBJECT_NOT_FOUND', message ?? 'resource not found');
  if (status === 409) return errorBody('CONFLICT', message ?? 'Conflict');
  if (status === 429) return rateLimited('TEN_SECONDLY_ROLLING', 190, 10_000).body;
  if (status >= 500) return errorBody('INTERNAL_ERROR', message ?? 'internal error');
  return errorBody('VALIDATION_ERROR', message ?? 'Invalid input');
}

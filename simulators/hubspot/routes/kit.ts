// What every HubSpot route file shares: the route context, scope checks, the error-catching wrapper and body readers.
import type { Handler, Router, SimRequest, SimResponse } from '../../shared/httpServer';
import { badRequest, missingScopes, SimHttpError } from '../errors';
import type { SimObjectType, SimPortal } from '../portal';

export interface RouteContext {
  portal: SimPortal;
  /** The scopes of the request's (already authenticated) token. */
  scopesOf(req: SimRequest): ReadonlySet<string>;
  /** Applies the search API's per-second limit; returns a 429 when it is exceeded. */
  searchLimit(req: SimRequest): SimHttpError | undefined;
}

export const OBJECT_BATCH_LIMIT = 100;

export const json = (status: number, body?: unknown): SimResponse => ({ status, ...(body === undefined ? {} : { body }) });

export const batchTimes = () => {
  const at = new Date().toISOString();
  return { startedAt: at, completedAt: at };
};

/** `properties=a&properties=b` (api-client v14) and `properties=a,b` (older clients) both work. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return values.length > 0 ? values : undefined;
}

export function objectBody(req: SimRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw badRequest('Invalid input JSON: the request body must be a JSON object.');
  return req.body as Record<string, unknown>;
}

export function inputsOf(req: SimRequest, limit: number): Record<string, unknown>[] {
  const inputs = objectBody(req).inputs;
  if (!Array.isArray(inputs)) throw badRequest('Invalid input JSON: "inputs" must be an array.');
  if (inputs.length > limit) throw badRequest(`Too many inputs: ${inputs.length} (the limit is ${limit}).`);
  return inputs.map((input) => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}));
}

export const idOf = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Which scope family an object's records and schema fall under. */
function scopeFamily(type: SimObjectType): string[] {
  if (type.custom) return ['custom'];
  if (type.objectTypeId === '0-46') return ['contacts', 'deals'];
  return [type.name];
}

/** The helpers a route file registers its routes with. */
export interface RouteKit {
  router: Router;
  portal: SimPortal;
  ctx: RouteContext;
  requireAny(req: SimRequest, scopes: string[]): void;
  objectScopes(type: SimObjectType, access: 'read' | 'write'): string[];
  schemaScopes(type: SimObjectType, access: 'read' | 'write'): string[];
  /** Wraps a handler: counts writes (whatever their outcome) and turns SimHttpError into HubSpot's answer. */
  route(kind: 'read' | 'write', handler: Handler): Handler;
  typeFor(req: SimRequest, param?: string): SimObjectType;
}

export function routeKit(router: Router, ctx: RouteContext): RouteKit {
  const { portal } = ctx;
  return {
    router,
    portal,
    ctx,
    requireAny(req, scopes) {
      const granted = ctx.scopesOf(req);
      if (!scopes.some((s) => granted.has(s))) throw missingScopes(scopes);
    },
    objectScopes: (type, access) => scopeFamily(type).map((f) => `crm.objects.${f}.${access}`),
    schemaScopes: (type, access) =>
      access === 'read' ? scopeFamily(type).flatMap((f) => [`crm.schemas.${f}.read`, `crm.objects.${f}.read`]) : scopeFamily(type).map((f) => `crm.schemas.${f}.write`),
    route(kind, handler) {
      return async (req) => {
        if (kind === 'write') {
          portal.writes++;
          portal.writeLog.push({ method: req.method, path: req.path });
        }
        try {
          return await handler(req);
        } catch (error) {
          if (error instanceof SimHttpError) return error.toResponse();
          throw error;
        }
      };
    },
    typeFor: (req, param = 'objectType') => portal.objectType(req.params[param] as string),
  };
}

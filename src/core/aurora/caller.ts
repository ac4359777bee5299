// What an Aurora resource (resources/*) needs of the client: one typed call per endpoint of the table, and the options
// every method takes. The client implements it; the resources depend on this, not on the client, so nothing circles.
import type { z } from 'zod';
import type { EndpointName } from './endpoints';

/** Every method takes these as its last argument. */
export interface RequestOptions {
  /** Epoch ms: retries and rate-limit waits never go past it (AuroraDeadlineError instead). */
  deadline?: number;
  /** When every slot of the client is taken: higher waits less (then first come). Default 0; the sync's order is in sync/auroraReads.ts. */
  queuePriority?: number;
  /** Withdraws the call while it waits for a slot (never once sent): it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface CallArgs<S extends z.ZodType> extends RequestOptions {
  /** Path parameters other than the tenant id. */
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  /** Request body, already wrapped in its root key. */
  body?: unknown;
  /** Root key of the answer (`project` for `{"project": {...}}`); omit for unwrapped answers. */
  root?: string;
  schema: S;
}

export interface AuroraCaller {
  /** Calls one endpoint of the table, with retries, and returns the parsed (unwrapped) answer. */
  call<S extends z.ZodType>(name: EndpointName, args: CallArgs<S>): Promise<z.infer<S>>;
}

/** Drops null and undefined fields (recursively in plain objects): Aurora answers 422 to `null` strings (docs/aurora-api.md#request-and-response-bodies). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value) || value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== null && field !== undefined)
    .map(([key, field]) => [key, withoutNulls(field)]);
  return Object.fromEntries(entries) as T;
}

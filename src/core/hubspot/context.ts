// What every part of the store shares: the one SDK client, the runner, response parsing, and the plain shapes returned.
import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { HubSpotError, HubSpotUnavailableError, toHubSpotError } from './errors';
import type { InstallFacts } from './installFacts';
import type { CallOptions, Operation, Runner } from './runner';
import type { DealPropertyKey, DesignPropertyKey } from '../dataModel';

/** Property values by name (HubSpot sends every value as text; a property not asked for or not set is absent or null). */
export type PropertyValues<N extends string> = { [K in N]?: string | null };

/** A HubSpot record as the store returns it: id and the requested properties, whose names are `N`. */
export interface CrmRecord<N extends string> {
  id: string;
  properties: PropertyValues<N>;
  /** When HubSpot last changed the record (its clock, ISO time), as a search or a read by project said: a snapshot for property history. */
  updatedAt?: string;
}

/** A deal: every property the app names is checked by the compiler. */
export type DealRecord = CrmRecord<DealPropertyKey>;
/** An Aurora Design record (also the claims and the settings record, which share the object). */
export type DesignRecord = CrmRecord<DesignPropertyKey>;
/** A record whose property names come from outside the data model (a contact; the field map's HubSpot fields). */
export type AnyRecord = CrmRecord<string>;
/** Values to write, by property name. */
export type PropertyWrite<N extends string> = { [K in N]?: string };

/** Objects the store works with; `aurora_design` resolves to the portal's custom object type id. */
export type ObjectRef = 'deals' | 'contacts' | 'notes' | 'aurora_design';

/** The property names of each object the store works with. */
export type PropertyNameOf<O extends ObjectRef> = O extends 'deals' ? DealPropertyKey : O extends 'aurora_design' ? DesignPropertyKey : string;
export type RecordOf<O extends ObjectRef> = CrmRecord<PropertyNameOf<O>>;

export interface StoreContext {
  client: Client;
  runner: Runner;
  /** `deals` → `deals`; `aurora_design` → e.g. `2-1234567`, read once from the schemas API. */
  objectType(ref: ObjectRef, options?: CallOptions): Promise<string>;
  call<T>(operation: Operation, call: () => Promise<T>, options?: CallOptions): Promise<T>;
  /** What never changes after install, remembered across invocations in this process (installFacts.ts). */
  facts: InstallFacts;
}

/** HubSpot ids arrive as strings or (in some v4 payloads) numbers. */
export const idSchema = z.union([z.string(), z.number()]).transform(String);

/** HubSpot's times: the SDK turns them into Dates; a plain JSON answer leaves ISO text. */
export const timeSchema = z
  .union([z.date(), z.string()])
  .transform((value) => new Date(value))
  .pipe(z.date())
  .transform((date) => date.toISOString());

export const recordSchema = z.looseObject({
  id: idSchema,
  properties: z.record(z.string(), z.string().nullable().optional()).optional(),
  updatedAt: timeSchema.optional().catch(undefined),
});

/** The record with the time HubSpot last changed it, when HubSpot said. */
export const withUpdatedAt = <N extends string>(raw: z.infer<typeof recordSchema>): CrmRecord<N> => ({ ...toRecord<N>(raw), ...(raw.updatedAt ? { updatedAt: raw.updatedAt } : {}) });

/** The record as the store returns it; HubSpot answers with the properties that were asked for, named `N` by the caller. */
export function toRecord<N extends string>(raw: z.infer<typeof recordSchema>): CrmRecord<N> {
  const properties: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(raw.properties ?? {})) properties[name] = value ?? null;
  return { id: raw.id, properties: properties as PropertyValues<N> };
}

/** Validates what HubSpot answered; a shape we cannot read is reported as HubSpot misbehaving, never passed on. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, operation: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HubSpotUnavailableError({ operation: `${operation} (unexpected answer)` });
  return parsed.data;
}

/** Splits a list into HubSpot batch-sized chunks (100 inputs per batch call). */
export function chunks<T>(items: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Batch responses: 200/201 carry results; 207 adds `errors` for the inputs that failed. */
export const batchErrorsSchema = z
  .array(
    z.looseObject({
      status: z.string().optional(),
      category: z.string().optional(),
      message: z.string().optional(),
      context: z.record(z.string(), z.unknown()).optional(),
    }),
  )
  .optional();

const CATEGORY_STATUS: Record<string, number> = { CONFLICT: 409, OBJECT_NOT_FOUND: 404, VALIDATION_ERROR: 400, RATE_LIMITS: 429 };

/** The typed error for the failed inputs of a 207 batch answer. */
export function batchFailure(errors: NonNullable<z.infer<typeof batchErrorsSchema>>, operation: string, partial?: { done: number; total: number }): Error {
  const first = errors[0] ?? {};
  const error = toHubSpotError(
    { code: CATEGORY_STATUS[first.category ?? ''] ?? 400, headers: {}, body: { ...first, errors: errors.map((e) => ({ message: e.message })) } },
    { operation, subject: 'some of the records' },
  );
  if (error instanceof HubSpotError && partial) error.partial = partial;
  return error instanceof Error ? error : new HubSpotUnavailableError({ operation });
}

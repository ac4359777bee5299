// Records in HubSpot: any object by id or unique property, created, updated, archived, searched and listed.
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import { z } from 'zod';
import { parse, recordSchema, timeSchema, toRecord, withUpdatedAt, type ObjectRef, type PropertyNameOf, type PropertyWrite, type RecordOf, type StoreContext } from './context';
import { HubSpotNotFoundError } from './errors';
import type { CallOptions } from './runner';
import { definedValues } from './values';

export interface RecordOptions extends CallOptions {
  /** Address the record by this unique property instead of its id. */
  idProperty?: string;
}

/** One condition of a search, on a property of the searched object (every object can be searched by its record id). */
export interface SearchFilter<O extends ObjectRef = ObjectRef> {
  property: PropertyNameOf<O> | 'hs_object_id';
  operator: 'EQ' | 'NEQ' | 'IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'GT' | 'LT';
  value?: string;
  values?: string[];
}

export interface SearchOptions<O extends ObjectRef = ObjectRef> extends CallOptions {
  properties: readonly PropertyNameOf<O>[];
  /** `-name` sorts descending. */
  sorts?: string[];
  limit?: number;
  after?: string;
  /** Further filter groups: a record matching `filters` or any of these is found (HubSpot ORs filter groups; docs/hubspot-calls.md#search-with-filter-groups). */
  orFilters?: SearchFilter<O>[][];
}

/** One value a property held, as HubSpot's property history gives it (docs/hubspot-calls.md#property-history). */
export interface HistoryEntry {
  value: string;
  /** When it was written, on HubSpot's clock (ISO time). */
  timestamp: string;
  sourceType?: string;
  sourceId?: string;
}

/** Each asked property's values, newest first. */
export type PropertyHistory<N extends string> = { [K in N]?: HistoryEntry[] };

export interface RecordOps {
  /** The record, or null when HubSpot has none (404). */
  getRecord<O extends ObjectRef>(object: O, id: string, properties: readonly PropertyNameOf<O>[], options?: RecordOptions): Promise<RecordOf<O> | null>;
  /** The record with each named property's history (newest first), or null when HubSpot has none (404). */
  getRecordHistory<O extends ObjectRef>(object: O, id: string, properties: readonly PropertyNameOf<O>[], options?: RecordOptions): Promise<{ record: RecordOf<O>; history: PropertyHistory<PropertyNameOf<O>> } | null>;
  /** Records by a unique property's values in one batch read (at most 100): value → record, or null when HubSpot has none. */
  getRecordsByUniqueValue<O extends ObjectRef>(object: O, values: readonly string[], properties: readonly PropertyNameOf<O>[], idProperty: PropertyNameOf<O>, options?: CallOptions): Promise<Map<string, RecordOf<O> | null>>;
  /** Creates a record; a duplicate unique value raises HubSpotConflictError (the create-once claim relies on it). */
  createRecord<O extends ObjectRef>(object: O, properties: PropertyWrite<PropertyNameOf<O>>, options?: CallOptions): Promise<RecordOf<O>>;
  updateRecord<O extends ObjectRef>(object: O, id: string, properties: PropertyWrite<PropertyNameOf<O>>, options?: RecordOptions): Promise<RecordOf<O>>;
  /** Archives a record; a record already gone counts as done. */
  deleteRecord(object: ObjectRef, id: string, options?: CallOptions): Promise<void>;
  searchRecords<O extends ObjectRef>(object: O, filters: SearchFilter<O>[], options: SearchOptions<O>): Promise<{ results: RecordOf<O>[]; total: number; after?: string }>;
  /** One page of records (used to probe read access). */
  listRecords<O extends ObjectRef>(object: O, options: CallOptions & { limit?: number; properties?: string[] }): Promise<RecordOf<O>[]>;
}

const searchResponse = z.looseObject({
  total: z.number().optional(),
  results: z.array(recordSchema),
  paging: z.looseObject({ next: z.looseObject({ after: z.string() }).optional() }).optional(),
});

/** The record operations over one store context. */
export function recordOps(ctx: StoreContext): RecordOps {
  return {
    getRecord: (...args) => getRecord(ctx, ...args),
    getRecordHistory: (...args) => getRecordHistory(ctx, ...args),
    getRecordsByUniqueValue: (...args) => getRecordsByUniqueValue(ctx, ...args),
    createRecord: (...args) => createRecord(ctx, ...args),
    updateRecord: (...args) => updateRecord(ctx, ...args),
    deleteRecord: (...args) => deleteRecord(ctx, ...args),
    searchRecords: (...args) => searchRecords(ctx, ...args),
    listRecords: (...args) => listRecords(ctx, ...args),
  };
}

export async function getRecord<O extends ObjectRef>(
  ctx: StoreContext,
  object: O,
  id: string,
  properties: readonly PropertyNameOf<O>[],
  options: RecordOptions = {},
): Promise<RecordOf<O> | null> {
  const objectType = await ctx.objectType(object, options);
  const what = `read ${object} ${id}`;
  try {
    const raw = await ctx.call(
      { operation: what, idempotent: true, subject: `the ${object} record ${id}` },
      () => ctx.client.crm.objects.basicApi.getById(objectType, id, [...properties], undefined, undefined, false, options.idProperty),
      options,
    );
    return toRecord(parse(recordSchema, raw, what));
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  }
}

const historyEntrySchema = z.looseObject({
  value: z.string().nullable().optional(),
  timestamp: timeSchema,
  sourceType: z.string().optional(),
  sourceId: z.string().optional(),
});
const recordWithHistorySchema = recordSchema.extend({ propertiesWithHistory: z.record(z.string(), z.array(historyEntrySchema)).optional() });

async function getRecordHistory<O extends ObjectRef>(
  ctx: StoreContext,
  object: O,
  id: string,
  properties: readonly PropertyNameOf<O>[],
  options: RecordOptions = {},
): Promise<{ record: RecordOf<O>; history: PropertyHistory<PropertyNameOf<O>> } | null> {
  const objectType = await ctx.objectType(object, options);
  const what = `read ${object} ${id} with history`;
  try {
    const raw = await ctx.call(
      { operation: what, idempotent: true, subject: `the ${object} record ${id}` },
      () => ctx.client.crm.objects.basicApi.getById(objectType, id, [...properties], [...properties], undefined, false, options.idProperty),
      options,
    );
    const parsed = parse(recordWithHistorySchema, raw, what);
    const history: Record<string, HistoryEntry[]> = {};
    // Sorted here: the order HubSpot lists them in is not a documented promise.
    for (const [name, entries] of Object.entries(parsed.propertiesWithHistory ?? {})) {
      history[name] = entries.map(({ value, timestamp, sourceType, sourceId }) => ({ value: value ?? '', timestamp, sourceType, sourceId })).sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    }
    return { record: toRecord(parsed), history: history as PropertyHistory<PropertyNameOf<O>> };
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  }
}

/** A batch read's answer (207: the values HubSpot has no record for are listed as errors, and simply left out). */
const batchReadResponse = z.looseObject({ results: z.array(recordSchema) });

async function getRecordsByUniqueValue<O extends ObjectRef>(
  ctx: StoreContext,
  object: O,
  values: readonly string[],
  properties: readonly PropertyNameOf<O>[],
  idProperty: PropertyNameOf<O>,
  options: CallOptions = {},
): Promise<Map<string, RecordOf<O> | null>> {
  const objectType = await ctx.objectType(object, options);
  const what = `read ${values.length} ${object} records`;
  const request = { inputs: values.map((id) => ({ id })), idProperty, properties: [...new Set([...properties, idProperty])], propertiesWithHistory: [] };
  const raw = await ctx.call({ operation: what, idempotent: true, subject: `the ${object} records` }, () => ctx.client.crm.objects.batchApi.read(objectType, request), options);
  const found = new Map<string, RecordOf<O> | null>(values.map((value) => [value, null]));
  for (const record of parse(batchReadResponse, raw, what).results.map((result) => toRecord<PropertyNameOf<O>>(result))) {
    const value = (record.properties as Record<string, string | null | undefined>)[idProperty];
    if (value && found.has(value)) found.set(value, record);
  }
  return found;
}

async function createRecord<O extends ObjectRef>(ctx: StoreContext, object: O, properties: PropertyWrite<PropertyNameOf<O>>, options: CallOptions = {}): Promise<RecordOf<O>> {
  const objectType = await ctx.objectType(object, options);
  const what = `create a ${object} record`;
  // Not retried on 5xx: a lost answer to a create that succeeded would come back as a conflict.
  const raw = await ctx.call({ operation: what, idempotent: false }, () => ctx.client.crm.objects.basicApi.create(objectType, { properties: definedValues(properties), associations: [] }), options);
  return toRecord(parse(recordSchema, raw, what));
}

async function updateRecord<O extends ObjectRef>(ctx: StoreContext, object: O, id: string, properties: PropertyWrite<PropertyNameOf<O>>, options: RecordOptions = {}): Promise<RecordOf<O>> {
  const objectType = await ctx.objectType(object, options);
  const what = `update ${object} ${id}`;
  const raw = await ctx.call(
    { operation: what, idempotent: true, subject: `the ${object} record ${id}` },
    () => ctx.client.crm.objects.basicApi.update(objectType, id, { properties: definedValues(properties) }, options.idProperty),
    options,
  );
  return toRecord(parse(recordSchema, raw, what));
}

async function deleteRecord(ctx: StoreContext, object: ObjectRef, id: string, options: CallOptions = {}): Promise<void> {
  const objectType = await ctx.objectType(object, options);
  try {
    await ctx.call({ operation: `delete ${object} ${id}`, idempotent: true }, () => ctx.client.crm.objects.basicApi.archive(objectType, id), options);
  } catch (error) {
    if (!(error instanceof HubSpotNotFoundError)) throw error;
  }
}

export async function searchRecords<O extends ObjectRef>(
  ctx: StoreContext,
  object: O,
  filters: SearchFilter<O>[],
  options: SearchOptions<O>,
): Promise<{ results: RecordOf<O>[]; total: number; after?: string }> {
  const objectType = await ctx.objectType(object, options);
  const what = `search ${object}`;
  const search = {
    filterGroups: [filters, ...(options.orFilters ?? [])].map((group) => ({ filters: group.map(toHubSpotFilter) })),
    properties: [...options.properties],
    sorts: options.sorts ?? [],
    limit: options.limit ?? 10,
    ...(options.after ? { after: options.after } : {}),
  };
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.objects.searchApi.doSearch(objectType, search), options);
  const parsed = parse(searchResponse, raw, what);
  // Search answers carry the record's `updatedAt`: the time a delivery's later writes are ordered against.
  return { results: parsed.results.map((raw) => withUpdatedAt<PropertyNameOf<O>>(raw)), total: parsed.total ?? parsed.results.length, after: parsed.paging?.next?.after };
}

const toHubSpotFilter = <O extends ObjectRef>(f: SearchFilter<O>) => ({
  propertyName: f.property,
  operator: f.operator as FilterOperatorEnum,
  ...(f.value !== undefined ? { value: f.value } : {}),
  ...(f.values ? { values: f.values } : {}),
});

async function listRecords<O extends ObjectRef>(ctx: StoreContext, object: O, options: CallOptions & { limit?: number; properties?: string[] }): Promise<RecordOf<O>[]> {
  const objectType = await ctx.objectType(object, options);
  const what = `list ${object}`;
  const raw = await ctx.call(
    { operation: what, idempotent: true },
    () => ctx.client.crm.objects.basicApi.getPage(objectType, options.limit ?? 10, undefined, options.properties),
    options,
  );
  return parse(searchResponse, raw, what).results.map(toRecord);
}

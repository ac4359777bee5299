// Records in HubSpot: any object by id or unique property, created, updated, archived, searched and listed.
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import { z } from 'zod';
import { parse, recordSchema, toRecord, type CrmRecord, type ObjectRef, type StoreContext } from './context';
import { HubSpotNotFoundError } from './errors';
import type { CallOptions } from './runner';

export interface RecordOptions extends CallOptions {
  /** Address the record by this unique property instead of its id. */
  idProperty?: string;
}

export interface SearchFilter {
  property: string;
  operator: 'EQ' | 'NEQ' | 'IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'GT' | 'LT';
  value?: string;
  values?: string[];
}

export interface SearchOptions extends CallOptions {
  properties: string[];
  /** `-name` sorts descending. */
  sorts?: string[];
  limit?: number;
  after?: string;
}

export interface RecordOps {
  /** The record, or null when HubSpot has none (404). */
  getRecord(object: ObjectRef, id: string, properties: string[], options?: RecordOptions): Promise<CrmRecord | null>;
  /** Creates a record; a duplicate unique value raises HubSpotConflictError (the create-once claim relies on it). */
  createRecord(object: ObjectRef, properties: Record<string, string>, options?: CallOptions): Promise<CrmRecord>;
  updateRecord(object: ObjectRef, id: string, properties: Record<string, string>, options?: RecordOptions): Promise<CrmRecord>;
  /** Archives a record; a record already gone counts as done. */
  deleteRecord(object: ObjectRef, id: string, options?: CallOptions): Promise<void>;
  searchRecords(object: ObjectRef, filters: SearchFilter[], options: SearchOptions): Promise<{ results: CrmRecord[]; total: number; after?: string }>;
  /** One page of records (used to probe read access). */
  listRecords(object: ObjectRef, options: CallOptions & { limit?: number; properties?: string[] }): Promise<CrmRecord[]>;
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
    createRecord: (...args) => createRecord(ctx, ...args),
    updateRecord: (...args) => updateRecord(ctx, ...args),
    deleteRecord: (...args) => deleteRecord(ctx, ...args),
    searchRecords: (...args) => searchRecords(ctx, ...args),
    listRecords: (...args) => listRecords(ctx, ...args),
  };
}

export async function getRecord(ctx: StoreContext, object: ObjectRef, id: string, properties: string[], options: RecordOptions = {}): Promise<CrmRecord | null> {
  const objectType = await ctx.objectType(object, options);
  const what = `read ${object} ${id}`;
  try {
    const raw = await ctx.call(
      { operation: what, idempotent: true, subject: `the ${object} record ${id}` },
      () => ctx.client.crm.objects.basicApi.getById(objectType, id, properties, undefined, undefined, false, options.idProperty),
      options,
    );
    return toRecord(parse(recordSchema, raw, what));
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  }
}

async function createRecord(ctx: StoreContext, object: ObjectRef, properties: Record<string, string>, options: CallOptions = {}): Promise<CrmRecord> {
  const objectType = await ctx.objectType(object, options);
  const what = `create a ${object} record`;
  // Not retried on 5xx: a lost answer to a create that succeeded would come back as a conflict.
  const raw = await ctx.call({ operation: what, idempotent: false }, () => ctx.client.crm.objects.basicApi.create(objectType, { properties, associations: [] }), options);
  return toRecord(parse(recordSchema, raw, what));
}

async function updateRecord(ctx: StoreContext, object: ObjectRef, id: string, properties: Record<string, string>, options: RecordOptions = {}): Promise<CrmRecord> {
  const objectType = await ctx.objectType(object, options);
  const what = `update ${object} ${id}`;
  const raw = await ctx.call(
    { operation: what, idempotent: true, subject: `the ${object} record ${id}` },
    () => ctx.client.crm.objects.basicApi.update(objectType, id, { properties }, options.idProperty),
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

export async function searchRecords(ctx: StoreContext, object: ObjectRef, filters: SearchFilter[], options: SearchOptions): Promise<{ results: CrmRecord[]; total: number; after?: string }> {
  const objectType = await ctx.objectType(object, options);
  const what = `search ${object}`;
  const search = {
    filterGroups: [{ filters: filters.map(toHubSpotFilter) }],
    properties: options.properties,
    sorts: options.sorts ?? [],
    limit: options.limit ?? 10,
    ...(options.after ? { after: options.after } : {}),
  };
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.objects.searchApi.doSearch(objectType, search), options);
  const parsed = parse(searchResponse, raw, what);
  return { results: parsed.results.map(toRecord), total: parsed.total ?? parsed.results.length, after: parsed.paging?.next?.after };
}

const toHubSpotFilter = (f: SearchFilter) => ({
  propertyName: f.property,
  operator: f.operator as FilterOperatorEnum,
  ...(f.value !== undefined ? { value: f.value } : {}),
  ...(f.values ? { values: f.values } : {}),
});

async function listRecords(ctx: StoreContext, object: ObjectRef, options: CallOptions & { limit?: number; properties?: string[] }): Promise<CrmRecord[]> {
  const objectType = await ctx.objectType(object, options);
  const what = `list ${object}`;
  const raw = await ctx.call(
    { operation: what, idempotent: true },
    () => ctx.client.crm.objects.basicApi.getPage(objectType, options.limit ?? 10, undefined, options.properties),
    options,
  );
  return parse(searchResponse, raw, what).results.map(toRecord);
}

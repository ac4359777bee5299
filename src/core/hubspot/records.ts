// Records in HubSpot: any object by id or unique property, deals with their primary contact, search, notes, pipelines.
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/AssociationSpec';
import { z } from 'zod';
import { idSchema, parse, recordSchema, toRecord, type CrmRecord, type ObjectRef, type StoreContext } from './context';
import { HubSpotNotFoundError } from './errors';
import type { CallOptions } from './runner';
import { changedProperties } from './values';

/** HubSpot-defined association type ids (api-client `AssociationTypes`: dealToContact 3, noteToDeal 214). */
export const DEAL_TO_CONTACT = 3;
export const NOTE_TO_DEAL = 214;

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

export interface DealStage {
  id: string;
  label: string;
  displayOrder: number;
  isClosed: boolean;
  probability: number | null;
}

export interface DealPipeline {
  id: string;
  label: string;
  stages: DealStage[];
  /** The closed stage with probability 1 (HubSpot's "Closed won"), when the pipeline has one. */
  closedWonStageId: string | null;
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

export interface DealOps {
  /** The deal, or HubSpotNotFoundError. */
  getDeal(dealId: string, properties: string[], options?: CallOptions): Promise<CrmRecord>;
  /** The deal and its primary contact: the association labelled "primary", else the first associated contact. */
  getDealWithPrimaryContact(
    dealId: string,
    properties: { deal: string[]; contact: string[] },
    options?: CallOptions,
  ): Promise<{ deal: CrmRecord; contact: CrmRecord | null }>;
  /**
   * Writes only the properties that differ from `current` (read first when not given); no call when nothing changed.
   * `together`: properties that say one thing jointly: when one of them differs, all of them are written.
   */
  updateDeal(
    dealId: string,
    properties: Record<string, string>,
    options?: CallOptions & { current?: Record<string, string | null | undefined>; together?: readonly string[] },
  ): Promise<{ changed: string[] }>;
  /** Deals whose property equals the value (e.g. aurora_project_id). */
  findDealsByProperty(property: string, value: string, properties: string[], options?: CallOptions & { limit?: number }): Promise<CrmRecord[]>;
  /** Deals with the property set (or set to one of `values`), e.g. aurora_sync_status in [error, partial]. */
  listDealsWithProperty(
    property: string,
    options: CallOptions & { values?: string[]; properties: string[]; sorts?: string[]; limit?: number },
  ): Promise<CrmRecord[]>;
  /** Deal pipelines with their stages and closed-won stage. */
  getDealPipelines(options?: CallOptions): Promise<DealPipeline[]>;
  /**
   * The deal's note with this exact `hs_timestamp` whose body holds `bodyIncludes`, or null: how a call finds a note an
   * earlier call wrote when HubSpot's answer to that create was lost.
   */
  findDealNote(dealId: string, match: { timestamp: string; bodyIncludes: string }, options?: CallOptions): Promise<{ id: string } | null>;
  /** A note on the deal's timeline, optionally with HubSpot Files attached (e.g. an uploaded screenshot's id). */
  addNoteToDeal(dealId: string, body: string, options?: CallOptions & { timestamp?: Date; attachmentIds?: string[] }): Promise<{ id: string }>;
}

const searchResponse = z.looseObject({
  total: z.number().optional(),
  results: z.array(recordSchema),
  paging: z.looseObject({ next: z.looseObject({ after: z.string() }).optional() }).optional(),
});

const associationPage = z.looseObject({
  results: z.array(
    z.looseObject({
      toObjectId: idSchema,
      associationTypes: z.array(z.looseObject({ label: z.string().nullish(), typeId: z.number().optional() })).default([]),
    }),
  ),
});

/** A batch read's answer (207: records deleted since are left out). */
const batchRecords = z.looseObject({ results: z.array(recordSchema) });

const pipelinesResponse = z.looseObject({
  results: z.array(
    z.looseObject({
      id: z.string(),
      label: z.string(),
      displayOrder: z.number().optional(),
      stages: z.array(
        z.looseObject({
          id: z.string(),
          label: z.string(),
          displayOrder: z.number().optional(),
          metadata: z.record(z.string(), z.unknown()).optional(),
        }),
      ),
    }),
  ),
});

const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

export function recordOps(ctx: StoreContext): RecordOps {
  return {
    async getRecord(object, id, properties, options = {}) {
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
    },

    async createRecord(object, properties, options = {}) {
      const objectType = await ctx.objectType(object, options);
      const what = `create a ${object} record`;
      // Not retried on 5xx: a lost answer to a create that succeeded would come back as a conflict.
      const raw = await ctx.call({ operation: what, idempotent: false }, () => ctx.client.crm.objects.basicApi.create(objectType, { properties, associations: [] }), options);
      return toRecord(parse(recordSchema, raw, what));
    },

    async updateRecord(object, id, properties, options = {}) {
      const objectType = await ctx.objectType(object, options);
      const what = `update ${object} ${id}`;
      const raw = await ctx.call(
        { operation: what, idempotent: true, subject: `the ${object} record ${id}` },
        () => ctx.client.crm.objects.basicApi.update(objectType, id, { properties }, options.idProperty),
        options,
      );
      return toRecord(parse(recordSchema, raw, what));
    },

    async deleteRecord(object, id, options = {}) {
      const objectType = await ctx.objectType(object, options);
      try {
        await ctx.call({ operation: `delete ${object} ${id}`, idempotent: true }, () => ctx.client.crm.objects.basicApi.archive(objectType, id), options);
      } catch (error) {
        if (!(error instanceof HubSpotNotFoundError)) throw error;
      }
    },

    async searchRecords(object, filters, options) {
      const objectType = await ctx.objectType(object, options);
      const what = `search ${object}`;
      const raw = await ctx.call(
        { operation: what, idempotent: true },
        () =>
          ctx.client.crm.objects.searchApi.doSearch(objectType, {
            filterGroups: [
              {
                filters: filters.map((f) => ({
                  propertyName: f.property,
                  operator: f.operator as FilterOperatorEnum,
                  ...(f.value !== undefined ? { value: f.value } : {}),
                  ...(f.values ? { values: f.values } : {}),
                })),
              },
            ],
            properties: options.properties,
            sorts: options.sorts ?? [],
            limit: options.limit ?? 10,
            ...(options.after ? { after: options.after } : {}),
          }),
        options,
      );
      const parsed = parse(searchResponse, raw, what);
      return { results: parsed.results.map(toRecord), total: parsed.total ?? parsed.results.length, after: parsed.paging?.next?.after };
    },

    async listRecords(object, options) {
      const objectType = await ctx.objectType(object, options);
      const what = `list ${object}`;
      const raw = await ctx.call(
        { operation: what, idempotent: true },
        () => ctx.client.crm.objects.basicApi.getPage(objectType, options.limit ?? 10, undefined, options.properties),
        options,
      );
      return parse(searchResponse, raw, what).results.map(toRecord);
    },
  };
}

export function dealOps(ctx: StoreContext, records: RecordOps): DealOps {
  async function getDeal(dealId: string, properties: string[], options: CallOptions = {}) {
    const what = `read deal ${dealId}`;
    const raw = await ctx.call(
      { operation: what, idempotent: true, subject: `the deal ${dealId}` },
      () => ctx.client.crm.deals.basicApi.getById(dealId, properties),
      options,
    );
    return toRecord(parse(recordSchema, raw, what));
  }

  return {
    getDeal,

    async getDealWithPrimaryContact(dealId, properties, options = {}) {
      const what = `read the contacts of deal ${dealId}`;
      const [deal, links] = await Promise.all([
        getDeal(dealId, properties.deal, options),
        ctx.call(
          { operation: what, idempotent: true, subject: `the deal ${dealId}` },
          () => ctx.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'contacts', undefined, 500),
          options,
        ),
      ]);
      const contacts = parse(associationPage, links, what).results;
      const primary = contacts.find((c) => c.associationTypes.some((t) => /primary/i.test(t.label ?? ''))) ?? contacts[0];
      if (!primary) return { deal, contact: null };
      const contact = await records.getRecord('contacts', primary.toObjectId, properties.contact, options);
      return { deal, contact };
    },

    async updateDeal(dealId, properties, options = {}) {
      if (Object.keys(properties).length === 0) return { changed: [] };
      const current = options.current ?? (await getDeal(dealId, Object.keys(properties), options)).properties;
      const diff = changedProperties(current, properties);
      const changed = Object.keys(diff);
      if (changed.length === 0) return { changed };
      // `current` may be an old read: another writer may have changed the rest of a group since.
      const together = options.together ?? [];
      if (together.some((name) => name in diff)) for (const name of together) if (name in properties) diff[name] = properties[name]!;
      await ctx.call(
        { operation: `update deal ${dealId}`, idempotent: true, subject: `the deal ${dealId}` },
        () => ctx.client.crm.deals.basicApi.update(dealId, { properties: diff }),
        options,
      );
      return { changed };
    },

    async findDealsByProperty(property, value, properties, options = {}) {
      const found = await records.searchRecords('deals', [{ property, operator: 'EQ', value }], { ...options, properties, limit: options.limit ?? 10 });
      return found.results;
    },

    async listDealsWithProperty(property, options) {
      const filter: SearchFilter = options.values ? { property, operator: 'IN', values: options.values } : { property, operator: 'HAS_PROPERTY' };
      const found = await records.searchRecords('deals', [filter], {
        deadline: options.deadline,
        properties: options.properties,
        sorts: options.sorts,
        limit: options.limit ?? 20,
      });
      return found.results;
    },

    async getDealPipelines(options = {}) {
      const what = 'read the deal pipelines';
      const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.pipelines.pipelinesApi.getAll('deals'), options);
      return parse(pipelinesResponse, raw, what).results.map((pipeline) => {
        const stages = pipeline.stages
          .map((stage) => {
            const probability = Number(stage.metadata?.probability);
            return {
              id: stage.id,
              label: stage.label,
              displayOrder: stage.displayOrder ?? 0,
              isClosed: String(stage.metadata?.isClosed) === 'true',
              probability: Number.isFinite(probability) ? probability : null,
            };
          })
          .sort((a, b) => a.displayOrder - b.displayOrder);
        return { id: pipeline.id, label: pipeline.label, stages, closedWonStageId: stages.find((s) => s.isClosed && s.probability === 1)?.id ?? null };
      });
    },

    async findDealNote(dealId, match, options = {}) {
      const what = `read the notes of deal ${dealId}`;
      const call = { operation: what, idempotent: true, subject: `the deal ${dealId}` };
      const links = await ctx.call(call, () => ctx.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'notes', undefined, 500), options);
      const noteIds = parse(associationPage, links, what).results.map((link) => link.toObjectId);
      const wanted = Date.parse(match.timestamp);
      for (let start = 0; start < noteIds.length; start += 100) {
        const inputs = noteIds.slice(start, start + 100).map((id) => ({ id }));
        const raw = await ctx.call(call, () => ctx.client.crm.objects.notes.batchApi.read({ inputs, properties: ['hs_timestamp', 'hs_note_body'], propertiesWithHistory: [] }), options);
        const found = parse(batchRecords, raw, what).results.find(
          (note) => Date.parse(note.properties?.hs_timestamp ?? '') === wanted && (note.properties?.hs_note_body ?? '').includes(match.bodyIncludes),
        );
        if (found) return { id: found.id };
      }
      return null;
    },

    async addNoteToDeal(dealId, body, options = {}) {
      const what = `add a note to deal ${dealId}`;
      const timestamp = (options.timestamp ?? new Date(ctx.runner.now())).toISOString();
      const raw = await ctx.call(
        { operation: what, idempotent: false, subject: `the deal ${dealId}` },
        () =>
          ctx.client.crm.objects.notes.basicApi.create({
            properties: {
              hs_note_body: body,
              hs_timestamp: timestamp,
              ...(options.attachmentIds?.length ? { hs_attachment_ids: options.attachmentIds.join(';') } : {}),
            },
            associations: [{ to: { id: dealId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: NOTE_TO_DEAL }] }],
          }),
        options,
      );
      return { id: parse(recordSchema, raw, what).id };
    },
  };
}

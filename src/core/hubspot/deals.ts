// Deals in HubSpot: read (alone or with their primary contact), updated only where they differ, searched by a property,
// their pipelines and stages, and notes on their timeline.
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/AssociationSpec';
import { z } from 'zod';
import { chunks, idSchema, parse, recordSchema, toRecord, withUpdatedAt, type AnyRecord, type DealRecord, type PropertyValues, type PropertyWrite, type StoreContext } from './context';
import { getRecord, searchRecords } from './records';
import type { CallOptions } from './runner';
import type { DealPropertyKey } from '../dataModel';
import { changedProperties } from './values';
import { HubSpotNotFoundError } from './errors';

/** HubSpot-defined association type id of a note on a deal (api-client `AssociationTypes.noteToDeal`). */
const NOTE_TO_DEAL = 214;
const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

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

export interface DealOps {
  /** The deal, or HubSpotNotFoundError. */
  getDeal(dealId: string, properties: readonly DealPropertyKey[], options?: CallOptions): Promise<DealRecord>;
  /**
   * The deal and the ids of the Aurora Design records associated with it, in one read (`?associations=`: ids only, no
   * labels; docs/hubspot-calls.md#the-deal-and-its-design-ids).
   */
  getDealWithDesignIds(dealId: string, properties: readonly DealPropertyKey[], options?: CallOptions): Promise<{ deal: DealRecord; designRecordIds: string[] }>;
  /**
   * The deal whose `aurora_project_id` (a unique property on deals) is the project, read by that value: the deal as it is
   * now (not search's index), with its `updatedAt` and, asked for, its design record ids; null when no deal holds it
   * (docs/hubspot-calls.md#the-deal-of-a-project).
   */
  getDealOfProject(projectId: string, properties: readonly DealPropertyKey[], options?: CallOptions & { designIds?: boolean }): Promise<{ deal: DealRecord; designRecordIds?: string[] } | null>;
  /** The deal and its primary contact: the association labelled "primary", else the first associated contact. */
  getDealWithPrimaryContact(
    dealId: string,
    properties: { deal: string[]; contact: string[] },
    options?: CallOptions,
  ): Promise<{ deal: DealRecord; contact: AnyRecord | null }>;
  /**
   * Writes only the properties that differ from `current` (read first when not given); no call when nothing changed.
   * `together`: properties that say one thing jointly: when one of them differs, all of them are written.
   */
  updateDeal(
    dealId: string,
    properties: PropertyWrite<DealPropertyKey>,
    options?: CallOptions & { current?: PropertyValues<string>; together?: readonly DealPropertyKey[] },
  ): Promise<{ changed: string[] }>;
  /** Deals by record id, in batch reads of 100; ids HubSpot has no deal for are left out. */
  getDealsById(dealIds: readonly string[], properties: readonly DealPropertyKey[], options?: CallOptions): Promise<DealRecord[]>;
  /** Deals whose property equals the value (e.g. aurora_project_id). */
  findDealsByProperty(property: DealPropertyKey, value: string, properties: readonly DealPropertyKey[], options?: CallOptions & { limit?: number }): Promise<DealRecord[]>;
  /**
   * Deal pipelines with their stages and closed-won stage, read now (and kept for later `remembered` reads of this process);
   * `remembered`: as read within the last few minutes by this process, if it did (docs/hubspot-calls.md#the-deal-pipelines).
   */
  getDealPipelines(options?: CallOptions & { remembered?: boolean }): Promise<readonly DealPipeline[]>;
  /**
   * The deal's note with this exact `hs_timestamp` whose body holds `bodyIncludes`, or null: how a call finds a note an
   * earlier call wrote when HubSpot's answer to that create was lost.
   */
  findDealNote(dealId: string, match: { timestamp: string; bodyIncludes: string }, options?: CallOptions): Promise<{ id: string } | null>;
  /** A note on the deal's timeline, optionally with HubSpot Files attached (e.g. an uploaded screenshot's id). */
  addNoteToDeal(dealId: string, body: string, options?: CallOptions & { timestamp?: Date; attachmentIds?: string[] }): Promise<{ id: string }>;
}

const associationPage = z.looseObject({
  results: z.array(
    z.looseObject({
      toObjectId: idSchema,
      associationTypes: z.array(z.looseObject({ label: z.string().nullish(), typeId: z.number().optional() })).default([]),
    }),
  ),
  /** Present only when there are more pages (docs/hubspot-calls.md#paging-a-records-associations). */
  paging: z.looseObject({ next: z.looseObject({ after: z.string() }).optional() }).optional(),
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

/** The deal operations over one store context. */
export function dealOps(ctx: StoreContext): DealOps {
  return {
    getDeal: (...args) => getDeal(ctx, ...args),
    getDealWithDesignIds: (...args) => getDealWithDesignIds(ctx, ...args),
    getDealOfProject: (...args) => getDealOfProject(ctx, ...args),
    getDealWithPrimaryContact: (...args) => getDealWithPrimaryContact(ctx, ...args),
    getDealsById: (...args) => getDealsById(ctx, ...args),
    updateDeal: (...args) => updateDeal(ctx, ...args),
    findDealsByProperty: (...args) => findDealsByProperty(ctx, ...args),
    getDealPipelines: (...args) => getDealPipelines(ctx, ...args),
    findDealNote: (...args) => findDealNote(ctx, ...args),
    addNoteToDeal: (...args) => addNoteToDeal(ctx, ...args),
  };
}

async function getDeal(ctx: StoreContext, dealId: string, properties: readonly string[], options: CallOptions = {}): Promise<DealRecord> {
  const what = `read deal ${dealId}`;
  const raw = await ctx.call(
    { operation: what, idempotent: true, subject: `the deal ${dealId}` },
    () => ctx.client.crm.deals.basicApi.getById(dealId, [...properties]),
    options,
  );
  return toRecord(parse(recordSchema, raw, what));
}

/** A v3 read's associations: per object type, the associated ids, one entry per association type (labels as names). */
const withAssociations = recordSchema.extend({
  associations: z.record(z.string(), z.looseObject({ results: z.array(z.looseObject({ id: idSchema })) })).optional(),
});

/** The ids of the records of one object type a v3 read's `associations` lists (one entry per association type). */
const associatedIds = (parsed: z.infer<typeof withAssociations>): string[] => [...new Set(Object.values(parsed.associations ?? {}).flatMap((group) => group.results.map((link) => link.id)))];

async function getDealWithDesignIds(ctx: StoreContext, dealId: string, properties: readonly string[], options: CallOptions = {}): Promise<{ deal: DealRecord; designRecordIds: string[] }> {
  const designType = await ctx.objectType('aurora_design', options);
  const what = `read deal ${dealId}`;
  const raw = await ctx.call(
    { operation: what, idempotent: true, subject: `the deal ${dealId}` },
    () => ctx.client.crm.deals.basicApi.getById(dealId, [...properties], undefined, [designType]),
    options,
  );
  const parsed = parse(withAssociations, raw, what);
  return { deal: toRecord(parsed), designRecordIds: associatedIds(parsed) };
}

async function getDealOfProject(
  ctx: StoreContext,
  projectId: string,
  properties: readonly string[],
  options: CallOptions & { designIds?: boolean } = {},
): Promise<{ deal: DealRecord; designRecordIds?: string[] } | null> {
  const { designIds, ...call } = options;
  const designType = designIds ? [await ctx.objectType('aurora_design', call)] : undefined;
  const what = `read the deal of Aurora project ${projectId}`;
  try {
    const raw = await ctx.call(
      { operation: what, idempotent: true, subject: `the deal of Aurora project ${projectId}` },
      () => ctx.client.crm.deals.basicApi.getById(projectId, [...properties], undefined, designType, undefined, 'aurora_project_id'),
      call,
    );
    const parsed = parse(withAssociations, raw, what);
    return { deal: withUpdatedAt<DealPropertyKey>(parsed), ...(designIds ? { designRecordIds: associatedIds(parsed) } : {}) };
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  }
}

async function getDealWithPrimaryContact(
  ctx: StoreContext,
  dealId: string,
  properties: { deal: string[]; contact: string[] },
  options: CallOptions = {},
): Promise<{ deal: DealRecord; contact: AnyRecord | null }> {
  const what = `read the contacts of deal ${dealId}`;
  const [deal, links] = await Promise.all([
    getDeal(ctx, dealId, properties.deal, options),
    ctx.call(
      { operation: what, idempotent: true, subject: `the deal ${dealId}` },
      () => ctx.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'contacts', undefined, 500),
      options,
    ),
  ]);
  const contacts = parse(associationPage, links, what).results;
  const primary = contacts.find((c) => c.associationTypes.some((t) => /primary/i.test(t.label ?? ''))) ?? contacts[0];
  if (!primary) return { deal, contact: null };
  const contact = await getRecord(ctx, 'contacts', primary.toObjectId, properties.contact, options);
  return { deal, contact };
}

async function updateDeal(
  ctx: StoreContext,
  dealId: string,
  properties: PropertyWrite<DealPropertyKey>,
  options: CallOptions & { current?: PropertyValues<string>; together?: readonly DealPropertyKey[] } = {},
): Promise<{ changed: string[] }> {
  if (Object.keys(properties).length === 0) return { changed: [] };
  const current = options.current ?? (await getDeal(ctx, dealId, Object.keys(properties), options)).properties;
  const diff = changedProperties(current, properties);
  const changed = Object.keys(diff);
  if (changed.length === 0) return { changed };
  // `current` may be an old read: another writer may have changed the rest of a group since.
  const together = options.together ?? [];
  if (together.some((name) => name in diff)) for (const name of together) if (properties[name] !== undefined) diff[name] = properties[name];
  await ctx.call(
    { operation: `update deal ${dealId}`, idempotent: true, subject: `the deal ${dealId}` },
    () => ctx.client.crm.deals.basicApi.update(dealId, { properties: diff }),
    options,
  );
  return { changed };
}

async function getDealsById(ctx: StoreContext, dealIds: readonly string[], properties: readonly DealPropertyKey[], options: CallOptions = {}): Promise<DealRecord[]> {
  const deals: DealRecord[] = [];
  for (const chunk of chunks([...dealIds])) {
    const inputs = chunk.map((id) => ({ id }));
    const what = `read ${inputs.length} deals`;
    const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.deals.batchApi.read({ inputs, properties: [...properties], propertiesWithHistory: [] }), options);
    deals.push(...parse(batchRecords, raw, what).results.map((record) => toRecord<DealPropertyKey>(record)));
  }
  return deals;
}

async function findDealsByProperty(
  ctx: StoreContext,
  property: DealPropertyKey,
  value: string,
  properties: readonly DealPropertyKey[],
  options: CallOptions & { limit?: number } = {},
): Promise<DealRecord[]> {
  const found = await searchRecords(ctx, 'deals', [{ property, operator: 'EQ', value }], { ...options, properties: [...properties], limit: options.limit ?? 10 });
  return found.results;
}

/** How long remembered pipelines are used: an admin's renamed or reordered stage takes effect within this time. */
export const PIPELINES_TTL_MS = 5 * 60_000;

function getDealPipelines(ctx: StoreContext, options: CallOptions & { remembered?: boolean } = {}): Promise<readonly DealPipeline[]> {
  const read = () => readDealPipelines(ctx, options);
  return options.remembered ? ctx.facts.remember('dealPipelines', read, PIPELINES_TTL_MS) : ctx.facts.renew('dealPipelines', read, PIPELINES_TTL_MS);
}

async function readDealPipelines(ctx: StoreContext, options: CallOptions): Promise<DealPipeline[]> {
  const what = 'read the deal pipelines';
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.pipelines.pipelinesApi.getAll('deals'), options);
  return parse(pipelinesResponse, raw, what).results.map((pipeline) => {
    const stages = pipeline.stages.map(toDealStage).sort((a, b) => a.displayOrder - b.displayOrder);
    return { id: pipeline.id, label: pipeline.label, stages, closedWonStageId: stages.find((s) => s.isClosed && s.probability === 1)?.id ?? null };
  });
}

function toDealStage(stage: z.infer<typeof pipelinesResponse>['results'][number]['stages'][number]): DealStage {
  const probability = Number(stage.metadata?.probability);
  return {
    id: stage.id,
    label: stage.label,
    displayOrder: stage.displayOrder ?? 0,
    isClosed: String(stage.metadata?.isClosed) === 'true',
    probability: Number.isFinite(probability) ? probability : null,
  };
}

async function findDealNote(ctx: StoreContext, dealId: string, match: { timestamp: string; bodyIncludes: string }, options: CallOptions = {}): Promise<{ id: string } | null> {
  const what = `read the notes of deal ${dealId}`;
  const call = { operation: what, idempotent: true, subject: `the deal ${dealId}` };
  const wanted = Date.parse(match.timestamp);
  // A busy deal has more notes than one page of its associations lists: every page is looked through.
  let after: string | undefined;
  do {
    const page = parse(associationPage, await ctx.call(call, () => ctx.client.crm.associations.v4.basicApi.getPage('deals', dealId, 'notes', after, 500), options), what);
    const noteIds = page.results.map((link) => link.toObjectId);
    for (let start = 0; start < noteIds.length; start += 100) {
      const inputs = noteIds.slice(start, start + 100).map((id) => ({ id }));
      const raw = await ctx.call(call, () => ctx.client.crm.objects.notes.batchApi.read({ inputs, properties: ['hs_timestamp', 'hs_note_body'], propertiesWithHistory: [] }), options);
      const found = parse(batchRecords, raw, what).results.find(
        (note) => Date.parse(note.properties?.hs_timestamp ?? '') === wanted && (note.properties?.hs_note_body ?? '').includes(match.bodyIncludes),
      );
      if (found) return { id: found.id };
    }
    after = page.paging?.next?.after;
  } while (after);
  return null;
}

async function addNoteToDeal(ctx: StoreContext, dealId: string, body: string, options: CallOptions & { timestamp?: Date; attachmentIds?: string[] } = {}): Promise<{ id: string }> {
  const what = `add a note to deal ${dealId}`;
  const timestamp = (options.timestamp ?? new Date(ctx.runner.now())).toISOString();
  const properties = {
    hs_note_body: body,
    hs_timestamp: timestamp,
    ...(options.attachmentIds?.length ? { hs_attachment_ids: options.attachmentIds.join(';') } : {}),
  };
  const associations = [{ to: { id: dealId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: NOTE_TO_DEAL }] }];
  const raw = await ctx.call({ operation: what, idempotent: false, subject: `the deal ${dealId}` }, () => ctx.client.crm.objects.notes.basicApi.create({ properties, associations }), options);
  return { id: parse(recordSchema, raw, what).id };
}

// Aurora Design records: batch upsert by aurora_design_id, batch read by deal, and labelled deal associations.
// Calls per sync grow only in batch-size steps (100 records per call), never one call per design.
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { z } from 'zod';
import { ASSOCIATION_LABELS, DESIGN_OBJECT, type DesignLabel, type DesignPropertyName } from '../dataModel';
import { batchErrorsSchema, batchFailure, chunks, idSchema, parse, recordSchema, toRecord, type DesignRecord, type PropertyWrite, type StoreContext } from './context';
import { HubSpotConflictError, HubSpotError, HubSpotSetupError } from './errors';
import { definedValues } from './values';
import type { CallOptions } from './runner';

export interface DesignObjectInfo {
  objectTypeId: string;
  fullyQualifiedName: string;
  /** Whether the object has the property holding each design's pending marks (installers before it did not create it). */
  holdsPendingMarks: boolean;
}

interface AssociationType {
  typeId: number;
  category: string;
}

/** deal → Aurora Design association types: the unlabeled default and one per label. */
export type DesignAssociationTypes = { default: AssociationType } & Record<DesignLabel, AssociationType>;

/** An Aurora Design record linked to a deal, with the labels on that link. */
export interface DesignLink {
  recordId: string;
  labels: DesignLabel[];
}

export interface LinkedDesign extends DesignLink {
  record: DesignRecord;
}

export interface UpsertedDesign {
  recordId: string;
  designId: string;
  created: boolean;
}

export interface LinkResult {
  /** Designs newly associated with the deal. */
  linked: number;
  labelsAdded: number;
  labelsRemoved: number;
}

export interface DesignOps {
  /** The portal's Aurora Design object type (cached); HubSpotSetupError when the installer has not created it. */
  designObject(options?: CallOptions): Promise<DesignObjectInfo>;
  /** deal → design association type ids (cached); HubSpotSetupError when missing. */
  designAssociationTypes(options?: CallOptions): Promise<DesignAssociationTypes>;
  /** The Aurora Design records associated with the deal and their labels (no record data). */
  listDealDesignLinks(dealId: string, options?: CallOptions): Promise<DesignLink[]>;
  /** The Aurora Design records associated with the deal, read in batches of 100. */
  readDealDesigns(dealId: string, properties: string[], options?: CallOptions): Promise<LinkedDesign[]>;
  /**
   * Creates the record of a design HubSpot holds no record of, linked to the deal (unlabelled) in the same call; null when
   * a record with its aurora_design_id exists after all (nothing was written: upsert and link it instead).
   */
  createLinkedDesign(dealId: string, properties: PropertyWrite<DesignPropertyName>, options?: CallOptions): Promise<UpsertedDesign | null>;
  /** Creates or updates records by the unique aurora_design_id (each input must carry it), 100 per call. */
  upsertDesigns(records: readonly PropertyWrite<DesignPropertyName>[], options?: CallOptions): Promise<UpsertedDesign[]>;
  /**
   * Makes the deal's design links match `desired`: links missing designs (default + labels), adds missing labels, and
   * removes labels no longer true from every linked design (a design absent from `desired` keeps its link, loses its labels).
   * `current` (from listDealDesignLinks or readDealDesigns) saves the read.
   */
  linkDesignsToDeal(dealId: string, desired: readonly DesignLink[], options?: CallOptions & { current?: readonly DesignLink[] }): Promise<LinkResult>;
}

const schemasResponse = z.looseObject({
  results: z.array(
    z.looseObject({
      name: z.string(),
      objectTypeId: z.string(),
      fullyQualifiedName: z.string().optional(),
      properties: z.array(z.looseObject({ name: z.string() })).optional(),
    }),
  ),
});

const labelsResponse = z.looseObject({
  results: z.array(z.looseObject({ typeId: z.number(), category: z.string(), label: z.string().nullish() })),
});

const linksResponse = z.looseObject({
  results: z.array(
    z.looseObject({
      from: z.looseObject({ id: idSchema }).optional(),
      to: z.array(
        z.looseObject({
          toObjectId: idSchema,
          associationTypes: z.array(z.looseObject({ typeId: z.number(), category: z.string().optional(), label: z.string().nullish() })).default([]),
        }),
      ),
      paging: z.looseObject({ next: z.looseObject({ after: z.string() }).optional() }).optional(),
    }),
  ),
});

const batchRecordsResponse = z.looseObject({ results: z.array(recordSchema), errors: batchErrorsSchema });

const upsertResponse = z.looseObject({
  // api-client deserializes HubSpot's `new` flag as `_new`.
  results: z.array(recordSchema.extend({ _new: z.boolean().optional(), new: z.boolean().optional() })),
  errors: batchErrorsSchema,
});

const associateResponse = z.looseObject({ errors: batchErrorsSchema });

const DESIGN_LABELS = Object.keys(ASSOCIATION_LABELS) as DesignLabel[];

/** The portal's Aurora Design object and its deal labels, each read once per portal (installFacts.ts). */
type DesignSchema = Pick<DesignOps, 'designObject' | 'designAssociationTypes'> & { designToDealType(options?: CallOptions): Promise<AssociationType> };

/** The design operations over one store context. */
export function designOps(ctx: StoreContext): DesignOps {
  const schema = designSchema(ctx);
  return {
    ...schema,
    listDealDesignLinks: (...args) => listDealDesignLinks(ctx, schema, ...args),
    readDealDesigns: (...args) => readDealDesigns(ctx, schema, ...args),
    createLinkedDesign: (...args) => createLinkedDesign(ctx, schema, ...args),
    upsertDesigns: (...args) => upsertDesigns(ctx, schema, ...args),
    linkDesignsToDeal: (...args) => linkDesignsToDeal(ctx, schema, ...args),
  };
}

function designSchema(ctx: StoreContext): DesignSchema {
  // Remembered per portal across invocations (installFacts.ts): the promise, so concurrent first calls share one read.
  const schema: DesignSchema = {
    designObject: (options = {}) => ctx.facts.remember('designObject', () => readDesignObject(ctx, options)),
    designAssociationTypes: (options = {}) => ctx.facts.remember('designAssociationTypes', () => readAssociationTypes(ctx, schema, options)),
    designToDealType: (options = {}) => ctx.facts.remember('designToDealType', () => readDesignToDealType(ctx, schema, options)),
  };
  return schema;
}

async function readDesignObject(ctx: StoreContext, options: CallOptions): Promise<DesignObjectInfo> {
  const what = 'find the Aurora Design object';
  const raw = await ctx.call({ operation: what, idempotent: true, subscriptionFeature: true }, () => ctx.client.crm.schemas.coreApi.getAll(), options);
  const found = parse(schemasResponse, raw, what).results.find((s) => s.name === DESIGN_OBJECT.name);
  if (!found) throw new HubSpotSetupError(what, 'the Aurora Design object does not exist');
  // The schema lists its properties (docs/pending-work.md#hubspot-facts-relied-on); without the list, assume the installer made it.
  const holdsPendingMarks = !found.properties || found.properties.some((property) => property.name === 'aurora_sync_pending');
  return { objectTypeId: found.objectTypeId, fullyQualifiedName: found.fullyQualifiedName ?? found.objectTypeId, holdsPendingMarks };
}

async function readAssociationTypes(ctx: StoreContext, schema: DesignSchema, options: CallOptions): Promise<DesignAssociationTypes> {
  const { objectTypeId } = await schema.designObject(options);
  const what = 'read the deal-to-design association labels';
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.associations.v4.schema.definitionsApi.getAll('deals', objectTypeId), options);
  const types = parse(labelsResponse, raw, what).results;
  const unlabeled = types.find((t) => !t.label);
  if (!unlabeled) throw new HubSpotSetupError(what, 'Aurora Designs are not associated with deals');
  const found: Partial<DesignAssociationTypes> = { default: unlabeled };
  for (const key of DESIGN_LABELS) {
    const labelled = types.find((t) => t.label === ASSOCIATION_LABELS[key].label);
    if (!labelled) throw new HubSpotSetupError(what, `the "${ASSOCIATION_LABELS[key].label}" association label is missing`);
    found[key] = labelled;
  }
  return found as DesignAssociationTypes;
}

/**
 * The unlabelled design → deal association type: association types are one per direction, so a record created from the
 * design's side names this one, not the deal → design type (docs/hubspot-calls.md#a-new-design-record-and-its-link).
 */
async function readDesignToDealType(ctx: StoreContext, schema: DesignSchema, options: CallOptions): Promise<AssociationType> {
  const { objectTypeId } = await schema.designObject(options);
  const what = 'read the design-to-deal association types';
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.associations.v4.schema.definitionsApi.getAll(objectTypeId, 'deals'), options);
  const unlabeled = parse(labelsResponse, raw, what).results.find((t) => !t.label);
  if (!unlabeled) throw new HubSpotSetupError(what, 'Aurora Designs are not associated with deals');
  return unlabeled;
}

async function listDealDesignLinks(ctx: StoreContext, schema: DesignSchema, dealId: string, options: CallOptions = {}): Promise<DesignLink[]> {
  const { objectTypeId } = await schema.designObject(options);
  // The links name their association type ids: the labels' ids are only needed to read them, so both are read at once.
  const labelTypes = schema.designAssociationTypes(options);
  labelTypes.catch(() => undefined);
  const typeIds = new Map<string, Set<number>>();
  const what = `read the designs linked to deal ${dealId}`;
  let after: string | undefined;
  try {
    do {
      const page = after;
      const raw = await ctx.call(
        { operation: what, idempotent: true },
        () => ctx.client.crm.associations.v4.batchApi.getPage('deals', objectTypeId, { inputs: [{ id: dealId, ...(page ? { after: page } : {}) }] }),
        options,
      );
      // A deal without designs comes back as a 207 with an error for that input and no results.
      const result = parse(linksResponse, raw, what).results[0];
      for (const to of result?.to ?? []) {
        const ids = typeIds.get(to.toObjectId) ?? new Set<number>();
        for (const type of to.associationTypes) ids.add(type.typeId);
        typeIds.set(to.toObjectId, ids);
      }
      after = result?.paging?.next?.after;
    } while (after);
  } finally {
    // Nothing runs on unseen after a failure (the function may be frozen once it answers).
    await labelTypes.catch(() => undefined);
  }
  const types = await labelTypes;
  const labelOf = new Map(DESIGN_LABELS.map((key) => [types[key].typeId, key]));
  return [...typeIds].map(([recordId, ids]) => ({ recordId, labels: [...ids].flatMap((id) => labelOf.get(id) ?? []) }));
}

async function readDealDesigns(ctx: StoreContext, schema: DesignSchema, dealId: string, properties: string[], options: CallOptions = {}): Promise<LinkedDesign[]> {
  const links = await listDealDesignLinks(ctx, schema, dealId, options);
  if (links.length === 0) return [];
  const { objectTypeId } = await schema.designObject(options);
  const what = `read the designs of deal ${dealId}`;
  const records = new Map<string, DesignRecord>();
  for (const chunk of chunks(links)) {
    const inputs = chunk.map((link) => ({ id: link.recordId }));
    const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.objects.batchApi.read(objectTypeId, { inputs, properties, propertiesWithHistory: [] }), options);
    // 207: records archived since they were linked come back as errors; they are simply not listed.
    for (const record of parse(batchRecordsResponse, raw, what).results) records.set(record.id, toRecord(record));
  }
  return links.flatMap((link) => {
    const record = records.get(link.recordId);
    return record ? [{ ...link, record }] : [];
  });
}

async function createLinkedDesign(ctx: StoreContext, schema: DesignSchema, dealId: string, properties: PropertyWrite<DesignPropertyName>, options: CallOptions = {}): Promise<UpsertedDesign | null> {
  const designId = properties.aurora_design_id;
  if (!designId) throw new Error('createLinkedDesign: the record needs aurora_design_id');
  const [{ objectTypeId }, toDeal] = await Promise.all([schema.designObject(options), schema.designToDealType(options)]);
  const what = 'save the Aurora Design records';
  const associations = [{ to: { id: dealId }, types: [{ associationCategory: toDeal.category as AssociationSpecAssociationCategoryEnum, associationTypeId: toDeal.typeId }] }];
  try {
    // Not retried on 5xx: a lost answer to a create that succeeded comes back as a conflict, and the caller upserts then.
    const raw = await ctx.call({ operation: what, idempotent: false }, () => ctx.client.crm.objects.basicApi.create(objectTypeId, { properties: definedValues(properties), associations }), options);
    return { recordId: parse(recordSchema, raw, what).id, designId, created: true };
  } catch (error) {
    if (error instanceof HubSpotConflictError) return null;
    throw error;
  }
}

async function upsertDesigns(ctx: StoreContext, schema: DesignSchema, inputs: readonly PropertyWrite<DesignPropertyName>[], options: CallOptions = {}): Promise<UpsertedDesign[]> {
  if (inputs.length === 0) return [];
  for (const properties of inputs) {
    if (!properties.aurora_design_id) throw new Error('upsertDesigns: every record needs aurora_design_id');
  }
  const { objectTypeId } = await schema.designObject(options);
  const what = 'save the Aurora Design records';
  // HubSpot rejects a batch naming one id twice; the last values for a design win.
  const unique = [...new Map(inputs.map((properties) => [properties.aurora_design_id as string, properties])).values()];
  const saved: UpsertedDesign[] = [];
  for (const chunk of chunks(unique)) {
    const batch = { inputs: chunk.map((properties) => ({ idProperty: 'aurora_design_id', id: properties.aurora_design_id as string, properties })) };
    let parsed: z.infer<typeof upsertResponse>;
    try {
      const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.objects.batchApi.upsert(objectTypeId, batch), options);
      parsed = parse(upsertResponse, raw, what);
    } catch (error) {
      if (error instanceof HubSpotError && saved.length > 0) error.partial = { done: saved.length, total: unique.length };
      throw error;
    }
    if (parsed.errors && parsed.errors.length > 0) throw batchFailure(parsed.errors, what, { done: saved.length, total: unique.length });
    for (const result of parsed.results) {
      saved.push({ recordId: result.id, designId: result.properties?.aurora_design_id ?? '', created: result._new ?? result.new ?? false });
    }
  }
  return saved;
}

async function linkDesignsToDeal(
  ctx: StoreContext,
  schema: DesignSchema,
  dealId: string,
  desired: readonly DesignLink[],
  options: CallOptions & { current?: readonly DesignLink[] } = {},
): Promise<LinkResult> {
  const [{ objectTypeId }, types] = await Promise.all([schema.designObject(options), schema.designAssociationTypes(options)]);
  const current = options.current ?? (await listDealDesignLinks(ctx, schema, dealId, options));
  const { toAdd, toRemove, result } = planLinkChanges(dealId, current, desired, types);
  const v4 = ctx.client.crm.associations.v4.batchApi;
  await batchWrite(ctx, `link designs to deal ${dealId}`, toAdd, (inputs) => v4.create('deals', objectTypeId, { inputs }), options);
  await batchWrite(ctx, `remove stale design labels on deal ${dealId}`, toRemove, (inputs) => v4.archiveLabels('deals', objectTypeId, { inputs }), options);
  return result;
}

interface LinkInput {
  _from: { id: string };
  to: { id: string };
  types: { associationCategory: AssociationSpecAssociationCategoryEnum; associationTypeId: number }[];
}

/** Pure: the associations to create (missing links and labels) and the labels to archive so the deal's links match `desired`. */
function planLinkChanges(
  dealId: string,
  current: readonly DesignLink[],
  desired: readonly DesignLink[],
  types: DesignAssociationTypes,
): { toAdd: LinkInput[]; toRemove: LinkInput[]; result: LinkResult } {
  const currentLabels = new Map(current.map((link) => [link.recordId, new Set(link.labels)]));
  const wanted = new Map(desired.map((link) => [link.recordId, new Set(link.labels)]));
  const spec = (type: AssociationType) => ({ associationCategory: type.category as AssociationSpecAssociationCategoryEnum, associationTypeId: type.typeId });
  const result: LinkResult = { linked: 0, labelsAdded: 0, labelsRemoved: 0 };

  const toAdd: LinkInput[] = [];
  for (const [recordId, labels] of wanted) {
    const existing = currentLabels.get(recordId);
    const missing = [...labels].filter((label) => !existing?.has(label));
    if (existing && missing.length === 0) continue;
    if (!existing) result.linked++;
    result.labelsAdded += missing.length;
    toAdd.push({ _from: { id: dealId }, to: { id: recordId }, types: [...(existing ? [] : [spec(types.default)]), ...missing.map((l) => spec(types[l]))] });
  }

  const toRemove: LinkInput[] = [];
  for (const [recordId, labels] of currentLabels) {
    const stale = [...labels].filter((label) => !wanted.get(recordId)?.has(label));
    if (stale.length === 0) continue;
    result.labelsRemoved += stale.length;
    toRemove.push({ _from: { id: dealId }, to: { id: recordId }, types: stale.map((l) => spec(types[l])) });
  }
  return { toAdd, toRemove, result };
}

/** Sends inputs in chunks of 100 (association create / label archive are idempotent, so retries are safe). */
async function batchWrite<I>(ctx: StoreContext, what: string, inputs: readonly I[], send: (chunk: I[]) => Promise<unknown>, options: CallOptions): Promise<void> {
  let done = 0;
  for (const chunk of chunks(inputs)) {
    try {
      const raw = await ctx.call({ operation: what, idempotent: true }, () => send(chunk), options);
      const errors = raw === undefined ? undefined : parse(associateResponse, raw, what).errors;
      if (errors && errors.length > 0) throw batchFailure(errors, what, { done, total: inputs.length });
    } catch (error) {
      if (error instanceof HubSpotError && done > 0) error.partial ??= { done, total: inputs.length };
      throw error;
    }
    done += chunk.length;
  }
}

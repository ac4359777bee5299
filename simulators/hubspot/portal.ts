// The simulated HubSpot portal: object types, properties, records, schemas, associations, files and pipelines,
// with HubSpot's validation (property existence and types, unique values) and its error answers.
import { createHash } from 'node:crypto';
import type { LoggedRequest } from '../shared/httpServer';
import { badRequest, conflict, contactExists, invalidProperties, notFound, SimHttpError, errorBody, type PropertyProblem } from './errors';

export type SimPropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
const PROPERTY_TYPES: readonly string[] = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'];

export interface SimOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

export interface SimProperty {
  name: string;
  label: string;
  type: SimPropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  displayOrder: number;
  options: SimOption[];
  hasUniqueValue: boolean;
  hubspotDefined: boolean;
  readOnly: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SimGroup {
  name: string;
  label: string;
  displayOrder: number;
}

export interface SimObjectType {
  objectTypeId: string;
  /** The name the API uses in paths for standard objects (deals), or the schema name for custom objects. */
  name: string;
  aliases: string[];
  custom: boolean;
  singular: string;
  /** Properties returned when a read names none. */
  defaultProperties: string[];
  createdProperty: string;
  modifiedProperty: string;
}

export interface SimSchema {
  id: string;
  name: string;
  labels: { singular: string; plural: string };
  description: string | null;
  objectTypeId: string;
  fullyQualifiedName: string;
  primaryDisplayProperty: string;
  secondaryDisplayProperties: string[];
  searchableProperties: string[];
  requiredProperties: string[];
  createdAt: string;
  updatedAt: string;
}

/** One value a property held, as `propertiesWithHistory` answers it (docs/hubspot-calls.md#property-history). */
export interface SimHistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
}

export interface SimRecord {
  id: string;
  objectTypeId: string;
  properties: Record<string, string>;
  /** Each property's values, newest first: one entry per write that set or changed it. */
  history: Record<string, SimHistoryEntry[]>;
  createdAt: string;
  updatedAt: string;
}

export interface SimAssociationType {
  typeId: number;
  inverseTypeId: number;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED';
  label: string | null;
  name: string;
}

export interface SimFolder {
  id: string;
  name: string;
  path: string;
  parentFolderId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SimFile {
  id: string;
  name: string;
  extension: string;
  path: string;
  folderId: string | null;
  data: Buffer;
  contentType: string;
  md5: string;
  access: string;
  url: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: { isClosed: 'true' | 'false'; probability: string };
}

/** A record owner as crm/v3/owners returns one. */
export interface SimOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
}

export interface SimPipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: SimStage[];
}

export interface PropertyInput {
  name: string;
  label: string;
  type: string;
  fieldType?: string;
  groupName?: string;
  description?: string;
  displayOrder?: number;
  options?: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
  hasUniqueValue?: boolean;
}

export interface SearchRequest {
  filterGroups?: { filters?: { propertyName: string; operator: string; value?: unknown; values?: unknown[]; highValue?: unknown }[] }[];
  query?: string;
  sorts?: (string | { propertyName: string; direction?: string })[];
  properties?: string[];
  limit?: number;
  after?: string;
}

const now = () => new Date().toISOString();
const ASSOCIATED_OBJECT_NAMES: Record<string, string> = { DEAL: '0-3', CONTACT: '0-1', NOTE: '0-46' };
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Which side of a stored association (and with which types): from → to. */
type AssociationKey = `${string}:${string}`;

export class SimPortal {
  readonly objectTypes: SimObjectType[] = [];
  readonly properties = new Map<string, Map<string, SimProperty>>();
  readonly groups = new Map<string, Map<string, SimGroup>>();
  readonly records = new Map<string, Map<string, SimRecord>>();
  readonly schemas = new Map<string, SimSchema>();
  readonly associationTypes: SimAssociationType[] = [];
  /** from "type:id" → to "type:id" → association type ids (both directions are stored). */
  readonly associations = new Map<AssociationKey, Map<AssociationKey, Set<number>>>();
  readonly folders = new Map<string, SimFolder>();
  readonly files = new Map<string, SimFile>();
  readonly pipelines: SimPipeline[] = [];
  /** The portal's users who can own records (crm/v3/owners). */
  readonly owners: SimOwner[] = [];

  /** Whether the portal's subscription includes custom objects (Enterprise). */
  customObjectsEnabled = true;
  /** HubSpot's answer to a duplicate unique value is documented as 409; some paths answer 400. */
  uniqueConflictStatus: 409 | 400 = 409;
  /** Write requests received (create, update, delete, upsert, associate, upload), whatever their outcome. */
  writes = 0;
  readonly writeLog: { method: string; path: string }[] = [];
  /** Every request the server answered, in order (the server's log; includes /__files and /__sim reads). */
  requestLog: readonly LoggedRequest[] = [];

  private nextId = 10_001;
  private nextTypeId = 100;
  private nextCustomObject = 1;
  /** Epoch ms of the last record write (history timestamps never repeat). */
  private lastWriteAt = 0;

  constructor(
    readonly portalId: number,
    private readonly publicUrl: () => string,
  ) {}

  /** Deals, contacts and notes by id (custom object records: `records.get(objectTypeId)`). */
  get deals(): ReadonlyMap<string, SimRecord> {
    return this.records.get('0-3') ?? new Map();
  }

  get contacts(): ReadonlyMap<string, SimRecord> {
    return this.records.get('0-1') ?? new Map();
  }

  get notes(): ReadonlyMap<string, SimRecord> {
    return this.records.get('0-46') ?? new Map();
  }

  // ---------- object types ----------

  clear(): void {
    this.objectTypes.splice(0);
    for (const map of [this.properties, this.groups, this.records, this.schemas, this.associations, this.folders, this.files]) map.clear();
    this.associationTypes.splice(0);
    this.pipelines.splice(0);
    this.owners.splice(0);
    this.writes = 0;
    this.writeLog.splice(0);
    this.nextId = 10_001;
    this.nextTypeId = 100;
    this.nextCustomObject = 1;
    this.customObjectsEnabled = true;
    this.uniqueConflictStatus = 409;
  }

  addObjectType(type: SimObjectType): void {
    this.objectTypes.push(type);
    this.properties.set(type.objectTypeId, new Map());
    this.groups.set(type.objectTypeId, new Map());
    this.records.set(type.objectTypeId, new Map());
  }

  findObjectType(ref: string): SimObjectType | undefined {
    const wanted = ref.toLowerCase();
    return this.objectTypes.find((t) => t.objectTypeId === ref || t.aliases.includes(wanted));
  }

  /** The object type a path names; HubSpot answers 400 for names it cannot infer. */
  objectType(ref: string): SimObjectType {
    const found = this.findObjectType(ref);
    if (!found) throw badRequest(`Unable to infer object type from: ${ref}`);
    if (found.custom && !this.customObjectsEnabled) throw customObjectsUnavailable();
    return found;
  }

  // ---------- properties and groups ----------

  propertyMap(objectTypeId: string): Map<string, SimProperty> {
    return this.properties.get(objectTypeId) as Map<string, SimProperty>;
  }

  groupMap(objectTypeId: string): Map<string, SimGroup> {
    return this.groups.get(objectTypeId) as Map<string, SimGroup>;
  }

  createGroup(objectTypeId: string, group: { name?: unknown; label?: unknown; displayOrder?: unknown }): SimGroup {
    if (typeof group.name !== 'string' || !/^[a-z0-9_]+$/.test(group.name)) throw badRequest('Group name must be lowercase letters, digits and underscores.');
    if (typeof group.label !== 'string' || !group.label) throw badRequest('Group label is required.');
    const groups = this.groupMap(objectTypeId);
    if (groups.has(group.name)) throw conflict(`A property group named '${group.name}' already exists.`, 'OBJECT_ALREADY_EXISTS');
    const created = { name: group.name, label: group.label, displayOrder: typeof group.displayOrder === 'number' ? group.displayOrder : -1 };
    groups.set(created.name, created);
    return created;
  }

  /** Creates a property the way the properties API validates it; `hubspotDefined` is for the portal's own defaults. */
  createProperty(objectTypeId: string, input: PropertyInput, options: { hubspotDefined?: boolean; readOnly?: boolean } = {}): SimProperty {
    const props = this.propertyMap(objectTypeId);
    if (typeof input.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(input.name)) throw badRequest(`Property name '${String(input.name)}' is not valid.`);
    if (props.has(input.name)) throw conflict(`Property named '${input.name}' already exists.`, 'OBJECT_ALREADY_EXISTS');
    if (typeof input.label !== 'string' || !input.label) throw badRequest(`Property '${input.name}' needs a label.`);
    if (!PROPERTY_TYPES.includes(input.type)) throw badRequest(`Property '${input.name}' has an unknown type '${String(input.type)}'.`);
    if (!options.hubspotDefined && (typeof input.groupName !== 'string' || !this.groupMap(objectTypeId).has(input.groupName))) {
      throw badRequest(`Property group '${String(input.groupName)}' does not exist.`);
    }
    if (input.type === 'enumeration' && (!Array.isArray(input.options) || input.options.length === 0)) {
      throw badRequest(`Enumeration property '${input.name}' needs options.`);
    }
    const at = now();
    const created: SimProperty = {
      name: input.name,
      label: input.label,
      type: input.type as SimPropertyType,
      fieldType: input.fieldType ?? 'text',
      groupName: input.groupName ?? '',
      description: input.description ?? '',
      displayOrder: input.displayOrder ?? -1,
      options: (input.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false })),
      hasUniqueValue: input.hasUniqueValue ?? false,
      hubspotDefined: options.hubspotDefined ?? false,
      readOnly: options.readOnly ?? false,
      createdAt: at,
      updatedAt: at,
    };
    props.set(created.name, created);
    return created;
  }

  /** Archives a custom property as an admin deleting it does: writes naming it then answer PROPERTY_DOESNT_EXIST. */
  archiveProperty(objectTypeId: string, name: string): void {
    const property = this.propertyMap(objectTypeId).get(name);
    if (!property) throw notFound(`Property ${name} does not exist`);
    if (property.hubspotDefined) throw badRequest(`${name} is a HubSpot-defined property and cannot be archived.`);
    this.propertyMap(objectTypeId).delete(name);
  }

  /**
   * An admin edits a deal pipeline's stages in HubSpot's settings (a stage added, or deleted): the `dealstage` property's
   * options are the pipelines' stages, so they follow. Deals already in a deleted stage keep it, as the 2026-03 API allows.
   */
  setPipelineStages(pipelineId: string, stages: readonly SimStage[]): void {
    const pipeline = this.pipelines.find((candidate) => candidate.id === pipelineId);
    if (!pipeline) throw notFound(`Unable to find pipeline ${pipelineId}`);
    pipeline.stages = stages.map((stage) => ({ ...stage, metadata: { ...stage.metadata } }));
    const dealstage = this.propertyMap('0-3').get('dealstage');
    if (dealstage) {
      dealstage.options = this.pipelines.flatMap((each) => each.stages.map((stage) => ({ label: stage.label, value: stage.id, displayOrder: stage.displayOrder, hidden: false })));
    }
  }

  updateProperty(objectTypeId: string, name: string, patch: Partial<PropertyInput>): SimProperty {
    const property = this.propertyMap(objectTypeId).get(name);
    if (!property) throw notFound(`Property ${name} does not exist`);
    if (property.hubspotDefined && (patch.type || patch.options)) throw badRequest(`${name} is a HubSpot-defined property and cannot be changed this way.`);
    if (patch.type !== undefined) {
      if (!PROPERTY_TYPES.includes(patch.type)) throw badRequest(`Unknown type '${patch.type}'.`);
      property.type = patch.type as SimPropertyType;
    }
    if (patch.label !== undefined) property.label = patch.label;
    if (patch.description !== undefined) property.description = patch.description;
    if (patch.fieldType !== undefined) property.fieldType = patch.fieldType;
    if (patch.groupName !== undefined) property.groupName = patch.groupName;
    if (patch.options !== undefined) {
      property.options = patch.options.map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false }));
    }
    property.updatedAt = now();
    return property;
  }

  // ---------- records ----------

  private recordMap(objectTypeId: string): Map<string, SimRecord> {
    return this.records.get(objectTypeId) as Map<string, SimRecord>;
  }

  /** Validates and normalizes property values as HubSpot stores them (every value is text). */
  private normalize(type: SimObjectType, input: unknown): Record<string, string> {
    if (input === undefined || input === null) return {};
    if (typeof input !== 'object' || Array.isArray(input)) throw badRequest('properties must be an object');
    const props = this.propertyMap(type.objectTypeId);
    const problems: PropertyProblem[] = [];
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
      const property = props.get(name);
      if (!property) {
        problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if (property.readOnly) {
        problems.push({ name, error: 'READ_ONLY_VALUE', message: `${name} is a read only property; its value cannot be set.` });
        continue;
      }
      const value = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
      if (value === undefined) {
        problems.push({ name, error: 'INVALID_TYPE', message: `${name} must be text, a number or a boolean.` });
        continue;
      }
      const normalized = normalizeValue(property, value);
      if (typeof normalized === 'string') out[name] = normalized;
      else problems.push(normalized);
    }
    if (problems.length > 0) throw invalidProperties(problems);
    return out;
  }

  private checkUnique(type: SimObjectType, values: Record<string, string>, exceptId?: string): void {
    const props = this.propertyMap(type.objectTypeId);
    for (const [name, value] of Object.entries(values)) {
      if (!value || !props.get(name)?.hasUniqueValue) continue;
      for (const other of this.recordMap(type.objectTypeId).values()) {
        if (other.id === exceptId || other.properties[name] !== value) continue;
        if (this.uniqueConflictStatus === 400) {
          throw invalidProperties([{ name, error: 'INVALID_UNIQUE_VALUE', message: `${value} already has that value on record ${other.id}; ${name} must be unique.` }]);
        }
        throw conflict(`A ${type.singular} with ${name} "${value}" already exists. Existing ID: ${other.id}`);
      }
    }
  }

  /** Contacts are unique by email, compared without case: another contact's email is a 409 naming it. */
  private checkContactEmail(type: SimObjectType, values: Record<string, string>, exceptId?: string): void {
    const email = values.email?.trim().toLowerCase();
    if (type.objectTypeId !== '0-1' || !email) return;
    const existing = [...this.recordMap('0-1').values()].find((other) => other.id !== exceptId && other.properties.email?.trim().toLowerCase() === email);
    if (existing) throw contactExists(values.email as string, existing.id);
  }

  findRecord(type: SimObjectType, idOrValue: string, idProperty?: string): SimRecord | undefined {
    const records = this.recordMap(type.objectTypeId);
    if (!idProperty || idProperty === 'hs_object_id') return records.get(idOrValue);
    // HubSpot addresses a record by a property's value only when that property holds unique values (400 otherwise).
    this.uniqueIdProperty(type, idProperty);
    for (const record of records.values()) if (record.properties[idProperty] === idOrValue) return record;
    return undefined;
  }

  requireRecord(type: SimObjectType, idOrValue: string, idProperty?: string): SimRecord {
    const found = this.findRecord(type, idOrValue, idProperty);
    if (!found) throw notFound();
    return found;
  }

  private uniqueIdProperty(type: SimObjectType, idProperty: string | undefined): void {
    if (!idProperty || idProperty === 'hs_object_id') return;
    // A contact's email is its unique identifier (docs/hubspot-platform.md), though not a property defined as unique.
    if (type.objectTypeId === '0-1' && idProperty === 'email') return;
    const property = this.propertyMap(type.objectTypeId).get(idProperty);
    if (!property) throw badRequest(`Property "${idProperty}" does not exist`);
    if (!property.hasUniqueValue) throw badRequest(`${idProperty} is not a unique property; idProperty must name a property with unique values.`);
  }

  createRecord(type: SimObjectType, input: unknown): SimRecord {
    const values = this.normalize(type, input);
    this.checkUnique(type, values);
    this.checkContactEmail(type, values);
    if (type.objectTypeId === '0-3') this.checkDealStage(values);
    const schema = this.schemas.get(type.objectTypeId);
    for (const required of schema?.requiredProperties ?? []) {
      if (!values[required]) throw invalidProperties([{ name: required, error: 'REQUIRED_PROPERTY', message: `${required} is required.` }]);
    }
    const id = String(this.nextId++);
    const at = this.writeTime();
    const record: SimRecord = {
      id,
      objectTypeId: type.objectTypeId,
      properties: { ...values, hs_object_id: id, [type.createdProperty]: at, [type.modifiedProperty]: at },
      history: {},
      createdAt: at,
      updatedAt: at,
    };
    if (type.objectTypeId === '0-3') record.properties.pipeline ||= 'default';
    this.remember(record, { ...values, ...(type.objectTypeId === '0-3' ? { pipeline: record.properties.pipeline! } : {}) }, at);
    this.recordMap(type.objectTypeId).set(id, record);
    return record;
  }

  updateRecord(type: SimObjectType, idOrValue: string, input: unknown, idProperty?: string): SimRecord {
    this.uniqueIdProperty(type, idProperty);
    const record = this.requireRecord(type, idOrValue, idProperty);
    const values = this.normalize(type, input);
    this.checkUnique(type, values, record.id);
    this.checkContactEmail(type, values, record.id);
    if (type.objectTypeId === '0-3') this.checkDealStage({ ...record.properties, ...values });
    const at = this.writeTime();
    this.remember(record, Object.fromEntries(Object.entries(values).filter(([name, value]) => record.properties[name] !== value)), at);
    Object.assign(record.properties, values);
    record.updatedAt = at;
    record.properties[type.modifiedProperty] = record.updatedAt;
    return record;
  }

  /**
   * The time of a write: the clock, moved on by a millisecond when two writes would share one, so a record's history
   * keeps the order writes landed in (a simulator choice: docs/simulators.md#property-history).
   */
  private writeTime(): string {
    this.lastWriteAt = Math.max(Date.now(), this.lastWriteAt + 1);
    return new Date(this.lastWriteAt).toISOString();
  }

  /** Adds each written value to its property's history (an unchanged value adds nothing: docs/hubspot-calls.md#property-history). */
  private remember(record: SimRecord, values: Record<string, string>, at: string): void {
    for (const [name, value] of Object.entries(values)) (record.history[name] ??= []).unshift({ value, timestamp: at, sourceType: 'INTEGRATION' });
  }

  archiveRecord(type: SimObjectType, id: string): void {
    const records = this.recordMap(type.objectTypeId);
    if (!records.delete(id)) return;
    const key: AssociationKey = `${type.objectTypeId}:${id}`;
    for (const other of this.associations.get(key)?.keys() ?? []) this.associations.get(other)?.delete(key);
    this.associations.delete(key);
  }

  /** Batch upsert by a unique property: creates what is missing, updates the rest. */
  upsert(type: SimObjectType, inputs: { id?: unknown; idProperty?: unknown; properties?: unknown }[]): { record: SimRecord; created: boolean }[] {
    const seen = new Set<string>();
    for (const input of inputs) {
      if (typeof input.id !== 'string' || !input.id) throw badRequest('Every upsert input needs an id.');
      if (typeof input.idProperty !== 'string') throw badRequest('Every upsert input needs an idProperty.');
      this.uniqueIdProperty(type, input.idProperty);
      if (seen.has(`${input.idProperty}=${input.id}`)) throw badRequest(`Duplicate IDs found in batch input: ${input.id}`);
      seen.add(`${input.idProperty}=${input.id}`);
    }
    // HubSpot validates the whole batch before writing any of it.
    const planned = inputs.map((input) => {
      const idProperty = input.idProperty as string;
      const values = { ...this.normalize(type, input.properties), [idProperty]: input.id as string };
      const existing = this.findRecord(type, input.id as string, idProperty);
      this.checkUnique(type, values, existing?.id);
      return { existing, values, idProperty };
    });
    return planned.map(({ existing, values }) =>
      existing ? { record: this.updateRecord(type, existing.id, values), created: false } : { record: this.createRecord(type, values), created: true },
    );
  }

  search(type: SimObjectType, request: SearchRequest): { results: SimRecord[]; total: number; after?: string } {
    const limit = request.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 0 || limit > 200) throw badRequest('limit must be between 0 and 200');
    const groups = request.filterGroups ?? [];
    if (groups.length > 5 || groups.some((g) => (g.filters ?? []).length > 6)) throw badRequest('Too many filters: at most 5 filter groups of 6 filters.');
    const props = this.propertyMap(type.objectTypeId);
    for (const filter of groups.flatMap((g) => g.filters ?? [])) {
      if (!props.has(filter.propertyName)) throw badRequest(`There was a problem with the request: property ${filter.propertyName} does not exist`);
    }
    let matches = [...this.recordMap(type.objectTypeId).values()].filter(
      (record) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matchesFilter(record, f, props.get(f.propertyName)))),
    );
    if (request.query) {
      const needle = request.query.toLowerCase();
      matches = matches.filter((record) => Object.values(record.properties).some((v) => v.toLowerCase().includes(needle)));
    }
    const sorts = (request.sorts ?? []).map((s) =>
      typeof s === 'string' ? { property: s.replace(/^-/, ''), descending: s.startsWith('-') } : { property: s.propertyName, descending: s.direction === 'DESCENDING' },
    );
    matches.sort((a, b) => {
      for (const sort of sorts) {
        const order = compareValues(a.properties[sort.property], b.properties[sort.property], props.get(sort.property));
        if (order !== 0) return sort.descending ? -order : order;
      }
      return Number(a.id) - Number(b.id);
    });
    const offset = Number(request.after ?? 0) || 0;
    const page = matches.slice(offset, offset + limit);
    const next = offset + limit < matches.length ? String(offset + limit) : undefined;
    return { results: page, total: matches.length, ...(next ? { after: next } : {}) };
  }

  /** A record as the v3 objects API returns it: requested properties (null when unset) plus the always-sent ones. */
  recordJson(record: SimRecord, requested?: string[], extra: Record<string, unknown> = {}, withHistory?: string[]) {
    const type = this.objectTypes.find((t) => t.objectTypeId === record.objectTypeId) as SimObjectType;
    const names = requested && requested.length > 0 ? requested : type.defaultProperties;
    const known = this.propertyMap(type.objectTypeId);
    const properties: Record<string, string | null> = {};
    for (const name of [...names, 'hs_object_id', type.createdProperty, type.modifiedProperty]) {
      if (known.has(name)) properties[name] = record.properties[name] ?? null;
    }
    // Properties the object does not have are left out, as HubSpot ignores them (docs/hubspot-calls.md#property-history).
    const history = withHistory?.filter((name) => known.has(name)).map((name) => [name, (record.history[name] ?? []).map((entry) => ({ ...entry }))]);
    const propertiesWithHistory = history && history.length > 0 ? { propertiesWithHistory: Object.fromEntries(history) } : {};
    return { id: record.id, properties, ...propertiesWithHistory, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: false, ...extra };
  }

  private checkDealStage(values: Record<string, string>): void {
    const pipeline = this.pipelines.find((p) => p.id === (values.pipeline || 'default'));
    if (!pipeline) throw invalidProperties([{ name: 'pipeline', error: 'INVALID_OPTION', message: `${values.pipeline} is not a valid pipeline` }]);
    if (values.dealstage && !pipeline.stages.some((s) => s.id === values.dealstage)) {
      throw invalidProperties([{ name: 'dealstage', error: 'INVALID_OPTION', message: `${values.dealstage} is not a valid stage of pipeline ${pipeline.id}` }]);
    }
  }

  // ---------- associations ----------

  typesBetween(fromObjectTypeId: string, toObjectTypeId: string): SimAssociationType[] {
    return this.associationTypes.filter((t) => t.fromObjectTypeId === fromObjectTypeId && t.toObjectTypeId === toObjectTypeId);
  }

  /** Defines an association type pair (from → to and its inverse); returns [forward, inverse]. */
  defineAssociationType(
    from: string,
    to: string,
    spec: { category: SimAssociationType['category']; label: string | null; name: string; inverseLabel?: string | null; typeId?: number; inverseTypeId?: number },
  ): [SimAssociationType, SimAssociationType] {
    const typeId = spec.typeId ?? this.nextTypeId++;
    const inverseTypeId = spec.inverseTypeId ?? (from === to ? typeId : this.nextTypeId++);
    const forward: SimAssociationType = { typeId, inverseTypeId, fromObjectTypeId: from, toObjectTypeId: to, category: spec.category, label: spec.label, name: spec.name };
    const inverse: SimAssociationType = {
      typeId: inverseTypeId,
      inverseTypeId: typeId,
      fromObjectTypeId: to,
      toObjectTypeId: from,
      category: spec.category,
      label: spec.inverseLabel ?? spec.label,
      name: spec.inverseLabel ? `${spec.name}_inverse` : spec.name,
    };
    this.associationTypes.push(forward);
    if (inverse.typeId !== forward.typeId) this.associationTypes.push(inverse);
    return [forward, inverse];
  }

  createLabel(from: string, to: string, body: { label?: unknown; name?: unknown; inverseLabel?: unknown }): [SimAssociationType, SimAssociationType] {
    if (typeof body.label !== 'string' || !body.label.trim()) throw badRequest('label is required');
    if (typeof body.name !== 'string' || !/^[a-z0-9_]+$/.test(body.name)) throw badRequest('name must be lowercase letters, digits and underscores');
    const existing = this.typesBetween(from, to);
    if (!existing.some((t) => t.label === null)) throw badRequest(`Objects of type ${from} and ${to} cannot be associated.`);
    if (existing.some((t) => t.name === body.name || t.label === body.label)) throw conflict(`An association label named ${String(body.name)} already exists.`);
    return this.defineAssociationType(from, to, {
      category: 'USER_DEFINED',
      label: body.label,
      name: body.name,
      inverseLabel: typeof body.inverseLabel === 'string' ? body.inverseLabel : null,
    });
  }

  /** Validates an association type id for from → to. */
  associationType(from: string, to: string, typeId: unknown, category?: unknown): SimAssociationType {
    const type = this.typesBetween(from, to).find((t) => t.typeId === typeId);
    if (!type || (category !== undefined && category !== type.category)) {
      throw badRequest(`${String(category ?? '')} ${String(typeId)} is not a valid association type between ${from} and ${to}.`);
    }
    return type;
  }

  associate(from: SimRecord, to: SimRecord, types: SimAssociationType[]): void {
    const a: AssociationKey = `${from.objectTypeId}:${from.id}`;
    const b: AssociationKey = `${to.objectTypeId}:${to.id}`;
    for (const type of types) {
      this.edge(a, b).add(type.typeId);
      this.edge(b, a).add(type.inverseTypeId);
    }
  }

  /** Removes some types; the association disappears when no type is left. */
  dissociate(from: SimRecord, to: SimRecord, types?: SimAssociationType[]): void {
    const a: AssociationKey = `${from.objectTypeId}:${from.id}`;
    const b: AssociationKey = `${to.objectTypeId}:${to.id}`;
    const forward = this.associations.get(a)?.get(b);
    const backward = this.associations.get(b)?.get(a);
    for (const type of types ?? []) {
      forward?.delete(type.typeId);
      backward?.delete(type.inverseTypeId);
    }
    if (!types || forward?.size === 0) this.associations.get(a)?.delete(b);
    if (!types || backward?.size === 0) this.associations.get(b)?.delete(a);
  }

  private edge(a: AssociationKey, b: AssociationKey): Set<number> {
    let targets = this.associations.get(a);
    if (!targets) this.associations.set(a, (targets = new Map()));
    let types = targets.get(b);
    if (!types) targets.set(b, (types = new Set()));
    return types;
  }

  /** Records of `toObjectTypeId` associated with the record, with their association types, by id. */
  associated(record: SimRecord, toObjectTypeId: string): { toId: string; types: SimAssociationType[] }[] {
    const out: { toId: string; types: SimAssociationType[] }[] = [];
    for (const [key, typeIds] of this.associations.get(`${record.objectTypeId}:${record.id}`) ?? []) {
      const [typeId, id] = key.split(':') as [string, string];
      if (typeId !== toObjectTypeId) continue;
      const types = [...typeIds].flatMap((t) => this.associationTypes.filter((def) => def.typeId === t && def.fromObjectTypeId === record.objectTypeId));
      out.push({ toId: id, types });
    }
    return out.sort((x, y) => Number(x.toId) - Number(y.toId));
  }

  // ---------- custom object schemas ----------

  createSchema(egg: Record<string, unknown>): SimSchema {
    if (!this.customObjectsEnabled) throw customObjectsUnavailable();
    const name = egg.name;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name)) throw badRequest('Schema name must be lowercase letters, digits and underscores.');
    if ([...this.schemas.values()].some((s) => s.name === name)) throw conflict(`Object type with name ${name} already exists.`);
    const labels = egg.labels as { singular?: unknown; plural?: unknown } | undefined;
    if (typeof labels?.singular !== 'string' || typeof labels?.plural !== 'string') throw badRequest('labels.singular and labels.plural are required.');
    const properties = Array.isArray(egg.properties) ? (egg.properties as PropertyInput[]) : [];
    const names = new Set(properties.map((p) => p.name));
    const listOf = (key: string) => (Array.isArray(egg[key]) ? (egg[key] as unknown[]).map(String) : []);
    const primary = typeof egg.primaryDisplayProperty === 'string' ? egg.primaryDisplayProperty : undefined;
    for (const [key, list] of [
      ['requiredProperties', listOf('requiredProperties')],
      ['searchableProperties', listOf('searchableProperties')],
      ['secondaryDisplayProperties', listOf('secondaryDisplayProperties')],
      ['primaryDisplayProperty', primary ? [primary] : []],
    ] as const) {
      const unknown = list.filter((p) => !names.has(p));
      if (unknown.length > 0) throw badRequest(`${key} names properties the schema does not define: ${unknown.join(', ')}`);
    }
    const associated = listOf('associatedObjects').map((ref) => ASSOCIATED_OBJECT_NAMES[ref] ?? this.findObjectType(ref)?.objectTypeId);
    if (associated.some((id) => id === undefined)) throw badRequest(`associatedObjects names an unknown object: ${listOf('associatedObjects').join(', ')}`);

    const objectTypeId = `2-${9_000_000 + this.nextCustomObject++}`;
    const fullyQualifiedName = `p${this.portalId}_${name}`;
    const at = now();
    const schema: SimSchema = {
      id: objectTypeId.slice(2),
      name,
      labels: { singular: labels.singular, plural: labels.plural },
      description: typeof egg.description === 'string' ? egg.description : null,
      objectTypeId,
      fullyQualifiedName,
      primaryDisplayProperty: primary ?? 'hs_object_id',
      secondaryDisplayProperties: listOf('secondaryDisplayProperties'),
      searchableProperties: listOf('searchableProperties'),
      requiredProperties: listOf('requiredProperties'),
      createdAt: at,
      updatedAt: at,
    };
    this.addObjectType({
      objectTypeId,
      name,
      aliases: [fullyQualifiedName.toLowerCase(), `p_${name}`],
      custom: true,
      singular: labels.singular,
      defaultProperties: [schema.primaryDisplayProperty],
      createdProperty: 'hs_createdate',
      modifiedProperty: 'hs_lastmodifieddate',
    });
    const groupName = `${name}_information`;
    this.createGroup(objectTypeId, { name: groupName, label: `${labels.singular} information`, displayOrder: -1 });
    this.createProperty(objectTypeId, { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number' }, { hubspotDefined: true, readOnly: true });
    this.createProperty(objectTypeId, { name: 'hs_createdate', label: 'Object create date/time', type: 'datetime', fieldType: 'date' }, { hubspotDefined: true, readOnly: true });
    this.createProperty(objectTypeId, { name: 'hs_lastmodifieddate', label: 'Object last modified date/time', type: 'datetime', fieldType: 'date' }, { hubspotDefined: true, readOnly: true });
    try {
      for (const property of properties) this.createProperty(objectTypeId, { ...property, groupName: property.groupName ?? groupName });
    } catch (error) {
      this.removeObjectType(objectTypeId);
      throw error;
    }
    this.schemas.set(objectTypeId, schema);
    for (const to of associated as string[]) this.associateSchema(objectTypeId, to);
    return schema;
  }

  private removeObjectType(objectTypeId: string): void {
    const index = this.objectTypes.findIndex((t) => t.objectTypeId === objectTypeId);
    if (index >= 0) this.objectTypes.splice(index, 1);
    this.properties.delete(objectTypeId);
    this.groups.delete(objectTypeId);
    this.records.delete(objectTypeId);
  }

  /** The default (unlabeled) association between a custom object and another object type. */
  associateSchema(objectTypeId: string, toObjectTypeId: string): SimAssociationType {
    const existing = this.typesBetween(objectTypeId, toObjectTypeId).find((t) => t.label === null);
    if (existing) throw conflict(`${objectTypeId} is already associated with ${toObjectTypeId}.`);
    const schema = this.schemas.get(objectTypeId);
    const toName = this.objectTypes.find((t) => t.objectTypeId === toObjectTypeId)?.singular ?? toObjectTypeId;
    return this.defineAssociationType(objectTypeId, toObjectTypeId, { category: 'USER_DEFINED', label: null, name: `${schema?.name ?? objectTypeId}_to_${toName}` })[0];
  }

  schemaFor(ref: string): SimSchema {
    if (!this.customObjectsEnabled) throw customObjectsUnavailable();
    const type = this.findObjectType(ref);
    const schema = type ? this.schemas.get(type.objectTypeId) : undefined;
    if (!schema) throw notFound(`Unable to find object type ${ref}`);
    return schema;
  }

  schemaJson(schema: SimSchema) {
    return {
      ...schema,
      archived: false,
      properties: [...this.propertyMap(schema.objectTypeId).values()].map(propertyJson),
      associations: this.associationTypes
        .filter((t) => t.fromObjectTypeId === schema.objectTypeId && t.label === null)
        .map((t) => ({ id: String(t.typeId), fromObjectTypeId: t.fromObjectTypeId, toObjectTypeId: t.toObjectTypeId, name: t.name, createdAt: schema.createdAt, updatedAt: schema.updatedAt })),
    };
  }

  // ---------- files ----------

  folderByPath(path: string): SimFolder | undefined {
    const wanted = normalizePath(path);
    return [...this.folders.values()].find((f) => f.path === wanted);
  }

  createFolder(input: { name?: unknown; parentFolderId?: unknown; parentPath?: unknown }): SimFolder {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.includes('/')) throw badRequest('Folder name is required and may not contain "/".');
    let parent: SimFolder | undefined;
    if (typeof input.parentFolderId === 'string' && input.parentFolderId) {
      parent = this.folders.get(input.parentFolderId);
      if (!parent) throw notFound(`Folder ${input.parentFolderId} does not exist`);
    } else if (typeof input.parentPath === 'string' && normalizePath(input.parentPath) !== '') {
      parent = this.folderByPath(input.parentPath);
      if (!parent) throw notFound(`Folder ${input.parentPath} does not exist`);
    }
    const path = `${parent?.path ?? ''}/${input.name}`;
    if (this.folderByPath(path)) throw conflict(`A folder already exists at ${path}`);
    const at = now();
    const folder: SimFolder = { id: String(this.nextId++), name: input.name, path, parentFolderId: parent?.id ?? null, createdAt: at, updatedAt: at };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** Upload creates the folders of a missing folderPath, as HubSpot's file manager does. */
  ensureFolderPath(path: string): SimFolder | undefined {
    let parent: SimFolder | undefined;
    for (const name of normalizePath(path).split('/').filter(Boolean)) {
      parent = this.folderByPath(`${parent?.path ?? ''}/${name}`) ?? this.createFolder({ name, parentFolderId: parent?.id });
    }
    return parent;
  }

  uploadFile(input: { data: Buffer; originalName: string; contentType?: string; folder?: SimFolder; fileName?: string; access: string; duplicate: { strategy: string; scope: string } }): SimFile {
    const md5 = createHash('md5').update(input.data).digest('hex');
    const inScope = [...this.files.values()].filter((f) => f.md5 === md5 && (input.duplicate.scope === 'ENTIRE_PORTAL' || f.folderId === (input.folder?.id ?? null)));
    if (inScope.length > 0 && input.duplicate.strategy === 'RETURN_EXISTING') return inScope[0] as SimFile;
    if (inScope.length > 0 && input.duplicate.strategy === 'REJECT') throw conflict(`A file with the same contents already exists: ${inScope[0]?.path}`);
    const wanted = input.fileName || input.originalName || 'file';
    const dot = wanted.lastIndexOf('.');
    const extension = (dot > 0 ? wanted.slice(dot + 1) : input.originalName.split('.').pop() ?? '').toLowerCase();
    const base = dot > 0 ? wanted.slice(0, dot) : wanted;
    let name = base;
    for (let n = 1; [...this.files.values()].some((f) => f.folderId === (input.folder?.id ?? null) && f.name === name && f.extension === extension); n++) name = `${base}-${n}`;
    const id = String(this.nextId++);
    const at = now();
    const file: SimFile = {
      id,
      name,
      extension,
      path: `${input.folder?.path ?? ''}/${name}${extension ? `.${extension}` : ''}`,
      folderId: input.folder?.id ?? null,
      data: input.data,
      contentType: input.contentType ?? contentTypeOf(extension),
      md5,
      access: input.access,
      url: `${this.publicUrl()}/__files/${id}/${encodeURIComponent(name)}${extension ? `.${extension}` : ''}`,
      createdAt: at,
      updatedAt: at,
    };
    this.files.set(id, file);
    return file;
  }
}

export const propertyJson = (p: SimProperty) => ({
  name: p.name,
  label: p.label,
  type: p.type,
  fieldType: p.fieldType,
  groupName: p.groupName,
  description: p.description,
  displayOrder: p.displayOrder,
  options: p.options,
  hasUniqueValue: p.hasUniqueValue,
  hubspotDefined: p.hubspotDefined,
  calculated: false,
  externalOptions: false,
  formField: !p.readOnly,
  hidden: false,
  modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined, readOnlyValue: p.readOnly },
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  archived: false,
});

export function customObjectsUnavailable(): SimHttpError {
  // Not documented precisely; HubSpot refuses schema calls from portals whose subscription lacks custom objects.
  return new SimHttpError(403, errorBody('FORBIDDEN', 'This portal does not have access to custom objects. Custom objects require an Enterprise subscription.'));
}

function normalizePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function contentTypeOf(extension: string): string {
  return { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', pdf: 'application/pdf', dxf: 'application/dxf' }[extension] ?? 'application/octet-stream';
}

function toTime(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** A value as HubSpot stores it, or the problem HubSpot reports for it. */
export function normalizeValue(property: SimProperty, value: string): string | PropertyProblem {
  if (value === '') return '';
  const problem = (error: string, message: string): PropertyProblem => ({ name: property.name, error, message });
  switch (property.type) {
    case 'number':
      return NUMBER.test(value.trim()) ? String(Number(value.trim())) : problem('INVALID_FLOAT', `${value} was not a valid number.`);
    case 'bool':
      return /^(true|false)$/i.test(value) ? value.toLowerCase() : problem('INVALID_BOOLEAN', `${value} was not a valid boolean (true or false).`);
    case 'datetime': {
      const time = toTime(value);
      return Number.isFinite(time) ? new Date(time).toISOString() : problem('INVALID_DATE', `${value} was not a valid date-time.`);
    }
    case 'date': {
      const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : toTime(value);
      if (!Number.isFinite(time) || time % 86_400_000 !== 0) return problem('INVALID_DATE', `${value} is not a date at midnight UTC.`);
      return new Date(time).toISOString().slice(0, 10);
    }
    case 'enumeration': {
      const chosen = property.fieldType === 'checkbox' ? value.split(';') : [value];
      const allowed = property.options.map((o) => o.value);
      const bad = chosen.find((v) => !allowed.includes(v));
      return bad === undefined ? value : problem('INVALID_OPTION', `${bad} was not one of the allowed options: [${allowed.join(', ')}]`);
    }
    default:
      return value.length <= 65_536 ? value : problem('INVALID_STRING', `${property.name} is longer than 65536 characters.`);
  }
}

function compareValues(a: string | undefined, b: string | undefined, property: SimProperty | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === '') return 1;
  if (b === undefined || b === '') return -1;
  if (property?.type === 'number') return Number(a) - Number(b);
  if (property?.type === 'datetime' || property?.type === 'date') return toTime(a) - toTime(b);
  return a.localeCompare(b);
}

function matchesFilter(record: SimRecord, filter: { operator: string; value?: unknown; values?: unknown[]; highValue?: unknown; propertyName: string }, property: SimProperty | undefined): boolean {
  const actual = record.properties[filter.propertyName];
  const has = actual !== undefined && actual !== '';
  const same = (expected: unknown) => {
    if (!has || expected === undefined || expected === null) return false;
    const wanted = String(expected);
    if (property?.type === 'number') return Number(actual) === Number(wanted);
    if (property?.type === 'datetime' || property?.type === 'date') return toTime(actual) === toTime(wanted);
    return actual.toLowerCase() === wanted.toLowerCase();
  };
  const compare = (expected: unknown) => (has && expected !== undefined ? compareValues(actual, String(expected), property) : NaN);
  switch (filter.operator) {
    case 'EQ':
      return same(filter.value);
    case 'NEQ':
      return !same(filter.value);
    case 'IN':
      return (filter.values ?? []).some(same);
    case 'NOT_IN':
      return !(filter.values ?? []).some(same);
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'GT':
      return compare(filter.value) > 0;
    case 'GTE':
      return compare(filter.value) >= 0;
    case 'LT':
      return compare(filter.value) < 0;
    case 'LTE':
      return compare(filter.value) <= 0;
    case 'BETWEEN':
      return compare(filter.value) >= 0 && compare(filter.highValue) <= 0;
    case 'CONTAINS_TOKEN':
      return has && actual.toLowerCase().includes(String(filter.value ?? '').replace(/\*/g, '').toLowerCase());
    default:
      throw badRequest(`Unknown filter operator ${filter.operator}`);
  }
}

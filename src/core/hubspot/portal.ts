// Portal set-up reads and writes the installer needs: property groups, properties, the object schema, labels, folders.
import type { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate';
import { z } from 'zod';
import type { PropertyDefinition } from '../dataModel';
import { batchErrorsSchema, batchFailure, idSchema, parse, type ObjectRef, type StoreContext } from './context';
import { HubSpotNotFoundError } from './errors';
import type { CallOptions } from './runner';

export interface PortalProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string | null;
  hasUniqueValue: boolean;
  options: { label: string; value: string }[];
  /** HubSpot computes the value (calculated, or `modificationMetadata.readOnlyValue`): nothing may write it. */
  readOnly: boolean;
}

export interface PropertyGroupInfo {
  name: string;
  label: string;
}

export interface SchemaInfo {
  name: string;
  objectTypeId: string;
  fullyQualifiedName: string;
  primaryDisplayProperty: string | null;
  searchableProperties: string[];
  requiredProperties: string[];
  /** Object type ids this object is associated with (e.g. 0-3 for deals). */
  associatedObjectTypeIds: string[];
  properties: PortalProperty[];
}

export interface SchemaEgg {
  name: string;
  labels: { singular: string; plural: string };
  description: string;
  primaryDisplayProperty: string;
  secondaryDisplayProperties: readonly string[];
  searchableProperties: readonly string[];
  requiredProperties: readonly string[];
  associatedObjects: readonly string[];
  properties: readonly PropertyDefinition[];
}

export interface AssociationLabelInfo {
  typeId: number;
  label: string | null;
  category: string;
}

export interface FolderInfo {
  id: string;
  path: string;
}

/** Object types as the properties API names them: a standard name or a custom object type id. */
export type PropertyObject = ObjectRef | (string & {});

export interface PortalOps {
  listPropertyGroups(object: PropertyObject, options?: CallOptions): Promise<PropertyGroupInfo[]>;
  createPropertyGroup(object: PropertyObject, group: { name: string; label: string; displayOrder?: number }, options?: CallOptions): Promise<void>;
  listProperties(object: PropertyObject, options?: CallOptions): Promise<PortalProperty[]>;
  /** One batch call for all the given properties, in `groupName`. */
  createProperties(object: PropertyObject, definitions: readonly PropertyDefinition[], groupName: string, options?: CallOptions): Promise<void>;
  /** Replaces an enumeration property's options (the installer only ever adds missing ones). */
  updatePropertyOptions(object: PropertyObject, name: string, options: readonly { label: string; value: string; displayOrder: number }[], callOptions?: CallOptions): Promise<void>;
  listSchemas(options?: CallOptions): Promise<SchemaInfo[]>;
  createSchema(egg: SchemaEgg, options?: CallOptions): Promise<SchemaInfo>;
  updateSchemaSearchable(objectTypeId: string, searchableProperties: readonly string[], options?: CallOptions): Promise<void>;
  /** Associates the custom object with another object type (e.g. 0-3 deals). */
  createSchemaAssociation(objectTypeId: string, toObjectTypeId: string, name: string, options?: CallOptions): Promise<void>;
  listAssociationLabels(from: string, to: string, options?: CallOptions): Promise<AssociationLabelInfo[]>;
  createAssociationLabel(from: string, to: string, label: { label: string; name: string }, options?: CallOptions): Promise<void>;
  /** The folder at a path like "/Aurora Solar/Screenshots", or null. */
  getFolder(path: string, options?: CallOptions): Promise<FolderInfo | null>;
  createFolder(folder: { name: string; parentFolderId?: string }, options?: CallOptions): Promise<FolderInfo>;
}

const propertySchema = z.looseObject({
  name: z.string(),
  label: z.string().default(''),
  type: z.string(),
  fieldType: z.string().default(''),
  groupName: z.string().nullish(),
  hasUniqueValue: z.boolean().optional(),
  options: z.array(z.looseObject({ label: z.string(), value: z.string() })).default([]),
  calculated: z.boolean().optional(),
  modificationMetadata: z.looseObject({ readOnlyValue: z.boolean().optional() }).optional(),
});

const toPortalProperty = (p: z.infer<typeof propertySchema>): PortalProperty => ({
  name: p.name,
  label: p.label,
  type: p.type,
  fieldType: p.fieldType,
  groupName: p.groupName ?? null,
  hasUniqueValue: p.hasUniqueValue ?? false,
  options: p.options.map(({ label, value }) => ({ label, value })),
  readOnly: p.calculated === true || p.modificationMetadata?.readOnlyValue === true,
});

const schemaSchema = z.looseObject({
  name: z.string(),
  objectTypeId: z.string(),
  fullyQualifiedName: z.string().optional(),
  primaryDisplayProperty: z.string().nullish(),
  searchableProperties: z.array(z.string()).default([]),
  requiredProperties: z.array(z.string()).default([]),
  associations: z.array(z.looseObject({ fromObjectTypeId: z.string(), toObjectTypeId: z.string() })).default([]),
  properties: z.array(propertySchema).default([]),
});

const toSchemaInfo = (s: z.infer<typeof schemaSchema>): SchemaInfo => ({
  name: s.name,
  objectTypeId: s.objectTypeId,
  fullyQualifiedName: s.fullyQualifiedName ?? s.objectTypeId,
  primaryDisplayProperty: s.primaryDisplayProperty ?? null,
  searchableProperties: s.searchableProperties,
  requiredProperties: s.requiredProperties,
  associatedObjectTypeIds: s.associations.map((a) => (a.fromObjectTypeId === s.objectTypeId ? a.toObjectTypeId : a.fromObjectTypeId)),
  properties: s.properties.map(toPortalProperty),
});

const propertyCreate = (d: PropertyDefinition) => ({
  name: d.name,
  label: d.label,
  type: d.type as PropertyCreateTypeEnum,
  fieldType: d.fieldType as PropertyCreateFieldTypeEnum,
  description: d.description,
  ...(d.options ? { options: d.options.map((o) => ({ ...o, hidden: false })) } : {}),
  ...(d.hasUniqueValue ? { hasUniqueValue: true } : {}),
});

/** The portal set-up operations over one store context. */
export function portalOps(ctx: StoreContext): PortalOps {
  return {
    listPropertyGroups: (...args) => listPropertyGroups(ctx, ...args),
    createPropertyGroup: (...args) => createPropertyGroup(ctx, ...args),
    listProperties: (...args) => listProperties(ctx, ...args),
    createProperties: (...args) => createProperties(ctx, ...args),
    updatePropertyOptions: (...args) => updatePropertyOptions(ctx, ...args),
    listSchemas: (...args) => listSchemas(ctx, ...args),
    createSchema: (...args) => createSchema(ctx, ...args),
    updateSchemaSearchable: (...args) => updateSchemaSearchable(ctx, ...args),
    createSchemaAssociation: (...args) => createSchemaAssociation(ctx, ...args),
    listAssociationLabels: (...args) => listAssociationLabels(ctx, ...args),
    createAssociationLabel: (...args) => createAssociationLabel(ctx, ...args),
    getFolder: (...args) => getFolder(ctx, ...args),
    createFolder: (...args) => createFolder(ctx, ...args),
  };
}

const isObjectRef = (object: PropertyObject): object is ObjectRef => ['deals', 'contacts', 'notes', 'aurora_design'].includes(object);

/** The object type id the properties API wants: the store resolves its own names (aurora_design), others pass as given. */
function objectTypeOf(ctx: StoreContext, object: PropertyObject, options?: CallOptions): Promise<string> {
  return isObjectRef(object) ? ctx.objectType(object, options) : Promise.resolve(object);
}

async function listPropertyGroups(ctx: StoreContext, object: PropertyObject, options: CallOptions = {}): Promise<PropertyGroupInfo[]> {
  const objectType = await objectTypeOf(ctx, object, options);
  const what = `read the ${object} property groups`;
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.properties.groupsApi.getAll(objectType), options);
  return parse(z.looseObject({ results: z.array(z.looseObject({ name: z.string(), label: z.string() })) }), raw, what).results.map(({ name, label }) => ({ name, label }));
}

async function createPropertyGroup(ctx: StoreContext, object: PropertyObject, group: { name: string; label: string; displayOrder?: number }, options: CallOptions = {}): Promise<void> {
  const objectType = await objectTypeOf(ctx, object, options);
  await ctx.call({ operation: `create the ${group.name} property group`, idempotent: false }, () => ctx.client.crm.properties.groupsApi.create(objectType, group), options);
}

async function listProperties(ctx: StoreContext, object: PropertyObject, options: CallOptions = {}): Promise<PortalProperty[]> {
  const objectType = await objectTypeOf(ctx, object, options);
  const what = `read the ${object} properties`;
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.properties.coreApi.getAll(objectType), options);
  return parse(z.looseObject({ results: z.array(propertySchema) }), raw, what).results.map(toPortalProperty);
}

async function createProperties(ctx: StoreContext, object: PropertyObject, definitions: readonly PropertyDefinition[], groupName: string, options: CallOptions = {}): Promise<void> {
  if (definitions.length === 0) return;
  const objectType = await objectTypeOf(ctx, object, options);
  const what = `create ${object} properties`;
  const raw = await ctx.call(
    { operation: what, idempotent: false },
    () => ctx.client.crm.properties.batchApi.create(objectType, { inputs: definitions.map((d) => ({ ...propertyCreate(d), groupName })) }),
    options,
  );
  const errors = parse(z.looseObject({ errors: batchErrorsSchema }), raw, what).errors;
  if (errors && errors.length > 0) throw batchFailure(errors, what);
}

async function updatePropertyOptions(
  ctx: StoreContext,
  object: PropertyObject,
  name: string,
  propertyOptions: readonly { label: string; value: string; displayOrder: number }[],
  options: CallOptions = {},
): Promise<void> {
  const objectType = await objectTypeOf(ctx, object, options);
  await ctx.call(
    { operation: `update the options of ${name}`, idempotent: true },
    () => ctx.client.crm.properties.coreApi.update(objectType, name, { options: propertyOptions.map((o) => ({ ...o, hidden: false })) }),
    options,
  );
}

async function listSchemas(ctx: StoreContext, options: CallOptions = {}): Promise<SchemaInfo[]> {
  const what = 'read the custom object schemas';
  const raw = await ctx.call({ operation: what, idempotent: true, subscriptionFeature: true }, () => ctx.client.crm.schemas.coreApi.getAll(), options);
  return parse(z.looseObject({ results: z.array(schemaSchema) }), raw, what).results.map(toSchemaInfo);
}

async function createSchema(ctx: StoreContext, egg: SchemaEgg, options: CallOptions = {}): Promise<SchemaInfo> {
  const what = `create the ${egg.labels.singular} object`;
  const create = {
    name: egg.name,
    labels: egg.labels,
    description: egg.description,
    primaryDisplayProperty: egg.primaryDisplayProperty,
    secondaryDisplayProperties: [...egg.secondaryDisplayProperties],
    searchableProperties: [...egg.searchableProperties],
    requiredProperties: [...egg.requiredProperties],
    associatedObjects: [...egg.associatedObjects],
    properties: egg.properties.map((d) => ({ ...propertyCreate(d), fieldType: d.fieldType })) as never,
  };
  const raw = await ctx.call({ operation: what, idempotent: false, subscriptionFeature: true }, () => ctx.client.crm.schemas.coreApi.create(create), options);
  return toSchemaInfo(parse(schemaSchema, raw, what));
}

async function updateSchemaSearchable(ctx: StoreContext, objectTypeId: string, searchableProperties: readonly string[], options: CallOptions = {}): Promise<void> {
  await ctx.call(
    { operation: 'update the searchable properties of the Aurora Design object', idempotent: true, subscriptionFeature: true },
    () => ctx.client.crm.schemas.coreApi.update(objectTypeId, { searchableProperties: [...searchableProperties] }),
    options,
  );
}

async function createSchemaAssociation(ctx: StoreContext, objectTypeId: string, toObjectTypeId: string, name: string, options: CallOptions = {}): Promise<void> {
  await ctx.call(
    { operation: 'associate the Aurora Design object with deals', idempotent: false, subscriptionFeature: true },
    () => ctx.client.crm.schemas.coreApi.createAssociation(objectTypeId, { fromObjectTypeId: objectTypeId, toObjectTypeId, name }),
    options,
  );
}

async function listAssociationLabels(ctx: StoreContext, from: string, to: string, options: CallOptions = {}): Promise<AssociationLabelInfo[]> {
  const what = 'read the association labels';
  const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.associations.v4.schema.definitionsApi.getAll(from, to), options);
  return parse(z.looseObject({ results: z.array(z.looseObject({ typeId: z.number(), category: z.string(), label: z.string().nullish() })) }), raw, what).results.map(
    (t) => ({ typeId: t.typeId, category: t.category, label: t.label ?? null }),
  );
}

async function createAssociationLabel(ctx: StoreContext, from: string, to: string, label: { label: string; name: string }, options: CallOptions = {}): Promise<void> {
  await ctx.call(
    { operation: `create the "${label.label}" association label`, idempotent: false },
    () => ctx.client.crm.associations.v4.schema.definitionsApi.create(from, to, label),
    options,
  );
}

const folderSchema = z.looseObject({ id: idSchema, path: z.string().optional() });

async function getFolder(ctx: StoreContext, path: string, options: CallOptions = {}): Promise<FolderInfo | null> {
  const what = `read the ${path} folder`;
  try {
    const raw = await ctx.call({ operation: what, idempotent: true, subject: `the folder ${path}` }, () => ctx.client.files.foldersApi.getByPath(path), options);
    const folder = parse(folderSchema, raw, what);
    return { id: folder.id, path: folder.path ?? path };
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  }
}

async function createFolder(ctx: StoreContext, folder: { name: string; parentFolderId?: string }, options: CallOptions = {}): Promise<FolderInfo> {
  const what = `create the ${folder.name} folder`;
  const raw = await ctx.call({ operation: what, idempotent: false }, () => ctx.client.files.foldersApi.create(folder), options);
  const created = parse(folderSchema, raw, what);
  return { id: created.id, path: created.path ?? folder.name };
}

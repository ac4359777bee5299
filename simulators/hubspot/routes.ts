// The HubSpot REST routes @hubspot/api-client v14 calls (CRM v3 objects/properties/pipelines, v4 associations and
// labels, object schemas, files), answered with HubSpot's status codes and error bodies.
/*
 * API (Bearer token with scopes; rate limited; `:objectType` is deals|contacts|notes, 0-3|0-1|0-46, or a custom
 * object's 2-… id / p<portal>_<name>):
 *   GET    /crm/v3/objects/:objectType[/:id]           list, read (?properties=a&properties=b or a,b; ?idProperty=)
 *   POST   /crm/v3/objects/:objectType                 create 201 (with associations)   PATCH/DELETE …/:id 200/204
 *   POST   /crm/v3/objects/:objectType/search          filterGroups (EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, GT…), sorts
 *   POST   /crm/v3/objects/:objectType/batch/{read,create,update,upsert,archive}   100 inputs; 207 on partial failure
 *   GET    /crm/v4/objects/:type/:id/associations/:toType          PUT/DELETE …/:toType/:toId; PUT …/default/:toType/:toId
 *   POST   /crm/v4/associations/:from/:to/batch/{read,create,archive,labels/archive,associate/default}
 *   GET    /crm/v4/associations/:from/:to/labels       POST creates a USER_DEFINED label (200); also /crm/associations/v4/…
 *   GET    /crm/v3/properties/:objectType[/:name]      POST (201), PATCH, batch/create (201/207), batch/read, groups
 *   GET    /crm-object-schemas/v3/schemas[/:objectType] POST (201), PATCH, POST …/associations (201)
 *   GET    /crm/v3/pipelines/:objectType[/:pipelineId]
 *   POST   /files/v3/files (multipart, 201)            GET /files/v3/folders/:pathOrId   POST /files/v3/folders (201)
 * Public: GET /__files/:id/:name (uploaded bytes). Read views (index.ts): GET /__sim/deals[/:id], /__sim/summary.
 */
import type { Handler, Router, SimRequest, SimResponse } from '../shared/httpServer';
import { badRequest, missingScopes, notFound, SimHttpError } from './errors';
import { parseMultipart } from './multipart';
import { customObjectsUnavailable, propertyJson, type SimObjectType, type SimPortal, type SimRecord } from './portal';

export interface RouteContext {
  portal: SimPortal;
  /** The scopes of the request's (already authenticated) token. */
  scopesOf(req: SimRequest): ReadonlySet<string>;
  /** Applies the search API's per-second limit; returns a 429 when it is exceeded. */
  searchLimit(req: SimRequest): SimHttpError | undefined;
}

const OBJECT_BATCH_LIMIT = 100;
const ASSOCIATION_BATCH_LIMIT = 2000;
const ASSOCIATIONS_PAGE = 500;
const FILE_ACCESS = ['PUBLIC_INDEXABLE', 'PUBLIC_NOT_INDEXABLE', 'HIDDEN_INDEXABLE', 'HIDDEN_NOT_INDEXABLE', 'HIDDEN_PRIVATE', 'PRIVATE', 'HIDDEN_SENSITIVE', 'SENSITIVE'];

const json = (status: number, body?: unknown): SimResponse => ({ status, ...(body === undefined ? {} : { body }) });
const batchTimes = () => {
  const at = new Date().toISOString();
  return { startedAt: at, completedAt: at };
};

/** `properties=a&properties=b` (api-client v14) and `properties=a,b` (older clients) both work. */
function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return values.length > 0 ? values : undefined;
}

function objectBody(req: SimRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw badRequest('Invalid input JSON: the request body must be a JSON object.');
  return req.body as Record<string, unknown>;
}

function inputsOf(req: SimRequest, limit: number): Record<string, unknown>[] {
  const inputs = objectBody(req).inputs;
  if (!Array.isArray(inputs)) throw badRequest('Invalid input JSON: "inputs" must be an array.');
  if (inputs.length > limit) throw badRequest(`Too many inputs: ${inputs.length} (the limit is ${limit}).`);
  return inputs.map((input) => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}));
}

const idOf = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/** Which scope family an object's records and schema fall under. */
function scopeFamily(type: SimObjectType): string[] {
  if (type.custom) return ['custom'];
  if (type.objectTypeId === '0-46') return ['contacts', 'deals'];
  return [type.name];
}

export function registerRoutes(router: Router, ctx: RouteContext): void {
  const { portal } = ctx;

  const requireAny = (req: SimRequest, scopes: string[]) => {
    const granted = ctx.scopesOf(req);
    if (!scopes.some((s) => granted.has(s))) throw missingScopes(scopes);
  };
  const objectScopes = (type: SimObjectType, access: 'read' | 'write') => scopeFamily(type).map((f) => `crm.objects.${f}.${access}`);
  const schemaScopes = (type: SimObjectType, access: 'read' | 'write') =>
    access === 'read' ? scopeFamily(type).flatMap((f) => [`crm.schemas.${f}.read`, `crm.objects.${f}.read`]) : scopeFamily(type).map((f) => `crm.schemas.${f}.write`);

  /** Wraps a handler: counts writes (whatever their outcome) and turns SimHttpError into HubSpot's answer. */
  const route = (kind: 'read' | 'write', handler: Handler): Handler => {
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
  };

  const typeFor = (req: SimRequest, param = 'objectType') => portal.objectType(req.params[param] as string);

  // ---------- CRM v3 objects ----------

  router.get(
    '/crm/v3/objects/:objectType',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      const limit = Math.min(Number(req.query.get('limit') ?? 10) || 10, 100);
      const found = portal.search(type, { limit, after: req.query.get('after') ?? undefined });
      return json(200, {
        results: found.results.map((r) => portal.recordJson(r, listParam(req.query, 'properties'))),
        ...(found.after ? { paging: { next: { after: found.after } } } : {}),
      });
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType/search',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      const limited = ctx.searchLimit(req);
      if (limited) throw limited;
      const body = objectBody(req);
      const found = portal.search(type, body);
      const properties = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
      return json(200, {
        total: found.total,
        results: found.results.map((r) => portal.recordJson(r, properties)),
        ...(found.after ? { paging: { next: { after: found.after } } } : {}),
      });
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType/batch/read',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      const body = objectBody(req);
      const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
      const properties = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const input of inputsOf(req, OBJECT_BATCH_LIMIT)) {
        const id = idOf(input.id);
        const record = id === undefined ? undefined : portal.findRecord(type, id, idProperty);
        if (record) results.push(portal.recordJson(record, properties));
        else missing.push(id ?? '');
      }
      if (missing.length === 0) return json(200, { status: 'COMPLETE', results, ...batchTimes() });
      return json(207, {
        status: 'COMPLETE',
        results,
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `Could not get some ${type.name} objects, they may be deleted or not exist. Check that ids are valid.`,
            context: { ids: missing },
          },
        ],
        ...batchTimes(),
      });
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType/batch/upsert',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      const saved = portal.upsert(type, inputsOf(req, OBJECT_BATCH_LIMIT));
      return json(200, {
        status: 'COMPLETE',
        results: saved.map(({ record, created }) => portal.recordJson(record, Object.keys(record.properties), { new: created })),
        ...batchTimes(),
      });
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType/batch/create',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      const created = inputsOf(req, OBJECT_BATCH_LIMIT).map((input) => portal.createRecord(type, input.properties));
      return json(201, { status: 'COMPLETE', results: created.map((r) => portal.recordJson(r, Object.keys(r.properties))), ...batchTimes() });
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType/batch/update',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      const inputs = inputsOf(req, OBJECT_BATCH_LIMIT);
      for (const input of inputs) portal.requireRecord(type, idOf(input.id) ?? '', typeof input.idProperty === 'string' ? input.idProperty : undefined);
      const updated = inputs.map((input) =>
        portal.updateRecord(type, idOf(input.id) ?? '', input.properties, typeof input.idProperty === 'string' ? input.idProperty : undefined),
      );
      return json(200, { status: 'COMPLETE', results: updated.map((r) => portal.recordJson(r, Object.keys(r.properties))), ...batchTimes() });
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType/batch/archive',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      for (const input of inputsOf(req, OBJECT_BATCH_LIMIT)) portal.archiveRecord(type, idOf(input.id) ?? '');
      return json(204);
    }),
  );

  router.post(
    '/crm/v3/objects/:objectType',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      const body = objectBody(req);
      const links = Array.isArray(body.associations) ? (body.associations as Record<string, unknown>[]) : [];
      // Validate the associations before creating anything, as HubSpot does.
      const planned = links.map((link) => {
        const types = Array.isArray(link.types) ? (link.types as Record<string, unknown>[]) : [];
        if (types.length === 0) throw badRequest('Each association needs at least one type.');
        const defs = types.map((t) => {
          const def = portal.associationTypes.find((d) => d.fromObjectTypeId === type.objectTypeId && d.typeId === t.associationTypeId);
          if (!def || def.category !== t.associationCategory) throw badRequest(`${String(t.associationCategory)} ${String(t.associationTypeId)} is not a valid association type for ${type.name}.`);
          return def;
        });
        const toType = portal.objectTypes.find((t) => t.objectTypeId === defs[0]?.toObjectTypeId) as SimObjectType;
        const target = portal.findRecord(toType, idOf((link.to as Record<string, unknown> | undefined)?.id) ?? '');
        if (!target) throw badRequest(`The ${toType.singular} to associate does not exist.`);
        return { target, defs };
      });
      const record = portal.createRecord(type, body.properties);
      for (const { target, defs } of planned) portal.associate(record, target, defs);
      return json(201, portal.recordJson(record, Object.keys(record.properties)));
    }),
  );

  router.get(
    '/crm/v3/objects/:objectType/:objectId',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      const record = portal.requireRecord(type, req.params.objectId as string, req.query.get('idProperty') ?? undefined);
      return json(200, portal.recordJson(record, listParam(req.query, 'properties')));
    }),
  );

  router.patch(
    '/crm/v3/objects/:objectType/:objectId',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      const record = portal.updateRecord(type, req.params.objectId as string, objectBody(req).properties, req.query.get('idProperty') ?? undefined);
      return json(200, portal.recordJson(record, Object.keys(record.properties)));
    }),
  );

  router.delete(
    '/crm/v3/objects/:objectType/:objectId',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'write'));
      portal.archiveRecord(type, req.params.objectId as string);
      return json(204);
    }),
  );

  // ---------- CRM v4 associations ----------

  const associationTypesJson = (types: { category: string; typeId: number; label: string | null }[]) =>
    types.map(({ category, typeId, label }) => ({ category, typeId, label }));

  router.get(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType',
    route('read', (req) => {
      const from = typeFor(req);
      const to = typeFor(req, 'toObjectType');
      requireAny(req, objectScopes(from, 'read'));
      requireAny(req, objectScopes(to, 'read'));
      const record = portal.requireRecord(from, req.params.objectId as string);
      const all = portal.associated(record, to.objectTypeId);
      const offset = Number(req.query.get('after') ?? 0) || 0;
      const limit = Math.min(Number(req.query.get('limit') ?? ASSOCIATIONS_PAGE) || ASSOCIATIONS_PAGE, ASSOCIATIONS_PAGE);
      const page = all.slice(offset, offset + limit);
      return json(200, {
        results: page.map((a) => ({ toObjectId: Number(a.toId), associationTypes: associationTypesJson(a.types) })),
        ...(offset + limit < all.length ? { paging: { next: { after: String(offset + limit) } } } : {}),
      });
    }),
  );

  const pairOf = (req: SimRequest) => {
    const from = portal.objectType(req.params.fromObjectType as string);
    const to = portal.objectType(req.params.toObjectType as string);
    return { from, to };
  };

  /** Resolves `{ from: { id }, to: { id } | [{ id }] }` inputs to records, collecting the missing ones. */
  const endpoints = (from: SimObjectType, to: SimObjectType, input: Record<string, unknown>) => {
    const fromId = idOf((input.from as Record<string, unknown> | undefined)?.id);
    if (fromId === undefined) throw badRequest('Invalid input JSON: every input needs "from": { "id": ... }.');
    const targets = Array.isArray(input.to) ? (input.to as Record<string, unknown>[]) : [input.to as Record<string, unknown> | undefined];
    const toIds = targets.map((t) => idOf(t?.id));
    if (toIds.some((id) => id === undefined)) throw badRequest('Invalid input JSON: every input needs "to": { "id": ... }.');
    return { fromRecord: portal.findRecord(from, fromId), fromId, toRecords: (toIds as string[]).map((id) => ({ id, record: portal.findRecord(to, id) })) };
  };

  const typesOf = (from: SimObjectType, to: SimObjectType, input: Record<string, unknown>) => {
    const types = Array.isArray(input.types) ? (input.types as Record<string, unknown>[]) : [];
    if (types.length === 0) throw badRequest('Invalid input JSON: every input needs "types".');
    return types.map((t) => portal.associationType(from.objectTypeId, to.objectTypeId, t.associationTypeId, t.associationCategory));
  };

  const notFoundError = (missing: string[], from: SimObjectType, to: SimObjectType) => ({
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not find some ${from.name}/${to.name} records: ${missing.join(', ')}`,
    context: { ids: missing },
  });

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/read',
    route('read', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'read'));
      requireAny(req, objectScopes(to, 'read'));
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputsOf(req, 1000)) {
        const id = idOf(input.id) ?? '';
        const record = portal.findRecord(from, id);
        const all = record ? portal.associated(record, to.objectTypeId) : [];
        if (all.length === 0) {
          errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${to.name} is associated with ${from.singular} ${id}.`, context: { fromObjectId: [id] } });
          continue;
        }
        const offset = Number(input.after ?? 0) || 0;
        const page = all.slice(offset, offset + ASSOCIATIONS_PAGE);
        results.push({
          from: { id },
          to: page.map((a) => ({ toObjectId: Number(a.toId), associationTypes: associationTypesJson(a.types) })),
          ...(offset + ASSOCIATIONS_PAGE < all.length ? { paging: { next: { after: String(offset + ASSOCIATIONS_PAGE) } } } : {}),
        });
      }
      if (errors.length === 0) return json(200, { status: 'COMPLETE', results, ...batchTimes() });
      return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, ...batchTimes() });
    }),
  );

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/create',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      const planned = inputsOf(req, ASSOCIATION_BATCH_LIMIT).map((input) => ({ ...endpoints(from, to, input), types: typesOf(from, to, input) }));
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const { fromRecord, fromId, toRecords, types } of planned) {
        const target = toRecords[0] as { id: string; record: SimRecord | undefined };
        if (!fromRecord || !target.record) {
          missing.push(!fromRecord ? fromId : target.id);
          continue;
        }
        portal.associate(fromRecord, target.record, types);
        const labels = portal.associated(fromRecord, to.objectTypeId).find((a) => a.toId === target.id)?.types.flatMap((t) => (t.label ? [t.label] : [])) ?? [];
        results.push({ fromObjectTypeId: from.objectTypeId, fromObjectId: Number(fromId), toObjectTypeId: to.objectTypeId, toObjectId: Number(target.id), labels });
      }
      if (missing.length === 0) return json(201, { status: 'COMPLETE', results, ...batchTimes() });
      return json(207, { status: 'COMPLETE', results, numErrors: 1, errors: [notFoundError(missing, from, to)], ...batchTimes() });
    }),
  );

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/labels/archive',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      for (const input of inputsOf(req, ASSOCIATION_BATCH_LIMIT)) {
        const { fromRecord, toRecords } = endpoints(from, to, input);
        const types = typesOf(from, to, input);
        const target = toRecords[0]?.record;
        if (fromRecord && target) portal.dissociate(fromRecord, target, types);
      }
      return json(204);
    }),
  );

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/archive',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      for (const input of inputsOf(req, ASSOCIATION_BATCH_LIMIT)) {
        const { fromRecord, toRecords } = endpoints(from, to, input);
        for (const target of toRecords) if (fromRecord && target.record) portal.dissociate(fromRecord, target.record);
      }
      return json(204);
    }),
  );

  router.post(
    '/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      const unlabeled = portal.typesBetween(from.objectTypeId, to.objectTypeId).find((t) => t.label === null);
      if (!unlabeled) throw badRequest(`Objects of type ${from.name} and ${to.name} cannot be associated.`);
      const results: unknown[] = [];
      for (const input of inputsOf(req, ASSOCIATION_BATCH_LIMIT)) {
        const { fromRecord, toRecords } = endpoints(from, to, input);
        const target = toRecords[0]?.record;
        if (!fromRecord || !target) throw notFound('One of the records to associate does not exist.');
        portal.associate(fromRecord, target, [unlabeled]);
        results.push({ from: { id: fromRecord.id }, to: { id: target.id }, associationSpec: { associationCategory: unlabeled.category, associationTypeId: unlabeled.typeId } });
      }
      return json(200, { status: 'COMPLETE', results, ...batchTimes() });
    }),
  );

  router.put(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      const unlabeled = portal.typesBetween(from.objectTypeId, to.objectTypeId).find((t) => t.label === null);
      if (!unlabeled) throw badRequest(`Objects of type ${from.name} and ${to.name} cannot be associated.`);
      const fromRecord = portal.requireRecord(from, req.params.fromObjectId as string);
      const target = portal.requireRecord(to, req.params.toObjectId as string);
      portal.associate(fromRecord, target, [unlabeled]);
      return json(200, {
        status: 'COMPLETE',
        results: [{ from: { id: fromRecord.id }, to: { id: target.id }, associationSpec: { associationCategory: unlabeled.category, associationTypeId: unlabeled.typeId } }],
        ...batchTimes(),
      });
    }),
  );

  router.put(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      if (!Array.isArray(req.body)) throw badRequest('Invalid input JSON: the body must be an array of association types.');
      const types = typesOf(from, to, { types: req.body });
      const fromRecord = portal.requireRecord(from, req.params.fromObjectId as string);
      const target = portal.requireRecord(to, req.params.toObjectId as string);
      portal.associate(fromRecord, target, types);
      const labels = portal.associated(fromRecord, to.objectTypeId).find((a) => a.toId === target.id)?.types.flatMap((t) => (t.label ? [t.label] : [])) ?? [];
      return json(201, { fromObjectTypeId: from.objectTypeId, fromObjectId: Number(fromRecord.id), toObjectTypeId: to.objectTypeId, toObjectId: Number(target.id), labels });
    }),
  );

  router.delete(
    '/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId',
    route('write', (req) => {
      const { from, to } = pairOf(req);
      requireAny(req, objectScopes(from, 'write'));
      const fromRecord = portal.findRecord(from, req.params.fromObjectId as string);
      const target = portal.findRecord(to, req.params.toObjectId as string);
      if (fromRecord && target) portal.dissociate(fromRecord, target);
      return json(204);
    }),
  );

  // Association labels: the SDK calls /crm/v4/associations/..., HubSpot's spec lists /crm/associations/v4/...; both work.
  for (const prefix of ['/crm/v4/associations', '/crm/associations/v4']) {
    router.get(
      `${prefix}/:fromObjectType/:toObjectType/labels`,
      route('read', (req) => {
        const { from, to } = pairOf(req);
        requireAny(req, [...schemaScopes(from, 'read'), ...schemaScopes(to, 'read')]);
        return json(200, { results: associationTypesJson(portal.typesBetween(from.objectTypeId, to.objectTypeId)) });
      }),
    );
    router.post(
      `${prefix}/:fromObjectType/:toObjectType/labels`,
      route('write', (req) => {
        const { from, to } = pairOf(req);
        requireAny(req, from.custom || to.custom ? ['crm.schemas.custom.write'] : schemaScopes(from, 'write'));
        const created = portal.createLabel(from.objectTypeId, to.objectTypeId, objectBody(req));
        return json(200, { results: associationTypesJson(created) });
      }),
    );
  }

  // ---------- properties and groups ----------

  router.get(
    '/crm/v3/properties/:objectType/groups',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'read'));
      return json(200, { results: [...portal.groupMap(type.objectTypeId).values()].map((g) => ({ ...g, archived: false })) });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType/groups',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'write'));
      return json(201, { ...portal.createGroup(type.objectTypeId, objectBody(req)), archived: false });
    }),
  );

  router.get(
    '/crm/v3/properties/:objectType/groups/:groupName',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'read'));
      const group = portal.groupMap(type.objectTypeId).get(req.params.groupName as string);
      if (!group) throw notFound(`Unable to find property group ${req.params.groupName}`);
      return json(200, { ...group, archived: false });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType/batch/create',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'write'));
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputsOf(req, OBJECT_BATCH_LIMIT)) {
        try {
          results.push(propertyJson(portal.createProperty(type.objectTypeId, input as never)));
        } catch (error) {
          if (!(error instanceof SimHttpError)) throw error;
          errors.push({ status: 'error', category: error.body.category, message: error.body.message, context: { name: [String(input.name)] } });
        }
      }
      if (errors.length === 0) return json(201, { status: 'COMPLETE', results, ...batchTimes() });
      return json(207, { status: 'COMPLETE', results, numErrors: errors.length, errors, ...batchTimes() });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType/batch/read',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'read'));
      const names = inputsOf(req, OBJECT_BATCH_LIMIT).map((input) => String(input.name));
      const props = portal.propertyMap(type.objectTypeId);
      const results = names.flatMap((name) => (props.has(name) ? [propertyJson(props.get(name) as never)] : []));
      return json(200, { status: 'COMPLETE', results, ...batchTimes() });
    }),
  );

  router.get(
    '/crm/v3/properties/:objectType',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'read'));
      return json(200, { results: [...portal.propertyMap(type.objectTypeId).values()].map(propertyJson) });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'write'));
      return json(201, propertyJson(portal.createProperty(type.objectTypeId, objectBody(req) as never)));
    }),
  );

  router.get(
    '/crm/v3/properties/:objectType/:propertyName',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'read'));
      const property = portal.propertyMap(type.objectTypeId).get(req.params.propertyName as string);
      if (!property) throw notFound(`Unable to find property ${req.params.propertyName}`);
      return json(200, propertyJson(property));
    }),
  );

  router.patch(
    '/crm/v3/properties/:objectType/:propertyName',
    route('write', (req) => {
      const type = typeFor(req);
      requireAny(req, schemaScopes(type, 'write'));
      return json(200, propertyJson(portal.updateProperty(type.objectTypeId, req.params.propertyName as string, objectBody(req))));
    }),
  );

  // ---------- custom object schemas ----------

  router.get(
    '/crm-object-schemas/v3/schemas',
    route('read', (req) => {
      requireAny(req, ['crm.schemas.custom.read']);
      if (!portal.customObjectsEnabled) throw customObjectsUnavailable();
      return json(200, { results: [...portal.schemas.values()].map((s) => portal.schemaJson(s)) });
    }),
  );

  router.post(
    '/crm-object-schemas/v3/schemas',
    route('write', (req) => {
      requireAny(req, ['crm.schemas.custom.write']);
      return json(201, portal.schemaJson(portal.createSchema(objectBody(req))));
    }),
  );

  router.get(
    '/crm-object-schemas/v3/schemas/:objectType',
    route('read', (req) => {
      requireAny(req, ['crm.schemas.custom.read']);
      return json(200, portal.schemaJson(portal.schemaFor(req.params.objectType as string)));
    }),
  );

  router.patch(
    '/crm-object-schemas/v3/schemas/:objectType',
    route('write', (req) => {
      requireAny(req, ['crm.schemas.custom.write']);
      const schema = portal.schemaFor(req.params.objectType as string);
      const body = objectBody(req);
      const defined = portal.propertyMap(schema.objectTypeId);
      for (const key of ['searchableProperties', 'secondaryDisplayProperties', 'requiredProperties'] as const) {
        if (body[key] === undefined) continue;
        const list = Array.isArray(body[key]) ? (body[key] as unknown[]).map(String) : [];
        const unknown = list.filter((p) => !defined.has(p));
        if (unknown.length > 0) throw badRequest(`${key} names unknown properties: ${unknown.join(', ')}`);
        schema[key] = list;
      }
      if (typeof body.primaryDisplayProperty === 'string') {
        if (!defined.has(body.primaryDisplayProperty)) throw badRequest(`Unknown property ${body.primaryDisplayProperty}`);
        schema.primaryDisplayProperty = body.primaryDisplayProperty;
      }
      schema.updatedAt = new Date().toISOString();
      const { properties: _properties, associations: _associations, ...definition } = portal.schemaJson(schema);
      return json(200, definition);
    }),
  );

  router.post(
    '/crm-object-schemas/v3/schemas/:objectType/associations',
    route('write', (req) => {
      requireAny(req, ['crm.schemas.custom.write']);
      const schema = portal.schemaFor(req.params.objectType as string);
      const body = objectBody(req);
      const to = portal.objectType(String(body.toObjectTypeId ?? ''));
      const created = portal.associateSchema(schema.objectTypeId, to.objectTypeId);
      return json(201, { id: String(created.typeId), fromObjectTypeId: created.fromObjectTypeId, toObjectTypeId: created.toObjectTypeId, name: created.name, createdAt: schema.createdAt, updatedAt: schema.updatedAt });
    }),
  );

  // ---------- pipelines ----------

  const pipelineJson = (p: SimPortal['pipelines'][number]) => {
    const at = '2024-01-01T00:00:00.000Z';
    return { ...p, archived: false, createdAt: at, updatedAt: at, stages: p.stages.map((s) => ({ ...s, archived: false, createdAt: at, updatedAt: at, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' })) };
  };

  router.get(
    '/crm/v3/pipelines/:objectType',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      return json(200, { results: type.objectTypeId === '0-3' ? portal.pipelines.map(pipelineJson) : [] });
    }),
  );

  router.get(
    '/crm/v3/pipelines/:objectType/:pipelineId',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      const pipeline = type.objectTypeId === '0-3' ? portal.pipelines.find((p) => p.id === req.params.pipelineId) : undefined;
      if (!pipeline) throw notFound(`Unable to find pipeline ${req.params.pipelineId}`);
      return json(200, pipelineJson(pipeline));
    }),
  );

  // ---------- files ----------

  const folderJson = (f: { id: string; name: string; path: string; parentFolderId: string | null; createdAt: string; updatedAt: string }) => ({
    ...f,
    ...(f.parentFolderId === null ? { parentFolderId: undefined } : {}),
    archived: false,
  });

  router.post(
    '/files/v3/files',
    route('write', (req) => {
      requireAny(req, ['files']);
      const parts = parseMultipart(req.headers['content-type'], req.rawBody);
      if (!parts) throw badRequest('The upload must be multipart/form-data.');
      const field = (name: string) => parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
      const file = parts.find((p) => p.name === 'file');
      if (!file || file.data.length === 0) throw badRequest('A file is required.');
      let options: Record<string, unknown>;
      try {
        options = JSON.parse(field('options') ?? '') as Record<string, unknown>;
      } catch {
        throw badRequest('options must be JSON with an "access" value.');
      }
      if (typeof options.access !== 'string' || !FILE_ACCESS.includes(options.access)) throw badRequest(`options.access must be one of ${FILE_ACCESS.join(', ')}.`);
      const folderId = field('folderId');
      const folderPath = field('folderPath');
      if (folderId && folderPath) throw badRequest('Send either folderId or folderPath, not both.');
      const folder = folderId ? portal.folders.get(folderId) : folderPath ? portal.ensureFolderPath(folderPath) : undefined;
      if (folderId && !folder) throw notFound(`Folder ${folderId} does not exist`);
      const saved = portal.uploadFile({
        data: file.data,
        originalName: file.filename ?? 'file',
        ...(file.contentType ? { contentType: file.contentType } : {}),
        ...(folder ? { folder } : {}),
        ...(field('fileName') ? { fileName: field('fileName') as string } : {}),
        access: options.access,
        duplicate: { strategy: String(options.duplicateValidationStrategy ?? 'NONE'), scope: String(options.duplicateValidationScope ?? 'ENTIRE_PORTAL') },
      });
      return json(201, {
        id: saved.id,
        name: saved.name,
        extension: saved.extension,
        path: saved.path,
        ...(saved.folderId ? { parentFolderId: saved.folderId } : {}),
        size: saved.data.length,
        type: saved.contentType.startsWith('image/') ? 'IMG' : 'OTHER',
        encoding: saved.extension,
        access: saved.access,
        url: saved.url,
        defaultHostingUrl: saved.url,
        isUsableInContent: true,
        createdAt: saved.createdAt,
        updatedAt: saved.updatedAt,
        archived: false,
      });
    }),
  );

  router.get(
    '/files/v3/folders/:folder',
    route('read', (req) => {
      requireAny(req, ['files']);
      const ref = req.params.folder as string;
      const folder = /^\d+$/.test(ref) ? portal.folders.get(ref) : portal.folderByPath(ref);
      if (!folder) throw notFound(`Folder ${ref} does not exist`);
      return json(200, folderJson(folder));
    }),
  );

  router.post(
    '/files/v3/folders',
    route('write', (req) => {
      requireAny(req, ['files']);
      return json(201, folderJson(portal.createFolder(objectBody(req))));
    }),
  );

  // Public file URLs (what HubSpot's CDN serves): no token, not rate limited.
  router.get('/__files/:fileId/:name', (req): SimResponse => {
    const file = portal.files.get(req.params.fileId as string);
    if (!file) return { status: 404, raw: Buffer.from('Not found'), headers: { 'content-type': 'text/plain' } };
    if (!file.access.startsWith('PUBLIC')) return { status: 403, raw: Buffer.from('This file is private'), headers: { 'content-type': 'text/plain' } };
    return { status: 200, raw: file.data, headers: { 'content-type': file.contentType, 'cache-control': 'no-store' } };
  });
}

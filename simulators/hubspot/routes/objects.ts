// CRM v3 object routes: list, read (with ?associations= and ?propertiesWithHistory=), create (with associations), update, delete, search, and the
// batch read/create/update/upsert/archive routes, with HubSpot's 201/207 answers.
import { badRequest } from '../errors';
import type { SimObjectType, SimPortal, SimRecord } from '../portal';
import { batchTimes, idOf, inputsOf, json, listParam, OBJECT_BATCH_LIMIT, objectBody, type RouteKit } from './kit';

/**
 * `?associations=deals,contacts`: the v3 read answers each named type's associated ids as
 * `associations: { deals: { results: [{ id, type }] } }`, one entry per association type; names HubSpot does not know are
 * left out (docs/simulators.md#what-the-simulator-answers).
 */
function associationsJson(portal: SimPortal, record: SimRecord, requested: string[] | undefined) {
  if (!requested) return {};
  const from = portal.objectTypes.find((type) => type.objectTypeId === record.objectTypeId) as SimObjectType;
  const associations: Record<string, { results: { id: string; type: string }[] }> = {};
  for (const name of requested) {
    const to = portal.findObjectType(name);
    if (!to) continue;
    const results = portal.associated(record, to.objectTypeId).flatMap(({ toId, types }) =>
      types.map((type) => ({ id: toId, type: type.label === null ? `${from.singular}_to_${to.singular}` : type.name })),
    );
    if (results.length > 0) associations[to.name] = { results };
  }
  return Object.keys(associations).length > 0 ? { associations } : {};
}

export function registerObjectRoutes(kit: RouteKit): void {
  const { router, portal, ctx, requireAny, objectScopes, route, typeFor } = kit;
  const readJson = (record: SimRecord, query: URLSearchParams) =>
    portal.recordJson(record, listParam(query, 'properties'), associationsJson(portal, record, listParam(query, 'associations')), listParam(query, 'propertiesWithHistory'));

  router.get(
    '/crm/v3/objects/:objectType',
    route('read', (req) => {
      const type = typeFor(req);
      requireAny(req, objectScopes(type, 'read'));
      const limit = Math.min(Number(req.query.get('limit') ?? 10) || 10, 100);
      const found = portal.search(type, { limit, after: req.query.get('after') ?? undefined });
      return json(200, {
        results: found.results.map((r) => readJson(r, req.query)),
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
      const withHistory = Array.isArray(body.propertiesWithHistory) ? body.propertiesWithHistory.map(String) : undefined;
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const input of inputsOf(req, OBJECT_BATCH_LIMIT)) {
        const id = idOf(input.id);
        const record = id === undefined ? undefined : portal.findRecord(type, id, idProperty);
        if (record) results.push(portal.recordJson(record, properties, {}, withHistory));
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
      return json(200, readJson(record, req.query));
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
}

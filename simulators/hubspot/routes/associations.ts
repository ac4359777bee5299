// CRM v4 association routes: per-record list/put/delete, default associations, batch read/create/archive and labels
// (the SDK's /crm/v4/associations/… and the spec's /crm/associations/v4/… prefixes).
import type { SimRequest } from '../../shared/httpServer';
import { badRequest, notFound } from '../errors';
import type { SimObjectType, SimRecord } from '../portal';
import { batchTimes, idOf, inputsOf, json, objectBody, type RouteKit } from './kit';

const ASSOCIATION_BATCH_LIMIT = 2000;
const ASSOCIATIONS_PAGE = 500;

export function registerAssociationRoutes(kit: RouteKit): void {
  const { router, portal, requireAny, objectScopes, schemaScopes, route, typeFor } = kit;

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
}

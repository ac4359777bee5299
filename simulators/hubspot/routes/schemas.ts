// Custom object schema routes: list, read, create, update and schema associations (crm-object-schemas v3).
import { badRequest } from '../errors';
import { customObjectsUnavailable } from '../portal';
import { json, objectBody, type RouteKit } from './kit';

export function registerSchemaRoutes(kit: RouteKit): void {
  const { router, portal, requireAny, route } = kit;

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
}

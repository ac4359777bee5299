// CRM v3 property and property-group routes: list, read, create (single and batch, 201/207), update.
import { notFound, SimHttpError } from '../errors';
import { propertyJson } from '../portal';
import type { SimRequest } from '../../shared/httpServer';
import { batchTimes, inputsOf, json, OBJECT_BATCH_LIMIT, objectBody, type RouteKit } from './kit';

export function registerPropertyRoutes(kit: RouteKit): void {
  const { router, portal, requireAny, schemaScopes, route, typeFor } = kit;
  /** The object type the path names, once the token may read (or write) its properties: HubSpot's schema scopes. */
  const allowedType = (req: SimRequest, access: 'read' | 'write') => {
    const type = typeFor(req);
    requireAny(req, schemaScopes(type, access));
    return type;
  };

  router.get(
    '/crm/v3/properties/:objectType/groups',
    route('read', (req) => {
      const type = allowedType(req, 'read');
      return json(200, { results: [...portal.groupMap(type.objectTypeId).values()].map((g) => ({ ...g, archived: false })) });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType/groups',
    route('write', (req) => {
      const type = allowedType(req, 'write');
      return json(201, { ...portal.createGroup(type.objectTypeId, objectBody(req)), archived: false });
    }),
  );

  router.get(
    '/crm/v3/properties/:objectType/groups/:groupName',
    route('read', (req) => {
      const type = allowedType(req, 'read');
      const group = portal.groupMap(type.objectTypeId).get(req.params.groupName as string);
      if (!group) throw notFound(`Unable to find property group ${req.params.groupName}`);
      return json(200, { ...group, archived: false });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType/batch/create',
    route('write', (req) => {
      const type = allowedType(req, 'write');
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
      const type = allowedType(req, 'read');
      const names = inputsOf(req, OBJECT_BATCH_LIMIT).map((input) => String(input.name));
      const props = portal.propertyMap(type.objectTypeId);
      const results = names.flatMap((name) => (props.has(name) ? [propertyJson(props.get(name) as never)] : []));
      return json(200, { status: 'COMPLETE', results, ...batchTimes() });
    }),
  );

  router.get(
    '/crm/v3/properties/:objectType',
    route('read', (req) => {
      const type = allowedType(req, 'read');
      return json(200, { results: [...portal.propertyMap(type.objectTypeId).values()].map(propertyJson) });
    }),
  );

  router.post(
    '/crm/v3/properties/:objectType',
    route('write', (req) => {
      const type = allowedType(req, 'write');
      return json(201, propertyJson(portal.createProperty(type.objectTypeId, objectBody(req) as never)));
    }),
  );

  router.get(
    '/crm/v3/properties/:objectType/:propertyName',
    route('read', (req) => {
      const type = allowedType(req, 'read');
      const property = portal.propertyMap(type.objectTypeId).get(req.params.propertyName as string);
      if (!property) throw notFound(`Unable to find property ${req.params.propertyName}`);
      return json(200, propertyJson(property));
    }),
  );

  router.patch(
    '/crm/v3/properties/:objectType/:propertyName',
    route('write', (req) => {
      const type = allowedType(req, 'write');
      return json(200, propertyJson(portal.updateProperty(type.objectTypeId, req.params.propertyName as string, objectBody(req))));
    }),
  );
}

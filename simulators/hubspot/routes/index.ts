// The HubSpot REST routes @hubspot/api-client v14 calls, one file per API area, answered with HubSpot's status codes
// and error bodies (sources per behaviour: docs/simulators.md#hubspot-simulator).
/*
 * API (Bearer token with scopes; rate limited; `:objectType` is deals|contacts|notes, 0-3|0-1|0-46, or a custom
 * object's 2-… id / p<portal>_<name>):
 *   objects.ts       GET /crm/v3/objects/:objectType[/:id] (?properties=, ?associations=, ?idProperty=), POST create 201,
 *                    PATCH/DELETE …/:id, POST …/search, POST …/batch/{read,create,update,upsert,archive} (100 inputs; 207)
 *   associations.ts  GET /crm/v4/objects/:type/:id/associations/:toType, PUT/DELETE …/:toType/:toId, PUT …/default/…,
 *                    POST /crm/v4/associations/:from/:to/batch/{read,create,archive,labels/archive,associate/default},
 *                    GET/POST …/labels (also /crm/associations/v4/…)
 *   properties.ts    GET /crm/v3/properties/:objectType[/:name], POST (201), PATCH, batch/create (201/207), batch/read, groups
 *   schemas.ts       GET /crm-object-schemas/v3/schemas[/:objectType], POST (201), PATCH, POST …/associations (201)
 *   pipelines.ts     GET /crm/v3/pipelines/:objectType[/:pipelineId]
 *   owners.ts        GET /crm/v3/owners[/:ownerId]
 *   files.ts         POST /files/v3/files (multipart, 201), GET /files/v3/files/:fileId, GET /files/v3/folders/:pathOrId,
 *                    POST /files/v3/folders (201); public GET /__files/:id/:name (uploaded bytes)
 * Read views (index.ts of the simulator): GET /__sim/deals[/:id], /__sim/summary.
 */
import type { Router } from '../../shared/httpServer';
import { registerAssociationRoutes } from './associations';
import { registerFileRoutes } from './files';
import { routeKit, type RouteContext } from './kit';
import { registerObjectRoutes } from './objects';
import { registerOwnerRoutes } from './owners';
import { registerPipelineRoutes } from './pipelines';
import { registerPropertyRoutes } from './properties';
import { registerSchemaRoutes } from './schemas';

export type { RouteContext } from './kit';

export function registerRoutes(router: Router, ctx: RouteContext): void {
  const kit = routeKit(router, ctx);
  for (const register of [registerObjectRoutes, registerAssociationRoutes, registerPropertyRoutes, registerSchemaRoutes, registerPipelineRoutes, registerOwnerRoutes, registerFileRoutes]) register(kit);
}

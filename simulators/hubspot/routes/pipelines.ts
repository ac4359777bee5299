// CRM v3 pipeline routes: the deal pipelines and their stages.
import { notFound } from '../errors';
import type { SimPortal } from '../portal';
import { json, type RouteKit } from './kit';

export function registerPipelineRoutes(kit: RouteKit): void {
  const { router, portal, requireAny, objectScopes, route, typeFor } = kit;

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
}

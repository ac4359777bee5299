// CRM v3 owners: the portal's users who own records, by id or as a list (developers.hubspot.com crm owners API).
import { notFound } from '../errors';
import type { SimOwner } from '../portal';
import { json, type RouteKit } from './kit';

const OWNER_SCOPES = ['crm.objects.owners.read'];

export function registerOwnerRoutes(kit: RouteKit): void {
  const { router, portal, requireAny, route } = kit;
  const ownerJson = (owner: SimOwner) => ({ ...owner, archived: false, teams: [], createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });

  router.get(
    '/crm/v3/owners',
    route('read', (req) => {
      requireAny(req, OWNER_SCOPES);
      return json(200, { results: portal.owners.map(ownerJson) });
    }),
  );

  router.get(
    '/crm/v3/owners/:ownerId',
    route('read', (req) => {
      requireAny(req, OWNER_SCOPES);
      const owner = portal.owners.find((candidate) => candidate.id === req.params.ownerId);
      if (!owner) throw notFound(`Unable to find owner ${req.params.ownerId}`);
      return json(200, ownerJson(owner));
    }),
  );
}

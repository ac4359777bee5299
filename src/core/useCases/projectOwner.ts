// Reads the deal owner (one HubSpot read, only with owner mapping on) and decides the Aurora project owner.
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import type { CallOptions } from '../hubspot/runner';
import { readText } from '../mapping/conversions';
import { decideOwner, type OwnerDecision } from '../settings/owners';
import type { DealPropertyKey } from '../dataModel';

/** HubSpot's deal owner property (an owner id). */
export const DEAL_OWNER_PROPERTY = 'hubspot_owner_id' satisfies DealPropertyKey;

export async function projectOwner(deps: Pick<Deps, 'hubspot' | 'settings'>, deal: DealRecord, options: CallOptions): Promise<OwnerDecision> {
  if (!deps.settings.owners.enabled) return { kind: 'off' };
  const ownerId = readText(deal.properties[DEAL_OWNER_PROPERTY]);
  const owner = ownerId ? await deps.hubspot.getOwner(ownerId, options) : null;
  return decideOwner(deps.settings, ownerId, owner);
}

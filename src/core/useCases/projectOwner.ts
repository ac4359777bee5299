// Reads the deal owner (one HubSpot read, only with owner mapping on) and decides the Aurora project owner; with
// "follow owner changes" on, decides it again when the deal owner (or Aurora's user list) changed since the last time.
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import type { CallOptions } from '../hubspot/runner';
import { readText } from '../mapping/conversions';
import type { CustomerSnapshot } from '../mapping/customer';
import type { AppSettings } from '../settings/model';
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

/** The snapshot fields that remember a decision (none when mapping is off or the deal has no owner). */
export function ownerMemory(settings: AppSettings, deal: DealRecord, decision: OwnerDecision): CustomerSnapshot {
  const ownerId = readText(deal.properties[DEAL_OWNER_PROPERTY]);
  if (!ownerId || (decision.kind !== 'mapped' && decision.kind !== 'unmapped')) return {};
  const memory: CustomerSnapshot = { owner_hubspot_id: ownerId, owner_decided_with: settings.owners.usersReadAt ?? '' };
  return decision.kind === 'mapped' ? { ...memory, owner_aurora_id: decision.auroraUserId } : memory;
}

/** The deal owner to map again: following is on and the owner, or the user list it was mapped with, changed. Pure. */
export function ownerToFollow(settings: AppSettings, deal: DealRecord, sent: CustomerSnapshot | null): string | null {
  const { owners } = settings;
  if (!owners.enabled || !owners.onOwnerChange) return null;
  const ownerId = readText(deal.properties[DEAL_OWNER_PROPERTY]);
  if (!ownerId) return null;
  const sameOwner = ownerId === sent?.owner_hubspot_id && (owners.usersReadAt ?? '') === (sent.owner_decided_with ?? '');
  return sameOwner ? null : ownerId;
}

export interface OwnerFollow {
  /** The Aurora user to give the project to, when it is not the one Aurora has (else null). */
  auroraUserId: string | null;
  auroraUserName: string | null;
  /** The snapshot with the decision remembered, to store once the Aurora write (if any) is done. */
  snapshot: CustomerSnapshot;
  /** What the deal's history says (null when nothing changes). */
  words: string | null;
}

/**
 * The deal owner followed into Aurora (settings: owner mapping with "follow owner changes"): the new owner's Aurora user,
 * compared with the project's owner (`auroraOwnerId`, when Aurora was just read) or the one last sent. One HubSpot read.
 */
export async function followOwner(deps: Pick<Deps, 'hubspot' | 'settings'>, deal: DealRecord, sent: CustomerSnapshot | null, auroraOwnerId: string | null | undefined, options: CallOptions): Promise<OwnerFollow | null> {
  const ownerId = ownerToFollow(deps.settings, deal, sent);
  if (!ownerId) return null;
  const decision = decideOwner(deps.settings, ownerId, await deps.hubspot.getOwner(ownerId, options));
  const snapshot = { ...sent, ...ownerMemory(deps.settings, deal, decision) };
  if (decision.kind === 'unmapped') {
    const who = decision.owner.name ?? decision.owner.email ?? `owner ${decision.owner.id}`;
    return { auroraUserId: null, auroraUserName: null, snapshot, words: `The deal owner ${who} has no Aurora user (${decision.reason}): the Aurora project keeps its owner` };
  }
  if (decision.kind !== 'mapped') return null;
  const changes = decision.auroraUserId !== (auroraOwnerId ?? sent?.owner_aurora_id);
  return {
    auroraUserId: changes ? decision.auroraUserId : null,
    auroraUserName: decision.auroraUserName,
    snapshot,
    words: changes ? `Aurora project owner: ${decision.auroraUserName} (the deal owner changed)` : null,
  };
}

// Owner mapping: which Aurora user owns a new project, from the deal owner (the admin's override table first, then the
// same email among Aurora's users, as last read on the settings page). Pure; the use cases do the reads.
import type { Owner } from '../hubspot/owners';
import type { AppSettings } from './model';

export type OwnerDecision =
  | { kind: 'off' }
  | { kind: 'no_owner' }
  | { kind: 'mapped'; auroraUserId: string; auroraUserName: string; via: 'override' | 'email' }
  | { kind: 'unmapped'; owner: Owner; reason: string };

/** The Aurora user for the deal owner, or why there is none. `owner` undefined: the deal has no owner; null: HubSpot has no such owner. */
export function decideOwner(settings: AppSettings, ownerId: string | null, owner: Owner | null): OwnerDecision {
  const { owners } = settings;
  if (!owners.enabled) return { kind: 'off' };
  if (!ownerId) return { kind: 'no_owner' };
  const known = owner ?? { id: ownerId, email: null, name: null };
  const override = owners.overrides[ownerId];
  if (override) {
    const user = owners.auroraUsers.find((candidate) => candidate.id === override);
    return { kind: 'mapped', auroraUserId: override, auroraUserName: user?.name ?? override, via: 'override' };
  }
  const email = known.email?.trim().toLowerCase();
  if (!email) return { kind: 'unmapped', owner: known, reason: 'HubSpot has no email for this owner' };
  const user = owners.auroraUsers.find((candidate) => candidate.email?.trim().toLowerCase() === email);
  if (user) return { kind: 'mapped', auroraUserId: user.id, auroraUserName: user.name ?? user.email ?? user.id, via: 'email' };
  return { kind: 'unmapped', owner: known, reason: `no Aurora user has the email ${known.email}` };
}

/** The pre-flight line that says who will own the project in Aurora (none when mapping is off or the deal has no owner). */
export function ownerPreflightLine(decision: OwnerDecision): { label: string; value: string } | null {
  if (decision.kind === 'mapped') return { label: 'Aurora project owner', value: decision.auroraUserName };
  if (decision.kind !== 'unmapped') return null;
  const who = decision.owner.name ?? decision.owner.email ?? `owner ${decision.owner.id}`;
  return { label: 'Aurora project owner', value: `Not mapped: the deal owner ${who} has no Aurora user (${decision.reason}). Aurora's default owner will own the project; an admin can map them on the app settings page.` };
}

// Claims: a HubSpot record with a unique value (aurora_design_id) used as a lock, so work that must happen once (create
// a project, hand a deal over, write the hand-off note, flag a cancellation) happens once however many calls race.
// One module, one stale rule: take (create), read, mark done, release.
import type { DesignPropertyKey, DesignPropertyName } from '../dataModel';
import type { DesignRecord, PropertyValues, PropertyWrite } from '../hubspot/context';
import { HubSpotConflictError } from '../hubspot/errors';
import type { CallOptions } from '../hubspot/runner';
import type { HubSpotStore } from '../hubspot/store';
import { readText } from '../mapping/conversions';

/** A claim older than this was left by a call that died (functions stop after about 15 s), so another may take it over. */
export const CLAIM_STALE_MS = 60_000;

/** Stamped on a claim when its call finished its work or gave up on it: no call is at work under it any more. */
export const CLAIM_DONE_AT = 'aurora_last_synced_at' satisfies DesignPropertyName;

export interface ClaimDeps {
  hubspot: HubSpotStore;
  now: () => number;
}

type Props = PropertyValues<DesignPropertyKey>;

/** The claim with this id (its aurora_design_id), or null when nobody holds it. */
export function readClaim(deps: ClaimDeps, id: string, properties: readonly DesignPropertyKey[], options: CallOptions): Promise<DesignRecord | null> {
  return deps.hubspot.getRecord('aurora_design', id, [...new Set<DesignPropertyKey>([...properties, CLAIM_DONE_AT, 'hs_createdate'])], { ...options, idProperty: 'aurora_design_id' });
}

/** Takes a free claim: its record id, or null when another call holds it (HubSpot refused the duplicate value). */
export async function createClaim(deps: ClaimDeps, properties: PropertyWrite<DesignPropertyName>, options: CallOptions): Promise<string | null> {
  try {
    return (await deps.hubspot.createRecord('aurora_design', properties, options)).id;
  } catch (error) {
    if (error instanceof HubSpotConflictError) return null;
    throw error;
  }
}

/** The claimed work was done (or given up on) by the call that held it. */
export const claimDone = (claim: Props): boolean => Boolean(readText(claim[CLAIM_DONE_AT]));

/**
 * The one stale rule: a call is at work under a claim while the claim is not marked done and is younger than a function
 * can live. A claim whose age cannot be read counts as stale (its call cannot be proven alive).
 */
export function claimInFlight(claim: Props, now: number, staleMs = CLAIM_STALE_MS): boolean {
  if (claimDone(claim)) return false;
  const createdAt = Date.parse(claim.hs_createdate ?? '');
  return Number.isFinite(createdAt) && now - createdAt < staleMs;
}

/** Marks the claim done (with any facts worth keeping on it). */
export async function markClaimDone(deps: ClaimDeps, claimId: string, options: CallOptions, extra: PropertyWrite<DesignPropertyName> = {}): Promise<void> {
  await deps.hubspot.updateRecord('aurora_design', claimId, { [CLAIM_DONE_AT]: new Date(deps.now()).toISOString(), ...extra }, options);
}

/** Deletes the claim by its record id (never by value: a newer claim by someone else must survive). Best effort. */
export async function releaseClaim(deps: ClaimDeps, claimId: string, options: CallOptions): Promise<void> {
  await deps.hubspot.deleteRecord('aurora_design', claimId, options).catch(() => undefined);
}

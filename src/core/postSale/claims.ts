// Claims: a HubSpot record with a unique value (aurora_design_id) used as a lock, so work that must happen once (create
// a project, hand a deal over, write the hand-off note, flag a cancellation) happens once however many calls race.
// One module, one stale rule: take, read, mark done, release.
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
async function createClaim(deps: ClaimDeps, properties: PropertyWrite<DesignPropertyName>, options: CallOptions): Promise<string | null> {
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

/** Where a claim stands for a call that wanted it. */
export type ClaimState =
  /** Ours: new, or (`takenOver`) left stale by a call that died, whose work may be partly done. */
  | { state: 'held'; id: string; takenOver?: DesignRecord }
  /** Someone else's: done (or given up on), still at work, or stale (when the caller settles stale claims itself). */
  | { state: 'done' | 'in_flight' | 'stale'; claim: DesignRecord }
  /** Someone else's, deleted between our create and our read: try again. */
  | { state: 'vanished' };

export interface TakeOptions extends CallOptions {
  /** Properties to read on a claim someone else holds. */
  read: readonly DesignPropertyKey[];
  /** Read before creating: a repeat (the common case for post-sale work) then costs one read. */
  readFirst?: boolean;
  /** Take a stale claim over (post-sale work), instead of answering `stale` (Create checks Aurora first). */
  takeOverStale?: boolean;
  staleMs?: number;
}

/** Takes the claim whose aurora_design_id is `properties.aurora_design_id`, or says who has it and how it stands. */
export async function takeClaim(deps: ClaimDeps, properties: PropertyWrite<DesignPropertyName>, options: TakeOptions): Promise<ClaimState> {
  const { read, readFirst = false, takeOverStale = false, staleMs, ...call } = options;
  const id = properties.aurora_design_id ?? '';
  const settle = (claim: DesignRecord): ClaimState => {
    if (claimDone(claim.properties)) return { state: 'done', claim };
    if (claimInFlight(claim.properties, deps.now(), staleMs)) return { state: 'in_flight', claim };
    return takeOverStale ? { state: 'held', id: claim.id, takenOver: claim } : { state: 'stale', claim };
  };
  const before = readFirst ? await readClaim(deps, id, read, call) : null;
  if (before) return settle(before);
  const held = await createClaim(deps, properties, call);
  if (held) return { state: 'held', id: held };
  const existing = await readClaim(deps, id, read, call);
  return existing ? settle(existing) : { state: 'vanished' };
}

/**
 * Settling a claim may run this long past the caller's deadline: work that just finished is recorded as finished,
 * instead of leaving its claim "in progress" to everyone else until it goes stale.
 */
export const CLAIM_SETTLE_GRACE_MS = 2_000;

const withGrace = (options: CallOptions): CallOptions => (options.deadline === undefined ? options : { ...options, deadline: options.deadline + CLAIM_SETTLE_GRACE_MS });

/** Marks the claim done (with any facts worth keeping on it). */
export async function markClaimDone(deps: ClaimDeps, claimId: string, options: CallOptions, extra: PropertyWrite<DesignPropertyName> = {}): Promise<void> {
  await deps.hubspot.updateRecord('aurora_design', claimId, { [CLAIM_DONE_AT]: new Date(deps.now()).toISOString(), ...extra }, withGrace(options));
}

/** Deletes the claim by its record id (never by value: a newer claim by someone else must survive). Best effort. */
export async function releaseClaim(deps: ClaimDeps, claimId: string, options: CallOptions): Promise<void> {
  await deps.hubspot.deleteRecord('aurora_design', claimId, withGrace(options)).catch(() => undefined);
}

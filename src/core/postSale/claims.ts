// Claims: a HubSpot record with a unique value (aurora_design_id) used as a lock, so work that must happen once (create
// a project, hand a deal over, write the hand-off note, flag a cancellation) happens once however many calls race.
// One module, one stale rule: take, read, mark done, release (docs/claims.md).
import { RECORD_KINDS, type DesignPropertyKey, type DesignPropertyName } from '../dataModel';
import type { DesignRecord, PropertyValues, PropertyWrite } from '../hubspot/context';
import { HubSpotConflictError } from '../hubspot/errors';
import type { CallOptions } from '../hubspot/runner';
import type { HubSpotStore } from '../hubspot/store';
import { readText } from '../mapping/conversions';

/** A claim older than this was left by a call that died (functions stop after about 15 s), so another may take it over. */
export const CLAIM_STALE_MS = 60_000;

/** Stamped on a claim when its call finished its work or gave up on it: no call is at work under it any more. */
export const CLAIM_DONE_AT = 'aurora_last_synced_at' satisfies DesignPropertyName;

/** On a claim: the last moment its call may still send HubSpot anything (its deadline and settling grace). */
export const CLAIM_UNTIL = 'aurora_busy_until' satisfies DesignPropertyName;

/**
 * A request sent just before its call's last moment may still be on its way to HubSpot: a claim is taken over only
 * this long after that moment (docs/claims.md#lifetime).
 */
export const CLAIM_LANDING_MS = 5_000;

export interface ClaimDeps {
  hubspot: HubSpotStore;
  now: () => number;
}

type Props = PropertyValues<DesignPropertyKey>;

/** What every claim read includes: whether it is done, and how long its call may be at work. */
export const CLAIM_STATE = [CLAIM_DONE_AT, CLAIM_UNTIL, 'hs_createdate'] as const satisfies readonly DesignPropertyKey[];

/** The claim with this id (its aurora_design_id), or null when nobody holds it. */
export function readClaim(deps: ClaimDeps, id: string, properties: readonly DesignPropertyKey[], options: CallOptions): Promise<DesignRecord | null> {
  return deps.hubspot.getRecord('aurora_design', id, [...new Set<DesignPropertyKey>([...properties, ...CLAIM_STATE])], { ...options, idProperty: 'aurora_design_id' });
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
 * The one stale rule: a call is at work under a claim while the claim is not marked done and its call may still be
 * writing: until the last moment it stamped on the claim (and a request's way to HubSpot), or, on a claim without that
 * stamp, while it is younger than a function can live. A claim whose age cannot be read counts as stale.
 */
export function claimInFlight(claim: Props, now: number, staleMs = CLAIM_STALE_MS): boolean {
  if (claimDone(claim)) return false;
  const until = Date.parse(readText(claim[CLAIM_UNTIL]) ?? '');
  if (Number.isFinite(until)) return now < until + CLAIM_LANDING_MS;
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
  /** The claim as the caller has just read it (null: nobody held it then): stands in for the read first. */
  known?: DesignRecord | null;
  /** Take a stale claim over (post-sale work), instead of answering `stale` (Create checks Aurora first). */
  takeOverStale?: boolean;
  staleMs?: number;
  /**
   * The last moment this call may send HubSpot anything, stamped on the claim: others take it over soon after, one
   * caller only. Without it (a read lease) a stale claim is taken over by whoever finds it.
   */
  holdUntil?: number;
}

/** Takes the claim whose aurora_design_id is `properties.aurora_design_id`, or says who has it and how it stands. */
export async function takeClaim(deps: ClaimDeps, properties: PropertyWrite<DesignPropertyName>, options: TakeOptions): Promise<ClaimState> {
  const { read, readFirst = false, known, takeOverStale = false, staleMs, holdUntil, ...call } = options;
  const id = properties.aurora_design_id ?? '';
  const until = holdUntil === undefined ? {} : { [CLAIM_UNTIL]: new Date(holdUntil).toISOString() };
  const settle = async (claim: DesignRecord): Promise<ClaimState> => {
    if (claimDone(claim.properties)) return { state: 'done', claim };
    if (claimInFlight(claim.properties, deps.now(), staleMs)) return { state: 'in_flight', claim };
    if (!takeOverStale) return { state: 'stale', claim };
    // Work that must not run twice (a claim that says how long its call lives) is taken over by one caller only.
    const ours = holdUntil === undefined || (await takeOver(deps, { id, claim }, until, staleMs, call));
    return ours ? { state: 'held', id: claim.id, takenOver: claim } : { state: 'in_flight', claim };
  };
  const before = known !== undefined ? known : readFirst ? await readClaim(deps, id, read, call) : null;
  if (before) return settle(before);
  const held = await createClaim(deps, { ...properties, ...until }, call);
  if (held) return { state: 'held', id: held };
  const existing = await readClaim(deps, id, read, call);
  return existing ? settle(existing) : { state: 'vanished' };
}

/**
 * Takes a stale claim over, one caller only: HubSpot has no conditional writes, so the takeover is itself a claim whose
 * unique id names the stale claim as it stands (`<claim id>#<its last stamp>`); of the callers that found it stale, the
 * one whose create HubSpot accepts holds it. A takeover whose own call died in turn is cleared once stale and taken
 * again at once. The stale claim's facts (e.g. its note time) are kept.
 */
async function takeOver(deps: ClaimDeps, stale: { id: string; claim: DesignRecord }, until: PropertyWrite<DesignPropertyName>, staleMs: number | undefined, call: CallOptions): Promise<boolean> {
  const { properties: held } = stale.claim;
  const takeover = `${stale.id}#${readText(held[CLAIM_UNTIL]) ?? held.hs_createdate ?? ''}`;
  const properties = { aurora_design_id: takeover, aurora_record_kind: RECORD_KINDS.projectClaim, aurora_design_name: 'Takeover of a claim left by a call that stopped', ...until };
  if (await createClaim(deps, properties, call)) return true;
  const other = await readClaim(deps, takeover, [], call);
  if (other && claimInFlight(other.properties, deps.now(), staleMs)) return false;
  // The takeover's own call stopped too (or it vanished): clear it and try once more (of several, one wins again).
  if (other) await releaseClaim(deps, other.id, call);
  return Boolean(await createClaim(deps, properties, call));
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

// Claims: a HubSpot record with a unique value (aurora_design_id) used as a lock, so work that must happen once
// (create a project, hand a deal over) happens once however many calls race.

/** A claim older than this was left by a call that died (functions stop after about 15 s), so another may take it over. */
export const CLAIM_STALE_MS = 60_000;

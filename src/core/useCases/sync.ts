// Use case "Sync": re-reads the deal's Aurora project and its designs, plans every HubSpot change from what was read,
// and writes only what changed (a sync with nothing new writes only the time it confirmed the deal current). The three
// steps live in sync/: readSync.ts (Aurora and HubSpot reads, screenshot copies), planSync.ts (pure), writeSync.ts.
import type { DealPropertyKey } from '../dataModel';
import type { PropertyWrite } from '../hubspot/context';
import type { AuroraClient } from '../aurora/client';
import { AuroraNotFoundError } from '../aurora/errors';
import type { SyncSummary } from '../contract';
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import type { LinkedDesign } from '../hubspot/designs';
import { PROJECT_MISSING_STATUS } from '../mapping/dealState';
import { forwardOnlyWrites, planSync, type HubSpotHoldings, type SyncPlan } from '../sync/planSync';
import { extraTargetsOf, refusedTargets, refusedWords, withoutExtraTargets } from '../sync/extraTargets';
import { HubSpotValidationError } from '../hubspot/errors';
import { overtaken, readDeadlineOf, readSync, startSync, wordsOf, type DesignReadKind, type KnownReads, type StartedSync } from '../sync/readSync';

export { ALL_DESIGN_READS, NEW_DESIGN_READS, type DesignReadKind, type KnownReads } from '../sync/readSync';
import { writeSync } from '../sync/writeSync';
import type { SettledContract } from '../postSale/contracts';
import { NotLinkedError, PROJECT_MISSING_WORDS, ProjectMissingError } from './errors';
import { dealProperty } from '../dataModel';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import { changedProperties } from '../hubspot/values';
import { formatSnapshot, readSnapshot } from '../mapping/customer';
import { followOwner } from './projectOwner';

export interface SyncInput {
  dealId: string;
  /**
   * Sync only these designs (e.g. a webhook about one design). With `reads`, only the design list and the named reads of
   * these designs are made (plus the agreement list with `agreements`): a webhook reads what its event changed, nothing
   * else; what is not read keeps HubSpot's value. Without `reads`, the project, design list and agreements are read too.
   */
  only?: {
    designIds: readonly string[];
    reads?: readonly DesignReadKind[];
    agreements?: boolean;
    known?: KnownReads;
    /** The caller records what the sync leaves undone on the design (a webhook, before it answers): the sync only clears. */
    callerMarks?: boolean;
    /** Read the design whole, its pricing and proposal once the summary says it is simulated (see readSync). */
    simulationFirst?: boolean;
    /** The caller just saw HubSpot hold no record of these designs: a new one is created with its deal link in one call. */
    recordAbsent?: boolean;
  };
  /** Read every design whole, however fresh HubSpot's copy is ("Refresh everything"). */
  refresh?: boolean;
  /** The deal as the caller just read it by id (never from search, whose index lags), so it is not read again. */
  deal?: DealRecord;
  /** With `deal`: the deal's design records as the caller read them with it (`[]`: none), so they are not read again. */
  linked?: readonly LinkedDesign[];
  /** Set on the one repeat that repairs a write an older sync overtook (see sync/readSync.ts `overtaken`). */
  repair?: boolean;
  /** What started the sync, for the deal's history ("Sync on the card", "Aurora webhook", …). */
  trigger?: string;
  /** Who pressed the button, when HubSpot tells the function. */
  actor?: string | null;
}

/** Records a failed sync on the deal (best effort: the caller reports the failure either way). */
async function recordFailure(deps: Deps, dealId: string, words: string, deadline: number, extra: PropertyWrite<DealPropertyKey> = {}): Promise<void> {
  // No `current`: a write of this sync may already have changed the deal, so the store reads it again.
  await deps.hubspot.updateDeal(dealId, { aurora_sync_status: 'error', aurora_last_error: words, ...extra }, { deadline }).catch(() => undefined);
}

/** The failure as the deal's history says it (the deal as the sync read it holds the entries so far). */
const failureHistory = (deps: Deps, started: StartedSync, input: SyncInput, words: string) =>
  historyWrite(started.deal.properties[HISTORY_PROPERTY], deps.now(), `${input.trigger ?? 'Sync'} failed: ${words}`, input.actor);

/** Reads for a started sync; a failure is recorded on the deal first (a 404 for the project says it is gone). */
async function readOrRecord(deps: Deps, aurora: AuroraClient, started: StartedSync, input: SyncInput, readDeadline: number, deadline: number) {
  try {
    const { only } = input;
    return await readSync(deps, aurora, started, { designIds: only?.designIds, designReads: only?.reads, agreements: only?.agreements, known: only?.known, simulationFirst: only?.simulationFirst, refresh: input.refresh, readDeadline });
  } catch (error) {
    // The project and its design list both name the project: a 404 from either means Aurora no longer has it.
    if (!(error instanceof AuroraNotFoundError)) {
      await recordFailure(deps, input.dealId, wordsOf(error), deadline, failureHistory(deps, started, input, wordsOf(error)));
      throw error;
    }
    await recordFailure(deps, input.dealId, PROJECT_MISSING_WORDS, deadline, { aurora_project_status: PROJECT_MISSING_STATUS, ...failureHistory(deps, started, input, PROJECT_MISSING_WORDS) });
    throw new ProjectMissingError(started.projectId);
  }
}

function summaryOf(plan: SyncPlan, designs: number, dealChanged: readonly string[], keyLacks: readonly string[], busyUntil: number | null): SyncSummary {
  return {
    status: plan.status,
    designs,
    designsLeft: plan.designsLeft,
    busyUntil: busyUntil !== null ? new Date(busyUntil).toISOString() : null,
    keyLacks: [...keyLacks],
    changedDesigns: plan.upserts.length,
    // The time alone is bookkeeping, not news for the rep.
    changedDealProperties: dealChanged.filter((name) => name !== 'aurora_last_synced_at'),
    skipped: plan.skipped,
  };
}

/** A sync's summary for the rep, and what a webhook needs besides: the work it left, where its post-sale intents stand. */
export interface SyncRun {
  summary: SyncSummary;
  /** `kind:id` items the sync left on the deal (aurora_sync_pending). */
  pending: readonly string[];
  contracts: readonly SettledContract[];
  /** The designs Aurora lists for the project, by id. */
  designIds: readonly string[];
}

/** Syncs the deal with its Aurora project; throws typed errors (not linked, project gone, …) after recording them on the deal. */
export async function runSync(deps: Deps, input: SyncInput, deadline: number): Promise<SyncRun> {
  // The client first: without Aurora settings it is a ConfigError, said before any call is made.
  const aurora = deps.aurora;
  const readDeadline = readDeadlineOf(deps.now(), deadline);
  const started = await startSync(deps, input.dealId, deadline, input.deal, input.deal ? input.linked : undefined);
  if (!started) throw new NotLinkedError();
  const { reads, holdings } = await readOrRecord(deps, aurora, started, input, readDeadline, deadline);
  let summary: SyncSummary;
  let plan: SyncPlan;
  let written: Awaited<ReturnType<typeof writeSync>>;
  try {
    const owner = input.only ? null : await ownerFollowed(deps, started, reads.project.owner_id, deadline);
    const planned = planSync(reads, holdings, deps.fieldMap, deps.now(), { callerMarks: input.only?.callerMarks });
    const withOwner = owner ? { ...planned, deal: { ...planned.deal, ...owner.deal } } : planned;
    const absent = input.only?.recordAbsent ? input.only.designIds : [];
    ({ plan, ...written } = await writePlan(deps, withOwner, (p) => withHistory(deps, p, started, input, owner?.words), holdings, deadline, absent));
    summary = summaryOf(plan, reads.designs.length, written.dealChanged, reads.keyLacks, reads.busyUntil);
  } catch (error) {
    await recordFailure(deps, input.dealId, wordsOf(error), deadline, failureHistory(deps, started, input, wordsOf(error)));
    throw error;
  }
  // HubSpot has no conditional writes: a status written from an older read is caught here and synced once more.
  if (!input.repair && (await overtaken(deps, started.projectId, forwardOnlyWrites(plan, holdings, written.dealChanged), deadline))) {
    // Read everything again: what the caller had read is older than the write that overtook ours.
    return runSync(deps, { ...input, deal: undefined, linked: undefined, only: input.only && { ...input.only, known: undefined, recordAbsent: undefined }, repair: true }, deadline);
  }
  return { summary, pending: plan.pending, contracts: written.contracts, designIds: reads.designs.map((design) => design.id) };
}

/** The sync as the card and the use cases ask for it: its summary. */
export async function syncDeal(deps: Deps, input: SyncInput, deadline: number): Promise<SyncSummary> {
  return (await runSync(deps, input, deadline)).summary;
}

/** The input of a sync of one design (webhooks about a design). */
export function oneDesign(input: {
  dealId: string;
  designId: string;
  reads?: readonly DesignReadKind[];
  agreements?: boolean;
  deal?: DealRecord;
  linked?: readonly LinkedDesign[];
  known?: KnownReads;
  /** Read the design whole, its pricing and proposal once the summary says it is simulated (see readSync). */
  simulationFirst?: boolean;
  trigger?: string;
  callerMarks?: boolean;
  recordAbsent?: boolean;
}): SyncInput {
  const { dealId, designId, reads, agreements, deal, linked, known, simulationFirst, trigger, callerMarks, recordAbsent } = input;
  return { dealId, deal, linked, only: { designIds: [designId], reads, agreements, known, simulationFirst, callerMarks, recordAbsent }, trigger };
}

/** The same sync for one design. */
export async function syncDesign(deps: Deps, input: Parameters<typeof oneDesign>[0], deadline: number): Promise<SyncSummary> {
  return syncDeal(deps, oneDesign(input), deadline);
}

/**
 * Writes the plan (with its history entry); when HubSpot refuses a property of the admin's extra targets, writes it again
 * without them, partial and saying why (sync/extraTargets.ts). Both writes are idempotent upserts and updates.
 */
async function writePlan(deps: Deps, planned: SyncPlan, withEntry: (plan: SyncPlan) => SyncPlan, holdings: HubSpotHoldings, deadline: number, absent: readonly string[]) {
  const plan = withEntry(planned);
  try {
    return { plan, ...(await writeSync(deps, plan, holdings, deadline, { absent })) };
  } catch (error) {
    const targets = extraTargetsOf(deps.settings);
    const refused = refusedTargets(error, targets);
    if (refused.length === 0 || !(error instanceof HubSpotValidationError)) throw error;
    const lighter = withEntry(withoutExtraTargets(planned, targets, refusedWords(refused, error)));
    return { plan: lighter, ...(await writeSync(deps, lighter, holdings, deadline, { absent })) };
  }
}

/**
 * A full sync (never a webhook's) follows a changed deal owner into Aurora when the admin turned that on: the Aurora
 * write is made here, the deal fields that remember it go with the sync's own deal write. Never fails the sync.
 */
async function ownerFollowed(deps: Deps, started: StartedSync, auroraOwnerId: string | null | undefined, deadline: number): Promise<{ deal: PropertyWrite<DealPropertyKey>; words: string | null } | null> {
  try {
    const follow = await followOwner(deps, started.deal, readSnapshot(started.deal.properties.aurora_pushed_customer), auroraOwnerId, { deadline });
    if (!follow) return null;
    if (follow.auroraUserId) await deps.aurora.projects.update(started.projectId, { owner_id: follow.auroraUserId }, { deadline });
    const deal: PropertyWrite<DealPropertyKey> = { aurora_pushed_customer: formatSnapshot(follow.snapshot) };
    if (follow.auroraUserId && follow.auroraUserName) deal.aurora_project_owner = follow.auroraUserName;
    return { deal, words: follow.words };
  } catch (error) {
    return { deal: {}, words: `Aurora project owner not changed: ${wordsOf(error)}` };
  }
}

/** The plan with a history entry when it changes something (a sync that only confirms the deal current adds none). */
function withHistory(deps: Deps, plan: SyncPlan, started: StartedSync, input: SyncInput, ownerWords?: string | null): SyncPlan {
  const current = started.deal.properties;
  const changedOnDeal = Object.keys(changedProperties(current, plan.deal)).filter((name) => !BOOKKEEPING.includes(name));
  if (plan.upserts.length === 0 && changedOnDeal.length === 0 && !ownerWords) return plan;
  const labels = changedOnDeal.map((name) => dealProperty(name)?.label ?? name);
  const parts = [
    ownerWords ?? null,
    plan.upserts.length > 0 ? `${plan.upserts.length} design${plan.upserts.length === 1 ? '' : 's'} updated` : null,
    labels.length > 0 ? `deal: ${labels.join(', ')}` : null,
    plan.skipped.length > 0 ? `not finished: ${plan.skipped.join(' ')}` : null,
  ].filter(Boolean);
  const what = `${input.trigger ?? 'Sync'}: ${parts.length > 0 ? parts.join('; ') : 'sync status updated'}.`;
  return { ...plan, deal: { ...plan.deal, ...historyWrite(current[HISTORY_PROPERTY], deps.now(), what, input.actor) } };
}

/** The sync's own bookkeeping on the deal: not news for the history. */
const BOOKKEEPING = ['aurora_last_synced_at', 'aurora_sync_pending', 'aurora_pushed_customer', HISTORY_PROPERTY];

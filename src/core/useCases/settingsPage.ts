// Use case "Settings overview": environment and tenant (never the key), the webhook endpoint (never its token), setup
// state, the field map as rows, and the deals with unfinished Aurora work (a failed sync, pending marks).
import { describePending } from '@aurora/format';
import type { Config } from '../config';
import type { ResultOf, SetupState, SyncProblem } from '../contract';
import type { DealPropertyKey } from '../dataModel';
import type { DealRecord } from '../hubspot/context';
import { HubSpotSetupError, HubSpotValidationError } from '../hubspot/errors';
import type { HubSpotStore } from '../hubspot/store';
import { readDatetime, readText } from '../mapping/conversions';
import { syncInfoOf } from '../mapping/dealState';
import { allPending, formatPending, parsePending } from '../mapping/pending';
import { FIELD_MAP, type FieldMap } from '../mapping/fieldMap';
import { describeFieldMap } from '../mapping/validate';
import { installPortal } from './install';

/** The settings page pages through these; older problems are found on the deals themselves. */
const PROBLEM_LIMIT = 50;
/** Pages of design records with marks read (200 each, the search's most); deals past them still show their own status and marks. */
const MARKED_PAGES = 5;
const PROBLEM_PROPERTIES = ['dealname', 'aurora_project_id', 'aurora_sync_status', 'aurora_last_error', 'aurora_last_synced_at', 'aurora_sync_pending', 'hs_lastmodifieddate'] as const satisfies readonly DealPropertyKey[];
const NEXT_STEP = 'Aurora delivers a put-off webhook again on its own, and the next Sync of the deal finishes whatever is left (Sync again does it now).';

type Overview = Extract<ResultOf<'aurora_settings_overview'>, { ok: true }>;

export interface OverviewDeps {
  hubspot: HubSpotStore;
  fieldMap?: FieldMap;
}

/** The marks one design record holds, with the deal and project it names and when it was last written. */
interface RecordMarks {
  projectId: string | null;
  items: string[];
  at: string | null;
}

/**
 * Deals with unfinished Aurora work, most recent first: a failed sync, work marked pending on the deal or on one of its
 * designs' records (a put-off delivery marks the design's own record and leaves the deal alone), or what the last sync
 * could not read that no mark records. The marks decide, not the deal's sync status, which the last of two syncs at once
 * wrote (docs/pending-work.md#what-the-card-says): two searches, and one batch read for deals found only by their designs.
 */
export async function recentSyncProblems(hubspot: HubSpotStore, deadline: number): Promise<SyncProblem[]> {
  const [listed, marked] = await Promise.all([problemDeals(hubspot, deadline), markedDesigns(hubspot, deadline)]);
  const known = new Set(listed.map((deal) => deal.id));
  const more = [...marked.keys()].filter((id) => !known.has(id)).slice(0, PROBLEM_LIMIT);
  const deals = [...listed, ...(more.length > 0 ? await hubspot.getDealsById(more, PROBLEM_PROPERTIES, { deadline }) : [])];
  const problems = deals.flatMap((deal) => problemOf(deal, marked.get(deal.id) ?? []));
  // Sorted here: a search index may ignore a sort on a property it does not index, and the batch read has no order.
  return problems.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? '')).slice(0, PROBLEM_LIMIT);
}

/** Deals a sync says failed or were partial, or whose own list holds marks (one search, two filter groups). */
async function problemDeals(hubspot: HubSpotStore, deadline: number): Promise<DealRecord[]> {
  const found = await hubspot.searchRecords('deals', [{ property: 'aurora_sync_status', operator: 'IN', values: ['error', 'partial'] }], {
    orFilters: [[{ property: 'aurora_sync_pending', operator: 'HAS_PROPERTY' }]],
    properties: PROBLEM_PROPERTIES,
    sorts: ['-aurora_last_synced_at'],
    limit: PROBLEM_LIMIT,
    deadline,
  });
  return found.results;
}

/** Design records holding marks, by the deal each names (none on portals whose designs hold no marks, or not set up). */
async function markedDesigns(hubspot: HubSpotStore, deadline: number): Promise<Map<string, RecordMarks[]>> {
  const marks = new Map<string, RecordMarks[]>();
  const design = await hubspot.designObject({ deadline }).catch((error: unknown) => {
    if (error instanceof HubSpotSetupError) return null;
    throw error;
  });
  let after: string | undefined;
  for (let page = 0; design?.holdsPendingMarks && page < MARKED_PAGES; page++) {
    const found = await hubspot.searchRecords('aurora_design', [{ property: 'aurora_sync_pending', operator: 'HAS_PROPERTY' }], {
      properties: ['aurora_deal_id', 'aurora_project_id', 'aurora_sync_pending', 'hs_lastmodifieddate'],
      limit: 200,
      ...(after ? { after } : {}),
      deadline,
    });
    for (const { properties: p } of found.results) {
      const dealId = readText(p.aurora_deal_id);
      if (dealId) marks.set(dealId, [...(marks.get(dealId) ?? []), { projectId: readText(p.aurora_project_id), items: parsePending(p.aurora_sync_pending), at: readDatetime(p.hs_lastmodifieddate) }]);
    }
    after = found.after;
    if (!after) break;
  }
  return marks;
}

/**
 * The deal's problem in plain words, or none when nothing is unfinished: a failure as the sync said it; else what no mark
 * records, what is marked pending (the deal's list and its current project's design records), and what happens next.
 */
function problemOf(deal: DealRecord, records: readonly RecordMarks[]): SyncProblem[] {
  const p = deal.properties;
  const own = records.filter((record) => record.projectId === readText(p.aurora_project_id));
  const sync = syncInfoOf(deal, allPending(p.aurora_sync_pending, own.map((record) => formatPending(record.items))));
  if (sync.status !== 'error' && sync.status !== 'partial' && sync.pending.length === 0) return [];
  const waiting = describePending(sync.pending);
  const words = sync.status === 'error' ? [sync.lastError ?? 'The last sync failed.'] : [sync.lastError, waiting ? `Not in HubSpot yet: ${waiting}. ${NEXT_STEP}` : null];
  const times = [readDatetime(p.aurora_last_synced_at) ?? readDatetime(p.hs_lastmodifieddate), ...own.map((record) => record.at)].filter((at): at is string => at !== null);
  return [{ dealId: deal.id, dealName: readText(p.dealname), at: times.sort().at(-1) ?? null, message: words.filter(Boolean).join(' ') }];
}

/** Missing secrets first, then what the installer would still have to do (a dry run: reads only). */
async function setupState(config: Config, hubspot: HubSpotStore, deadline: number): Promise<SetupState> {
  const problems = config.missing.map((m) => `${m.name} is missing: ${m.why}.`);
  if (!config.webhookToken) problems.push('AURORA_WEBHOOK_TOKEN is missing: the secret Aurora’s webhook calls must carry (hs secret add AURORA_WEBHOOK_TOKEN).');
  if (!config.webhookUrl) problems.push('AURORA_WEBHOOK_URL is missing: the public URL of the webhook endpoint, needed to register webhooks (reps can still use Sync).');
  const report = await installPortal({ hubspot }, { dryRun: true, deadline });
  const todo = report.steps.filter((step) => ['missing', 'conflict', 'failed'].includes(step.outcome));
  if (todo.length > 0) problems.push(`HubSpot is not fully set up (${todo.length} item${todo.length === 1 ? '' : 's'}, e.g. ${todo[0]?.name}): run Set up HubSpot.`);
  return { ready: problems.length === 0, problems };
}

export async function settingsOverview(deps: OverviewDeps, config: Config, options: { deadline: number }): Promise<Overview> {
  const [setup, problems] = await Promise.all([
    setupState(config, deps.hubspot, options.deadline),
    // Before the installer has run, HubSpot rejects a search on the app's properties: the setup state says why.
    recentSyncProblems(deps.hubspot, options.deadline).catch((error: unknown) => {
      if (error instanceof HubSpotValidationError) return [];
      throw error;
    }),
  ]);
  return {
    ok: true,
    environment: config.aurora?.environment ?? null,
    tenantId: config.aurora?.tenantId ?? null,
    webhookUrl: config.webhookUrl ?? null,
    setup,
    fieldMap: describeFieldMap(deps.fieldMap ?? FIELD_MAP),
    problems,
  };
}

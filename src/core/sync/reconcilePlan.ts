// Pure planning for "bring the portal in line with Aurora": what one deal needs, from its HubSpot properties and the
// index of Aurora projects by external_provider_id (Aurora cannot search by it, so the index is built from one listing).
import type { AuroraProject } from '../aurora';
import type { DealRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { isProjectMissing, linkedProjectId } from '../mapping/dealState';
import { parsePending } from '../mapping/pending';
import type { DealPropertyKey } from '../dataModel';

/** The deal properties the plan reads (one search page brings them for 100 deals). */
export const PLAN_PROPERTIES: readonly DealPropertyKey[] = ['dealname', 'aurora_project_id', 'aurora_project_status', 'aurora_sync_status', 'aurora_last_synced_at', 'aurora_sync_pending'];

export type SyncReason = 'never_synced' | 'failed' | 'pending' | 'stale' | 'newly_linked';

export type DealPlan =
  | { kind: 'link'; project: AuroraProject }
  | { kind: 'sync'; reason: SyncReason }
  | { kind: 'unchanged'; why: 'fresh' | 'no_project' }
  | { kind: 'failed'; reason: string };

/** Aurora projects by the HubSpot deal id they name (`external_provider_id`, which Create in Aurora sets to the deal id). */
export type ProjectIndex = ReadonlyMap<string, readonly AuroraProject[]>;

export function indexProjects(projects: Iterable<AuroraProject>): Map<string, AuroraProject[]> {
  const index = new Map<string, AuroraProject[]>();
  for (const project of projects) {
    const dealId = readText(project.external_provider_id ?? null);
    if (dealId) index.set(dealId, [...(index.get(dealId) ?? []), project]);
  }
  return index;
}

/**
 * A linked deal needs a sync when it never synced, failed, left work (its marks, on the deal or its designs), or is older
 * than the freshness window. A stored `partial` alone is no reason: it may be another sync's, or a feature the key
 * lacks, which no sync brings (docs/pending-work.md#what-the-card-says).
 */
function syncReason(deal: DealRecord, now: number, freshForMs: number): SyncReason | null {
  const p = deal.properties;
  const status = readText(p.aurora_sync_status);
  if (status === 'error') return 'failed';
  if (parsePending(p.aurora_sync_pending).length > 0) return 'pending';
  const syncedAt = Date.parse(readText(p.aurora_last_synced_at) ?? '');
  if (!status || status === 'never' || !Number.isFinite(syncedAt)) return 'never_synced';
  return now - syncedAt > freshForMs ? 'stale' : null;
}

/** What one deal needs; `index` is consulted only for unlinked deals. Never plans a project creation. */
export function planDeal(deal: DealRecord, index: ProjectIndex | undefined, options: { now: number; freshForMs: number }): DealPlan {
  if (linkedProjectId(deal)) {
    // Aurora said 404 for the linked project: a person must unlink it; syncing again cannot help.
    if (isProjectMissing(deal)) return { kind: 'failed', reason: 'The linked Aurora project no longer exists in Aurora; unlink the deal on its card.' };
    const reason = syncReason(deal, options.now, options.freshForMs);
    return reason ? { kind: 'sync', reason } : { kind: 'unchanged', why: 'fresh' };
  }
  const candidates = index?.get(deal.id) ?? [];
  if (candidates.length === 0) return { kind: 'unchanged', why: 'no_project' };
  if (candidates.length > 1) {
    return { kind: 'failed', reason: `${candidates.length} Aurora projects name this deal (${candidates.map((p) => p.id).join(', ')}); link the right one by hand.` };
  }
  return { kind: 'link', project: candidates[0]! };
}

/** True when any deal of the page is unlinked, i.e. the project index is needed. */
export const needsIndex = (deals: readonly DealRecord[]): boolean => deals.some((deal) => !linkedProjectId(deal));

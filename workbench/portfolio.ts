// A portal with history, for reconciliation runs on the simulators (npm run reconcile, its test and the bench): deals
// already linked and fresh, unlinked deals whose Aurora project was made by hand, unlinked deals without one, stale
// deals, deals whose last sync failed, and deals whose Aurora project was deleted; each deal says where it must end.
import { DEMO, type AuroraSimulator } from '../simulators/aurora';
import type { HubSpotSimulator } from '../simulators/hubspot';
import { auroraProjectUrl, createAuroraClient } from '../src/core/aurora';

export type DealKind = 'linked_fresh' | 'unlinked_with_project' | 'unlinked_without' | 'stale' | 'failing' | 'project_deleted';

export interface PortfolioDeal {
  dealId: string;
  kind: DealKind;
  /** The Aurora project that names the deal (none for unlinked_without). */
  projectId: string | null;
  designId: string | null;
}

/** Shares of each kind, in the order deals are created (ids ascend, so kinds interleave over the walk). */
export const DEFAULT_MIX: Record<DealKind, number> = {
  linked_fresh: 0.2,
  unlinked_with_project: 0.2,
  unlinked_without: 0.2,
  stale: 0.2,
  failing: 0.16,
  project_deleted: 0.04,
};

const DAY_MS = 86_400_000;

/** Builds `count` deals on the simulators; Aurora's rate limit is lifted while seeding, then set to `restoreTo`. */
export async function seedPortfolio(
  aurora: AuroraSimulator,
  hubspot: HubSpotSimulator,
  count: number,
  options: { mix?: Record<DealKind, number>; restoreTo: { requests: number; perMs: number } },
): Promise<PortfolioDeal[]> {
  const { mix = DEFAULT_MIX, restoreTo } = options;
  const kinds = spread(count, mix);
  // The demo's second key seeds, so the standard key the app uses starts the run with its whole budget.
  const client = createAuroraClient({ apiKey: DEMO.restrictedKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, rateLimit: { requests: 100_000, perMs: 1_000 } });
  aurora.control.setRateLimit({ requests: 100_000, perMs: 1_000 });
  try {
    const deals: PortfolioDeal[] = [];
    for (const [n, kind] of kinds.entries()) deals.push(await seedDeal(aurora, hubspot, client, kind, n));
    return deals;
  } finally {
    aurora.control.setRateLimit(restoreTo);
  }
}

async function seedDeal(aurora: AuroraSimulator, hubspot: HubSpotSimulator, client: ReturnType<typeof createAuroraClient>, kind: DealKind, n: number): Promise<PortfolioDeal> {
  const dealname = `Reconcile ${String(n + 1).padStart(4, '0')} (${kind.replace(/_/g, ' ')})`;
  const dealId = hubspot.control.createRecord('deals', { dealname, dealstage: 'appointmentscheduled', pipeline: 'default' });
  if (kind === 'unlinked_without') return { dealId, kind, projectId: null, designId: null };
  const project = await client.projects.create({
    name: dealname,
    external_provider_id: dealId,
    customer_first_name: 'Sam',
    customer_last_name: `Owner ${n + 1}`,
    location: { property_address: `${100 + n} Main St, Palo Alto, CA 94301` },
  });
  const design = aurora.control.createDesign({ projectId: project.id, name: 'Roof A', sizeKw: 5 + (n % 7) });
  if (kind === 'unlinked_with_project') return { dealId, kind, projectId: project.id, designId: design.id };
  const syncedAt = new Date(Date.now() - (kind === 'linked_fresh' ? 3_600_000 : 3 * DAY_MS)).toISOString();
  const status = kind === 'failing' ? 'error' : 'ok';
  hubspot.state.updateRecord(hubspot.state.objectType('deals'), dealId, {
    aurora_project_id: project.id,
    aurora_project_url: auroraProjectUrl(aurora.url, project.id),
    aurora_project_status: 'active',
    aurora_sync_status: status,
    aurora_last_synced_at: syncedAt,
    ...(kind === 'failing' ? { aurora_last_error: 'Aurora had a problem answering (HTTP 503).' } : {}),
  });
  if (kind === 'project_deleted') aurora.control.deleteProject(project.id);
  return { dealId, kind, projectId: project.id, designId: kind === 'project_deleted' ? null : design.id };
}

/** The kinds in a round-robin order with the mix's proportions. */
function spread(count: number, mix: Record<DealKind, number>): DealKind[] {
  const entries = Object.entries(mix) as [DealKind, number][];
  const sum = entries.reduce((total, [, share]) => total + share, 0);
  const wanted = entries.map(([kind, share]) => [kind, Math.round((share / sum) * count)] as [DealKind, number]);
  wanted[0]![1] += count - wanted.reduce((total, [, n]) => total + n, 0);
  const out: DealKind[] = [];
  const left = new Map(wanted);
  while (out.length < count) {
    for (const [kind] of wanted) {
      if ((left.get(kind) ?? 0) === 0 || out.length === count) continue;
      left.set(kind, left.get(kind)! - 1);
      out.push(kind);
    }
  }
  return out;
}

// What a finished simulation or a new milestone changes on a design HubSpot holds, written without a sync: the event's
// own reads onto the design's record and, while the deal rolls that design up, the deal (one upsert, one deal update;
// no design links, no other records). Declines (null) whenever the event could change which design the deal rolls up
// or its labels, or a read did not come back whole; the caller then syncs the design as before.
import { AuroraBusyError } from '../aurora/errors';
import type { AuroraDesign, AuroraDesignSummary } from '../aurora/schemas';
import type { Deps } from '../deps';
import { readText } from '../mapping/conversions';
import type { DesignFacts } from '../mapping/facts';
import { isRead } from '../sync/auroraReads';
import { designFacts } from '../sync/designFacts';
import { readDeadlineOf, readHeldDesign } from '../sync/readSync';
import { isDealsCopy, writeDesignFacts, type HeldDesign } from './designFactsWrite';

type Outcome = { outcome: 'applied' | 'unchanged'; message: string };

/** The design reads a deferred design delivery stands for (for the busy error's words). */
export const DESIGN_READ = { method: 'GET', path: '/tenants/:tenantId/designs/:designId', feature: 'designs', action: 'read', noun: 'design' } as const;

/**
 * What a simulation changes: its figures and its price (docs/aurora-api.md#designs). Not its files: each comes with an
 * asset_created delivery of its own, which copies it (docs/hubspot-calls.md#one-upload-per-file).
 */
const SIMULATION_FACTS = ['systemSizeWatts', 'annualProductionKwh', 'offset', 'moduleCount', 'bomSummary', 'price', 'pricePerWatt'] as const satisfies readonly (keyof DesignFacts)[];

/** A finished simulation's results (the summary its check read) and price, onto the design HubSpot holds. */
export async function writeSimulation(deps: Deps, held: HeldDesign, summary: AuroraDesignSummary | undefined): Promise<Outcome | null> {
  if (!summary || !isDealsCopy(held)) return null;
  const designId = readText(held.record.properties.aurora_design_id)!;
  const { reads, busyUntil } = await readHeldDesign(deps, { ...held, designId }, ['summary', 'pricing'], { known: { summary }, readDeadline: readDeadlineOf(deps.now(), held.deadline) });
  // Aurora's budget kept a read back: put off like a sync would be, so Aurora delivers it again.
  if (busyUntil) throw new AuroraBusyError(busyUntil, DESIGN_READ);
  if (!isRead(reads.pricing)) return null;
  const facts = designFacts(reads, { projectId: held.projectId, agreements: undefined, existing: undefined, syncedAt: new Date(deps.now()).toISOString() });
  // The size falls back to the design list's, not read here: without it in the summary, HubSpot keeps its own.
  const kept = (name: (typeof SIMULATION_FACTS)[number]) => facts[name] === undefined || (name === 'systemSizeWatts' && facts[name] === null);
  const written = Object.fromEntries(SIMULATION_FACTS.flatMap((name) => (kept(name) ? [] : [[name, facts[name]]])));
  await writeDesignFacts(deps, held, written);
  return { outcome: 'applied', message: 'Simulation results written.' };
}

/** The milestone Aurora's design list shows, onto the design HubSpot holds; a design becoming sold goes to the sync. */
export async function writeMilestone(deps: Deps, held: HeldDesign, listed: AuroraDesign | undefined): Promise<Outcome | null> {
  if (!listed || !isDealsCopy(held) || listed.id !== readText(held.record.properties.aurora_design_id)) return null;
  const milestone = listed.milestone?.milestone ?? null;
  // 'sold' makes it the sold design: its label and which design the deal rolls up are the sync's to decide.
  if (milestone === 'sold' && held.record.properties.aurora_is_sold !== 'true') return null;
  await writeDesignFacts(deps, held, { milestone });
  return { outcome: 'applied', message: `Milestone ${milestone ?? 'cleared'}.` };
}

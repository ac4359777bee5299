// Use case "bring the portal in line with Aurora": walks every deal (HubSpot search, paged by deal id), links unlinked
// deals to the Aurora project that names them (never creating one), re-syncs linked deals that are stale, failed or left
// work pending, and records a checkpoint after each finished run of deals so a crash resumes where it stopped. Aurora's
// pace is the client's rate limiter (one client for the whole walk); HubSpot's 429s are waited out by the store.
import type { AuroraProject } from '../aurora';
import type { Deps } from '../deps';
import { toFailure } from './errors';
import type { DealRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { linkedProjectId } from '../mapping/dealState';
import { allPending, formatPending, parsePending } from '../mapping/pending';
import { linkExistingProject, sweepFinishedClaims } from './linkProject';
import { indexProjects, needsIndex, PLAN_PROPERTIES, planDeal, type DealPlan, type ProjectIndex } from '../sync/reconcilePlan';
import { syncDeal } from './sync';

export interface ReconcileOptions {
  /** Plan and report only: no link, no sync, no write. */
  dryRun?: boolean;
  /** A linked deal synced longer ago than this is re-synced; default 24 h. */
  freshForMs?: number;
  /** Deals worked on at once (Aurora's limiter and concurrency cap pace the requests); default 4. */
  concurrency?: number;
  /** Time one deal's sync may take, waits for Aurora's rate limit included; default 120 s. */
  dealTimeMs?: number;
  /** Tries per deal when Aurora or HubSpot fail in a way a retry can fix; default 3. */
  attempts?: number;
  /** Wait before the next try, times the try number; default 2 s. */
  retryDelayMs?: number;
  /** Deals per HubSpot search page; default 100 (HubSpot's maximum is 200). */
  pageSize?: number;
}

export type DealResult = 'linked' | 'synced' | 'unchanged' | 'failed';
export type ReconcileTally = Record<DealResult, number>;

export interface ReconcileFailure {
  dealId: string;
  dealName: string | null;
  reason: string;
}

/** What survives a crash: every deal up to `afterDealId` is done and counted. */
export interface Checkpoint {
  version: 1;
  dryRun: boolean;
  afterDealId: string | null;
  tally: ReconcileTally;
  failures: ReconcileFailure[];
}

export interface CheckpointStore {
  load(): Promise<Checkpoint | null>;
  save(checkpoint: Checkpoint): Promise<void>;
}

export interface ReconcileProgress {
  /** Deals in the portal (done before a resume included), once HubSpot has said. */
  total: number | null;
  done: number;
  /** Of `done`, the deals this run finished (the rest were counted before a resume). */
  doneThisRun: number;
  tally: ReconcileTally;
}

export interface ReconcileReport extends ReconcileProgress {
  dryRun: boolean;
  /** The checkpoint the run resumed after, if any. */
  resumedAfter: string | null;
  failures: ReconcileFailure[];
}

export interface ReconcileIo {
  checkpoint: CheckpointStore;
  onProgress?: (progress: ReconcileProgress) => void;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { dryRun: false, freshForMs: 24 * 3_600_000, concurrency: 4, dealTimeMs: 120_000, attempts: 3, retryDelayMs: 2_000, pageSize: 100 };
const zeroTally = (): ReconcileTally => ({ linked: 0, synced: 0, unchanged: 0, failed: 0 });
type Outcome = { result: Exclude<DealResult, 'failed'> } | { result: 'failed'; reason: string };

export async function reconcilePortal(deps: Deps, options: ReconcileOptions, io: ReconcileIo): Promise<ReconcileReport> {
  const settings = { ...DEFAULTS, ...options };
  const saved = await io.checkpoint.load();
  const resume = saved && saved.dryRun === settings.dryRun ? saved : null;
  const walk = new Walk(deps, settings, io, resume);
  await Promise.all(Array.from({ length: settings.concurrency }, () => walk.worker()));
  await walk.flushed();
  // A run killed between saving a link and dropping its claim leaves the claim; the deal is linked, so it can go.
  if (!settings.dryRun) await sweepFinishedClaims(deps, deps.now() + settings.dealTimeMs).catch(() => undefined);
  return { ...walk.progress(), dryRun: settings.dryRun, resumedAfter: resume?.afterDealId ?? null, failures: walk.failures };
}

class Walk {
  readonly failures: ReconcileFailure[];
  private readonly tally: ReconcileTally;
  private afterDealId: string | null;
  private total: number | null = null;
  private readonly doneBefore: number;
  private readonly source: AsyncGenerator<{ deal: DealRecord; seq: number }>;
  private readonly finished = new Map<number, { deal: DealRecord; outcome: Outcome }>();
  private nextToCommit = 0;
  private saving: Promise<void> = Promise.resolve();
  private index: Promise<ProjectIndex> | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly settings: typeof DEFAULTS,
    private readonly io: ReconcileIo,
    resume: Checkpoint | null,
  ) {
    this.tally = resume ? { ...resume.tally } : zeroTally();
    this.failures = resume ? [...resume.failures] : [];
    this.afterDealId = resume?.afterDealId ?? null;
    this.doneBefore = Object.values(this.tally).reduce((sum, n) => sum + n, 0);
    this.source = this.deals();
  }

  progress(): ReconcileProgress {
    const done = Object.values(this.tally).reduce((sum, n) => sum + n, 0);
    return { total: this.total, done, doneThisRun: done - this.doneBefore, tally: { ...this.tally } };
  }

  /** Every deal after the checkpoint, by ascending id: a filter on the id instead of HubSpot's 10,000-result paging. */
  private async *deals(): AsyncGenerator<{ deal: DealRecord; seq: number }> {
    let cursor = this.afterDealId ?? '0';
    let seq = 0;
    for (;;) {
      const after = cursor;
      const page = await this.retrying(() =>
        this.deps.hubspot.searchRecords('deals', [{ property: 'hs_object_id', operator: 'GT', value: after }], {
          properties: PLAN_PROPERTIES,
          sorts: ['hs_object_id'],
          limit: this.settings.pageSize,
        }),
      );
      this.total ??= this.doneBefore + page.total;
      // Start the listing while the first deals wait for it.
      if (needsIndex(page.results)) this.projectIndex().catch(() => undefined);
      // Unreadable (HubSpot failing past the retries, no design object): the deals plan from their own properties.
      const marked = await this.retrying(() => this.designMarks(page.results)).catch(() => new Map<string, string[]>());
      for (const deal of page.results) yield { deal: withDesignMarks(deal, marked.get(deal.id)), seq: seq++ };
      if (page.results.length < this.settings.pageSize) return;
      cursor = page.results[page.results.length - 1]!.id;
    }
  }

  /**
   * The pending marks the page's deals hold on their designs' records (docs/pending-work.md#where-marks-live), by deal:
   * one search per page; none on portals whose designs hold no marks (theirs are on the deal).
   */
  private async designMarks(deals: readonly DealRecord[]): Promise<Map<string, string[]>> {
    const linked = deals.filter((deal) => readText(deal.properties.aurora_project_id)).map((deal) => deal.id);
    if (linked.length === 0 || !(await this.deps.hubspot.designObject()).holdsPendingMarks) return new Map();
    const filters = [
      { property: 'aurora_deal_id', operator: 'IN', values: linked },
      { property: 'aurora_sync_pending', operator: 'HAS_PROPERTY' },
    ] as const;
    // One marked design is enough to re-sync a deal: records past the first 200 only repeat what the sync finds.
    const found = await this.deps.hubspot.searchRecords('aurora_design', [...filters], { properties: ['aurora_deal_id', 'aurora_sync_pending'], limit: 200 });
    const marks = new Map<string, string[]>();
    for (const record of found.results) {
      const dealId = readText(record.properties.aurora_deal_id);
      if (dealId) marks.set(dealId, [...(marks.get(dealId) ?? []), ...parsePending(record.properties.aurora_sync_pending)]);
    }
    return marks;
  }

  /** Aurora has no search by external_provider_id: one listing (250 a page) indexes every project, once per run. */
  private projectIndex(): Promise<ProjectIndex> {
    this.index ??= this.retrying(() => listAll(this.deps)).then(indexProjects);
    // A listing that failed every try is tried again for the next deal that needs it.
    this.index.catch(() => (this.index = undefined));
    return this.index;
  }

  /** The walk's own reads, tried again (with a growing wait) while the failure is one a retry can fix. */
  private async retrying<T>(read: () => Promise<T>): Promise<T> {
    for (let tried = 1; ; tried++) {
      try {
        return await read();
      } catch (error) {
        if (tried >= this.settings.attempts || !toFailure(error).error.retryable) throw error;
        await this.sleep(this.settings.retryDelayMs * tried);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.io.sleep ? this.io.sleep(ms) : new Promise<void>((resolve) => setTimeout(resolve, ms));
  }

  async worker(): Promise<void> {
    for (;;) {
      const next = await this.source.next();
      if (next.done) return;
      const { deal, seq } = next.value;
      this.finished.set(seq, { deal, outcome: await this.handle(deal) });
      this.commit();
    }
  }

  /** Counts finished deals in id order and moves the checkpoint past them. */
  private commit(): void {
    let moved = false;
    for (let entry = this.finished.get(this.nextToCommit); entry; entry = this.finished.get(this.nextToCommit)) {
      this.finished.delete(this.nextToCommit++);
      this.tally[entry.outcome.result]++;
      if (entry.outcome.result === 'failed') this.failures.push({ dealId: entry.deal.id, dealName: readText(entry.deal.properties.dealname), reason: entry.outcome.reason });
      this.afterDealId = entry.deal.id;
      moved = true;
    }
    if (!moved) return;
    const checkpoint: Checkpoint = { version: 1, dryRun: this.settings.dryRun, afterDealId: this.afterDealId, tally: { ...this.tally }, failures: [...this.failures] };
    this.saving = this.saving.then(() => this.io.checkpoint.save(checkpoint));
    this.io.onProgress?.(this.progress());
  }

  flushed(): Promise<void> {
    return this.saving;
  }

  private async handle(deal: DealRecord): Promise<Outcome> {
    try {
      // Only an unlinked deal needs the index; without it the deal fails (never "no project").
      const index = linkedProjectId(deal) ? undefined : await this.projectIndex();
      const plan = planDeal(deal, index, { now: this.deps.now(), freshForMs: this.settings.freshForMs });
      if (plan.kind === 'unchanged') return { result: 'unchanged' };
      if (plan.kind === 'failed') return { result: 'failed', reason: plan.reason };
      if (this.settings.dryRun) return { result: plan.kind === 'link' ? 'linked' : 'synced' };
      return await this.act(deal.id, plan);
    } catch (error) {
      return { result: 'failed', reason: toFailure(error).error.message };
    }
  }

  private async act(dealId: string, plan: Extract<DealPlan, { kind: 'link' | 'sync' }>): Promise<Outcome> {
    if (plan.kind === 'sync') return this.withRetries(() => this.sync(dealId));
    const link = await this.withRetries(async () => {
      const linked = await linkExistingProject(this.deps, { dealId, project: plan.project }, this.deps.now() + this.settings.dealTimeMs);
      if (linked.outcome === 'in_progress') return { retry: 'A Create in Aurora for this deal is under way; run the reconciliation again later.' };
      if (linked.outcome === 'taken') return { result: 'failed', reason: `Aurora project ${linked.projectId} names this deal but is linked to deal ${linked.byDealId}.` };
      return { result: 'linked' };
    });
    if (link.result !== 'linked') return link;
    const synced = await this.withRetries(() => this.sync(dealId));
    return synced.result === 'failed' ? { result: 'failed', reason: `Linked to Aurora project ${plan.project.id}, but the first sync failed: ${synced.reason}` } : link;
  }

  private async sync(dealId: string): Promise<Outcome | { retry: string }> {
    const summary = await syncDeal(this.deps, { dealId, trigger: 'Reconciliation' }, this.deps.now() + this.settings.dealTimeMs);
    if (summary.status === 'ok') return { result: 'synced' };
    // Partial: work left for the next sync is worth another try; a feature the key lacks is not.
    const deal = summary.designsLeft > 0 ? null : await this.deps.hubspot.getDeal(dealId, ['aurora_sync_pending']);
    return !deal || readText(deal.properties.aurora_sync_pending) ? { retry: `Partly synced: ${summary.skipped.join(' ')}` } : { result: 'synced' };
  }

  /** Tries again what a retry can fix (rate limits, outages, pending work), waiting longer each time. */
  private async withRetries(attempt: () => Promise<Outcome | { retry: string }>): Promise<Outcome> {
    for (let tried = 1; ; tried++) {
      let reason: string;
      try {
        const outcome = await attempt();
        if ('result' in outcome) return outcome;
        reason = outcome.retry;
      } catch (error) {
        const user = toFailure(error).error;
        if (!user.retryable) return { result: 'failed', reason: user.message };
        reason = user.message;
      }
      if (tried >= this.settings.attempts) return { result: 'failed', reason };
      await this.sleep(this.settings.retryDelayMs * tried);
    }
  }
}

async function listAll(deps: Deps): Promise<AuroraProject[]> {
  const projects: AuroraProject[] = [];
  for await (const project of deps.aurora.projects.list({ perPage: 250 })) projects.push(project);
  return projects;
}

/** The deal as the plan sees it: its own pending list and its designs' marks together. */
function withDesignMarks(deal: DealRecord, marks: readonly string[] | undefined): DealRecord {
  if (!marks || marks.length === 0) return deal;
  return { ...deal, properties: { ...deal.properties, aurora_sync_pending: formatPending(allPending(deal.properties.aurora_sync_pending, [formatPending(marks)])) } };
}

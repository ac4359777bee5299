// Design events (design created, finished simulation, asset, proposal link, milestone): find the deal through the
// design's HubSpot record (else Aurora's design), skip what HubSpot already holds, then sync that one design with only
// the reads the event changed. A design new to HubSpot is read whole once, under its read lease (sync/readLease.ts).
import { AuroraBusyError } from '../aurora/errors';
import type { AuroraDesign, AuroraDesignSummary, AuroraWebProposal } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import type { LinkedDesign } from '../hubspot/designs';
import { sameHubSpotValue } from '../hubspot/values';
import { readText } from '../mapping/conversions';
import { copiedAssetId } from '../aurora/downloader';
import { linkedProjectId } from '../mapping/dealState';
import { HubSpotNotFoundError } from '../hubspot/errors';
import { designOfItem, parsePending, pendingItem } from '../mapping/pending';
import { NEW_DESIGN_READS, oneDesign, runSync, type DesignReadKind, type KnownReads } from './sync';
import { takeReadLease, type ReadLease } from '../sync/readLease';
import { DeliverAgainError } from './errors';
import { copyEventAsset } from './assetCopy';
import { DESIGN_READ, writeMilestone, writeSimulation } from './heldDesignWrites';
import { isDealsCopy, writeDesignFacts, type HeldDesign } from './designFactsWrite';
import type { EventPayload } from '../aurora/webhookDeliveries';
import { checkedUnchanged, designRecord, projectDeal, noDeal, summaryWords, work, WEBHOOK_DEAL_READ, type EventContext, type Located } from './eventWork';

/** Why a delivery would change nothing (HubSpot already holds what Aurora now says), or null to sync. */
type Unchanged = (record: DesignRecord) => Promise<string | null> | string | null;

/** A design left waiting, or new to HubSpot, is read whole but for its proposal link, which its own event brings. */
const WAITING_READS: readonly DesignReadKind[] = ['summary', 'pricing', 'financing', 'assets'];

interface DesignEventOptions {
  /** What the event changed: the design's reads the sync makes (besides the design list); the rest keeps HubSpot's values. */
  reads: readonly DesignReadKind[];
  /** The design's HubSpot record when the caller read it already (null: HubSpot has none). */
  record?: DesignRecord | null;
  /** The project the event names (design_created, milestone_created): only used to find the deal, the sync re-reads the rest. */
  projectId?: string;
  /** The event brings a new file (an asset). */
  files?: boolean;
  /** Asked when HubSpot has the design already: a repeated delivery then costs one read instead of a sync. */
  unchanged?: Unchanged;
  /** What `unchanged` read from Aurora, passed to the sync so it is not read twice. */
  known?: () => KnownReads;
  /** Writes what the event alone says onto a design HubSpot holds (no sync); null when a sync must decide. */
  alone?: (held: HeldDesign) => Promise<Outcome | null>;
}

type Outcome = { outcome: 'applied' | 'unchanged'; message: string };
const DESIGN_TRIGGER = 'Aurora webhook (design changed)';

/**
 * The deal a design's HubSpot record names, read by id (one call, and current, unlike search), when it is linked to the
 * record's project; null otherwise (the record's deal id is editable, so it never decides alone).
 */
async function dealOfRecord(deps: Deps, record: DesignRecord | null, projectId: string, deadline: number): Promise<DealRecord | null> {
  const dealId = readText(record?.properties.aurora_deal_id);
  if (!dealId || readText(record?.properties.aurora_project_id) !== projectId) return null;
  const deal = await deps.hubspot.getDeal(dealId, WEBHOOK_DEAL_READ, { deadline }).catch((error: unknown) => {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  });
  return deal && linkedProjectId(deal) === projectId ? deal : null;
}

/** A design's events: find the deal (through the design's HubSpot record, else Aurora's design), then sync that design. */
async function designEvent(deps: Deps, designId: string, context: EventContext, options: DesignEventOptions): Promise<Located> {
  // HubSpot first: a design already synced names its project and deal, and tells whether a repeat would change anything.
  const record = options.record !== undefined ? options.record : await designRecord(deps, designId, context.deadline);
  if (record) return locateDesign(deps, designId, record, context, options);
  // New to HubSpot: its events arrive together; one delivery reads it whole, the others spend nothing (sync/readLease.ts).
  const lease = await newDesignLease(deps, designId, context, options);
  if (lease.state === 'covered') return { found: false, outcome: 'unchanged', message: 'Another delivery is reading this new design whole since after this one arrived.' };
  if (lease.state === 'taken') throw new DeliverAgainError('Another call is reading this new design.');
  return leased(lease, () => locateDesign(deps, designId, null, context, options));
}

/** Takes the read lease of a design new to HubSpot, unless Aurora's budget is spent (then nothing is taken or read). */
async function newDesignLease(deps: Deps, designId: string, context: EventContext, options: DesignEventOptions): Promise<ReadLease> {
  const busyUntil = await deps.aurora.busyUntil();
  if (busyUntil > 0 && deps.aurora.priority === 'background') throw new AuroraBusyError(busyUntil, DESIGN_READ);
  const lease = await takeReadLease(deps, { designId, arrivedAt: context.receivedAt.getTime(), redelivered: true }, { deadline: context.deadline });
  // A read begun after this delivery arrived covers it only when it reads what this event changed (a whole read does).
  const coverable = options.reads.every((kind) => WAITING_READS.includes(kind));
  return lease.state === 'covered' && !coverable ? { state: 'taken' } : lease;
}

/** The located work under a held lease: released once the work is done, or at once when there is none. */
async function leased(lease: Extract<ReadLease, { state: 'held' }>, locate: () => Promise<Located>): Promise<Located> {
  const located = await locate().catch(async (error: unknown) => {
    await lease.release();
    throw error;
  });
  if (!located.found) {
    await lease.release();
    return located;
  }
  const { apply } = located.work;
  return { found: true, work: { ...located.work, apply: () => apply().finally(lease.release) } };
}

async function locateDesign(deps: Deps, designId: string, record: DesignRecord | null, context: EventContext, options: DesignEventOptions): Promise<Located> {
  const { deadline } = context;
  const projectId = options.projectId ?? readText(record?.properties.aurora_project_id) ?? readText((await deps.aurora.designs.retrieve(designId, { deadline })).project_id);
  if (!projectId) return { found: false, outcome: 'gone', message: `Aurora design ${designId} belongs to no project.` };
  const known = await dealOfRecord(deps, record, projectId, deadline);
  // Else the project's deal, read as it is now with its design ids (one call; docs/hubspot-calls.md#the-deal-of-a-project).
  const found = known ? null : await projectDeal(deps, projectId, deadline, { designIds: true });
  const deal = known ?? found?.deal;
  if (!deal) return noDeal(projectId);
  const pending = [pendingItem('design', designId), ...(options.files ? [pendingItem('screenshot', designId)] : [])];
  // A design with work pending (on its record, or on the deal) is synced whatever the checks say: that is how its marks go away.
  const marks = [...parsePending(record?.properties.aurora_sync_pending), ...parsePending(deal.properties.aurora_sync_pending)];
  const waiting = marks.some((item) => designOfItem(item) === designId);
  return work(deal, projectId, pending, async () => {
    const unchanged = record && options.unchanged && !waiting ? await options.unchanged(record) : null;
    if (unchanged) return checkedUnchanged(unchanged);
    const alone = record && options.alone && !waiting ? await options.alone({ deal, record, projectId, trigger: DESIGN_TRIGGER, deadline }) : null;
    if (alone) return alone;
    // A design left waiting, or new to HubSpot, is read whole (that clears its mark); a known one only where the event
    // changed it. Whole: pricing and proposal once the summary says Aurora has simulated it.
    const whole = !record || waiting;
    const reads = whole ? [...new Set([...WAITING_READS, ...options.reads])] : options.reads;
    const current = known ? { deal: known } : found?.designRecordIds ? withDesignIds(deal, found.designRecordIds) : await dealWithDesigns(deps, deal.id, deadline);
    // No record: the design's record is created with its deal link in one call.
    const input = { dealId: deal.id, designId, reads, simulationFirst: whole, ...current, known: options.known?.(), trigger: DESIGN_TRIGGER, callerMarks: true, recordAbsent: !record };
    const run = await runSync(deps, oneDesign(input), deadline);
    const sync = run.summary;
    // Aurora's list has no such design (deleted since, or paired with another project): a record a put-off delivery made
    // only to hold its marks goes too, so the card does not wait for it (docs/pending-work.md#where-marks-live).
    if (record && !run.designIds.includes(designId) && isMarksOnly(record, deal.id)) await deps.hubspot.deleteRecord('aurora_design', record.id, { deadline });
    // Aurora's rate limit kept some of this design's reads back: the delivery is put off (its marks recorded on the
    // design by the receiver), so Aurora delivers it again and the rest is read then, without anyone pressing Sync.
    if (sync.busyUntil) throw new AuroraBusyError(Date.parse(sync.busyUntil), DESIGN_READ);
    // Left undone for another reason (Aurora slow, a file not saved yet): likewise, so that every mark a delivery leaves
    // has a redelivery behind it that reads the design whole and clears it (docs/pending-work.md#who-settles-a-mark).
    if (run.pending.some((item) => designOfItem(item) === designId)) throw new DeliverAgainError(`Aurora design ${designId} is not complete in HubSpot yet.`);
    return summaryWords(sync);
  }, { designId, projectId, record });
}

/**
 * The deal as it is now with the ids of its design records. One with none, that rolls no design up either, needs no read
 * of its design links (the v3 read gives ids, not labels).
 */
function withDesignIds(deal: DealRecord, designRecordIds: readonly string[]): { deal: DealRecord; linked?: LinkedDesign[] } {
  const none = designRecordIds.length === 0 && !readText(deal.properties.aurora_design_id);
  return none ? { deal, linked: [] } : { deal };
}

/** The deal search found (its index lags), read by id as it is now, with its design ids. */
async function dealWithDesigns(deps: Deps, dealId: string, deadline: number): Promise<{ deal: DealRecord; linked?: LinkedDesign[] }> {
  const { deal, designRecordIds } = await deps.hubspot.getDealWithDesignIds(dealId, WEBHOOK_DEAL_READ, { deadline });
  return withDesignIds(deal, designRecordIds);
}

/** A record holding only a design's ids and marks for this deal (sync/pendingMarks.ts): never written from Aurora. */
const isMarksOnly = (record: DesignRecord, dealId: string): boolean => readText(record.properties.aurora_deal_id) === dealId && !readText(record.properties.aurora_design_name);


/** Only screenshots and DXF exports are copied into HubSpot; other assets (spec sheets, plan sets) are left in Aurora. */
const isCopiedAssetType = (assetType: string | null | undefined) => /screenshot|dxf/i.test(assetType ?? '') && !/site survey/i.test(assetType ?? '');

/** The design's record holds a copy of this asset (its screenshot or DXF). */
const holdsFile = (record: DesignRecord, assetId: string) => [record.properties.aurora_screenshot_url, record.properties.aurora_dxf_url].map(copiedAssetId).includes(assetId);

export async function assetEvent(deps: Deps, data: EventPayload<'asset_created'>, context: EventContext): Promise<Located> {
  // HubSpot first: a file it holds costs Aurora nothing (a repeat, unless the deal lists the design as waiting); a design
  // it does not hold yet is read whole, which copies its files (the payload's design id only picks what to read).
  const record = await designRecord(deps, data.design_id, context.deadline);
  if (!record || holdsFile(record, data.asset_id)) {
    return designEvent(deps, data.design_id, context, { reads: ['assets'], files: true, record, unchanged: () => 'HubSpot already has this file.' });
  }
  const asset = await deps.aurora.assets.retrieve(data.asset_id, { deadline: context.deadline });
  if (!isCopiedAssetType(asset.asset_type)) return { found: false, outcome: 'ignored', message: `${asset.asset_type ?? 'This asset'} is not copied into HubSpot.` };
  const designId = readText(asset.design_id) ?? data.design_id;
  return designEvent(deps, designId, context, {
    reads: ['assets'],
    files: true,
    record: designId === data.design_id ? record : undefined,
    unchanged: (held) => (holdsFile(held, asset.id) ? 'HubSpot already has this file.' : null),
    // The asset itself is copied: no list of the design's assets (the stored link's time keeps a newer file).
    alone: (held) => copyEventAsset(deps, { ...held, asset }),
  });
}

/** A finished simulation: its summary says whether HubSpot has the results; a sync that follows does not read it again. */
export function simulationEvent(deps: Deps, designId: string, context: EventContext): Promise<Located> {
  let summary: AuroraDesignSummary | undefined;
  return designEvent(deps, designId, context, {
    // Not its files: each has an asset_created delivery of its own that copies it (docs/hubspot-calls.md#one-upload-per-file).
    reads: ['summary', 'pricing'],
    unchanged: async (record) => {
      summary = await deps.aurora.designs.summary(designId, { deadline: context.deadline });
      const production = summary.energy_production;
      const annual = production?.up_to_date === false ? null : production?.annual;
      // A record a new design's sync made after the simulation finished has its results but no price (that sync reads
      // no pricing): only with a price is there nothing left for this event to read.
      const priced = Boolean(readText(record.properties.aurora_price));
      return priced && typeof annual === 'number' && sameHubSpotValue(record.properties.aurora_annual_production_kwh, String(annual)) ? 'HubSpot already has these results.' : null;
    },
    known: () => ({ summary }),
    // Its figures and price written onto the design as read: no design list, no deal links.
    alone: (held) => writeSimulation(deps, held, summary),
  });
}

/** A new proposal link: read once, for the check and for the sync that follows. */
export function proposalEvent(deps: Deps, designId: string, context: EventContext): Promise<Located> {
  let proposal: AuroraWebProposal | undefined;
  return designEvent(deps, designId, context, {
    reads: ['proposal'],
    unchanged: async (record) => {
      proposal = await deps.aurora.proposals.webProposal(designId, { deadline: context.deadline });
      return proposal.url && !proposal.url_expired && record.properties.aurora_proposal_url === proposal.url ? 'HubSpot already has this proposal link.' : null;
    },
    known: () => ({ proposal }),
    // A live link is written as read (no design list); an expired one goes through the sync, which asks for a fresh one.
    alone: async (held) => {
      if (!proposal?.url || proposal.url_expired || !isDealsCopy(held)) return null;
      await writeDesignFacts(deps, held, { proposalUrl: proposal.url });
      return { outcome: 'applied', message: 'Proposal link updated.' };
    },
  });
}

/** A design Aurora just made: read as new, or nothing when HubSpot has it already. */
export function designCreatedEvent(deps: Deps, data: EventPayload<'design_created'>, context: EventContext): Promise<Located> {
  return designEvent(deps, data.design_id, context, {
    projectId: data.project_id,
    reads: NEW_DESIGN_READS,
    unchanged: () => 'HubSpot already has this design.',
  });
}

/** The design list carries the milestone: one read, for the check, the write and (a design becoming sold) the sync. */
export function milestoneEvent(deps: Deps, data: EventPayload<'milestone_created'>, context: EventContext): Promise<Located> {
  let designs: AuroraDesign[] | undefined;
  const listed = () => designs?.find((design) => design.id === data.design_id);
  return designEvent(deps, data.design_id, context, {
    reads: [],
    projectId: data.project_id,
    unchanged: async (record) => {
      // The record's project: the write that may follow checks it is the deal's (isDealsCopy).
      designs = await deps.aurora.designs.listForProject(readText(record.properties.aurora_project_id) ?? data.project_id, { deadline: context.deadline });
      const design = listed();
      return design && (record.properties.aurora_milestone ?? '') === (design.milestone?.milestone ?? '') ? 'HubSpot already has this milestone.' : null;
    },
    known: () => ({ designs }),
    alone: (held) => writeMilestone(deps, held, listed()),
  });
}

// The sync's plan, pure: from what was read (Aurora's answers, HubSpot's records) to every HubSpot change as data:
// design records to upsert or delete, association labels, deal properties, the work left pending, and the post-sale
// intents of signed or cancelled contracts. No I/O here; the write step (writeSync.ts) carries the plan out.
import { countOf } from '@aurora/format';
import type { AuroraAgreement, AuroraDesign, AuroraDesignRequest, AuroraProject, AuroraUser } from '../aurora/schemas';
import type { DealRecord, PropertyValues, PropertyWrite } from '../hubspot/context';
import type { LinkedDesign } from '../hubspot/designs';
import { changedProperties } from '../hubspot/values';
import { newestFirst, personName } from '../mapping/auroraFacts';
import { readText } from '../mapping/conversions';
import type { DealPropertyKey, DesignLabel, DesignPropertyKey, DesignPropertyName } from '../dataModel';
import type { FieldMap } from '../mapping/fieldMap';
import { designOfItem, formatPending, parsePending, pendingIds, pendingItem } from '../mapping/pending';
import { dealRollupProperties, designRecordProperties, isClaimRecord, pickRollupDesign, projectDealProperties, rollupOfRecord } from '../mapping/toHubSpot';
import { decideContracts, type ContractIntent } from '../postSale/contracts';
import { agreementRank } from '../postSale/precedence';
import { isRead, type Read, type Skipped } from './auroraReads';
import { designRequestStatusProperties } from '../mapping/dealState';
import { designFacts, markedPrimary, type DesignReads } from './designFacts';

/** What the read step gathered for one sync. */
export interface SyncReads {
  project: AuroraProject;
  /** The project's deep link in Aurora's web app. */
  projectUrl: string;
  /** Every design Aurora lists for the project. */
  designs: readonly AuroraDesign[];
  /** The designs read this time: all of them, or (partial) those asked for. */
  read: readonly DesignReads[];
  /** Only some designs were asked for: nothing is deleted, and other designs' pending work is kept. */
  partial: boolean;
  /** Inside the freshness window only what changed was read: the sync does not confirm the whole deal current. */
  fresh: boolean;
  agreements: Read<AuroraAgreement[] | null>;
  owner: Read<AuroraUser | null>;
  /** The open design request the deal follows, as re-read (null when the deal follows none that can still change). */
  designRequest: { id: string; read: Read<AuroraDesignRequest | null> } | null;
  /** Features the Aurora key lacks, in words an admin can act on. */
  lacking: readonly string[];
  /** The same features by name, for the card. */
  keyLacks: readonly string[];
  /** Until when Aurora's rate limit kept reads back (epoch ms), or null when it did not. */
  busyUntil: number | null;
  /** Problems a retry will not fix (a refused file host), in words. */
  notes: readonly string[];
  /** Inside the freshness window: the stored words this sync did not re-learn (a key's limits, a file's checks), kept. */
  carried?: string | null;
}

/** What HubSpot held when the sync started. */
export interface HubSpotHoldings {
  deal: DealRecord;
  /** Every Aurora Design record associated with the deal, with its labels (claims included). */
  linked: readonly LinkedDesign[];
  /** Each design's pending marks live on its own record (the portal has the property); else on the deal, as before. */
  marksOnRecords?: boolean;
}

export interface SyncPlan {
  syncedAt: string;
  /** Design records to create or update (by aurora_design_id); unchanged designs are left out. */
  upserts: DesignWrite[];
  /** The deal's properties as they should be (the store writes only what differs). */
  deal: DealWrite;
  /** Record ids of designs Aurora no longer lists (full syncs only). */
  deletions: string[];
  /** The labels each design's association should carry, by design id (the write step finds new records' ids). */
  labels: { designId: string; labels: DesignLabel[] }[];
  /** `kind:id` items this sync left for the next one: the deal's (deal.aurora_sync_pending) and its designs' marks. */
  pending: string[];
  /** Signed contracts to hand over and cancellations after signing to flag (each done once, by its claim). */
  contracts: ContractIntent[];
  status: 'ok' | 'partial';
  /** What this sync could not do, in words; deal.aurora_last_error keeps those no pending mark records (the rest is said from the marks). */
  skipped: string[];
  /** Designs Aurora lists that are left (in part) for the next sync. */
  designsLeft: number;
  /** The rolled-up design's record values (the forward-only check reads its agreement). */
  rollup: Props | undefined;
}

type Props = PropertyValues<DesignPropertyKey>;
type DesignWrite = PropertyWrite<DesignPropertyName>;
type DealWrite = PropertyWrite<DealPropertyKey>;

const failed = (read: Read<unknown>): read is Skipped => !isRead(read) && read.skipped === 'failed';

/** The design records the deal holds, by Aurora design id (claims left out). */
export function recordsByDesign(linked: readonly LinkedDesign[]): Map<string, LinkedDesign> {
  return new Map(
    linked.filter((l) => !isClaimRecord(l.record)).flatMap((l): [string, LinkedDesign][] => {
      const id = readText(l.record.properties.aurora_design_id);
      return id ? [[id, l]] : [];
    }),
  );
}

/** Work a previous sync left first, then the newest designs. */
export function orderDesigns(designs: readonly AuroraDesign[], previous: readonly string[]): AuroraDesign[] {
  const waiting = new Set([...pendingIds(previous, 'design'), ...pendingIds(previous, 'screenshot')]);
  const newest = newestFirst(designs);
  return [...newest.filter((d) => waiting.has(d.id)), ...newest.filter((d) => !waiting.has(d.id))];
}

/** A record's values without the sync's own bookkeeping (when it was written). */
function withoutBookkeeping(props: DesignWrite): DesignWrite {
  const { aurora_last_synced_at: _syncedAt, ...values } = props;
  return values;
}

interface DesignPlan {
  upserts: DesignWrite[];
  /** Each known design's values after this sync (written or kept). */
  current: Map<string, Props>;
  /** What this sync left undone of the designs it read (and, with marks on the deal, of listed designs HubSpot lacks). */
  pending: Set<string>;
  /** Design items this sync's reads settle (replaced by what it left undone), on the design's record or the deal. */
  settled: Set<string>;
}

/** What one design's reads left undone: its figures or files. */
function designLeft(design: DesignReads): string[] {
  const id = design.design.id;
  // An unread asset list leaves the design unfinished; "screenshot" means one Aurora has that was not copied yet.
  if ([design.summary, design.pricing, design.financing, design.proposal].some(failed) || !design.assetsListed) return [pendingItem('design', id)];
  if ([design.screenshot, design.dxf].some(failed)) return [pendingItem('screenshot', id)];
  return [];
}

/**
 * The items of a design this sync's reads settle (its failures are added back): a whole read settles every item; a
 * partial one (a webhook's) none, so it never clears work it did not do, nor writes back marks it read before another
 * call cleared them. A delivery that finds its design marked reads it whole (useCases/webhookEvents.ts).
 */
function settledItems(design: DesignReads): string[] {
  const id = design.design.id;
  return design.whole !== false ? [pendingItem('design', id), pendingItem('screenshot', id)] : [];
}

/** The design record's marks after this sync, or undefined to leave them as they are. */
function nextMarks(left: readonly string[], settled: readonly string[], held: LinkedDesign | undefined): string | undefined {
  const before = formatPending(parsePending(held?.record.properties.aurora_sync_pending));
  const after = formatPending([...parsePending(before).filter((item) => !settled.includes(item)), ...left]);
  // A record new to the deal may be a deferral's placeholder holding marks: it is always written.
  return !held || after !== before ? after : undefined;
}

/** The design record's properties that come from the agreement list, not from the design's own reads. */
const AGREEMENT_PROPERTIES = ['aurora_agreement_id', 'aurora_agreement_status', 'aurora_contract_signed_at', 'aurora_is_sold'] as const satisfies readonly DesignPropertyName[];

function agreementFacts(designId: string, props: DesignWrite): DesignWrite {
  // No agreement of this design in the list (or the list was not read): the record keeps everything until a whole read.
  if (!props.aurora_agreement_id) return { aurora_design_id: designId };
  const known = AGREEMENT_PROPERTIES.flatMap((name) => (props[name] === undefined ? [] : [[name, props[name]] as const]));
  return { aurora_design_id: designId, ...Object.fromEntries(known) };
}

/** Design records: write those whose Aurora data changed, keep the rest as they are. */
function planDesigns(reads: SyncReads, holdings: HubSpotHoldings, existing: Map<string, LinkedDesign>, map: FieldMap, syncedAt: string, callerMarks: boolean): DesignPlan {
  const plan: DesignPlan = { upserts: [], current: new Map(), pending: new Set(), settled: new Set() };
  const agreements = isRead(reads.agreements) ? (reads.agreements.value ?? []) : undefined;
  const projectId = reads.project.id;
  const onRecords = holdings.marksOnRecords === true;
  for (const design of reads.read) {
    const id = design.design.id;
    const held = existing.get(id);
    const left = designLeft(design);
    const settled = settledItems(design);
    left.forEach((item) => plan.pending.add(item));
    settled.forEach((item) => plan.settled.add(item));
    // A webhook records what is left itself, before it answers: a sync write that lands after that answer (and after
    // the redelivery read the design whole) can then only clear a mark, never bring a settled one back.
    const marks = onRecords && !(callerMarks && left.length > 0) ? nextMarks(left, settled, held) : undefined;
    const withMarks = (props: DesignWrite): DesignWrite => (marks === undefined ? props : { ...props, aurora_sync_pending: marks });
    const facts = designRecordProperties(designFacts(design, { projectId, agreements, existing: held, syncedAt }), { dealId: holdings.deal.id, syncedAt }, map);
    // Nothing but the list was read: a known record keeps its values until the next sync reads the rest, but for what the
    // agreement list says (a deal this sync hands over must say signed, whatever the design's own reads did).
    const props = withMarks(failed(design.summary) && held ? agreementFacts(id, facts) : facts);
    // "Primary" is HubSpot's mark (a rep's, or the hand-off's), never the sync's: not even a new record's "false", which a
    // sync that read the deal before the hand-off would otherwise write over the hand-off's mark.
    delete props.aurora_is_primary;
    // Unchanged when every value to write is already there.
    if (held && Object.keys(changedProperties(held.record.properties, withoutBookkeeping(props))).length === 0) {
      plan.current.set(id, held.record.properties);
      continue;
    }
    plan.upserts.push(props);
    plan.current.set(id, { ...held?.record.properties, ...props });
  }
  for (const design of reads.designs) {
    const held = existing.get(design.id);
    if (!plan.current.has(design.id) && held) plan.current.set(design.id, held.record.properties);
    // A design Aurora lists that this (partial) sync did not read and HubSpot does not have yet: with marks on records,
    // its own delivery (or the next full sync) owns it, so no other design's sync writes about it.
    if (!plan.current.has(design.id) && !onRecords) plan.pending.add(pendingItem('design', design.id));
  }
  return plan;
}

/**
 * The deal's own list after this sync: what an earlier one left that this one did not settle, and what this one left
 * that belongs on the deal (with marks on records, only deal-level items: agreement, design request).
 */
function planDealPending(reads: SyncReads, holdings: HubSpotHoldings, designs: DesignPlan): string[] {
  const onRecords = holdings.marksOnRecords === true;
  const pending = new Set(onRecords ? [] : designs.pending);
  const listed = new Set(reads.designs.map((d) => d.id));
  for (const item of parsePending(holdings.deal.properties.aurora_sync_pending)) {
    const designId = designOfItem(item);
    // Design items on the deal (older portals, or a design HubSpot had no record of): settled by a whole read of it.
    if (designId !== null && (designs.settled.has(item) || !listed.has(designId) || (!onRecords && !reads.partial))) continue;
    if (designId === null && !reads.partial) continue;
    if (item.startsWith('agreement:') && isRead(reads.agreements)) continue;
    pending.add(item);
  }
  if (failed(reads.agreements)) pending.add(pendingItem('agreement', reads.project.id));
  if (reads.designRequest && failed(reads.designRequest.read)) pending.add(pendingItem('design_request', reads.designRequest.id));
  return [...pending];
}

/** What is left for the next sync, each design once, and why: Aurora busy (its rate limit) or slow. */
function pendingWords(items: readonly string[], busy: boolean): string[] {
  const designIds = new Set(pendingIds(items, 'design'));
  const designs = designIds.size;
  const files = new Set(pendingIds(items, 'screenshot').filter((id) => !designIds.has(id))).size;
  const why = busy ? 'Aurora was busy' : 'Aurora was slow to answer';
  const words: string[] = [];
  if (designs > 0) words.push(`${countOf(designs, 'design')} not complete (${why}; press Sync again to finish)`);
  if (files > 0) words.push(`${countOf(files, 'design screenshot')} not copied yet (press Sync again to finish)`);
  if (pendingIds(items, 'agreement').length > 0) words.push(`Agreement status (${why}; press Sync again to finish)`);
  if (pendingIds(items, 'design_request').length > 0) words.push(`Design request status (${why}; press Sync again to finish)`);
  return words;
}

/** The deal's project facts and rolled-up design: the sold one, else the primary, else the newest. */
function planRollup(reads: SyncReads, current: Map<string, Props>, existing: Map<string, LinkedDesign>, map: FieldMap): { deal: DealWrite; rollup: Props | undefined } {
  // Aurora lists designs oldest first: reversed, a tie on created_at goes to the later one.
  const candidates = [...reads.designs].reverse().flatMap((design) => {
    const props = current.get(design.id);
    return props ? [{ props, isSold: props.aurora_is_sold === 'true', isPrimary: markedPrimary(existing.get(design.id)), createdAt: props.aurora_design_created_at ?? design.created_at }] : [];
  });
  const rollup = pickRollupDesign(candidates);
  const ownerName = isRead(reads.owner) ? (reads.owner.value ? personName(reads.owner.value) : null) : undefined;
  const project = { id: reads.project.id, url: reads.projectUrl, status: reads.project.status ?? null, ownerName };
  const deal: DealWrite = { ...projectDealProperties(project, map), ...(rollup ? rollupOfRecord(rollup.props, map) : dealRollupProperties(null, map)) };
  // Agreements not read this time: the deal keeps its agreement status (a stale record must not clear a newer one).
  if (!isRead(reads.agreements)) {
    delete deal.aurora_agreement_status;
    delete deal.aurora_contract_signed_at;
  }
  return { deal, rollup: rollup?.props };
}

/**
 * Forward only on the deal too: while the deal rolls up the same design, its agreement status never goes back, and the
 * time a signature was first seen stays. A design record read before a signature landed must not undo the signature.
 */
function keepAgreementForward(deal: DealWrite, held: PropertyValues<DealPropertyKey>): void {
  if (deal.aurora_agreement_status === undefined || deal.aurora_design_id !== (held.aurora_design_id ?? undefined)) return;
  const [planned, holds] = [agreementRank(deal.aurora_agreement_status), agreementRank(held.aurora_agreement_status)];
  if (planned > holds || (planned === holds && !held.aurora_contract_signed_at)) return;
  delete deal.aurora_agreement_status;
  delete deal.aurora_contract_signed_at;
}

/** The design request's status and rejection reason, when it was re-read and Aurora still has it. */
function designRequestProperties(reads: SyncReads, held: PropertyValues<DealPropertyKey>, now: number): DealWrite {
  const read = reads.designRequest?.read;
  if (!read || !isRead(read) || !read.value) return {};
  return { ...designRequestStatusProperties(read.value, held, now), aurora_design_request_rejection_reason: read.value.rejection_reason ?? '' };
}

/** Labels per design: `sold` from the record, `primary` as HubSpot has it (never added or removed here, so no race with a hand-off). */
function planLabels(reads: SyncReads, current: Map<string, Props>, existing: Map<string, LinkedDesign>): SyncPlan['labels'] {
  return reads.designs.flatMap((design) => {
    const props = current.get(design.id);
    if (!props) return [];
    const primary = existing.get(design.id)?.labels.includes('primary') ?? false;
    const labels: DesignLabel[] = [...(primary ? (['primary'] as const) : []), ...(props.aurora_is_sold === 'true' ? (['sold'] as const) : [])];
    return [{ designId: design.id, labels }];
  });
}

/** Records of designs deleted in Aurora (only a full sync knows the complete list). */
function planDeletions(reads: SyncReads, linked: readonly LinkedDesign[]): string[] {
  if (reads.partial) return [];
  const listed = new Set(reads.designs.map((d) => d.id));
  return linked
    .filter((l) => !isClaimRecord(l.record) && l.record.properties.aurora_project_id === reads.project.id && !listed.has(l.record.properties.aurora_design_id ?? ''))
    .map((l) => l.recordId);
}

/** Every HubSpot change one sync makes, from what it read; `now` stamps what it writes. */
export function planSync(reads: SyncReads, holdings: HubSpotHoldings, map: FieldMap, now: number, options: { callerMarks?: boolean } = {}): SyncPlan {
  const syncedAt = new Date(now).toISOString();
  const existing = recordsByDesign(holdings.linked);
  const designs = planDesigns(reads, holdings, existing, map, syncedAt, options.callerMarks === true);
  const dealPending = planDealPending(reads, holdings, designs);
  const pending = [...new Set([...dealPending, ...designs.pending])];
  // What no pending mark records (a feature the key lacks, a file that failed its checks) is stored in words; the
  // pending work is said from the marks by whoever reads them (mapping/dealState.ts syncInfoOf).
  const learned = [...reads.lacking, ...[...reads.notes].sort()];
  const standing = reads.carried ? [reads.carried, ...learned.filter((words) => !reads.carried!.includes(words))] : learned;
  const skipped = [...standing, ...pendingWords(pending, reads.busyUntil !== null)];
  const status = skipped.length > 0 ? 'partial' : 'ok';
  const { deal: rolledUp, rollup } = planRollup(reads, designs.current, existing, map);
  keepAgreementForward(rolledUp, holdings.deal.properties);
  const deal: DealWrite = {
    ...rolledUp,
    ...designRequestProperties(reads, holdings.deal.properties, now),
    aurora_sync_status: status,
    aurora_last_error: standing.join(' '),
    aurora_sync_pending: formatPending([...dealPending].sort()),
  };
  // The sync time says when the deal was confirmed current: a complete read that left nothing pending moves it even with
  // nothing new (one write), whatever the key lacks; a partial, one-design or inside-the-window sync only with what it changed.
  const complete = pending.length === 0 && !reads.partial && !reads.fresh;
  if (complete || designs.upserts.length > 0 || Object.keys(changedProperties(holdings.deal.properties, deal)).length > 0) deal.aurora_last_synced_at = syncedAt;
  const agreements = isRead(reads.agreements) ? (reads.agreements.value ?? []) : [];
  const held = new Map([...existing.values()].flatMap((l) => (l.record.properties.aurora_agreement_id ? [[l.record.properties.aurora_agreement_id, l.record.properties.aurora_agreement_status ?? '']] : [])));
  const listed = new Set(reads.designs.map((d) => d.id));
  const left = new Set([...pendingIds(pending, 'design'), ...pendingIds(pending, 'screenshot')].filter((id) => listed.has(id)));
  return {
    syncedAt,
    upserts: designs.upserts,
    deal,
    deletions: planDeletions(reads, holdings.linked),
    labels: planLabels(reads, designs.current, existing),
    pending: [...pending].sort(),
    contracts: decideContracts(agreements, held),
    status,
    skipped,
    designsLeft: left.size,
    rollup,
  };
}

/** The forward-only values a sync's writes changed: only those are checked against Aurora afterwards. */
export interface ForwardOnlyWrites {
  /** The project status written on the deal, when it changed. */
  projectStatus?: string;
  /** Agreement id → the status written for it (on a design record or the deal), when it changed. */
  agreements: Map<string, string>;
}

/** Which forward-only values the plan's writes changed, given the deal properties HubSpot reported changed. */
export function forwardOnlyWrites(plan: SyncPlan, holdings: HubSpotHoldings, dealChanged: readonly string[]): ForwardOnlyWrites {
  const existing = recordsByDesign(holdings.linked);
  const agreements = new Map<string, string>();
  for (const props of plan.upserts) {
    const before = existing.get(props.aurora_design_id ?? '')?.record.properties;
    if (props.aurora_agreement_id && props.aurora_agreement_status && props.aurora_agreement_status !== before?.aurora_agreement_status) {
      agreements.set(props.aurora_agreement_id, props.aurora_agreement_status);
    }
  }
  const rolledUp = readText(plan.rollup?.aurora_agreement_id);
  if (rolledUp && plan.deal.aurora_agreement_status && dealChanged.includes('aurora_agreement_status')) agreements.set(rolledUp, plan.deal.aurora_agreement_status);
  // Nothing can overtake `signed` (a later cancellation is flagged, never written): no need to ask Aurora again.
  for (const [id, status] of agreements) if (status === 'signed') agreements.delete(id);
  return { projectStatus: dealChanged.includes('aurora_project_status') ? plan.deal.aurora_project_status : undefined, agreements };
}

// What each Aurora event does. The webhook is a doorbell: every handler re-reads Aurora's current state and lets the
// sync use cases write HubSpot, so duplicates and late deliveries converge on the same state. Cheap checks first
// (HubSpot already holds this asset, the hand-off is done) keep repeated deliveries from spending Aurora's rate limit.
import { AuroraBusyError, AuroraError } from '../aurora/errors';
import type { AuroraAgreement, AuroraDesignSummary, AuroraWebProposal } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord, PropertyValues, PropertyWrite } from '../hubspot/context';
import { sameHubSpotValue } from '../hubspot/values';
import { readText } from '../mapping/conversions';
import { projectDealProperties } from '../mapping/toHubSpot';
import { auroraProjectUrl } from '../aurora/links';
import { copiedAssetId } from '../aurora/downloader';
import { DEAL_READ_PROPERTIES, linkedProjectId } from '../mapping/dealState';
import { HubSpotNotFoundError } from '../hubspot/errors';
import { recordDesignRequest } from './designRequests';
import { requireOwned } from '../mapping/ownership';
import { designOfItem, parsePending, pendingItem } from '../mapping/pending';
import type { MarkedDesign } from '../sync/pendingMarks';
import { ALL_DESIGN_READS, oneDesign, runSync, type DesignReadKind, type KnownReads, type SyncRun } from './sync';
import { DeliverAgainError } from './errors';
import type { SyncSummary } from '../contract';
import type { DealPropertyKey, DesignPropertyName } from '../dataModel';
import type { EventPayload, WebhookEvent } from '../aurora/webhookDeliveries';
import { isHandOffComplete, readContractClaim, signedClaimId } from '../postSale/handoff';
import { settleContracts, type SettledContract } from '../postSale/contracts';
import { decideAgreementStatus, isCancellation, normalizeAgreementStatus } from '../postSale/precedence';


/** What each event's handler works with. */
export interface EventContext {
  /** When the delivery arrived: the `contract signed at` stamp (Aurora has no signed_at, docs/aurora-api.md#agreements). */
  receivedAt: Date;
  /** Epoch ms by which the work must be done. */
  deadline: number;
}

/** The bounded work for a located event; its result says whether HubSpot changed. */
export interface EventWork {
  deal: DealRecord;
  projectId: string;
  /** `kind:id` items the next sync completes if this work cannot finish (aurora_sync_pending). */
  pending: string[];
  /** The one design the event names: its items go on its own record (sync/pendingMarks.ts). */
  design?: MarkedDesign;
  apply(): Promise<{ outcome: 'applied' | 'unchanged'; message: string }>;
}

export type Located = { found: true; work: EventWork } | { found: false; outcome: 'no_deal' | 'gone' | 'ignored'; message: string; projectId?: string };
/** The deal properties a handler reads: the sync's own, plus the pipeline the hand-off moves the deal in. */
export const WEBHOOK_DEAL_READ: readonly DealPropertyKey[] = [...DEAL_READ_PROPERTIES, 'pipeline'];

/** Design request statuses after which the deal may follow a newer request. */
const FINAL_REQUEST_STATUSES = new Set(['designer_rejected', 'accepted', 'rejected']);

type Apply = EventWork['apply'];
const work = (deal: DealRecord, projectId: string, pending: string[], apply: Apply, design?: MarkedDesign): Located => ({ found: true, work: { deal, projectId, pending, apply, design } });
const noDeal = (projectId: string): Located => ({
  found: false,
  outcome: 'no_deal',
  projectId,
  message: `No deal is linked to Aurora project ${projectId}; nothing was written.`,
});

async function dealOfProject(deps: Deps, projectId: string, deadline: number): Promise<DealRecord | null> {
  const found = await deps.hubspot.findDealsByProperty('aurora_project_id', projectId, WEBHOOK_DEAL_READ, { deadline, limit: 1 });
  return found[0] ?? null;
}

const summaryWords = (sync: SyncSummary): { outcome: 'applied' | 'unchanged'; message: string } =>
  sync.changedDesigns > 0 || sync.changedDealProperties.length > 0
    ? { outcome: 'applied', message: `Synced: ${sync.changedDesigns} design record(s) and ${sync.changedDealProperties.length} deal propert${sync.changedDealProperties.length === 1 ? 'y' : 'ies'} changed.` }
    : { outcome: 'unchanged', message: 'HubSpot already matched Aurora.' };

/** What a design's HubSpot record says, for the checks that spare Aurora a repeated sync. */
const DESIGN_CHECK_READ = [
  'aurora_design_id',
  'aurora_project_id',
  'aurora_deal_id',
  'aurora_screenshot_url',
  'aurora_dxf_url',
  'aurora_milestone',
  'aurora_proposal_url',
  'aurora_annual_production_kwh',
  'aurora_price',
  'aurora_agreement_id',
  'aurora_agreement_status',
  'aurora_contract_signed_at',
  'aurora_sync_pending',
] satisfies readonly DesignPropertyName[];

/**
 * Writes a signature HubSpot can record without Aurora: the status and `contract signed at` on the design and the deal
 * (statuses only move forward, and the first stamp stays), so the customer's workflows fire even while Aurora is busy.
 */
async function recordSignature(deps: Deps, input: { deal: DealRecord; record: DesignRecord; agreementId: string; receivedAt: Date; deadline: number }): Promise<void> {
  const { deal, record, deadline } = input;
  const signedAt = readText(record.properties.aurora_contract_signed_at) ?? readText(deal.properties.aurora_contract_signed_at) ?? input.receivedAt.toISOString();
  const signature = { aurora_agreement_status: 'signed', aurora_contract_signed_at: signedAt } satisfies PropertyWrite<DealPropertyKey & DesignPropertyName>;
  await Promise.all([
    deps.hubspot.upsertDesigns([{ aurora_design_id: record.properties.aurora_design_id ?? '', aurora_agreement_id: input.agreementId, ...signature }], { deadline }),
    deps.hubspot.updateDeal(deal.id, signature, { deadline, current: deal.properties }),
  ]);
}

const designRecord = (deps: Deps, designId: string, deadline: number) =>
  deps.hubspot.getRecord('aurora_design', designId, DESIGN_CHECK_READ, { deadline, idProperty: 'aurora_design_id' });

/** Why a delivery would change nothing (HubSpot already holds what Aurora now says), or null to sync. */
type Unchanged = (record: DesignRecord) => Promise<string | null> | string | null;

/** A design Aurora just made: its figures, financing list and files (pricing and proposals follow its simulation, docs/aurora-api.md#designs). */
const NEW_DESIGN_READS: readonly DesignReadKind[] = ['summary', 'financing', 'assets'];
/** A design left waiting, or new to HubSpot, is read whole but for its proposal link, which its own event brings. */
const WAITING_READS: readonly DesignReadKind[] = ['summary', 'pricing', 'financing', 'assets'];

interface DesignEventOptions {
  /** What the event changed: the design's reads the sync makes (besides the design list); the rest keeps HubSpot's values. */
  reads: readonly DesignReadKind[];
  /** The reads for a design HubSpot does not have yet; default: all but the proposal link (unless the event is about it). */
  readsWhenNew?: readonly DesignReadKind[];
  /** The project the event names (design_created, milestone_created): only used to find the deal, the sync re-reads the rest. */
  projectId?: string;
  /** The event brings new files (a simulation's screenshot, an asset). */
  files?: boolean;
  /** Asked when HubSpot has the design already: a repeated delivery then costs one read instead of a sync. */
  unchanged?: Unchanged;
  /** What `unchanged` read from Aurora, passed to the sync so it is not read twice. */
  known?: () => KnownReads;
}

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
  const { deadline } = context;
  // HubSpot first: a design already synced names its project and deal, and tells whether a repeat would change anything.
  const record = await designRecord(deps, designId, deadline);
  const projectId = options.projectId ?? readText(record?.properties.aurora_project_id) ?? readText((await deps.aurora.designs.retrieve(designId, { deadline })).project_id);
  if (!projectId) return { found: false, outcome: 'gone', message: `Aurora design ${designId} belongs to no project.` };
  const known = await dealOfRecord(deps, record, projectId, deadline);
  const deal = known ?? (await dealOfProject(deps, projectId, deadline));
  if (!deal) return noDeal(projectId);
  const pending = [pendingItem('design', designId), ...(options.files ? [pendingItem('screenshot', designId)] : [])];
  // A design with work pending (on its record, or on the deal) is synced whatever the checks say: that is how its marks go away.
  const marks = [...parsePending(record?.properties.aurora_sync_pending), ...parsePending(deal.properties.aurora_sync_pending)];
  const waiting = marks.some((item) => designOfItem(item) === designId);
  return work(deal, projectId, pending, async () => {
    const unchanged = record && options.unchanged && !waiting ? await options.unchanged(record) : null;
    if (unchanged) return { outcome: 'unchanged', message: unchanged };
    // A design left waiting is read whole (that clears its mark); a known one only where the event changed it.
    const whole = [...new Set([...WAITING_READS, ...options.reads])];
    const reads = waiting ? whole : record ? options.reads : (options.readsWhenNew ?? whole);
    const input = { dealId: deal.id, designId, reads, deal: known ?? undefined, known: options.known?.(), trigger: 'Aurora webhook (design changed)', callerMarks: true };
    const run = await runSync(deps, oneDesign(input), deadline);
    const sync = run.summary;
    // Aurora's rate limit kept some of this design's reads back (recorded as pending on the design by the sync): the
    // delivery is put off, so Aurora delivers it again and the rest is read then, without anyone pressing Sync.
    if (sync.busyUntil) throw new AuroraBusyError(Date.parse(sync.busyUntil), DESIGN_READ);
    // Left undone for another reason (Aurora slow, a file not saved yet): likewise, so that every mark a delivery leaves
    // has a redelivery behind it that reads the design whole and clears it (docs/pending-work.md#who-settles-a-mark).
    if (run.pending.some((item) => designOfItem(item) === designId)) throw new DeliverAgainError(`Aurora design ${designId} is not complete in HubSpot yet.`);
    return summaryWords(sync);
  }, { designId, projectId, record });
}

/** The design reads a deferred design delivery stands for (for the busy error's words). */
const DESIGN_READ = { method: 'GET', path: '/tenants/:tenantId/designs/:designId', feature: 'designs', action: 'read', noun: 'design' } as const;

/** Aurora could not answer in time or within its rate limit: trying later will work. */
const isAuroraBusy = (error: unknown): boolean => error instanceof AuroraError && error.retryable;

/**
 * The hand-off without Aurora, when the deal already holds the signed design: stamps the signature (so the customer's
 * workflows fire) and hands the deal over. Does nothing when the design is not on the deal yet: the next sync does it all.
 */
async function handOffFromHubSpot(
  deps: Deps,
  input: { deal: DealRecord; agreement: AuroraAgreement; designId: string | null; receivedAt: Date; deadline: number },
): Promise<void> {
  const { deal, agreement, designId, deadline } = input;
  if (!designId) return;
  const linked = await deps.hubspot.readDealDesigns(deal.id, DESIGN_CHECK_READ, { deadline });
  const record = linked.find((design) => design.record.properties.aurora_design_id === designId)?.record;
  if (!record) return;
  await recordSignature(deps, { deal, record, agreementId: agreement.id, receivedAt: input.receivedAt, deadline });
  await settleContracts(deps, { deal, intents: [{ kind: 'hand_off', agreement }], receivedAt: input.receivedAt, deadline });
}

/** What the signed hand-off came to in one delivery: done (200), or left for Aurora's redelivery (503). */
function handOffAnswer(contract: SettledContract | undefined): { outcome: 'applied'; message: string } {
  // No intent: the sync could not read the agreements; the redelivery reads them (and finds the deal handed over).
  if (!contract) throw new DeliverAgainError("Aurora's agreements could not be read.");
  // Another call is at it: should it die, this delivery's redelivery finishes the hand-off.
  if (contract.progress === 'in_progress') throw new DeliverAgainError('Another delivery is handing the deal over.');
  if (contract.progress === 'unfinished') throw new DeliverAgainError('The hand-off is not finished.');
  const { handoff } = contract;
  const stage = handoff?.outcome === 'handed_off' && handoff.stage ? `deal moved to ${handoff.stage.to}` : 'stage as configured';
  return { outcome: 'applied', message: `Contract signed: the deal was handed over (${stage}, sold design, note).` };
}

/** What flagging a cancellation after signing came to in one delivery. */
function cancellationAnswer([settled]: readonly SettledContract[]): { outcome: 'applied' | 'unchanged'; message: string } {
  if (settled?.progress === 'unfinished') throw new DeliverAgainError('The cancellation could not be flagged.');
  if (settled?.flag === 'flagged') return { outcome: 'applied', message: 'The signed contract was cancelled in Aurora: the deal is flagged for attention.' };
  if (settled?.flag === 'reworded') return { outcome: 'applied', message: 'The cancellation was flagged before; its words now say where it stands.' };
  return { outcome: 'unchanged', message: 'The cancellation was already flagged.' };
}

async function agreementEvent(deps: Deps, data: EventPayload<'agreement_status_changed'>, context: EventContext): Promise<Located> {
  const { deadline } = context;
  const deal = await dealOfProject(deps, data.project_id, deadline);
  if (!deal) return noDeal(data.project_id);
  const left = pendingItem('agreement', data.project_id);
  return work(deal, data.project_id, [left], async () => {
    // A 404 (deleted since) settles the delivery as `gone` (receiver.ts). The query pairs ids; Aurora says whose it is.
    const agreement = requireOwned(await deps.aurora.agreements.retrieve(data.agreement_id, { deadline }), data.project_id, 'agreement');
    const status = normalizeAgreementStatus(agreement.status);
    const designId = readText(agreement.design_id);
    // The agreement list and the design list say what any other status changes (sold mark, roll-up).
    // A signed contract reads the sold design whole (the hand-off note gives its size, price and proposal; once per deal).
    const reads = status === 'signed' ? ALL_DESIGN_READS : [];
    const trigger = 'Aurora webhook (agreement status changed)';
    const syncIt = () => runSync(deps, designId ? oneDesign({ dealId: deal.id, designId, reads, agreements: true, trigger }) : { dealId: deal.id, trigger }, deadline);

    if (status === 'signed') {
      // A deal that still lists the agreement as left is synced again: that is how the mark goes away.
      const waiting = parsePending(deal.properties.aurora_sync_pending).includes(left);
      const handedOff = await isHandOffComplete(deps, agreement.id, deadline);
      const done = { outcome: 'unchanged', message: 'The signed contract was already handed off.' } as const;
      if (handedOff && !waiting) return done;
      // The sync writes the status, `contract signed at` and the sold design's figures, and hands the deal over.
      let run: SyncRun;
      try {
        run = await syncIt();
      } catch (error) {
        if (!isAuroraBusy(error)) throw error;
        // Handed over, and the deal says what is left: the next sync reads the rest when Aurora has time again.
        if (handedOff) return done;
        // Aurora is busy (rate limit, time): hand the deal over from what HubSpot holds; the figures stay pending.
        await handOffFromHubSpot(deps, { deal, agreement, designId, receivedAt: context.receivedAt, deadline });
        throw error;
      }
      const contract = run.contracts.find((settled) => settled.kind === 'hand_off' && settled.agreementId === agreement.id);
      // The agreements were not read: hand over from HubSpot now; the redelivery reads them.
      if (!contract) await handOffFromHubSpot(deps, { deal, agreement, designId, receivedAt: context.receivedAt, deadline });
      return handOffAnswer(contract);
    }

    const record = designId ? await designRecord(deps, designId, deadline) : null;
    const held = record?.properties.aurora_agreement_id === agreement.id ? normalizeAgreementStatus(record.properties.aurora_agreement_status ?? '') : null;
    const wasSigned = held === 'signed' || deal.properties.aurora_agreement_status === 'signed' || Boolean(await readContractClaim(deps, signedClaimId(agreement.id), deadline));
    if (isCancellation(status) && wasSigned) {
      return cancellationAnswer(await settleContracts(deps, { deal, intents: [{ kind: 'flag_cancellation', agreement }], receivedAt: context.receivedAt, deadline }));
    }
    // HubSpot holds this status or a later one (a late `viewed` after `signed`): nothing to sync.
    if (held && decideAgreementStatus(held, status).action !== 'advance') return { outcome: 'unchanged', message: `HubSpot already has this agreement as ${held}.` };
    return summaryWords((await syncIt()).summary);
  });
}

async function designRequestEvent(deps: Deps, designRequestId: string, context: EventContext): Promise<Located> {
  const { deadline } = context;
  // Aurora says which project the request is for; the deal property naming it is editable, so it never decides.
  const request = await deps.aurora.designRequests.retrieve(designRequestId, { deadline });
  const projectId = readText(request.project_id);
  const deal = projectId ? await dealOfProject(deps, projectId, deadline) : null;
  if (!deal || !projectId) return { found: false, outcome: 'no_deal', message: `No deal follows Aurora design request ${designRequestId}; nothing was written.` };
  const current = readText(deal.properties.aurora_design_request_id);
  return work(deal, projectId, [pendingItem('design_request', designRequestId)], async () => {
    if (current !== designRequestId && current && !FINAL_REQUEST_STATUSES.has(deal.properties.aurora_design_request_status ?? '')) {
      // A request made in Aurora's app: the deal follows it unless it still waits on another one.
      return { outcome: 'unchanged', message: 'The deal follows another open design request.' };
    }
    const view = await recordDesignRequest(deps, deal, request, deadline);
    const changed = current !== designRequestId || view.status !== deal.properties.aurora_design_request_status;
    return changed ? { outcome: 'applied', message: `Design request ${view.status}.` } : { outcome: 'unchanged', message: `Design request already ${view.status}.` };
  });
}

async function projectStatusEvent(deps: Deps, projectId: string, context: EventContext): Promise<Located> {
  const { deadline } = context;
  const deal = await dealOfProject(deps, projectId, deadline);
  if (!deal) return noDeal(projectId);
  return work(deal, projectId, [pendingItem('project', projectId)], async () => {
    const url = deps.auroraAppUrl ? auroraProjectUrl(deps.auroraAppUrl, projectId) : readText(deal.properties.aurora_project_url);
    let status = (await deps.aurora.projects.retrieve(projectId, { deadline })).status ?? null;
    let current: PropertyValues<DealPropertyKey> | undefined = deal.properties;
    const changed = new Set<string>();
    // HubSpot has no conditional writes: after a change, Aurora is asked again, and a newer status (written meanwhile by
    // a delivery this one's write overtook) is written once more.
    for (let round = 0; round < 2; round++) {
      const properties = projectDealProperties({ id: projectId, url, status }, deps.fieldMap);
      const written = await deps.hubspot.updateDeal(deal.id, properties, { deadline, current });
      written.changed.forEach((name) => changed.add(name));
      if (written.changed.length === 0) break;
      current = { ...current, ...properties };
      const now = (await deps.aurora.projects.retrieve(projectId, { deadline })).status ?? null;
      if (now === status) break;
      // The deal may hold anything now: the store reads it again before the repair.
      current = undefined;
      status = now;
    }
    return changed.size > 0 ? { outcome: 'applied', message: `Project status ${status ?? 'cleared'}.` } : { outcome: 'unchanged', message: 'HubSpot already had this project status.' };
  });
}

/** Only screenshots and DXF exports are copied into HubSpot; other assets (spec sheets, plan sets) are left in Aurora. */
const isCopiedAssetType = (assetType: string | null | undefined) => /screenshot|dxf/i.test(assetType ?? '') && !/site survey/i.test(assetType ?? '');

async function assetEvent(deps: Deps, data: EventPayload<'asset_created'>, context: EventContext): Promise<Located> {
  const asset = await deps.aurora.assets.retrieve(data.asset_id, { deadline: context.deadline });
  if (!isCopiedAssetType(asset.asset_type)) return { found: false, outcome: 'ignored', message: `${asset.asset_type ?? 'This asset'} is not copied into HubSpot.` };
  const designId = readText(asset.design_id) ?? data.design_id;
  return designEvent(deps, designId, context, {
    reads: ['assets'],
    files: true,
    unchanged: (record) => ([record.properties.aurora_screenshot_url, record.properties.aurora_dxf_url].map(copiedAssetId).includes(asset.id) ? 'HubSpot already has this file.' : null),
  });
}

/** Finds the deal an event is about (reading Aurora where the event names no project) and returns the bounded work. */
export function locateEvent(deps: Deps, event: WebhookEvent, context: EventContext): Promise<Located> {
  switch (event.event) {
    case 'agreement_status_changed':
      return agreementEvent(deps, event.data, context);
    case 'design_request_completed':
    case 'design_request_rejected':
      return designRequestEvent(deps, event.data.design_request_id, context);
    case 'project_status_changed':
      return projectStatusEvent(deps, event.data.project_id, context);
    case 'asset_created':
      return assetEvent(deps, event.data, context);
    case 'design_created':
      return designEvent(deps, event.data.design_id, context, {
        projectId: event.data.project_id,
        reads: NEW_DESIGN_READS,
        readsWhenNew: NEW_DESIGN_READS,
        unchanged: () => 'HubSpot already has this design.',
      });
    case 'milestone_created':
      // The design list carries the milestone: the sync's one read, whose write is empty when HubSpot already has it.
      return designEvent(deps, event.data.design_id, context, { reads: [], projectId: event.data.project_id });
    case 'performance_simulation_job_completed':
      return simulationEvent(deps, event.data.design_id, context);
    case 'web_proposal_url_created':
      return proposalEvent(deps, event.data.design_id, context);
  }
}

/** A finished simulation: its summary says whether HubSpot has the results; a sync that follows does not read it again. */
function simulationEvent(deps: Deps, designId: string, context: EventContext): Promise<Located> {
  let summary: AuroraDesignSummary | undefined;
  return designEvent(deps, designId, context, {
    reads: ['summary', 'pricing', 'assets'],
    files: true,
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
  });
}

/** A new proposal link: read once, for the check and for the sync that follows. */
function proposalEvent(deps: Deps, designId: string, context: EventContext): Promise<Located> {
  let proposal: AuroraWebProposal | undefined;
  return designEvent(deps, designId, context, {
    reads: ['proposal'],
    unchanged: async (record) => {
      proposal = await deps.aurora.proposals.webProposal(designId, { deadline: context.deadline });
      return proposal.url && !proposal.url_expired && record.properties.aurora_proposal_url === proposal.url ? 'HubSpot already has this proposal link.' : null;
    },
    known: () => ({ proposal }),
  });
}

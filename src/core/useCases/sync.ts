// Use case "Sync": re-reads the deal's Aurora project and its designs (in parallel, under Aurora's concurrency cap), copies
// new screenshots into HubSpot Files, upserts one Aurora Design record per design, rolls the sold / primary / newest design
// up onto the deal, and writes only what changed: a sync with nothing new writes only the time it confirmed the deal current.
import { countOf } from '@aurora/format';
import type { SyncSummary } from '../contract';
import { AURORA_CONCURRENCY, type Deps } from '../deps';
import {
  AuroraNotFoundError,
  type AuroraAgreement,
  type AuroraAsset,
  type AuroraDesign,
  type AuroraDesignSummary,
  type AuroraFinancing,
  type AuroraPricing,
  type AuroraProject,
  type AuroraUser,
  type AuroraWebProposal,
} from '../aurora';
import { auroraProjectUrl } from '../aurora/links';
import type { CrmRecord } from '../hubspot/context';
import type { LinkedDesign } from '../hubspot/designs';
import { HubSpotError } from '../hubspot/errors';
import { readText } from '../mapping/conversions';
import type { DesignLabel } from '../dataModel';
import type { DesignFacts } from '../mapping/facts';
import { dealRollupProperties, designReadProperties, designRecordProperties, isClaimRecord, pickRollupDesign, projectDealProperties, rollupOfRecord } from '../mapping/toHubSpot';
import { changedProperties } from '../hubspot/values';
import { AssetDownloadError, copiedAssetId, copiedAssetUrl, isPng } from '../aurora/downloader';
import { agreementOfDesign, bomSummary, designAssets, financingFacts, moduleCount, newestFirst, personName } from '../mapping/auroraFacts';
import { AuroraReads, isRead, PRIORITY, valueOf, type Read, type Skipped } from '../sync/auroraReads';
import { DEAL_READ_PROPERTIES, linkedProjectId, PROJECT_MISSING_STATUS } from '../mapping/dealState';
import { NotLinkedError, PROJECT_MISSING_WORDS, ProjectMissingError } from './errors';
import { Lane } from '../aurora/scheduler';
import { belongsToProject } from '../mapping/ownership';
import { formatPending, parsePending, pendingIds, pendingItem } from '../mapping/pending';
import { settleContracts } from '../postSale/handoff';
import { decideAgreementStatus } from '../postSale/precedence';

export interface SyncInput {
  dealId: string;
  /** Sync only these designs (e.g. a webhook about one design); the project, design list and agreements are read anyway. */
  only?: { designIds: readonly string[] };
  /** Set on the one repeat that repairs a write an older sync overtook (see `overtaken`). */
  repair?: boolean;
}

/** Time kept back from the Aurora reads for HubSpot's writes, so a slow Aurora ends in a partial sync, not a timeout. */
const WRITE_RESERVE_MS = 2_500;
/** Screenshot downloads and HubSpot Files uploads in flight at once. */
const FILE_LANE_CAP = 4;
/** Design request statuses after which Aurora changes nothing more. */
const FINAL_REQUEST_STATUSES = new Set(['designer_rejected', 'accepted', 'rejected']);

/** Syncs the deal with its Aurora project; throws typed errors (not linked, project gone, …) after recording them on the deal. */
export async function syncDeal(deps: Deps, input: SyncInput, deadline: number): Promise<SyncSummary> {
  // Without Aurora settings there is nothing to sync: say so before any call is made.
  void deps.aurora;
  const startedAt = deps.now();
  const readDeadline = Math.max(startedAt, deadline - Math.min(WRITE_RESERVE_MS, (deadline - startedAt) / 3));
  // The designs already in HubSpot are read while Aurora answers; only the copy step and the final diff need them.
  const records = deps.hubspot.readDealDesigns(input.dealId, designReadProperties(deps.fieldMap), { deadline });
  records.catch(() => undefined);
  // Nothing may run on after the function answers (HubSpot freezes it): an early exit lets the started read finish first.
  const deal = await deps.hubspot.getDeal(input.dealId, DEAL_READ_PROPERTIES, { deadline }).catch(async (error: unknown) => {
    await records.catch(() => undefined);
    throw error;
  });
  const projectId = linkedProjectId(deal);
  if (!projectId) {
    await records.catch(() => undefined);
    throw new NotLinkedError();
  }
  return new SyncRun(deps, input, deal, projectId, records, readDeadline, deadline).run();
}

/** The same sync for one design (webhooks about a design). */
export function syncDesign(deps: Deps, input: { dealId: string; designId: string }, deadline: number): Promise<SyncSummary> {
  return syncDeal(deps, { dealId: input.dealId, only: { designIds: [input.designId] } }, deadline);
}

/** The deal linked to an Aurora project, or null (webhooks arrive with Aurora ids only). */
export async function findDealByProjectId(deps: Deps, projectId: string, deadline: number): Promise<CrmRecord | null> {
  const found = await deps.hubspot.findDealsByProperty('aurora_project_id', projectId, DEAL_READ_PROPERTIES, { deadline, limit: 2 });
  return found[0] ?? null;
}

type Props = Record<string, string | null>;

/** What was read from Aurora for one design. */
interface DesignReads {
  design: AuroraDesign;
  summary: Read<AuroraDesignSummary | null>;
  pricing: Read<AuroraPricing | null>;
  financing: Read<AuroraFinancing | null>;
  proposal: Read<AuroraWebProposal | null>;
  screenshot: Read<string | null>;
  dxf: Read<string | null>;
  /** False when the design's asset list could not be read: whether it has a screenshot is not known. */
  assetsListed: boolean;
}

class SyncRun {
  private readonly reads: AuroraReads;
  private readonly downloads: Lane;
  private readonly uploads: Lane;
  private readonly existing: Promise<Map<string, LinkedDesign>>;
  /** Problems a retry will not fix (a refused file host), said once each. */
  private readonly notes = new Set<string>();
  /** The forward-only values this sync changed in HubSpot, checked against Aurora once written. */
  private written: ForwardOnlyWrites = { agreements: new Map() };

  constructor(
    private readonly deps: Deps,
    private readonly input: SyncInput,
    private readonly deal: CrmRecord,
    private readonly projectId: string,
    private readonly records: Promise<LinkedDesign[]>,
    private readonly readDeadline: number,
    private readonly deadline: number,
  ) {
    this.reads = new AuroraReads(deps, readDeadline, AURORA_CONCURRENCY);
    this.downloads = new Lane(FILE_LANE_CAP, readDeadline, deps.now);
    this.uploads = new Lane(FILE_LANE_CAP, readDeadline, deps.now);
    this.existing = records.then((linked) => new Map(linked.filter((l) => !isClaimRecord(l.record)).flatMap((l) => designIdOf(l))));
    this.existing.catch(() => undefined);
  }

  async run(): Promise<SyncSummary> {
    const { aurora } = this.deps;
    const { reads, projectId } = this;
    const project = reads.required(PRIORITY.project, (o) => aurora.projects.retrieve(projectId, o));
    const designList = reads.required(PRIORITY.project, (o) => aurora.designs.listForProject(projectId, o));
    const agreements = reads.optional('agreements', PRIORITY.project, (o) => aurora.agreements.listForProject(projectId, o));
    const owner = project.then((found) =>
      found.owner_id ? reads.optional('users', PRIORITY.project, (o) => aurora.users.retrieve(found.owner_id!, o)) : ({ value: null } as const),
    );
    owner.catch(() => undefined);
    const request = this.refreshDesignRequest();

    let found: [AuroraProject, AuroraDesign[]];
    try {
      found = await Promise.all([project, designList]);
    } catch (error) {
      await Promise.allSettled([project, designList, agreements, owner, request, this.records]);
      // Both reads name the project: a 404 from either means Aurora no longer has it.
      if (error instanceof AuroraNotFoundError) {
        await this.recordFailure(PROJECT_MISSING_WORDS, { aurora_project_status: PROJECT_MISSING_STATUS });
        throw new ProjectMissingError(projectId);
      }
      await this.recordFailure(wordsOf(error));
      throw error;
    }
    const [projectWire, designs] = found;

    const previous = parsePending(this.deal.properties.aurora_sync_pending);
    const scope = this.input.only ? new Set(this.input.only.designIds) : null;
    const ordered = orderDesigns(designs, previous).filter((design) => !scope || scope.has(design.id));
    const designReads = await Promise.all(ordered.map((design, index) => this.readDesign(design, index)));
    const [agreementList, ownerRead, requestProps] = await Promise.all([agreements, owner, request]);

    let existing: Map<string, LinkedDesign>;
    let linked: LinkedDesign[];
    try {
      [existing, linked] = await Promise.all([this.existing, this.records]);
    } catch (error) {
      await this.recordFailure(wordsOf(error));
      throw error;
    }

    let summary: SyncSummary;
    try {
      summary = await this.write({ projectWire, designs, designReads, agreementList, ownerRead, requestProps, existing, linked, previous });
    } catch (error) {
      await this.recordFailure(wordsOf(error));
      throw error;
    }
    // HubSpot has no conditional writes: a status written from an older read is caught here and synced once more.
    if (!this.input.repair && (await this.overtaken())) return syncDeal(this.deps, { ...this.input, repair: true }, this.deadline);
    return summary;
  }

  /**
   * True when a forward-only value this sync wrote (agreement status, project status) is already behind Aurora: another
   * delivery read newer state and wrote before this sync's older write landed. One read per kind, only after it changed.
   */
  private async overtaken(): Promise<boolean> {
    const { aurora } = this.deps;
    const { projectStatus, agreements } = this.written;
    const options = { deadline: this.deadline };
    try {
      const [project, current] = await Promise.all([
        projectStatus !== undefined ? aurora.projects.retrieve(this.projectId, options) : null,
        agreements.size > 0 ? aurora.agreements.listForProject(this.projectId, options) : null,
      ]);
      if (project && (project.status ?? '') !== projectStatus) return true;
      return (current ?? []).some((agreement) => {
        const written = agreements.get(agreement.id);
        return written !== undefined && decideAgreementStatus(written, agreement.status).action === 'advance';
      });
    } catch {
      // Aurora cannot tell now: the next sync or delivery reads it again.
      return false;
    }
  }

  /** Every Aurora read for one design; never throws (a failed read is left for the next sync). */
  private async readDesign(design: AuroraDesign, index: number): Promise<DesignReads> {
    const { aurora } = this.deps;
    const { reads } = this;
    const base = -index * 16;
    // Assets first: their download and upload make the longest chain of a design.
    const assets = reads.optional('assets', base + 5, (o) => aurora.assets.list(design.id, o));
    const financings = reads.optional('financings', base + 4, (o) => aurora.financings.list(design.id, o));
    const summary = reads.optional('designs', base + 3, (o) => aurora.designs.summary(design.id, o));
    const pricing = reads.optional('pricing', base + 2, (o) => aurora.pricing.retrieve(design.id, o));
    const proposal = reads.optional('proposals', base + 1, (o) => aurora.proposals.webProposal(design.id, o));
    const financing = financings.then(async (list): Promise<Read<AuroraFinancing | null>> => {
      if (!isRead(list)) return list;
      const chosen = list.value?.find((item) => item.selected_in_sales_mode === true);
      if (!chosen) return { value: null };
      return reads.optional('financings', PRIORITY.followUp + base, (o) => aurora.financings.retrieve(design.id, chosen.id, o));
    });
    const copies = assets.then((list) => this.copyAssets(design, list, base));
    const [summaryRead, pricingRead, financingRead, proposalRead, copied] = await Promise.all([summary, pricing, financing, proposal, copies]);
    return { design, summary: summaryRead, pricing: pricingRead, financing: financingRead, proposal: proposalRead, ...copied };
  }

  private async copyAssets(design: AuroraDesign, list: Read<AuroraAsset[] | null>, priority: number): Promise<Pick<DesignReads, 'screenshot' | 'dxf' | 'assetsListed'>> {
    if (!isRead(list)) return { screenshot: list, dxf: list, assetsListed: list.skipped !== 'failed' };
    const { screenshot, dxf } = designAssets(list.value ?? []);
    let record: LinkedDesign | undefined;
    try {
      record = (await this.existing).get(design.id);
    } catch {
      return { screenshot: { skipped: 'failed' }, dxf: { skipped: 'failed' }, assetsListed: true };
    }
    const shot = await this.copyScreenshot(screenshot, record?.record.properties.aurora_screenshot_url, priority);
    return { screenshot: shot, dxf: dxfLink(dxf, record?.record.properties.aurora_dxf_url), assetsListed: true };
  }

  /** Copies the screenshot into HubSpot Files once (Aurora's link expires); the stored URL names the asset it came from. */
  private async copyScreenshot(asset: AuroraAsset | null, storedUrl: string | null | undefined, priority: number): Promise<Read<string | null>> {
    if (!asset) return { value: null };
    if (storedUrl && copiedAssetId(storedUrl) === asset.id) return { value: storedUrl };
    const url = asset.url;
    // Aurora saves the file a moment after announcing the asset; the next sync picks it up.
    if (!url) return { skipped: 'failed' };
    try {
      const data = await this.downloads.run(() => this.deps.assets.download(url, { deadline: this.readDeadline }), priority);
      if (!isPng(data)) throw new AssetDownloadError('format', 'the screenshot Aurora gave is not a PNG image');
      const file = await this.uploads.run(
        () => this.deps.hubspot.uploadFile({ data, fileName: `aurora-${asset.id}.png` }, { deadline: this.readDeadline }),
        priority,
      );
      return { value: copiedAssetUrl(file.url, asset.id) };
    } catch (error) {
      const permanent = (error instanceof AssetDownloadError || error instanceof HubSpotError) && !error.retryable;
      if (!permanent) return { skipped: 'failed' };
      this.notes.add(`Design screenshots (${error instanceof AssetDownloadError ? error.message : wordsOf(error)})`);
      return { skipped: 'lacking' };
    }
  }

  /** Re-reads an open design request, so the card shows where it stands. */
  private async refreshDesignRequest(): Promise<{ props: Record<string, string>; failed: string | null }> {
    const id = readText(this.deal.properties.aurora_design_request_id);
    const status = readText(this.deal.properties.aurora_design_request_status);
    if (!id || (status && FINAL_REQUEST_STATUSES.has(status))) return { props: {}, failed: null };
    const read = await this.reads.optional('design_requests', PRIORITY.project, (o) => this.deps.aurora.designRequests.retrieve(id, o));
    if (!isRead(read)) return { props: {}, failed: read.skipped === 'failed' ? id : null };
    if (!read.value) return { props: {}, failed: null };
    // The stored id is editable: another project's request is never copied onto this deal.
    if (!belongsToProject(read.value, this.projectId)) {
      this.notes.add('Design request status (the request this deal points at belongs to another Aurora project)');
      return { props: {}, failed: null };
    }
    return {
      props: { aurora_design_request_status: read.value.status, aurora_design_request_rejection_reason: read.value.rejection_reason ?? '' },
      failed: null,
    };
  }

  private async write(state: {
    projectWire: AuroraProject;
    designs: AuroraDesign[];
    designReads: DesignReads[];
    agreementList: Read<AuroraAgreement[] | null>;
    ownerRead: Read<AuroraUser | null>;
    requestProps: { props: Record<string, string>; failed: string | null };
    existing: Map<string, LinkedDesign>;
    linked: LinkedDesign[];
    previous: string[];
  }): Promise<SyncSummary> {
    const { deps, projectId } = this;
    const { dealId } = this.input;
    const map = deps.fieldMap;
    const syncedAt = new Date(deps.now()).toISOString();
    const agreementsKnown = isRead(state.agreementList) ? (state.agreementList.value ?? []) : undefined;

    // Design records: write those whose Aurora data changed, keep the rest as they are.
    const upserts: Record<string, string>[] = [];
    const current = new Map<string, Props>();
    const pending = new Set<string>();
    const inScope = new Set<string>();
    for (const reads of state.designReads) {
      const id = reads.design.id;
      inScope.add(id);
      const existing = state.existing.get(id);
      const facts = designFacts(reads, { projectId, agreements: agreementsKnown, existing, syncedAt });
      // An unread asset list leaves the design unfinished; "screenshot" means one Aurora has that was not copied yet.
      if ([reads.summary, reads.pricing, reads.financing, reads.proposal].some(failed) || !reads.assetsListed) pending.add(pendingItem('design', id));
      else if ([reads.screenshot, reads.dxf].some(failed)) pending.add(pendingItem('screenshot', id));
      // Nothing but the list was read: a known record keeps its values until the next sync reads the rest.
      if (failed(reads.summary) && existing) {
        current.set(id, existing.record.properties);
        continue;
      }
      const props = designRecordProperties(facts, { dealId, syncedAt }, map);
      // "Primary" is HubSpot's mark (a rep's, or the hand-off's), never the sync's: not even a new record's "false", which a
      // sync that read the deal before the hand-off would otherwise write over the hand-off's mark.
      delete props.aurora_is_primary;
      // Unchanged when every value to write is already there.
      if (existing && Object.keys(changedProperties(existing.record.properties, withoutBookkeeping(props))).length === 0) {
        current.set(id, existing.record.properties);
        continue;
      }
      upserts.push(props);
      current.set(id, { ...existing?.record.properties, ...props });
    }
    for (const design of state.designs) {
      const existing = state.existing.get(design.id);
      if (!current.has(design.id) && existing) current.set(design.id, existing.record.properties);
      // A design Aurora lists that this (partial) sync did not read and HubSpot does not have yet.
      if (!current.has(design.id)) pending.add(pendingItem('design', design.id));
    }
    if (this.input.only) {
      const listed = new Set(state.designs.map((d) => d.id));
      for (const item of state.previous) {
        const kind = item.slice(0, item.indexOf(':'));
        const id = item.slice(item.indexOf(':') + 1);
        if ((kind === 'design' || kind === 'screenshot') && (inScope.has(id) || !listed.has(id))) continue;
        if (kind === 'agreement' && isRead(state.agreementList)) continue;
        pending.add(item);
      }
    }
    if (failed(state.agreementList)) pending.add(pendingItem('agreement', projectId));
    if (state.requestProps.failed) pending.add(pendingItem('design_request', state.requestProps.failed));

    // The deal: project facts, the rolled-up design, the design request, and the sync's own outcome.
    // Aurora lists designs oldest first: reversed, a tie on created_at goes to the later one.
    const candidates = [...state.designs].reverse().flatMap((design) => {
      const props = current.get(design.id);
      return props ? [{ props, isSold: props.aurora_is_sold === 'true', isPrimary: markedPrimary(state.existing.get(design.id)), createdAt: props.aurora_design_created_at ?? design.created_at }] : [];
    });
    const rollup = pickRollupDesign(candidates);
    const ownerName = isRead(state.ownerRead) ? (state.ownerRead.value ? personName(state.ownerRead.value) : null) : undefined;
    const busy = this.reads.busyUntil !== null;
    const skipped = [...this.reads.lackingWords(), ...[...this.notes].sort(), ...pendingWords([...pending], busy)];
    const status = skipped.length > 0 ? 'partial' : 'ok';
    const dealProps: Record<string, string> = {
      ...projectDealProperties({ id: projectId, url: auroraProjectUrl(deps.auroraAppUrl, projectId), status: state.projectWire.status ?? null, ownerName }, map),
      ...(rollup ? rollupOfRecord(rollup.props, map) : dealRollupProperties(null, map)),
      ...state.requestProps.props,
      aurora_sync_status: status,
      aurora_last_error: skipped.join(' '),
      aurora_sync_pending: formatPending([...pending].sort()),
    };
    // The sync time says when the deal was confirmed current: a complete sync moves it even with nothing new (one write);
    // a partial or one-design sync moves it only with what it changed.
    const complete = status === 'ok' && !this.input.only;
    if (complete || upserts.length > 0 || Object.keys(changedProperties(this.deal.properties, dealProps)).length > 0) dealProps.aurora_last_synced_at = syncedAt;

    const call = { deadline: this.deadline };
    const [saved, dealWrite] = await allDone([
      upserts.length > 0 ? deps.hubspot.upsertDesigns(upserts, call) : Promise.resolve([]),
      deps.hubspot.updateDeal(dealId, dealProps, { ...call, current: this.deal.properties }),
    ] as const);
    this.written = forwardOnlyWrites(upserts, state.existing, dealWrite.changed, dealProps, rollup?.props);

    // Designs deleted in Aurora lose their record (only a full sync knows the complete list).
    const listed = new Set(state.designs.map((d) => d.id));
    const stale = this.input.only ? [] : state.linked.filter((l) => !isClaimRecord(l.record) && l.record.properties.aurora_project_id === projectId && !listed.has(l.record.properties.aurora_design_id ?? ''));
    await allDone(stale.map((l) => deps.hubspot.deleteRecord('aurora_design', l.recordId, call)));

    const recordIds = new Map([...state.existing].map(([designId, link]) => [designId, link.recordId]));
    for (const record of saved) recordIds.set(record.designId, record.recordId);
    const desired = state.designs.flatMap((design) => {
      const recordId = recordIds.get(design.id);
      const props = current.get(design.id);
      if (!recordId || !props) return [];
      // The primary label stays as HubSpot has it (never added or removed here, so no race with a concurrent hand-off).
      const primary = state.existing.get(design.id)?.labels.includes('primary') ?? false;
      const labels: DesignLabel[] = [...(primary ? (['primary'] as const) : []), ...(props.aurora_is_sold === 'true' ? (['sold'] as const) : [])];
      return [{ recordId, labels }];
    });
    const staleIds = new Set(stale.map((l) => l.recordId));
    await deps.hubspot.linkDesignsToDeal(dealId, desired, { ...call, current: state.linked.filter((l) => !staleIds.has(l.recordId)).map(({ recordId, labels }) => ({ recordId, labels })) });
    // A signed contract hands the deal over once; this finishes one no webhook could (postSale/handoff.ts).
    if (agreementsKnown && agreementsKnown.length > 0) {
      const held = new Map([...state.existing.values()].flatMap((l) => (l.record.properties.aurora_agreement_id ? [[l.record.properties.aurora_agreement_id, l.record.properties.aurora_agreement_status ?? '']] : [])));
      await settleContracts(deps, { deal: this.deal, agreements: agreementsKnown, held, receivedAt: new Date(syncedAt), deadline: this.deadline });
    }

    const left = new Set([...pendingIds([...pending], 'design'), ...pendingIds([...pending], 'screenshot')].filter((id) => listed.has(id)));
    return {
      status,
      designs: state.designs.length,
      designsLeft: left.size,
      busyUntil: busy ? new Date(this.reads.busyUntil!).toISOString() : null,
      keyLacks: this.reads.lackingNames(),
      changedDesigns: upserts.length,
      // The time alone is bookkeeping, not news for the rep.
      changedDealProperties: dealWrite.changed.filter((name) => name !== 'aurora_last_synced_at'),
      skipped,
    };
  }

  /** Records a failed sync on the deal (best effort: the caller reports the failure either way). */
  private async recordFailure(words: string, extra: Record<string, string> = {}): Promise<void> {
    // No `current`: a write of this sync may already have changed the deal, so the store reads it again.
    await this.deps.hubspot
      .updateDeal(this.input.dealId, { aurora_sync_status: 'error', aurora_last_error: words, ...extra }, { deadline: this.deadline })
      .catch(() => undefined);
  }
}

interface ForwardOnlyWrites {
  /** The project status written on the deal, when it changed. */
  projectStatus?: string;
  /** Agreement id → the status written for it (on a design record or the deal), when it changed. */
  agreements: Map<string, string>;
}

/** Which forward-only values a sync's writes change: only those are checked against Aurora afterwards. */
function forwardOnlyWrites(
  upserts: readonly Record<string, string>[],
  existing: Map<string, LinkedDesign>,
  dealChanged: readonly string[],
  dealProps: Record<string, string>,
  rollup: Props | undefined,
): ForwardOnlyWrites {
  const agreements = new Map<string, string>();
  for (const props of upserts) {
    const before = existing.get(props.aurora_design_id ?? '')?.record.properties;
    if (props.aurora_agreement_id && props.aurora_agreement_status && props.aurora_agreement_status !== before?.aurora_agreement_status) {
      agreements.set(props.aurora_agreement_id, props.aurora_agreement_status);
    }
  }
  const rolledUp = readText(rollup?.aurora_agreement_id);
  if (rolledUp && dealProps.aurora_agreement_status && dealChanged.includes('aurora_agreement_status')) agreements.set(rolledUp, dealProps.aurora_agreement_status);
  // Nothing can overtake `signed` (a later cancellation is flagged, never written): no need to ask Aurora again.
  for (const [id, status] of agreements) if (status === 'signed') agreements.delete(id);
  return { projectStatus: dealChanged.includes('aurora_project_status') ? dealProps.aurora_project_status : undefined, agreements };
}

/** Like Promise.all, but waits for every write to settle before reporting the first failure (none runs on unseen). */
async function allDone<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * The DXF export as Aurora links it (the issue asks for the link, not a copy). Aurora signs each answer anew, so the link
 * first stored for an asset is kept: a re-sync of an unchanged design then writes nothing.
 */
function dxfLink(asset: AuroraAsset | null, storedUrl: string | null | undefined): Read<string | null> {
  if (!asset) return { value: null };
  if (storedUrl && copiedAssetId(storedUrl) === asset.id) return { value: storedUrl };
  return asset.url ? { value: copiedAssetUrl(asset.url, asset.id) } : { skipped: 'failed' };
}

/** Marked primary in HubSpot: the record's flag or the association label (a rep may set either). */
const markedPrimary = (linked: LinkedDesign | undefined): boolean => linked?.record.properties.aurora_is_primary === 'true' || (linked?.labels.includes('primary') ?? false);

/** A record's values without the sync's own bookkeeping (when it was written, and the fingerprint of what). */
function withoutBookkeeping(props: Record<string, string>): Record<string, string> {
  const { aurora_last_synced_at: _syncedAt, aurora_source_hash: _hash, ...values } = props;
  return values;
}

const failed = (read: Read<unknown>): read is Skipped => !isRead(read) && read.skipped === 'failed';

function designIdOf(link: LinkedDesign): [string, LinkedDesign][] {
  const id = readText(link.record.properties.aurora_design_id);
  return id ? [[id, link]] : [];
}

/** Work a previous sync left first, then the newest designs. */
function orderDesigns(designs: readonly AuroraDesign[], previous: readonly string[]): AuroraDesign[] {
  const waiting = new Set([...pendingIds(previous, 'design'), ...pendingIds(previous, 'screenshot')]);
  const newest = newestFirst(designs);
  return [...newest.filter((d) => waiting.has(d.id)), ...newest.filter((d) => !waiting.has(d.id))];
}

/** The facts of one design from what was read; a value not read stays `undefined`, so HubSpot keeps its own. */
function designFacts(
  reads: DesignReads,
  context: { projectId: string; agreements: AuroraAgreement[] | undefined; existing: LinkedDesign | undefined; syncedAt: string },
): DesignFacts {
  const { design } = reads;
  const existing = context.existing?.record.properties;
  const summary = valueOf(reads.summary);
  const summaryRead = isRead(reads.summary);
  const pricing = valueOf(reads.pricing);
  const financing = isRead(reads.financing) ? financingFacts(reads.financing.value) : undefined;
  const proposal = valueOf(reads.proposal);
  const agreement = context.agreements ? agreementOfDesign(context.agreements, design.id) : undefined;
  const milestone = design.milestone?.milestone ?? null;
  // Statuses only move forward (postSale/precedence.ts): a signed contract cancelled in Aurora stays signed here.
  const agreementStatus = agreement ? heldOrNewer(agreement, existing) : agreement;
  const signed = agreementStatus === 'signed';
  const wasSold = existing?.aurora_is_sold === 'true';
  return {
    designId: design.id,
    name: design.name ?? null,
    projectId: design.project_id ?? context.projectId,
    createdAt: design.created_at ?? null,
    systemSizeWatts: summary?.system_size_stc ?? design.system_size_stc ?? (summaryRead ? null : undefined),
    annualProductionKwh: summaryRead ? (summary?.energy_production?.annual ?? null) : undefined,
    offset: summaryRead ? (summary?.energy_production?.annual_offset ?? null) : undefined,
    moduleCount: summaryRead ? (summary ? moduleCount(summary) : null) : undefined,
    bomSummary: summaryRead ? (summary ? bomSummary(summary) : null) : undefined,
    price: isRead(reads.pricing) ? (pricing?.system_price ?? null) : undefined,
    pricePerWatt: isRead(reads.pricing) ? (pricing?.price_per_watt ?? null) : undefined,
    financingType: financing?.financingType,
    monthlyPayment: financing?.monthlyPayment,
    // An expired link would show the customer an error page: better none until Aurora has a fresh one.
    proposalUrl: isRead(reads.proposal) ? (proposal?.url && !proposal.url_expired ? proposal.url : null) : undefined,
    screenshotUrl: valueOf(reads.screenshot),
    dxfUrl: valueOf(reads.dxf),
    milestone,
    agreementId: agreement === undefined ? undefined : (agreement?.id ?? null),
    agreementStatus,
    // Aurora has no signed-at time (docs/aurora-api.md#agreements): the first sync (or webhook) that sees the signature stamps it.
    contractSignedAt: signed ? (existing?.aurora_contract_signed_at || context.syncedAt) : undefined,
    isPrimary: markedPrimary(context.existing),
    isSold: milestone === 'sold' || signed || (agreement === undefined && wasSold),
  };
}

/** Aurora's status for the design's agreement, unless HubSpot holds a later one for the same agreement. */
function heldOrNewer(agreement: AuroraAgreement, existing: Props | undefined): string {
  const held = existing?.aurora_agreement_id === agreement.id ? readText(existing.aurora_agreement_status) : null;
  return decideAgreementStatus(held, agreement.status).action === 'advance' || !held ? agreement.status : held;
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

function wordsOf(error: unknown): string {
  const userFacing = error as { toUserError?: () => { message: string } };
  return typeof userFacing?.toUserError === 'function' ? userFacing.toUserError().message : 'The sync stopped because of an unexpected problem in the app.';
}

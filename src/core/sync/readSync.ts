// The sync's read step: the deal and its design records from HubSpot, then the project, its designs (all, or a subset),
// agreements, owner and open design request from Aurora, each with its priority in the client's queue, under the read deadline. A new
// screenshot is copied into HubSpot Files here (Aurora's link expires; the plan needs the copy's URL). Optional reads
// never throw: a failure becomes "left for the next sync" in the plan.
import type { AuroraClient } from '../aurora/client';
import type { AuroraAgreement, AuroraAsset, AuroraDesign, AuroraDesignSummary, AuroraFinancing, AuroraProject, AuroraWebProposal } from '../aurora/schemas';
import { auroraProjectUrl } from '../aurora/links';
import { AssetDownloadError, copiedAssetId, copiedAssetUrl, isCopyOf, isDxf, isPng } from '../aurora/downloader';
import type { Deps } from '../deps';
import type { DealRecord, PropertyValues } from '../hubspot/context';
import type { LinkedDesign } from '../hubspot/designs';
import { HubSpotError } from '../hubspot/errors';
import { agreementOfDesign, designAssets } from '../mapping/auroraFacts';
import { readText } from '../mapping/conversions';
import { DEAL_READ_PROPERTIES, linkedProjectId } from '../mapping/dealState';
import { parsePending } from '../mapping/pending';
import { belongsToProject } from '../mapping/ownership';
import { designReadProperties } from '../mapping/toHubSpot';
import { ConcurrencyGate } from '../aurora/limiter';
import { AuroraReads, carriedWords, isRead, lackingNamesIn, PRIORITY, type Read } from './auroraReads';
import type { DesignReads } from './designFacts';
import { isHandOffComplete } from '../postSale/handoff';
import { decideAgreementStatus, normalizeAgreementStatus } from '../postSale/precedence';
import { orderDesigns, recordsByDesign, type ForwardOnlyWrites, type HubSpotHoldings, type SyncReads } from './planSync';
import type { DesignPropertyKey } from '../dataModel';

/** Time kept back from the Aurora reads for HubSpot's writes, so a slow Aurora ends in a partial sync, not a timeout. */
const WRITE_RESERVE_MS = 2_500;
/** Screenshot downloads and HubSpot Files uploads in flight at once. */
const FILE_TRANSFERS_AT_ONCE = 4;
/** Each design's reads share a band of the client's queue, earlier designs first: a cut-short sync finishes whole designs. */
const DESIGN_BAND = 16;
/**
 * A design's asset list is asked beside the design before it: its download and upload make its chain two Aurora answers
 * longer than any other read's, so the last design's files would otherwise be copied after Aurora's last answer
 * (docs/sync-speed.md#the-order-of-the-reads).
 */
const ASSETS_LEAD = DESIGN_BAND + 1;
/** Design request statuses after which Aurora changes nothing more. */
const FINAL_REQUEST_STATUSES = new Set(['designer_rejected', 'accepted', 'rejected']);

/** The reads of one design a scoped sync can ask for. */
export type DesignReadKind = 'summary' | 'pricing' | 'financing' | 'proposal' | 'assets';
export const ALL_DESIGN_READS: readonly DesignReadKind[] = ['summary', 'pricing', 'financing', 'proposal', 'assets'];
/** A design Aurora just made: its figures, financing list and files (pricing and proposals follow its simulation, docs/aurora-api.md#designs). */
export const NEW_DESIGN_READS: readonly DesignReadKind[] = ['summary', 'financing', 'assets'];
/** The reads a simulation makes possible (docs/aurora-api.md#designs): a design not simulated yet has none. */
const AFTER_SIMULATION: readonly DesignReadKind[] = ['pricing', 'proposal'];
/** The reads after which a design's pending marks can be cleared (its proposal link has its own event and mark). */
export const WHOLE_READS: readonly DesignReadKind[] = ['summary', 'pricing', 'financing', 'assets'];
/** A read a scoped sync did not ask for: HubSpot keeps its value and nothing is left pending for it. */
const NOT_ASKED = { skipped: 'lacking' } as const;

/** What the caller (a webhook's check) already read from Aurora for the design in scope: the sync does not read it again. */
export interface KnownReads {
  summary?: AuroraDesignSummary;
  proposal?: AuroraWebProposal;
  /** The project's design list (a milestone's check read it). */
  designs?: readonly AuroraDesign[];
}

/** A sync under way: the deal (read), its linked project, and HubSpot's design records (being read meanwhile). */
export interface StartedSync {
  deal: DealRecord;
  projectId: string;
  linked: Promise<LinkedDesign[]>;
}

/**
 * Reads the deal (unless `known`: the deal just read by id, with DEAL_READ_PROPERTIES) and starts reading its design
 * records; NotLinked (as null) when the deal has no project.
 */
export async function startSync(deps: Deps, dealId: string, deadline: number, known?: DealRecord, knownLinks?: readonly LinkedDesign[]): Promise<StartedSync | null> {
  // The designs already in HubSpot are read while Aurora answers; only the copy step and the plan need them.
  const linked = knownLinks ? Promise.resolve([...knownLinks]) : deps.hubspot.readDealDesigns(dealId, designReadProperties(deps.fieldMap), { deadline });
  linked.catch(() => undefined);
  // Nothing may run on after the function answers (HubSpot freezes it): an early exit lets the started read finish first.
  const read = known ? Promise.resolve(known) : deps.hubspot.getDeal(dealId, DEAL_READ_PROPERTIES, { deadline });
  const deal = await read.catch(async (error: unknown) => {
    await linked.catch(() => undefined);
    throw error;
  });
  const projectId = linkedProjectId(deal);
  if (projectId) return { deal, projectId, linked };
  await linked.catch(() => undefined);
  return null;
}

/** The time the Aurora reads may take: the rest is kept for the writes. */
export function readDeadlineOf(startedAt: number, deadline: number): number {
  return Math.max(startedAt, deadline - Math.min(WRITE_RESERVE_MS, (deadline - startedAt) / 3));
}

class SyncReader {
  readonly reads: AuroraReads;
  private readonly downloads: ConcurrencyGate;
  private readonly uploads: ConcurrencyGate;
  private readonly existing: Promise<Map<string, LinkedDesign>>;
  readonly notes = new Set<string>();

  constructor(
    private readonly deps: Deps,
    private readonly started: StartedSync,
    private readonly readDeadline: number,
    private readonly wanted: readonly DesignReadKind[] = ALL_DESIGN_READS,
    private readonly known: KnownReads = {},
  ) {
    this.reads = new AuroraReads(readDeadline);
    this.downloads = new ConcurrencyGate(FILE_TRANSFERS_AT_ONCE, deps.now);
    this.uploads = new ConcurrencyGate(FILE_TRANSFERS_AT_ONCE, deps.now);
    this.existing = started.linked.then(recordsByDesign);
    this.existing.catch(() => undefined);
  }

  /** Every Aurora read for one design (or only `kinds`); never throws (a failed read is left for the next sync). */
  async readDesign(design: AuroraDesign, index: number, kinds: readonly DesignReadKind[] = this.wanted): Promise<DesignReads> {
    const { aurora } = this.deps;
    const { reads } = this;
    const base = -index * DESIGN_BAND;
    const ask = <T>(kind: DesignReadKind, read: () => Promise<Read<T | null>>): Promise<Read<T | null>> => (kinds.includes(kind) ? read() : Promise.resolve(NOT_ASKED));
    const assets = ask('assets', () => reads.optional('assets', base + ASSETS_LEAD + 5, (o) => aurora.assets.list(design.id, o)));
    const financings = ask('financing', () => reads.optional('financings', base + 4, (o) => aurora.financings.list(design.id, o)));
    const { known } = this;
    const summary = ask('summary', () => (known.summary ? Promise.resolve({ value: known.summary }) : reads.optional('designs', base + 3, (o) => aurora.designs.summary(design.id, o))));
    const pricing = ask('pricing', () => reads.optional('pricing', base + 2, (o) => aurora.pricing.retrieve(design.id, o)));
    // An expired link would show the customer an error page: Aurora makes a fresh one on request (generate_url).
    const proposal = ask('proposal', () =>
      (known.proposal ? Promise.resolve({ value: known.proposal } as Read<AuroraWebProposal | null>) : reads.optional('proposals', base + 1, (o) => aurora.proposals.webProposal(design.id, o))).then((read) =>
        isRead(read) && read.value?.url_expired ? reads.optional('proposals', PRIORITY.followUp + base, (o) => aurora.proposals.regenerateWebProposalUrl(design.id, o)) : read,
      ),
    );
    const financing = financings.then(async (list): Promise<Read<AuroraFinancing | null>> => {
      if (!isRead(list)) return list;
      const chosen = list.value?.find((item) => item.selected_in_sales_mode === true);
      if (!chosen) return { value: null };
      return reads.optional('financings', PRIORITY.followUp + base, (o) => aurora.financings.retrieve(design.id, chosen.id, o));
    });
    const copies = assets.then((list) => this.copyAssets(design, list, base));
    const [summaryRead, pricingRead, financingRead, proposalRead, copied] = await Promise.all([summary, pricing, financing, proposal, copies]);
    const whole = WHOLE_READS.every((kind) => kinds.includes(kind));
    return { design, summary: summaryRead, pricing: pricingRead, financing: financingRead, proposal: proposalRead, ...copied, whole };
  }

  /**
   * `first` (with the summary) at once; the rest of the wanted reads only once the summary says Aurora has simulated
   * the design (pricing, proposals and files follow a simulation, docs/aurora-api.md#designs).
   */
  async readOnceSimulated(design: AuroraDesign, index: number, first: readonly DesignReadKind[] = ['summary']): Promise<DesignReads> {
    const asked = [...new Set<DesignReadKind>(['summary', ...first])].filter((kind) => kind === 'summary' || this.wanted.includes(kind));
    const before = await this.readDesign(design, index, asked);
    const production = isRead(before.summary) ? before.summary.value?.energy_production : undefined;
    const rest = this.wanted.filter((kind) => !asked.includes(kind));
    const simulated = typeof production?.annual === 'number' && production.up_to_date !== false;
    if (!simulated && isRead(before.summary)) {
      // Not simulated yet: pricing and proposals do not exist, so what was asked may already be the whole design.
      return { ...before, whole: WHOLE_READS.every((kind) => asked.includes(kind) || AFTER_SIMULATION.includes(kind)) };
    }
    if (!simulated || rest.length === 0) return before;
    const after = await this.readDesign(design, index, rest);
    const take = (kind: DesignReadKind) => (asked.includes(kind) ? before : after);
    const files = take('assets');
    const whole = WHOLE_READS.every((kind) => this.wanted.includes(kind));
    return { design, summary: before.summary, pricing: take('pricing').pricing, financing: take('financing').financing, proposal: take('proposal').proposal, screenshot: files.screenshot, dxf: files.dxf, assetsListed: files.assetsListed, whole };
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
    const [shot, drawing] = await Promise.all([
      this.copyAsset(SCREENSHOT_FILE, screenshot, record?.record.properties.aurora_screenshot_url, priority),
      this.copyAsset(DXF_FILE, dxf, record?.record.properties.aurora_dxf_url, priority),
    ]);
    return { screenshot: shot, dxf: drawing, assetsListed: true };
  }

  /** Copies a design file into HubSpot Files once (Aurora's link expires); the stored URL names the asset it came from. */
  private async copyAsset(kind: CopiedFile, asset: AuroraAsset | null, storedUrl: string | null | undefined, priority: number): Promise<Read<string | null>> {
    if (!asset) return { value: null };
    if (kind.isCopy(storedUrl, asset)) return { value: storedUrl! };
    const url = asset.url;
    // Aurora saves the file a moment after announcing the asset; the next sync picks it up.
    if (!url) return { skipped: 'failed' };
    try {
      const ticket = { deadline: this.readDeadline, priority };
      const data = await this.downloads.run(() => this.deps.assets.download(url, { deadline: this.readDeadline }), ticket);
      if (!kind.accepts(data)) throw new AssetDownloadError('format', kind.notAccepted);
      const file = await this.uploads.run(() => this.deps.hubspot.uploadFile({ data, fileName: `aurora-${asset.id}.${kind.extension}` }, { deadline: this.readDeadline }), ticket);
      return { value: copiedAssetUrl(file.url, asset.id, asset.created_at) };
    } catch (error) {
      const permanent = (error instanceof AssetDownloadError || error instanceof HubSpotError) && !error.retryable;
      if (!permanent) return { skipped: 'failed' };
      this.notes.add(`${kind.words} (${error instanceof AssetDownloadError ? error.message : wordsOf(error)})`);
      return { skipped: 'lacking' };
    }
  }

  /** Re-reads an open design request, so the card shows where it stands. */
  async designRequest(): Promise<SyncReads['designRequest']> {
    const { deal } = this.started;
    const id = readText(deal.properties.aurora_design_request_id);
    const status = readText(deal.properties.aurora_design_request_status);
    if (!id || (status && FINAL_REQUEST_STATUSES.has(status))) return null;
    const read = await this.reads.optional('design_requests', PRIORITY.project, (o) => this.deps.aurora.designRequests.retrieve(id, o));
    // The stored id is editable: another project's request is never copied onto this deal.
    if (isRead(read) && read.value && !belongsToProject(read.value, this.started.projectId)) {
      this.notes.add('Design request status (the request this deal points at belongs to another Aurora project)');
      return { id, read: { value: null } };
    }
    return { id, read };
  }
}

/** What a webhook read of one design HubSpot holds (no sync): the reads, and why any was left (budget, notes). */
export interface HeldDesignReads {
  reads: DesignReads;
  /** Set when Aurora's budget kept a read back: when the key may be used again. */
  busyUntil: number | null;
}

/**
 * Reads `kinds` of one design whose HubSpot record the caller holds (a webhook writing only what its event changed):
 * the sync's own reads and file copies, without the design list or the deal's other records.
 */
export async function readHeldDesign(
  deps: Deps,
  held: { deal: DealRecord; projectId: string; record: LinkedDesign['record']; designId: string },
  kinds: readonly DesignReadKind[],
  options: { known?: KnownReads; readDeadline: number },
): Promise<HeldDesignReads> {
  const linked = Promise.resolve<LinkedDesign[]>([{ recordId: held.record.id, labels: [], record: held.record }]);
  const reader = new SyncReader(deps, { deal: held.deal, projectId: held.projectId, linked }, options.readDeadline, kinds, options.known);
  const reads = await reader.readDesign({ id: held.designId } as AuroraDesign, 0, kinds);
  return { reads, busyUntil: reader.reads.busyUntil };
}

/** A design file the sync keeps a copy of in HubSpot Files. */
interface CopiedFile {
  extension: 'png' | 'dxf';
  /** What the sync summary calls these files when they cannot be copied. */
  words: string;
  /** One such file, in words. */
  noun: string;
  accepts: (data: Buffer) => boolean;
  notAccepted: string;
  isCopy: (storedUrl: string | null | undefined, asset: AuroraAsset) => boolean;
}

const SCREENSHOT_FILE: CopiedFile = {
  extension: 'png',
  words: 'Design screenshots',
  noun: 'screenshot',
  accepts: isPng,
  notAccepted: 'the screenshot Aurora gave is not a PNG image',
  // Screenshots were always copies, whatever their file name.
  isCopy: (storedUrl, asset) => Boolean(storedUrl) && copiedAssetId(storedUrl) === asset.id,
};

/** DXF exports too: a stored Aurora link (what earlier versions kept) is replaced by a copy on the next sync. */
const DXF_FILE: CopiedFile = {
  extension: 'dxf',
  words: 'Design DXF files',
  noun: 'DXF file',
  accepts: isDxf,
  notAccepted: 'the DXF file Aurora gave is not a DXF drawing',
  isCopy: isCopyOf,
};

/** The design files a webhook copies alone too (useCases/assetCopy.ts). */
export const COPIED_FILES = { screenshot: SCREENSHOT_FILE, dxf: DXF_FILE } as const;

/**
 * A complete read confirmed the deal current (`aurora_last_synced_at`) within the freshness window, under the settings in
 * force, and the facts say nothing waits: no failure, no deal-level work pending (a design's own marks have it read
 * whole). The stored `partial` is not such a fact: it may be another sync's, or a feature the key lacks, which no re-read
 * brings. This sync may then read only what changed (docs/aurora-budget.md#read-only-what-changed).
 */
function isFresh(deps: Deps, deal: DealRecord): boolean {
  const windowMs = deps.settings.freshnessMinutes * 60_000;
  const confirmed = Date.parse(deal.properties.aurora_last_synced_at ?? '');
  const clean = deal.properties.aurora_sync_status !== 'error' && !deal.properties.aurora_sync_pending;
  // A save on the settings page (a corrected field map or file host) may change what a sync writes.
  const settingsSaved = Date.parse(deps.settingsSavedAt ?? '');
  const underSettings = !Number.isFinite(settingsSaved) || settingsSaved < confirmed;
  return windowMs > 0 && clean && underSettings && Number.isFinite(confirmed) && deps.now() - confirmed < windowMs;
}

/** The words a sync inside the window keeps of the stored ones, and the features the key lacks by them and by its own reads. */
function carriedOver(reads: AuroraReads, deal: DealRecord): { carried: string | null; keyLacks: string[] } {
  const answered = new Set([...reads.answered].filter((feature) => !reads.lacking.has(feature)));
  const carried = carriedWords(readText(deal.properties.aurora_last_error), answered);
  return { carried, keyLacks: lackingNamesIn([carried ?? '', ...reads.lackingWords()].join(' ')) };
}

/** The design's list entry (name, size, milestone) and agreement equal HubSpot's record. */
function listEntryUnchanged(design: AuroraDesign, props: PropertyValues<DesignPropertyKey>, agreement: AuroraAgreement | null): boolean {
  if (agreement && (agreement.id !== props.aurora_agreement_id || agreement.status !== props.aurora_agreement_status)) return false;
  const sizeW = design.system_size_stc;
  const sameSize = sizeW === undefined || sizeW === null || Math.abs(Number(props.aurora_system_size_kw) * 1000 - sizeW) < 1;
  return (props.aurora_design_name ?? '') === (design.name ?? '') && (props.aurora_milestone ?? '') === (design.milestone?.milestone ?? '') && sameSize;
}

/** Inside the freshness window, what a design needs: nothing, or (no simulation results yet) its summary first. */
type FreshRead = 'nothing' | 'summaryFirst';

/**
 * Designs that need less than a whole read: their list entry matches HubSpot's record, and a signed contract's hand-off
 * is complete (while it is not, the design is read whole, so the note and sold mark get the current figures). Aurora's
 * list does not say when a simulation finished: a record without its results has its summary read until it has them.
 */
async function freshReads(deps: Deps, designs: readonly AuroraDesign[], linked: readonly LinkedDesign[], agreements: Read<AuroraAgreement[] | null>, deadline: number): Promise<Map<string, FreshRead>> {
  const held = recordsByDesign(linked);
  const checks = designs.map(async (design): Promise<[string, FreshRead][]> => {
    const props = held.get(design.id)?.record.properties;
    const agreement = isRead(agreements) ? agreementOfDesign(agreements.value ?? [], design.id) : null;
    // A design with work pending on its record is read whole: that is how its marks go away.
    if (!props || readText(props.aurora_sync_pending) || !listEntryUnchanged(design, props, agreement)) return [];
    if (agreement && normalizeAgreementStatus(agreement.status) === 'signed' && !(await isHandOffComplete(deps, agreement.id, deadline).catch(() => false))) return [];
    return [[design.id, readText(props.aurora_annual_production_kwh) ? 'nothing' : 'summaryFirst']];
  });
  return new Map((await Promise.all(checks)).flat());
}

/** The project as HubSpot holds it, for a scoped sync that does not read it (its status is kept, never cleared). */
function projectFromDeal(deal: DealRecord, projectId: string): AuroraProject {
  return { id: projectId, status: readText(deal.properties.aurora_project_status) ?? undefined } as AuroraProject;
}

/** The words of a typed error (UserFacing), or a general sentence. */
export function wordsOf(error: unknown): string {
  const userFacing = error as { toUserError?: () => { message: string } };
  return typeof userFacing?.toUserError === 'function' ? userFacing.toUserError().message : 'The sync stopped because of an unexpected problem in the app.';
}

/**
 * Reads Aurora for a started sync, and HubSpot's records: every design, or only `designIds` (a partial read). Throws
 * when the project or its design list cannot be read (an AuroraNotFoundError: the project is gone) or HubSpot's records
 * cannot; every started read has settled by then.
 */
export async function readSync(
  deps: Deps,
  aurora: AuroraClient,
  started: StartedSync,
  options: {
    designIds?: readonly string[];
    readDeadline: number;
    designReads?: readonly DesignReadKind[];
    agreements?: boolean;
    refresh?: boolean;
    known?: KnownReads;
    /** Pricing and proposal (of `designReads`) only once the summary says the design is simulated: a design read whole. */
    simulationFirst?: boolean;
  },
): Promise<{ reads: SyncReads; holdings: HubSpotHoldings }> {
  const { projectId } = started;
  const reader = new SyncReader(deps, started, options.readDeadline, options.designReads, options.known);
  const { reads } = reader;
  // A scoped sync (a webhook) reads the design list and what its event changed: project status and owner keep HubSpot's.
  const scoped = options.designReads !== undefined;
  // Inside the freshness window a whole-deal sync reads the design list and the agreements (a signed contract no webhook
  // brought is never missed); project status and owner keep HubSpot's values (project_status_changed keeps the status).
  const fresh = !scoped && !options.designIds && !options.refresh && isFresh(deps, started.deal);
  const project = scoped || fresh ? Promise.resolve(projectFromDeal(started.deal, projectId)) : reads.required(PRIORITY.project, (o) => aurora.projects.retrieve(projectId, o));
  const listed = options.known?.designs;
  const designList = listed ? Promise.resolve([...listed]) : reads.required(PRIORITY.project, (o) => aurora.designs.listForProject(projectId, o));
  const agreements =
    scoped && !options.agreements ? Promise.resolve(NOT_ASKED) : reads.optional('agreements', PRIORITY.project, (o) => aurora.agreements.listForProject(projectId, o));
  const owner =
    scoped || fresh
    ? Promise.resolve(NOT_ASKED)
    : project.then((found) => (found.owner_id ? reads.optional('users', PRIORITY.project, (o) => aurora.users.retrieve(found.owner_id!, o)) : ({ value: null } as const)));
  owner.catch(() => undefined);
  const request = scoped ? Promise.resolve(null) : reader.designRequest();
  const found = await Promise.all([project, designList]).catch(async (error: unknown) => {
    await Promise.allSettled([project, designList, agreements, owner, request, started.linked]);
    throw error;
  });
  const [projectWire, designs] = found;
  const scope = options.designIds ? new Set(options.designIds) : null;
  const lighter = fresh ? await freshReads(deps, designs, await started.linked.catch(() => []), await agreements, options.readDeadline) : new Map<string, FreshRead>();
  const ordered = orderDesigns(designs, parsePending(started.deal.properties.aurora_sync_pending)).filter((design) => (!scope || scope.has(design.id)) && lighter.get(design.id) !== 'nothing');
  const readOne = (design: AuroraDesign, index: number) => {
    if (lighter.has(design.id)) return reader.readOnceSimulated(design, index);
    if (options.simulationFirst) return reader.readOnceSimulated(design, index, ALL_DESIGN_READS.filter((kind) => !AFTER_SIMULATION.includes(kind)));
    return reader.readDesign(design, index);
  };
  const read = await Promise.all(ordered.map(readOne));
  const [agreementList, ownerRead, designRequest] = await Promise.all([agreements, owner, request]);
  const linked = await started.linked;
  // Known once the records were read (the object's schema is remembered per portal): no call of its own.
  const marksOnRecords = await deps.hubspot.designObject({ deadline: options.readDeadline }).then((object) => object.holdsPendingMarks, () => false);
  // What the last complete read learned and this one did not read again (a key's limits, a file's checks) still holds.
  const { carried, keyLacks } = fresh ? carriedOver(reads, started.deal) : { carried: null, keyLacks: reads.lackingNames() };
  return {
    reads: {
      project: projectWire,
      projectUrl: auroraProjectUrl(deps.auroraAppUrl, projectId),
      designs,
      read,
      partial: scope !== null,
      fresh,
      agreements: agreementList,
      owner: ownerRead,
      designRequest,
      lacking: reads.lackingWords(),
      keyLacks,
      carried,
      busyUntil: reads.busyUntil,
      notes: [...reader.notes],
    },
    holdings: { deal: started.deal, linked, marksOnRecords },
  };
}

/**
 * True when a forward-only value a sync wrote (agreement status, project status) is already behind Aurora: another
 * delivery read newer state and wrote before this sync's older write landed. One read per kind, only after it changed.
 */
export async function overtaken(deps: Deps, projectId: string, written: ForwardOnlyWrites, deadline: number): Promise<boolean> {
  const { projectStatus, agreements } = written;
  const options = { deadline };
  try {
    const [project, current] = await Promise.all([
      projectStatus !== undefined ? deps.aurora.projects.retrieve(projectId, options) : null,
      agreements.size > 0 ? deps.aurora.agreements.listForProject(projectId, options) : null,
    ]);
    if (project && (project.status ?? '') !== projectStatus) return true;
    return (current ?? []).some((agreement) => {
      const status = agreements.get(agreement.id);
      return status !== undefined && decideAgreementStatus(status, agreement.status).action === 'advance';
    });
  } catch {
    // Aurora cannot tell now: the next sync or delivery reads it again.
    return false;
  }
}

// The post-sale hand-off when an Aurora contract is signed: move the deal to the configured stage (forward only), make
// the signed design the deal's sold and primary design, and add one note. A claim record (unique aurora_design_id
// `claim:signed:<agreement id>`) makes it happen once however many deliveries, retries and syncs race; it stays as the
// record that the hand-off was done. Reached only through settleContracts (contracts.ts).
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord, PropertyWrite } from '../hubspot/context';
import type { DealPipeline } from '../hubspot/deals';
import { HubSpotError, HubSpotValidationError } from '../hubspot/errors';
import { readText } from '../mapping/conversions';
import { handoffNote, HANDOFF_NOTE_WORDS, writeNoteOnce } from './notes';
import { type DealPropertyKey, type DesignLabel, type DesignPropertyName, RECORD_KINDS } from '../dataModel';
import { pipelineOf, pipelinesKnowDeal, POST_SALE, signedStageFor, type PostSaleSettings } from '../mapping/postSale';
import { CLAIM_SETTLE_GRACE_MS, CLAIM_STATE, claimDone, markClaimDone, readClaim, releaseClaim, takeClaim } from './claims';
import { parsePending, pendingItem } from '../mapping/pending';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import { decideStageMove } from './precedence';

export const signedClaimId = (agreementId: string): string => `claim:signed:${agreementId}`;
/** The hand-off note has its own claim: it is written once, when its facts are known, which may be a later sync. */
export const noteClaimId = (agreementId: string): string => `claim:note:${agreementId}`;

const CLAIM_READ = ['aurora_design_id', 'aurora_deal_id', 'aurora_agreement_id', 'aurora_contract_signed_at', 'aurora_last_synced_at', 'aurora_milestone', 'hs_createdate'] satisfies readonly (DesignPropertyName | 'hs_createdate')[];
/** Stamped on the signed claim once the design's part (sold mark, note) is done too, so a repeat needs no second read. */
const COMPLETE = 'handed_off';
/** Stamped on the signed claim when the note was written under it but the sold marks failed: a later call only marks. */
const NOTE_WRITTEN = 'note_written';
export const NOTE_DESIGN_READ = ['aurora_design_id', 'aurora_design_name', 'aurora_system_size_kw', 'aurora_price', 'aurora_proposal_url', 'aurora_is_primary', 'aurora_is_sold', 'aurora_sync_pending'] satisfies readonly DesignPropertyName[];

export interface HandoffInput {
  dealId: string;
  agreement: AuroraAgreement;
  /** When the app first learned of the signature (Aurora has no signed_at, docs/aurora-api.md#agreements). */
  receivedAt: Date;
  deadline: number;
  settings?: PostSaleSettings;
  known?: HandoffKnown;
}

/** What the caller read by id just before (docs/claims.md#the-hand-offs-reads): the hand-off does not read it again. */
export interface HandoffKnown {
  /** The deal with at least its stage, pipeline, pending list and history. */
  deal: DealRecord;
  /** The deal's linked designs with NOTE_DESIGN_READ. */
  designs: LinkedDesigns;
  /** The signed claim (null: nobody had taken it); absent when not read. */
  signedClaim?: DesignRecord | null;
  /** Deal values written with the hand-off's own deal write (stage, history) when this call holds the claim. */
  dealSignature?: PropertyWrite<DealPropertyKey>;
}

export type HandoffResult =
  /** `noteId` is null when the note waits for the design's figures (a later sync writes it). */
  | { outcome: 'handed_off'; stage: { from: string | null; to: string } | null; noteId: string | null }
  /** Handed over before; `complete` once the design's part (sold mark, note) is done too. */
  | { outcome: 'already_done'; complete: boolean }
  /** Another call is doing it right now. */
  | { outcome: 'in_progress' };

/** A post-sale claim: null when nobody has taken it; done once its call stamped it (postSale/claims.ts). */
export function readContractClaim(deps: Deps, id: string, deadline: number): Promise<DesignRecord | null> {
  return readClaim(deps, id, CLAIM_READ, { deadline });
}

const isDone = (claim: DesignRecord) => claimDone(claim.properties);

/** What a post-sale claim read gives (the prefetch of a delivery's records reads this too: eventWork.ts). */
export const POST_SALE_CLAIM_READ = [...CLAIM_READ, ...CLAIM_STATE];

/** True once the signed claim says the hand-off is complete, its design part (sold mark, note) included. */
export const handOffComplete = (claim: DesignRecord | null): boolean => claim !== null && isDone(claim) && claim.properties.aurora_milestone === COMPLETE;

/** True once the signed contract's hand-off is complete, its design part (sold mark, note) included (one HubSpot read). */
export async function isHandOffComplete(deps: Deps, agreementId: string, deadline: number): Promise<boolean> {
  return handOffComplete(await readContractClaim(deps, signedClaimId(agreementId), deadline));
}

/** Post-sale claims are read first (a repeat, the common case, costs one read) and a stale one is taken over. */
export const takePostSaleClaim = (deps: Deps, properties: PropertyWrite<DesignPropertyName>, deadline: number, known?: DesignRecord | null) =>
  takeClaim(deps, properties, { deadline, read: CLAIM_READ, readFirst: true, known, takeOverStale: true, holdUntil: deadline + CLAIM_SETTLE_GRACE_MS });

export const markDone = (deps: Deps, claimId: string, deadline: number, extra: PropertyWrite<DesignPropertyName> = {}) => markClaimDone(deps, claimId, { deadline }, extra);

export type LinkedDesigns = Awaited<ReturnType<Deps['hubspot']['readDealDesigns']>>;

/**
 * What the note will say, once it is known: the signed design's record when HubSpot holds it with its name and no read
 * of it is pending (on its record, or on the deal) (a pending design means Aurora failed some of its figures; the next sync brings them);
 * `{}` for an agreement that names no design; null while the design's facts are still on their way.
 */
function knownFacts(deal: DealRecord, designs: LinkedDesigns, designId: string | null): { design?: DesignRecord } | null {
  if (!designId) return {};
  const design = designs.find((linked) => linked.record.properties.aurora_design_id === designId)?.record;
  if (!design || !readText(design.properties.aurora_design_name)) return null;
  // Every figure on the record: known, whatever a concurrent sync's pending list says.
  if (readText(design.properties.aurora_system_size_kw) && readText(design.properties.aurora_price)) return { design };
  const marks = [...parsePending(deal.properties.aurora_sync_pending), ...parsePending(design.properties.aurora_sync_pending)];
  return marks.includes(pendingItem('design', designId)) ? null : { design };
}

/**
 * The design's part of the hand-off, once, under its own claim: the sold and primary marks (they need the design's
 * record in HubSpot) and the note (it needs the design's figures). Null when another call holds or did it.
 */
async function finishDesignPart(
  deps: Deps,
  input: { dealId: string; agreement: AuroraAgreement; designs: LinkedDesigns; design?: DesignRecord; stageLabel: string | null; later: boolean; deadline: number },
): Promise<string | null> {
  const { dealId, agreement, deadline } = input;
  // The note's time is fixed on its claim: a call that takes a stale claim over can find a note whose create answer was lost.
  const noteTime = new Date(deps.now()).toISOString();
  const claim = await takePostSaleClaim(
    deps,
    {
      aurora_design_id: noteClaimId(agreement.id),
      aurora_record_kind: RECORD_KINDS.projectClaim,
      aurora_deal_id: dealId,
      aurora_agreement_id: agreement.id,
      aurora_contract_signed_at: noteTime,
      aurora_design_name: `Hand-off note of deal ${dealId}`,
    },
    deadline,
  );
  if (claim.state !== 'held') return null;
  const designId = readText(agreement.design_id);
  const timestamp = claim.takenOver ? readText(claim.takenOver.properties.aurora_contract_signed_at) : noteTime;
  const [marks, note] = await Promise.allSettled([
    designId ? markSoldAndPrimary(deps, dealId, input.designs, designId, deadline) : Promise.resolve(),
    writeNoteOnce(deps, { dealId, body: handoffNote(input), words: HANDOFF_NOTE_WORDS, timestamp, takenOver: Boolean(claim.takenOver), deadline }),
  ]);
  if (note.status === 'rejected') {
    // When HubSpot certainly wrote no note (it refused it), the claim is released so the next sync tries again at
    // once; when that is unknown it stays, and whoever takes it over once stale looks for the note first.
    if (isRefusal(note.reason)) await releaseClaim(deps, claim.id, { deadline });
    throw note.reason;
  }
  await markDone(deps, claim.id, deadline);
  // The marks are idempotent: when they failed, the next sync applies them again (the hand-off is not complete yet).
  if (marks.status === 'rejected') throw marks.reason;
  return note.value.id;
}

/** After the hand-off: its design part once the facts are known; true once it is done (now or before). */
async function completeDesignPart(deps: Deps, input: { dealId: string; agreement: AuroraAgreement; known?: HandoffKnown; noteWritten: boolean; deadline: number }): Promise<boolean> {
  const { dealId, agreement, known, deadline } = input;
  const [claim, deal, designs] = await Promise.all([
    input.noteWritten ? null : readContractClaim(deps, noteClaimId(agreement.id), deadline),
    known?.deal ?? deps.hubspot.getDeal(dealId, ['aurora_sync_pending'], { deadline }),
    known?.designs ?? deps.hubspot.readDealDesigns(dealId, NOTE_DESIGN_READ, { deadline }),
  ]);
  const designId = readText(agreement.design_id);
  if (input.noteWritten || (claim && isDone(claim))) {
    // The note is written; the marks may have failed then (they change nothing when they are in place).
    if (designId) await markSoldAndPrimary(deps, dealId, designs, designId, deadline);
    return true;
  }
  const facts = knownFacts(deal, designs, designId);
  return facts ? (await finishDesignPart(deps, { dealId, agreement, designs, ...facts, stageLabel: null, later: true, deadline })) !== null : false;
}

/** The signed design becomes the deal's sold and primary design; a design marked primary before loses that label. */
async function markSoldAndPrimary(deps: Deps, dealId: string, designs: LinkedDesigns, designId: string, deadline: number): Promise<void> {
  const flags: PropertyWrite<DesignPropertyName>[] = [];
  const desired = designs.map((linked) => {
    const isSigned = linked.record.properties.aurora_design_id === designId;
    const labels = new Set<DesignLabel>(linked.labels);
    if (isSigned) {
      labels.add('primary').add('sold');
      if (linked.record.properties.aurora_is_primary !== 'true' || linked.record.properties.aurora_is_sold !== 'true') {
        flags.push({ aurora_design_id: designId, aurora_is_primary: 'true', aurora_is_sold: 'true' });
      }
    } else if (labels.delete('primary') || linked.record.properties.aurora_is_primary === 'true') {
      flags.push({ aurora_design_id: linked.record.properties.aurora_design_id ?? '', aurora_is_primary: 'false' });
    }
    return { recordId: linked.recordId, labels: [...labels] };
  });
  if (!designs.some((linked) => linked.record.properties.aurora_design_id === designId)) return;
  // Flags before labels: a sync reads links before records, so it never sees the labels without the flags behind them
  // (and then never takes the new label away again).
  if (flags.length > 0) await deps.hubspot.upsertDesigns(flags.filter((f) => f.aurora_design_id), { deadline });
  await deps.hubspot.linkDesignsToDeal(dealId, desired, { deadline, current: designs.map(({ recordId, labels }) => ({ recordId, labels })) });
}

/**
 * Hands a deal with a signed contract to the post-sale process, once. The agreement status, `contract signed at` and the
 * design's figures are the sync's to write (they come from Aurora); this moves the stage, marks the design, adds the note.
 */
export async function handOffSignedContract(deps: Deps, input: HandoffInput): Promise<HandoffResult> {
  const { dealId, agreement, deadline } = input;
  const designId = readText(agreement.design_id);
  const claim = await takePostSaleClaim(
    deps,
    {
      aurora_design_id: signedClaimId(agreement.id),
      aurora_record_kind: RECORD_KINDS.projectClaim,
      aurora_deal_id: dealId,
      aurora_agreement_id: agreement.id,
      aurora_agreement_status: 'signed',
      aurora_contract_signed_at: input.receivedAt.toISOString(),
      aurora_design_name: `Post-sale hand-off of deal ${dealId}`,
    },
    deadline,
    input.known?.signedClaim,
  );
  if (claim.state !== 'held') {
    // Handed over before, perhaps while Aurora failed the figures: the design's part follows once they are known.
    if (claim.state !== 'done') return { outcome: 'in_progress' };
    if (claim.claim.properties.aurora_milestone === COMPLETE) return { outcome: 'already_done', complete: true };
    const noteWritten = claim.claim.properties.aurora_milestone === NOTE_WRITTEN;
    const complete = await completeDesignPart(deps, { dealId, agreement, known: input.known, noteWritten, deadline });
    if (complete) await markDone(deps, claim.claim.id, deadline, { aurora_milestone: COMPLETE });
    return { outcome: 'already_done', complete };
  }

  // A claim taken over may carry a dead call's note (written at the claim's time, its answer lost): never released, only
  // left to go stale, so whoever takes it next looks for that note instead of starting afresh under a new claim.
  const release = (error: unknown) => (claim.takenOver ? Promise.reject(error) : releaseClaim(deps, claim.id, { deadline }).then(() => Promise.reject(error)));
  // Nothing irreversible has happened under the claim until the stage moves: any failure before that releases it, so the
  // next call retries at once instead of meeting a claim "in progress" for a minute.
  const { known } = input;
  const settings = input.settings ?? deps.postSale ?? POST_SALE;
  const [deal, remembered, designs] = await Promise.all([
    known?.deal ?? deps.hubspot.getDeal(dealId, ['dealstage', 'pipeline', 'aurora_sync_pending', HISTORY_PROPERTY], { deadline }),
    deps.hubspot.getDealPipelines({ deadline, remembered: true }),
    known?.designs ?? deps.hubspot.readDealDesigns(dealId, NOTE_DESIGN_READ, { deadline }),
  ]).catch(release);
  const { stage, stageLabel } = await writeHandOff(deps, { dealId, deal, remembered, settings, signature: known?.dealSignature, deadline }).catch(release);
  // The stage never waits for Aurora; the sold mark and the note wait until HubSpot holds what was sold.
  const facts = knownFacts(deal, designs, designId);
  const noteId = facts ? await designPartOnHandOff(deps, { dealId, agreement, designs, ...facts, stageLabel, later: false, deadline }, { id: claim.id, takenOver: claim.takenOver, noteTime: input.receivedAt.toISOString() }) : null;
  if (!facts) await markDone(deps, claim.id, deadline);
  return { outcome: 'handed_off', stage, noteId };
}

type DesignPartInput = Parameters<typeof finishDesignPart>[1];

/**
 * The design's part when the deal is handed over with the facts known. A call that took the signed claim fresh writes
 * the note under that claim, at the claim's time (no note claim: two calls fewer); a call that took it over first looks
 * for a note its dead holder may have written at that time, then writes under the note claim as a later call would.
 * The signed claim is marked done (complete once the note is there), except when HubSpot may have written the note
 * without saying so: it then stays, and whoever takes it over once stale finds that note (docs/claims.md).
 */
async function designPartOnHandOff(deps: Deps, input: DesignPartInput, claim: { id: string; takenOver?: DesignRecord; noteTime: string }): Promise<string | null> {
  const { dealId, agreement, deadline } = input;
  const designId = readText(agreement.design_id);
  const marks = () => (designId ? markSoldAndPrimary(deps, dealId, input.designs, designId, deadline) : Promise.resolve());
  // The note is there: complete once the marks are too; else the claim says the note is written (never a second one).
  const finish = async (noteId: string, marked: PromiseSettledResult<void>) => {
    await markDone(deps, claim.id, deadline, { aurora_milestone: marked.status === 'fulfilled' ? COMPLETE : NOTE_WRITTEN });
    if (marked.status === 'rejected') throw marked.reason;
    return noteId;
  };
  if (claim.takenOver) {
    const at = readText(claim.takenOver.properties.aurora_contract_signed_at);
    const found = at ? await deps.hubspot.findDealNote(dealId, { timestamp: at, bodyIncludes: HANDOFF_NOTE_WORDS }, { deadline }) : null;
    if (found) return finish(found.id, (await Promise.allSettled([marks()]))[0]!);
    const part = (await Promise.allSettled([finishDesignPart(deps, input)]))[0]!;
    await markDone(deps, claim.id, deadline, part.status === 'fulfilled' && part.value ? { aurora_milestone: COMPLETE } : {});
    if (part.status === 'rejected') throw part.reason;
    return part.value;
  }
  const [marked, note] = await Promise.allSettled([marks(), deps.hubspot.addNoteToDeal(dealId, handoffNote(input), { deadline, timestamp: new Date(claim.noteTime) })]);
  if (note.status === 'fulfilled') return finish(note.value.id, marked);
  // HubSpot refused it (no note): the hand-off is done, the note follows under its own claim; else the claim stays.
  if (isRefusal(note.reason)) await markDone(deps, claim.id, deadline);
  throw note.reason;
}

/** HubSpot certainly wrote nothing: it refused the request (4xx). */
const isRefusal = (error: unknown): boolean => error instanceof HubSpotError && (error.status ?? 0) >= 400 && (error.status ?? 0) < 500;

/**
 * The deal's signature, stage move (if any) and history entry in one write. The pipelines this process remembers decide
 * the move unless they do not hold the deal's pipeline, its stage or its configured stage, or HubSpot refuses the stage
 * they chose (an admin may have deleted it): then they are read again, once (docs/hubspot-calls.md#the-deal-pipelines).
 */
async function writeHandOff(
  deps: Deps,
  input: { dealId: string; deal: DealRecord; remembered: readonly DealPipeline[]; settings: PostSaleSettings; signature?: PropertyWrite<DealPropertyKey>; deadline: number },
): Promise<ReturnType<typeof stageMove>> {
  const { dealId, deal, settings, deadline } = input;
  let fresh = !pipelinesKnowDeal(input.remembered, deal.properties, settings);
  let move = stageMove(fresh ? await deps.hubspot.getDealPipelines({ deadline }) : input.remembered, deal, settings);
  const write = () =>
    deps.hubspot.updateDeal(
      dealId,
      { ...input.signature, ...(move.stage ? { dealstage: move.stage.to } : {}), ...historyWrite(deal.properties[HISTORY_PROPERTY], deps.now(), handoffWords(move.stageLabel), null) },
      { deadline, current: deal.properties },
    );
  await write().catch(async (error: unknown) => {
    if (fresh || !move.stage || !(error instanceof HubSpotValidationError)) throw error;
    fresh = true;
    move = stageMove(await deps.hubspot.getDealPipelines({ deadline }), deal, settings);
    return write();
  });
  return move;
}

/** Where a signed contract moves the deal in its pipeline (forward only), and the stage's name; no move: nulls. */
function stageMove(pipelines: readonly DealPipeline[], deal: DealRecord, settings: PostSaleSettings): { stage: { from: string | null; to: string } | null; stageLabel: string | null } {
  const pipeline = pipelineOf(pipelines, deal.properties.pipeline);
  const target = pipeline ? signedStageFor(pipeline, settings) : null;
  const move = pipeline && target ? decideStageMove(pipeline, deal.properties.dealstage, target) : null;
  if (!move?.move) return { stage: null, stageLabel: null };
  return { stage: { from: move.from, to: move.to }, stageLabel: pipeline?.stages.find((candidate) => candidate.id === move.to)?.label ?? move.to };
}

/** The hand-off in the deal's history. */
function handoffWords(stageLabel: string | null): string {
  const moved = stageLabel ? `moved the deal to ${stageLabel}` : 'left the deal in its stage (the post-sale setting, or it is already further along)';
  return `Contract signed in Aurora: handed off, ${moved}.`;
}


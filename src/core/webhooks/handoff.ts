// The post-sale hand-off when an Aurora contract is signed: move the deal to the configured stage (forward only), make
// the signed design the deal's sold and primary design, and add one note. A claim record (unique aurora_design_id
// `claim:signed:<agreement id>`) makes it happen once however many deliveries, retries and syncs race; it stays as the
// record that the hand-off was done. A cancellation after signing is flagged for a human the same way, once.
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { CrmRecord } from '../hubspot/context';
import { HubSpotConflictError, HubSpotError } from '../hubspot/errors';
import { readNumber, readText } from '../mapping/conversions';
import { RECORD_KINDS, type DesignLabel } from '../mapping/dataModel';
import { POST_SALE, signedStageFor, type PostSaleSettings } from '../mapping/postSale';
import { CLAIM_STALE_MS } from '../sync/createProject';
import { decideStageMove, isCancellation, normalizeAgreementStatus } from './precedence';

export const signedClaimId = (agreementId: string): string => `claim:signed:${agreementId}`;
export const cancellationClaimId = (agreementId: string): string => `claim:cancel:${agreementId}`;

const CLAIM_READ = ['aurora_design_id', 'aurora_deal_id', 'aurora_agreement_id', 'aurora_contract_signed_at', 'aurora_last_synced_at', 'hs_createdate'];
const NOTE_DESIGN_READ = ['aurora_design_id', 'aurora_design_name', 'aurora_system_size_kw', 'aurora_price', 'aurora_proposal_url', 'aurora_is_primary', 'aurora_is_sold'];

export interface HandoffInput {
  dealId: string;
  agreement: AuroraAgreement;
  /** When the app first learned of the signature (Aurora has no signed_at, docs/aurora-api.md#agreements). */
  receivedAt: Date;
  deadline: number;
  settings?: PostSaleSettings;
}

export type HandoffResult =
  | { outcome: 'handed_off'; stage: { from: string | null; to: string } | null; noteId: string }
  /** Done before (the claim says so), or another call is doing it right now. */
  | { outcome: 'already_done' | 'in_progress' };

/** The claim: null when nobody has taken it; a claim is done once `aurora_last_synced_at` is stamped. */
export function readClaim(deps: Deps, id: string, deadline: number): Promise<CrmRecord | null> {
  return deps.hubspot.getRecord('aurora_design', id, CLAIM_READ, { deadline, idProperty: 'aurora_design_id' });
}

const isDone = (claim: CrmRecord) => Boolean(readText(claim.properties.aurora_last_synced_at));

/** True once the signed contract's hand-off was done (one HubSpot read). */
export async function isHandedOff(deps: Deps, agreementId: string, deadline: number): Promise<boolean> {
  const claim = await readClaim(deps, signedClaimId(agreementId), deadline);
  return claim !== null && isDone(claim);
}

/** Takes the claim: its record id when ours (new, or left stale by a call that died), else the reason it is not. */
async function takeClaim(deps: Deps, properties: Record<string, string>, deadline: number): Promise<{ held: string } | { outcome: 'already_done' | 'in_progress' }> {
  const id = properties.aurora_design_id as string;
  const existing = await readClaim(deps, id, deadline);
  if (!existing) {
    try {
      return { held: (await deps.hubspot.createRecord('aurora_design', properties, { deadline })).id };
    } catch (error) {
      if (error instanceof HubSpotConflictError) return { outcome: 'in_progress' };
      throw error;
    }
  }
  if (isDone(existing)) return { outcome: 'already_done' };
  const createdAt = Date.parse(existing.properties.hs_createdate ?? '');
  // A claim never finished within a function's lifetime was left by a call that died: finish its work.
  return Number.isFinite(createdAt) && deps.now() - createdAt < CLAIM_STALE_MS ? { outcome: 'in_progress' } : { held: existing.id };
}

const markDone = (deps: Deps, claimId: string, deadline: number) =>
  deps.hubspot.updateRecord('aurora_design', claimId, { aurora_last_synced_at: new Date(deps.now()).toISOString() }, { deadline });

const formatNumber = (value: number, digits: number) => value.toLocaleString('en-US', { maximumFractionDigits: digits });

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** HubSpot shows a note's body as HTML: one paragraph per line, every value escaped. */
const paragraphs = (lines: readonly string[]) => lines.map((line) => `<p>${line}</p>`).join('');

/** The hand-off note: what was sold, for the people who take it from here. */
export function handoffNote(input: { agreement: AuroraAgreement; design: CrmRecord | undefined; stageLabel: string | null }): string {
  const p = input.design?.properties ?? {};
  const size = readNumber(p.aurora_system_size_kw);
  const price = readNumber(p.aurora_price);
  const proposal = readText(p.aurora_proposal_url);
  const template = input.agreement.agreement_template_name;
  return paragraphs([
    `Contract signed in Aurora Solar${template ? ` (${escapeHtml(template)})` : ''}.`,
    `Design: ${escapeHtml(readText(p.aurora_design_name) ?? 'not synced yet')}`,
    `System size: ${size === null ? 'unknown' : `${formatNumber(size, 2)} kW`}`,
    `Price: ${price === null ? 'unknown' : formatNumber(price, 2)}`,
    `Proposal: ${proposal ? `<a href="${escapeHtml(proposal)}">${escapeHtml(proposal)}</a>` : 'none yet'}`,
    input.stageLabel ? `The deal moved to ${escapeHtml(input.stageLabel)}.` : 'The deal stage was left as it was.',
  ]);
}

/** The signed design becomes the deal's sold and primary design; a design marked primary before loses that label. */
async function markSoldAndPrimary(deps: Deps, dealId: string, designs: Awaited<ReturnType<Deps['hubspot']['readDealDesigns']>>, designId: string, deadline: number): Promise<void> {
  const flags: Record<string, string>[] = [];
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
  const claim = await takeClaim(
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
  );
  if (!('held' in claim)) return claim;

  const [deal, pipelines, designs] = await Promise.all([
    deps.hubspot.getDeal(dealId, ['dealstage', 'pipeline'], { deadline }),
    deps.hubspot.getDealPipelines({ deadline }),
    deps.hubspot.readDealDesigns(dealId, NOTE_DESIGN_READ, { deadline }),
  ]);
  const pipeline = pipelines.find((candidate) => candidate.id === deal.properties.pipeline) ?? pipelines.find((candidate) => candidate.id === 'default');
  const target = pipeline ? signedStageFor(pipeline, input.settings ?? deps.postSale ?? POST_SALE) : null;
  const move = pipeline && target ? decideStageMove(pipeline, deal.properties.dealstage, target) : null;
  const stage = move?.move ? { from: move.from, to: move.to } : null;
  const stageLabel = stage ? (pipeline?.stages.find((candidate) => candidate.id === stage.to)?.label ?? stage.to) : null;
  const design = designs.find((linked) => linked.record.properties.aurora_design_id === designId)?.record;

  const [, , note] = await Promise.all([
    stage ? deps.hubspot.updateDeal(dealId, { dealstage: stage.to }, { deadline, current: deal.properties }) : Promise.resolve(),
    designId ? markSoldAndPrimary(deps, dealId, designs, designId, deadline) : Promise.resolve(),
    deps.hubspot.addNoteToDeal(dealId, handoffNote({ agreement, design, stageLabel }), { deadline }),
  ]);
  await markDone(deps, claim.held, deadline);
  return { outcome: 'handed_off', stage, noteId: note.id };
}

/** Words for the deal's `aurora_attention` when a signed contract is cancelled in Aurora. */
export function cancellationWords(agreement: AuroraAgreement): string {
  const status = normalizeAgreementStatus(agreement.status) === 'cancel_pending' ? 'pending cancellation' : 'cancelled';
  return `The signed Aurora contract is now ${status} in Aurora. The deal's stage and agreement status were left as they were: check with the customer and update the deal by hand.`;
}

/** Flags a deal whose signed contract was cancelled in Aurora: `aurora_attention` (kept current) and one note, never a stage move. */
export async function flagCancellationAfterSigning(deps: Deps, input: { deal: CrmRecord; agreement: AuroraAgreement; deadline: number }): Promise<'flagged' | 'reworded' | 'already_done' | 'in_progress'> {
  const { deal, agreement, deadline } = input;
  const words = cancellationWords(agreement);
  // Idempotent: a repeat writes nothing, and cancel_pending then canceled updates the words.
  const { changed } = await deps.hubspot.updateDeal(deal.id, { aurora_attention: words }, { deadline, current: deal.properties });
  const claim = await takeClaim(
    deps,
    {
      aurora_design_id: cancellationClaimId(agreement.id),
      aurora_record_kind: RECORD_KINDS.projectClaim,
      aurora_deal_id: deal.id,
      aurora_agreement_id: agreement.id,
      aurora_agreement_status: normalizeAgreementStatus(agreement.status),
      aurora_design_name: `Cancellation after signing on deal ${deal.id}`,
    },
    deadline,
  );
  if (!('held' in claim)) return changed.length > 0 ? 'reworded' : claim.outcome;
  await deps.hubspot.addNoteToDeal(deal.id, paragraphs([`Needs attention: ${escapeHtml(words)}`]), { deadline });
  await markDone(deps, claim.held, deadline);
  return 'flagged';
}

/**
 * For the sync: finishes a hand-off a webhook could not (deadline, missed delivery) and flags a cancellation after
 * signing that no webhook flagged. `held` is the agreement status HubSpot held per agreement id before this sync.
 * Best effort: a failure leaves the claim unfinished, so the next sync or delivery tries again.
 */
export async function settleContracts(
  deps: Deps,
  input: { deal: CrmRecord; agreements: readonly AuroraAgreement[]; held: ReadonlyMap<string, string>; receivedAt: Date; deadline: number },
): Promise<void> {
  const { deal, deadline } = input;
  await Promise.all(
    input.agreements.map(async (agreement) => {
      const status = normalizeAgreementStatus(agreement.status);
      const wasSigned = input.held.get(agreement.id) === 'signed';
      if (status !== 'signed' && !(wasSigned && isCancellation(status))) return;
      try {
        // Each reads its claim first: one HubSpot read when it was done before.
        if (status === 'signed') await handOffSignedContract(deps, { dealId: deal.id, agreement, receivedAt: input.receivedAt, deadline });
        else await flagCancellationAfterSigning(deps, { deal, agreement, deadline });
      } catch (error) {
        // Not this sync's failure to report: the unfinished claim is picked up by the next sync or delivery.
        if (!(error instanceof HubSpotError)) throw error;
      }
    }),
  );
}

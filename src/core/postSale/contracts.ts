// The one way into post-sale work, for the sync, a webhook and the Aurora-busy path alike: which agreements need it
// (decideContracts, pure), and settleContracts, which hands a signed contract over (handoff.ts) or flags a cancellation
// after signing, once each, and says where each stands.
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import { HubSpotError } from '../hubspot/errors';
import { readText } from '../mapping/conversions';
import { RECORD_KINDS } from '../dataModel';
import { formatPending, parsePending, pendingIds, pendingItem } from '../mapping/pending';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import { CLAIM_SETTLE_GRACE_MS } from './claims';
import { handOffSignedContract, isHandOffComplete, markDone, takePostSaleClaim, type HandoffKnown, type HandoffResult } from './handoff';
import { ATTENTION_WORDS, escapeHtml, paragraphs, writeNoteOnce } from './notes';
import { isCancellation, normalizeAgreementStatus } from './precedence';

export const cancellationClaimId = (agreementId: string): string => `claim:cancel:${agreementId}`;

/** Words for the deal's `aurora_attention` when a signed contract is cancelled in Aurora. */
export function cancellationWords(agreement: AuroraAgreement): string {
  const status = normalizeAgreementStatus(agreement.status) === 'cancel_pending' ? 'pending cancellation' : 'cancelled';
  return `The signed Aurora contract is now ${status} in Aurora. The deal's stage and agreement status were left as they were: check with the customer and update the deal by hand.`;
}

/** What flagging a cancellation came to: flagged now, its words brought up to date, flagged before, or another call's. */
export type FlagResult = 'flagged' | 'reworded' | 'already_done' | 'in_progress';

/** Flags a deal whose signed contract was cancelled in Aurora: `aurora_attention` (kept current) and one note, never a stage move. */
async function flagCancellationAfterSigning(deps: Deps, input: { deal: DealRecord; agreement: AuroraAgreement; deadline: number }): Promise<FlagResult> {
  const { deal, agreement, deadline } = input;
  const words = cancellationWords(agreement);
  // Idempotent: a repeat writes nothing, and cancel_pending then canceled updates the words.
  const history = deal.properties.aurora_attention === words ? {} : historyWrite(deal.properties[HISTORY_PROPERTY], deps.now(), 'Contract cancelled in Aurora after signing: flagged for a person; stage and status kept.', null);
  const { changed } = await deps.hubspot.updateDeal(deal.id, { aurora_attention: words, ...history }, { deadline, current: deal.properties });
  const noteTime = new Date(deps.now()).toISOString();
  const claim = await takePostSaleClaim(
    deps,
    {
      aurora_design_id: cancellationClaimId(agreement.id),
      aurora_contract_signed_at: noteTime,
      aurora_record_kind: RECORD_KINDS.projectClaim,
      aurora_deal_id: deal.id,
      aurora_agreement_id: agreement.id,
      aurora_agreement_status: normalizeAgreementStatus(agreement.status),
      aurora_design_name: `Cancellation after signing on deal ${deal.id}`,
    },
    deadline,
  );
  if (claim.state !== 'held') return changed.length > 0 ? 'reworded' : claim.state === 'done' ? 'already_done' : 'in_progress';
  const timestamp = claim.takenOver ? readText(claim.takenOver.properties.aurora_contract_signed_at) : noteTime;
  const body = paragraphs([`${ATTENTION_WORDS} ${escapeHtml(words)}`]);
  await writeNoteOnce(deps, { dealId: deal.id, body, words: ATTENTION_WORDS, timestamp, takenOver: Boolean(claim.takenOver), deadline });
  await markDone(deps, claim.id, deadline);
  return 'flagged';
}

/** What a sync found for one agreement: hand a signed contract over, or flag a cancellation after signing. */
export type ContractIntent = { kind: 'hand_off' | 'flag_cancellation'; agreement: AuroraAgreement };

/**
 * For the sync (pure): which agreements need the post-sale step. `held` is the agreement status HubSpot held per
 * agreement id before the sync; each intent is done once (its claim says so), so a repeat costs one read.
 */
export function decideContracts(agreements: readonly AuroraAgreement[], held: ReadonlyMap<string, string>): ContractIntent[] {
  return agreements.flatMap((agreement): ContractIntent[] => {
    const status = normalizeAgreementStatus(agreement.status);
    if (status === 'signed') return [{ kind: 'hand_off', agreement }];
    return held.get(agreement.id) === 'signed' && isCancellation(status) ? [{ kind: 'flag_cancellation', agreement }] : [];
  });
}

/** Where one contract's post-sale step stands after a call: done (now or before), left for a later call, or another call's. */
export type ContractProgress = 'done' | 'unfinished' | 'in_progress';

export interface SettledContract {
  kind: ContractIntent['kind'];
  agreementId: string;
  progress: ContractProgress;
  /** The hand-off's own result, when it ran to an answer. */
  handoff?: HandoffResult;
  /** The cancellation flag's own result, when it ran to an answer. */
  flag?: FlagResult;
}

/** Where a hand-off stands once its call returned. */
function handoffProgress(handoff: HandoffResult): ContractProgress {
  if (handoff.outcome === 'in_progress') return 'in_progress';
  const complete = handoff.outcome === 'handed_off' ? handoff.noteId !== null : handoff.complete;
  return complete ? 'done' : 'unfinished';
}

async function settleOne(deps: Deps, deal: DealRecord, intent: ContractIntent, receivedAt: Date, deadline: number, known?: HandoffKnown): Promise<SettledContract> {
  const { kind, agreement } = intent;
  const settled = { kind, agreementId: agreement.id };
  try {
    // Each reads its claim first: one HubSpot read when it was done before.
    if (kind !== 'hand_off') {
      const flag = await flagCancellationAfterSigning(deps, { deal, agreement, deadline });
      return { ...settled, progress: flag === 'in_progress' ? 'in_progress' : 'done', flag };
    }
    const handoff = await handOffSignedContract(deps, { dealId: deal.id, agreement, receivedAt, deadline, known });
    return { ...settled, progress: handoffProgress(handoff), handoff };
  } catch (error) {
    // Not this sync's failure to report: the unfinished claim is picked up by the next sync or delivery.
    if (!(error instanceof HubSpotError)) throw error;
    return { ...settled, progress: 'unfinished' };
  }
}

/**
 * `agreement:<project>` also says a hand-off is left unfinished: a sync about to settle a hand-off that is not complete
 * keeps the marks the deal listed when it began, and takes them off only once it sees every contract done (writeSync.ts).
 * One claim read per hand-off, only when the deal lists such a mark; unreadable counts as not complete.
 */
export async function handoffMarks(deps: Deps, intents: readonly ContractIntent[], deal: DealRecord, deadline: number): Promise<string[]> {
  const marks = pendingIds(parsePending(deal.properties.aurora_sync_pending), 'agreement').map((projectId) => pendingItem('agreement', projectId));
  const handoffs = intents.filter((intent) => intent.kind === 'hand_off');
  if (marks.length === 0 || handoffs.length === 0) return [];
  const complete = await Promise.all(handoffs.map((intent) => isHandOffComplete(deps, intent.agreement.id, deadline).catch(() => false)));
  return complete.every(Boolean) ? [] : marks;
}

/**
 * Hands signed contracts over and flags cancellations after signing, each once (its claim says so; a repeat costs one
 * read), for whoever found them: the sync's plan, or a webhook while Aurora is busy. A failure, or work another call is
 * doing (it may die), leaves `agreement:<project>` on the deal's pending list, so the next sync or delivery makes sure
 * it is finished; when even that mark cannot be written, the call fails (its caller says so, or Aurora delivers again).
 */
export async function settleContracts(
  deps: Deps,
  input: { deal: DealRecord; intents: readonly ContractIntent[]; receivedAt: Date; deadline: number; known?: HandoffKnown },
): Promise<SettledContract[]> {
  const { deal, deadline } = input;
  const settled = await Promise.all(input.intents.map((intent) => settleOne(deps, deal, intent, input.receivedAt, deadline, input.known)));
  // A hand-off left unfinished (its note waits, HubSpot failed, another call has it) shows on the deal until a sync sees it done.
  const projectId = readText(deal.properties.aurora_project_id);
  const left = (contract: SettledContract) => contract.progress === 'unfinished' || (contract.kind === 'hand_off' && contract.progress === 'in_progress');
  // Bookkeeping of work done or tried, like a claim's: it may run a moment past the caller's deadline.
  if (projectId && settled.some(left)) await addPendingItems(deps, deal.id, [pendingItem('agreement', projectId)], deadline + CLAIM_SETTLE_GRACE_MS);
  return settled;
}

/**
 * Adds items to the deal's pending list as HubSpot holds it now: other calls add and clear items meanwhile, so a merge
 * with an older read would bring back marks of work done or drop marks just added. `ifUnread` stands in when that read
 * fails. True when HubSpot holds the items: written now, or listed in the fresh read; an older read listing them proves
 * nothing (another call may have taken them off since), so then nothing is written and the answer is false.
 */
export async function addPendingItems(deps: Deps, dealId: string, items: readonly string[], deadline: number, ifUnread?: DealRecord): Promise<boolean> {
  let fresh = true;
  const read = await deps.hubspot.getDeal(dealId, ['aurora_sync_pending'], { deadline }).catch((error: unknown) => {
    if (!ifUnread) throw error;
    fresh = false;
    return ifUnread;
  });
  const current = read.properties.aurora_sync_pending ?? '';
  const { changed } = await deps.hubspot.updateDeal(dealId, { aurora_sync_pending: formatPending([...parsePending(current), ...items]) }, { deadline, current: { aurora_sync_pending: current } });
  return fresh || changed.length > 0;
}

/** The deal's own account of its last sync: written together, as a sync writes them (sync/writeSync.ts). */
const BOOKKEEPING = ['aurora_sync_status', 'aurora_last_error', 'aurora_sync_pending'] as const;
/** The words a sync leaves when the agreement was its only unfinished part (sync/planSync.ts pendingWords). */
const ONLY_AGREEMENT_LEFT = /^Agreement status \([^)]*\)$/;

/**
 * Takes the hand-off's `agreement:<project>` mark off the deal once the hand-off is seen done, from the list as HubSpot
 * holds it now (other calls add and clear items meanwhile). When nothing is left and a sync called the deal partial only
 * for that mark, the deal says it is in order again, as that sync would have once the hand-off was done.
 */
export async function clearHandOffMark(deps: Deps, dealId: string, item: string, deadline: number): Promise<void> {
  const fresh = (await deps.hubspot.getDeal(dealId, BOOKKEEPING, { deadline })).properties;
  const current = fresh.aurora_sync_pending ?? '';
  const left = formatPending(parsePending(current).filter((held) => held !== item));
  if (left === current) return;
  const settled = left === '' && fresh.aurora_sync_status === 'partial' && ONLY_AGREEMENT_LEFT.test(fresh.aurora_last_error ?? '');
  const status = settled ? { aurora_sync_status: 'ok', aurora_last_error: '' } : {};
  await deps.hubspot.updateDeal(dealId, { aurora_sync_pending: left, ...status }, { deadline, current: fresh, together: BOOKKEEPING });
}

// Order-safety in one place: agreement statuses and deal stages only move forward, so a late, duplicated or
// out-of-order delivery (Aurora promises neither order nor uniqueness, docs/aurora-api.md#webhook-delivery) can never undo a newer state.
import type { DealPipeline } from '../hubspot/deals';

/**
 * How far along an agreement is. A higher rank replaces a lower one; an equal or lower one is ignored.
 * sent < viewed < error | cancel_pending < declined | canceled < signed. A status Aurora adds later ranks like `sent`.
 */
export const AGREEMENT_PRECEDENCE: Readonly<Record<string, number>> = {
  sent: 1,
  viewed: 2,
  error: 3,
  cancel_pending: 3,
  declined: 4,
  canceled: 4,
  signed: 5,
};

const UNKNOWN_STATUS_RANK = 1;

/** Aurora spells it `cancel-pending` in webhook filters and `cancel_pending` on the object (docs/aurora-api.md#agreements). */
export const normalizeAgreementStatus = (status: string): string => status.trim().toLowerCase().replace(/-/g, '_');

export function agreementRank(status: string | null | undefined): number {
  if (!status) return 0;
  return AGREEMENT_PRECEDENCE[normalizeAgreementStatus(status)] ?? UNKNOWN_STATUS_RANK;
}

/** A cancellation of a signed contract: flagged for a human, never applied (a signed deal keeps its stage). */
export const isCancellation = (status: string): boolean => ['cancel_pending', 'canceled'].includes(normalizeAgreementStatus(status));

export type AgreementDecision =
  /** HubSpot already holds this status or a later one. */
  | { action: 'keep' }
  /** Write the new status. */
  | { action: 'advance'; status: string }
  /** Signed, then cancelled in Aurora: keep `signed`, flag the deal and tell a human. */
  | { action: 'flag_cancellation'; status: string };

/** What to do with Aurora's current agreement status given what HubSpot holds. */
export function decideAgreementStatus(current: string | null | undefined, incoming: string): AgreementDecision {
  const next = normalizeAgreementStatus(incoming);
  const held = current ? normalizeAgreementStatus(current) : null;
  if (held === next) return { action: 'keep' };
  if (held === 'signed' && isCancellation(next)) return { action: 'flag_cancellation', status: next };
  return agreementRank(next) > agreementRank(held) ? { action: 'advance', status: next } : { action: 'keep' };
}

export type StageDecision =
  | { move: true; from: string | null; to: string }
  | { move: false; reason: 'already_there' | 'already_further' | 'unknown_target' };

/**
 * Whether a deal may move to `target`: only forward in its pipeline's order. A closed-lost deal may move to the won
 * stage too, because a signed contract means it was won after all; any later stage (e.g. "Installed") is kept.
 */
export function decideStageMove(pipeline: DealPipeline, currentStageId: string | null | undefined, targetStageId: string): StageDecision {
  const target = pipeline.stages.find((stage) => stage.id === targetStageId);
  if (!target) return { move: false, reason: 'unknown_target' };
  if (currentStageId === targetStageId) return { move: false, reason: 'already_there' };
  const current = pipeline.stages.find((stage) => stage.id === currentStageId);
  if (!current) return { move: true, from: currentStageId ?? null, to: targetStageId };
  const closedLost = current.isClosed && current.probability === 0;
  if (closedLost || current.displayOrder < target.displayOrder) return { move: true, from: current.id, to: targetStageId };
  return { move: false, reason: 'already_further' };
}

// Use case behind an agreement delivery that is not a signature (sent, viewed, declined, error; a cancellation of a
// contract never signed): writes the status the event's own agreement read gave onto the design's record and the deal,
// forward only, without a sync (no design or agreement list). It declines (null) whenever that read alone cannot say
// what HubSpot should hold; the caller then syncs as before. The caller has already flagged cancellations after signing.
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { requireOwned } from '../mapping/ownership';
import { decideAgreementStatus, normalizeAgreementStatus } from '../postSale/precedence';
import { isDealsCopy, writeDesignFacts } from './designFactsWrite';

export interface AgreementStatusInput {
  deal: DealRecord;
  projectId: string;
  /** The event's agreement, as Aurora answered (already checked to belong to `projectId`). */
  agreement: AuroraAgreement;
  /** The design's HubSpot record, read by the caller. */
  record: DesignRecord | null;
  trigger: string;
  deadline: number;
}

/** True when the agreement read alone says what the record and deal should hold (else a sync decides). */
function answersAlone(input: AgreementStatusInput): boolean {
  const { deal, agreement, record } = input;
  // A signature changes the sold mark, the stage and the hand-off: the sync's. Other statuses change only themselves.
  if (!record || normalizeAgreementStatus(agreement.status) === 'signed') return false;
  if (!isDealsCopy({ ...input, record })) return false;
  // Another agreement on the design: which one speaks for it takes the project's agreement list (auroraFacts.ts).
  const heldId = readText(record.properties.aurora_agreement_id);
  if (heldId && heldId !== agreement.id) return false;
  // A deal with work left is synced: that is how its pending marks go away.
  return !readText(deal.properties.aurora_sync_pending);
}

/**
 * Writes the status, forward only, on the record and (while the deal rolls up that design) the deal; then
 * reads the agreement once more, because HubSpot has no conditional writes: when Aurora has moved on meanwhile, null
 * asks the caller to sync (a later delivery's write may have landed before this one's).
 */
export async function writeAgreementStatus(deps: Deps, input: AgreementStatusInput): Promise<{ outcome: 'applied'; message: string } | null> {
  if (!answersAlone(input)) return null;
  const { deal, agreement, projectId, deadline } = input;
  const status = normalizeAgreementStatus(agreement.status);
  const advances = decideAgreementStatus(deal.properties.aurora_agreement_status, status).action === 'advance';
  const held = { ...input, record: input.record! };
  await writeDesignFacts(deps, held, { agreementId: agreement.id, agreementStatus: status }, { takes: advances, words: 'Agreement status' });
  const now = requireOwned(await deps.aurora.agreements.retrieve(agreement.id, { deadline }), projectId, 'agreement');
  if (decideAgreementStatus(status, now.status).action !== 'keep') return null;
  return { outcome: 'applied', message: `Agreement ${status}.` };
}

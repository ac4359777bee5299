// Use case behind an agreement delivery that is not a signature (sent, viewed, declined, error; a cancellation of a
// contract never signed): writes the status the event's own agreement read gave onto the design's record and the deal,
// forward only, without a sync (no design or agreement list), and checks the written status's HubSpot history instead of
// asking Aurora again. It declines (null) whenever that read alone cannot say what HubSpot should hold; the caller then
// syncs as before. The caller has already flagged cancellations after signing.
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { requireOwned } from '../mapping/ownership';
import { decideAgreementStatus, normalizeAgreementStatus } from '../postSale/precedence';
import { writeOrder } from '../mapping/writeOrder';
import { isDealsCopy, writeDesignFacts, type HeldDesign } from './designFactsWrite';

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
 * Whether this delivery's write may have buried a later status (HubSpot has no conditional writes): the history of the
 * status it wrote (the deal's when the deal took it, else the record's) since the deal's `updatedAt` as the delivery's
 * first read saw it, before Aurora was read (docs/hubspot-calls.md#property-history). One HubSpot read, no Aurora.
 */
async function mayHaveBuried(deps: Deps, held: HeldDesign, status: string, written: { recordWrote: string[]; dealChanged: string[] }): Promise<boolean> {
  const { deal, record, deadline } = held;
  const since = deal.updatedAt;
  const onDeal = written.dealChanged.includes('aurora_agreement_status');
  if (!onDeal && !written.recordWrote.includes('aurora_agreement_status')) return false;
  // HubSpot did not say when the deal last changed: Aurora is asked, as before property history.
  if (!since) return true;
  const designId = readText(record.properties.aurora_design_id)!;
  const read = onDeal
    ? await deps.hubspot.getRecordHistory('deals', deal.id, ['aurora_agreement_status'], { deadline })
    : await deps.hubspot.getRecordHistory('aurora_design', designId, ['aurora_agreement_status'], { deadline, idProperty: 'aurora_design_id' });
  const history = (read?.history.aurora_agreement_status ?? []).map((entry) => ({ ...entry, value: normalizeAgreementStatus(entry.value) }));
  // A status ours goes beyond is no newer truth: writing over it is what forward-only means.
  const order = writeOrder(history, { since, ours: status, mayBeNewer: (value) => decideAgreementStatus(value, status).action !== 'advance' });
  return !read || order === 'overwrote';
}

/**
 * Writes the status, forward only, on the record and (while the deal rolls up that design) the deal; then reads the
 * written status's history: only when another writer's value went under ours is the agreement read again, and when
 * Aurora has moved on meanwhile, null asks the caller to sync.
 */
export async function writeAgreementStatus(deps: Deps, input: AgreementStatusInput): Promise<{ outcome: 'applied'; message: string } | null> {
  if (!answersAlone(input)) return null;
  const { deal, agreement, projectId, deadline } = input;
  const status = normalizeAgreementStatus(agreement.status);
  const advances = decideAgreementStatus(deal.properties.aurora_agreement_status, status).action === 'advance';
  const held = { ...input, record: input.record! };
  const written = await writeDesignFacts(deps, held, { agreementId: agreement.id, agreementStatus: status }, { takes: advances, words: 'Agreement status' });
  if (await mayHaveBuried(deps, held, status, written)) {
    const now = requireOwned(await deps.aurora.agreements.retrieve(agreement.id, { deadline }), projectId, 'agreement');
    if (decideAgreementStatus(status, now.status).action !== 'keep') return null;
  }
  return { outcome: 'applied', message: `Agreement ${status}.` };
}

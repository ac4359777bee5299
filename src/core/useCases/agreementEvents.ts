// Agreement events: a signed contract hands the deal over (from HubSpot's copy when Aurora is busy), a cancellation after
// signing flags the deal, a status before signing is written from the agreement read; anything else syncs.
import { AuroraError } from '../aurora/errors';
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord, PropertyWrite } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { requireOwned } from '../mapping/ownership';
import { parsePending, pendingItem } from '../mapping/pending';
import { ALL_DESIGN_READS, oneDesign, runSync, type SyncRun } from './sync';
import { DeliverAgainError } from './errors';
import { writeAgreementStatus } from './agreementStatus';
import type { DealPropertyKey, DesignPropertyName } from '../dataModel';
import type { EventPayload } from '../aurora/webhookDeliveries';
import { handOffComplete, readContractClaim, signedClaimId } from '../postSale/handoff';
import { clearHandOffMark, settleContracts, type SettledContract } from '../postSale/contracts';
import { handOffFromRecords } from './signedHandOff';
import { decideAgreementStatus, isCancellation, normalizeAgreementStatus } from '../postSale/precedence';
import { checkedUnchanged, DESIGN_CHECK_READ, designRecord, noDeal, projectDeal, summaryWords, work, type EventContext, type Located } from './eventWork';

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

export async function agreementEvent(deps: Deps, data: EventPayload<'agreement_status_changed'>, context: EventContext): Promise<Located> {
  const { deadline } = context;
  const found = await projectDeal(deps, data.project_id, deadline);
  if (!found) return noDeal(data.project_id);
  const { deal } = found;
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
      // The claim came with the settings in one read (eventWork.ts recordsReadFirst).
      const signedClaim = await readContractClaim(deps, signedClaimId(agreement.id), deadline);
      const handedOff = handOffComplete(signedClaim);
      const done = checkedUnchanged('The signed contract was already handed off.');
      if (handedOff && !waiting) return done;
      // HubSpot's records hold what the hand-off needs: no other Aurora read (docs/claims.md#the-hand-offs-reads).
      const fromRecords = await handOffFromRecords(deps, { deal, dealIsCurrent: found.current, projectId: data.project_id, agreement, signedClaim, receivedAt: context.receivedAt, deadline });
      if (fromRecords) {
        if (fromRecords.progress === 'done' && waiting) await clearHandOffMark(deps, deal.id, left, deadline);
        return handOffAnswer(fromRecords);
      }
      // The sync writes the status, `contract signed at` and the sold design's figures, and hands the deal over.
      let run: SyncRun;
      try {
        run = await syncIt();
      } catch (error) {
        if (!isAuroraBusy(error)) throw error;
        // Handed over, and the deal says what is left: the next sync reads the rest when Aurora has time again.
        if (handedOff) return { outcome: 'unchanged', message: done.message };
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
    // Only a cancellation asks whether the contract was signed (the claim read is spent on nothing else).
    const wasSigned = async () => held === 'signed' || deal.properties.aurora_agreement_status === 'signed' || Boolean(await readContractClaim(deps, signedClaimId(agreement.id), deadline));
    if (isCancellation(status) && (await wasSigned())) {
      return cancellationAnswer(await settleContracts(deps, { deal, intents: [{ kind: 'flag_cancellation', agreement }], receivedAt: context.receivedAt, deadline }));
    }
    // HubSpot holds this status or a later one (a late `viewed` after `signed`): nothing to sync.
    if (held && decideAgreementStatus(held, status).action !== 'advance') return { outcome: 'unchanged', message: `HubSpot already has this agreement as ${held}.` };
    // Any other status on a design HubSpot holds: the agreement read is all it takes (no lists, no sync).
    const written = await writeAgreementStatus(deps, { deal, projectId: data.project_id, agreement, record, trigger, deadline });
    return written ?? summaryWords((await syncIt()).summary);
  });
}


// The sync's write step: carries a plan out in HubSpot with as few calls as the plan allows (batch upsert and the deal
// together, then deletions, then association labels), then runs the post-sale intents. Every write settles before a
// failure is reported, so nothing runs on unseen.
import type { DealPropertyName } from '../dataModel';
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import { formatPending, parsePending } from '../mapping/pending';
import { CLAIM_SETTLE_GRACE_MS } from '../postSale/claims';
import { agreementRank } from '../postSale/precedence';
import { handoffMarks, settleContracts, type SettledContract } from '../postSale/contracts';
import { recordsByDesign, type HubSpotHoldings, type SyncPlan } from './planSync';
import type { UpsertedDesign } from '../hubspot/designs';

/** Like Promise.all, but waits for every write to settle before reporting the first failure (none runs on unseen). */
async function allDone<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * The sync's account of itself on the deal: written together, so two syncs that read the deal at different moments never
 * leave one's status beside the other's pending list.
 */
const SYNC_BOOKKEEPING = ['aurora_sync_status', 'aurora_last_error', 'aurora_sync_pending'] as const satisfies readonly DealPropertyName[];

/**
 * The deal values to write, against the deal as it is now when this sync changes its pending list or its agreement
 * status (one read, only then): of the list, what it finished comes off and what it left (or `kept`) goes on, other
 * calls' changes since stay; an agreement status another call moved further since (a signature that landed while this
 * sync read Aurora) is not written over, as HubSpot has no conditional writes.
 */
async function withCurrentDeal(deps: Deps, plan: SyncPlan, deal: DealRecord, kept: readonly string[], deadline: number): Promise<{ values: SyncPlan['deal']; current: DealRecord['properties'] }> {
  const before = deal.properties.aurora_sync_pending ?? '';
  const planned = plan.deal.aurora_sync_pending === undefined || kept.length === 0 ? plan.deal.aurora_sync_pending : formatPending([...parsePending(plan.deal.aurora_sync_pending), ...kept].sort());
  const values = { ...plan.deal, ...(planned === undefined ? {} : { aurora_sync_pending: planned }) };
  const listChanges = planned !== undefined && planned !== before;
  const statusChanges = values.aurora_agreement_status !== undefined && values.aurora_agreement_status !== (deal.properties.aurora_agreement_status ?? '');
  if (!listChanges && !statusChanges) return { values, current: deal.properties };
  const now = (await deps.hubspot.getDeal(deal.id, ['aurora_sync_pending', 'aurora_agreement_status'], { deadline })).properties;
  if (listChanges) {
    const [was, will] = [new Set(parsePending(before)), new Set(parsePending(planned))];
    values.aurora_sync_pending = formatPending([...parsePending(now.aurora_sync_pending).filter((item) => !was.has(item) || will.has(item)), ...[...will].filter((item) => !was.has(item))]);
  }
  if (values.aurora_agreement_status !== undefined && agreementRank(now.aurora_agreement_status) > agreementRank(values.aurora_agreement_status)) {
    delete values.aurora_agreement_status;
    delete values.aurora_contract_signed_at;
  }
  const current = { ...deal.properties, aurora_agreement_status: now.aurora_agreement_status ?? '', ...(listChanges ? { aurora_sync_pending: now.aurora_sync_pending ?? '' } : {}) };
  return { values, current };
}

/**
 * Takes the hand-off's marks this sync kept off once its contracts are done, with the sync's own status and words, as its
 * deal write would have (the three are written together: never one sync's status beside another's list). May run a
 * moment past the deadline, like the claims' bookkeeping.
 */
async function clearKeptMarks(deps: Deps, plan: SyncPlan, dealId: string, kept: readonly string[], deadline: number): Promise<void> {
  const call = { deadline: deadline + CLAIM_SETTLE_GRACE_MS };
  const fresh = await deps.hubspot.getDeal(dealId, SYNC_BOOKKEEPING, call);
  const pending = formatPending(parsePending(fresh.properties.aurora_sync_pending).filter((item) => !kept.includes(item)));
  const own = { aurora_sync_status: plan.deal.aurora_sync_status, aurora_last_error: plan.deal.aurora_last_error, aurora_sync_pending: pending };
  await deps.hubspot.updateDeal(dealId, own, { ...call, current: fresh.properties, together: SYNC_BOOKKEEPING });
}

/**
 * The plan's design records: one the caller saw HubSpot hold no record of (`absent`, a webhook's new design) is created
 * with its link to the deal in one call (`linked` true); the rest, or that one when a record appeared meanwhile, upserted.
 */
async function saveRecords(deps: Deps, plan: SyncPlan, dealId: string, absent: readonly string[], call: { deadline: number }): Promise<(UpsertedDesign & { linked?: true })[]> {
  const fresh = plan.upserts.filter((record) => absent.includes(record.aurora_design_id ?? ''));
  const created = fresh.length === 1 ? await deps.hubspot.createLinkedDesign(dealId, fresh[0]!, call) : null;
  const rest = created ? plan.upserts.filter((record) => record !== fresh[0]) : plan.upserts;
  const upserted = rest.length > 0 ? await deps.hubspot.upsertDesigns(rest, call) : [];
  return created ? [{ ...created, linked: true }, ...upserted] : upserted;
}

/** Writes the plan; says what changed on the deal (HubSpot's own report) and where its post-sale intents stand. */
export async function writeSync(
  deps: Deps,
  plan: SyncPlan,
  holdings: HubSpotHoldings,
  deadline: number,
  options: { absent?: readonly string[] } = {},
): Promise<{ dealChanged: string[]; contracts: SettledContract[] }> {
  const { deal, linked } = holdings;
  const call = { deadline };
  // Marks of a hand-off this sync is about to settle stay until it is seen done (postSale/contracts.ts).
  const kept = await handoffMarks(deps, plan.contracts, deal, deadline);
  const dealValues = await withCurrentDeal(deps, plan, deal, kept, deadline);
  const [saved, dealWrite] = await allDone([
    saveRecords(deps, plan, deal.id, options.absent ?? [], call),
    deps.hubspot.updateDeal(deal.id, dealValues.values, { ...call, current: dealValues.current, together: SYNC_BOOKKEEPING }),
  ] as const);
  await allDone(plan.deletions.map((recordId) => deps.hubspot.deleteRecord('aurora_design', recordId, call)));

  // New records' ids come from the upsert; the rest from what HubSpot held.
  const recordIds = new Map([...recordsByDesign(linked)].map(([designId, link]) => [designId, link.recordId]));
  for (const record of saved) recordIds.set(record.designId, record.recordId);
  const desired = plan.labels.flatMap(({ designId, labels }) => {
    const recordId = recordIds.get(designId);
    return recordId ? [{ recordId, labels }] : [];
  });
  const deleted = new Set(plan.deletions);
  // A record created with its link carries no label yet: only the labels the plan wants are added.
  const current = [...linked.filter((l) => !deleted.has(l.recordId)), ...saved.filter((record) => record.linked).map(({ recordId }) => ({ recordId, labels: [] }))].map(({ recordId, labels }) => ({ recordId, labels }));
  await deps.hubspot.linkDesignsToDeal(deal.id, desired, { ...call, current });
  // A signed contract hands the deal over once; this finishes one no webhook could (postSale/handoff.ts).
  const contracts = plan.contracts.length > 0 ? await settleContracts(deps, { deal, intents: plan.contracts, receivedAt: new Date(plan.syncedAt), deadline }) : [];
  if (kept.length > 0 && contracts.every((contract) => contract.progress === 'done')) await clearKeptMarks(deps, plan, deal.id, kept, deadline);
  return { dealChanged: dealWrite.changed, contracts };
}

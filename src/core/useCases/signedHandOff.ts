// Use case behind a signed agreement delivery whose design HubSpot already holds with every fact the hand-off note gives:
// the signature and the hand-off from the event's agreement read alone (one Aurora request; two when HubSpot lacks only
// the proposal link), the note's facts and the deal's roll-up taken from HubSpot's records. It declines (null) whenever HubSpot's records cannot say it alone; the
// caller then syncs as before (docs/claims.md#the-hand-offs-reads).
import { AuroraError } from '../aurora/errors';
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import type { DesignFacts } from '../mapping/facts';
import { designOfItem, parsePending } from '../mapping/pending';
import { dealRollupProperties, designRecordProperties } from '../mapping/toHubSpot';
import { settleContracts, type SettledContract } from '../postSale/contracts';
import { NOTE_DESIGN_READ, type LinkedDesigns } from '../postSale/handoff';
import { isDealsCopy } from './designFactsWrite';
import { WEBHOOK_DEAL_READ } from './eventWork';

export interface SignedInput {
  /** The deal the delivery found; read again here unless `dealIsCurrent` (read by its project, not from search's index). */
  deal: DealRecord;
  dealIsCurrent?: boolean;
  projectId: string;
  /** The event's agreement as Aurora answered, checked to belong to `projectId`. */
  agreement: AuroraAgreement;
  /** The signed claim as the delivery read it (null: nobody had taken it). */
  signedClaim: DesignRecord | null;
  receivedAt: Date;
  deadline: number;
}

/** What the hand-off note gives and the deal's roll-up needs, read from the designs' records. */
const SIGNED_DESIGN_READ = [...NOTE_DESIGN_READ, 'aurora_project_id', 'aurora_deal_id', 'aurora_agreement_id', 'aurora_contract_signed_at'];
/** The note's figures: a record lacking one is read from Aurora whole (the sync), so the note never says "not available" for a fact Aurora has. */
const NOTE_FIGURES = ['aurora_design_name', 'aurora_system_size_kw', 'aurora_price'] as const;

/**
 * The signed design's record, when HubSpot's records alone say what the hand-off needs: the deal's own copy of a design
 * of the project that the deal already rolls up, holding no other agreement (which one speaks for the design would take
 * Aurora's agreement list), no other design of the deal sold, every note fact present and nothing of it pending.
 */
function recordThatSpeaks(deal: DealRecord, designs: LinkedDesigns, input: SignedInput, designId: string): DesignRecord | null {
  const record = designs.find((linked) => linked.record.properties.aurora_design_id === designId)?.record;
  if (!record || !isDealsCopy({ deal, record, projectId: input.projectId, trigger: '', deadline: input.deadline })) return null;
  if (readText(deal.properties.aurora_project_id) !== input.projectId || readText(deal.properties.aurora_design_id) !== designId) return null;
  const heldAgreement = readText(record.properties.aurora_agreement_id);
  if (heldAgreement && heldAgreement !== input.agreement.id) return null;
  if (designs.some((linked) => linked.record !== record && linked.record.properties.aurora_is_sold === 'true')) return null;
  const marks = [...parsePending(record.properties.aurora_sync_pending), ...parsePending(deal.properties.aurora_sync_pending).filter((item) => designOfItem(item) === designId)];
  if (marks.length > 0) return null;
  return NOTE_FIGURES.every((name) => readText(record.properties[name])) ? record : null;
}

/**
 * The proposal link the note gives: HubSpot's, or when HubSpot has none (no webhook brought one), Aurora's web proposal
 * (1 request). Null when Aurora has no live link either: the sync asks Aurora for a fresh one.
 */
async function proposalLink(deps: Deps, record: DesignRecord, designId: string, deadline: number): Promise<{ held: boolean; url: string } | null> {
  const held = readText(record.properties.aurora_proposal_url);
  if (held) return { held: true, url: held };
  // Aurora busy or failing: the sync decides (and its Aurora-busy path hands over from HubSpot).
  const proposal = await deps.aurora.proposals.webProposal(designId, { deadline }).catch((error: unknown) => {
    if (error instanceof AuroraError) return null;
    throw error;
  });
  return proposal?.url && !proposal.url_expired ? { held: false, url: proposal.url } : null;
}

/**
 * The signature on the design's record (with its sold and primary marks; another design marked primary loses that mark),
 * in one upsert; returns the designs as they now stand and the deal's signature, which goes with the hand-off's own deal
 * write (stage, history) when this call holds the hand-off.
 */
async function writeSignature(deps: Deps, input: SignedInput, found: { deal: DealRecord; designs: LinkedDesigns; record: DesignRecord; proposalUrl?: string }) {
  const { deal, designs, record, proposalUrl } = found;
  const designId = readText(record.properties.aurora_design_id)!;
  // The first stamp stays: Aurora has no signed_at (docs/aurora-api.md#agreements).
  const contractSignedAt = readText(record.properties.aurora_contract_signed_at) ?? readText(deal.properties.aurora_contract_signed_at) ?? input.receivedAt.toISOString();
  const facts = { designId, projectId: input.projectId, agreementId: input.agreement.id, agreementStatus: 'signed', contractSignedAt, isSold: true, isPrimary: true, proposalUrl } as DesignFacts;
  const { aurora_last_synced_at: _notASync, ...signed } = designRecordProperties(facts, { dealId: deal.id, syncedAt: new Date(deps.now()) }, deps.fieldMap);
  const demoted = designs
    .filter((linked) => linked.record !== record && (linked.labels.includes('primary') || linked.record.properties.aurora_is_primary === 'true'))
    .map((linked) => ({ aurora_design_id: readText(linked.record.properties.aurora_design_id) ?? '', aurora_is_primary: 'false' }))
    .filter((flags) => flags.aurora_design_id);
  const { aurora_design_id: _rolledUp, ...onDeal } = dealRollupProperties({ agreementStatus: 'signed', contractSignedAt, proposalUrl } as DesignFacts, deps.fieldMap);
  await deps.hubspot.upsertDesigns([signed, ...demoted], { deadline: input.deadline });
  const written = new Map([signed, ...demoted].map((values) => [values.aurora_design_id, values]));
  return {
    dealSignature: onDeal,
    designs: designs.map((linked) => ({ ...linked, record: { ...linked.record, properties: { ...linked.record.properties, ...written.get(linked.record.properties.aurora_design_id ?? '') } } })),
  };
}

/** Hands the deal over from HubSpot's records; null when they cannot say it alone (the caller syncs). */
export async function handOffFromRecords(deps: Deps, input: SignedInput): Promise<SettledContract | null> {
  const designId = readText(input.agreement.design_id);
  if (!designId) return null;
  const { deadline } = input;
  const [deal, designs] = await Promise.all([
    input.dealIsCurrent ? input.deal : deps.hubspot.getDeal(input.deal.id, WEBHOOK_DEAL_READ, { deadline }),
    deps.hubspot.readDealDesigns(input.deal.id, SIGNED_DESIGN_READ, { deadline }),
  ]);
  const record = recordThatSpeaks(deal, designs, input, designId);
  const proposal = record ? await proposalLink(deps, record, designId, deadline) : null;
  if (!record || !proposal) return null;
  const signed = await writeSignature(deps, input, { deal, designs, record, proposalUrl: proposal.held ? undefined : proposal.url });
  const intents = [{ kind: 'hand_off' as const, agreement: input.agreement }];
  const [settled] = await settleContracts(deps, { deal, intents, receivedAt: input.receivedAt, deadline, known: { deal, ...signed, signedClaim: input.signedClaim } });
  // Another call holds the hand-off, or it was done before: the deal's signature is written here (nothing when it holds it).
  if (settled?.handoff?.outcome !== 'handed_off') await deps.hubspot.updateDeal(deal.id, signed.dealSignature, { deadline, current: deal.properties });
  return settled ?? null;
}

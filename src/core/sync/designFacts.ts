// The facts of one design from what the sync read of it (pure): a value not read stays `undefined`, so HubSpot keeps
// its own; `null` means Aurora has none. Agreement statuses only move forward (postSale/precedence.ts).
import type { AuroraAgreement, AuroraDesign, AuroraDesignSummary, AuroraFinancing, AuroraPricing, AuroraWebProposal } from '../aurora/schemas';
import type { LinkedDesign } from '../hubspot/designs';
import { agreementOfDesign, bomSummary, financingFacts, moduleCount } from '../mapping/auroraFacts';
import { readText } from '../mapping/conversions';
import type { DesignFacts } from '../mapping/facts';
import { decideAgreementStatus } from '../postSale/precedence';
import { isRead, valueOf, type Read } from './auroraReads';
import type { PropertyValues } from '../hubspot/context';
import type { DesignPropertyKey } from '../dataModel';

/** What was read from Aurora for one design (and the stored links of its screenshot and DXF). */
export interface DesignReads {
  design: AuroraDesign;
  summary: Read<AuroraDesignSummary | null>;
  pricing: Read<AuroraPricing | null>;
  financing: Read<AuroraFinancing | null>;
  proposal: Read<AuroraWebProposal | null>;
  screenshot: Read<string | null>;
  dxf: Read<string | null>;
  /** False when the design's asset list could not be read: whether it has a screenshot is not known. */
  assetsListed: boolean;
  /** False when only some of its reads were asked for (a webhook's): what was not asked is neither done nor failed. */
  whole?: boolean;
}

export interface DesignContext {
  projectId: string;
  /** The project's agreements, or undefined when they could not be read. */
  agreements: readonly AuroraAgreement[] | undefined;
  /** The design's record in HubSpot, if it has one. */
  existing: LinkedDesign | undefined;
  syncedAt: string;
}

/** Marked primary in HubSpot: the record's flag or the association label (a rep may set either). */
export const markedPrimary = (linked: LinkedDesign | undefined): boolean =>
  linked?.record.properties.aurora_is_primary === 'true' || (linked?.labels.includes('primary') ?? false);

/** Aurora's status for the design's agreement, unless HubSpot holds a later one for the same agreement. */
function heldOrNewer(agreement: AuroraAgreement, existing: PropertyValues<DesignPropertyKey> | undefined): string {
  const held = existing?.aurora_agreement_id === agreement.id ? readText(existing.aurora_agreement_status) : null;
  return decideAgreementStatus(held, agreement.status).action === 'advance' || !held ? agreement.status : held;
}

/** The summary's figures; undefined when the summary was not read. */
function summaryFacts(reads: DesignReads): Pick<DesignFacts, 'systemSizeWatts' | 'annualProductionKwh' | 'offset' | 'moduleCount' | 'bomSummary'> {
  const summary = valueOf(reads.summary);
  const read = isRead(reads.summary);
  return {
    systemSizeWatts: summary?.system_size_stc ?? reads.design.system_size_stc ?? (read ? null : undefined),
    annualProductionKwh: read ? (summary?.energy_production?.annual ?? null) : undefined,
    offset: read ? (summary?.energy_production?.annual_offset ?? null) : undefined,
    moduleCount: read ? (summary ? moduleCount(summary) : null) : undefined,
    bomSummary: read ? (summary ? bomSummary(summary) : null) : undefined,
  };
}

/** Price, financing and proposal link; undefined for what was not read. */
function salesFacts(reads: DesignReads): Pick<DesignFacts, 'price' | 'pricePerWatt' | 'financingType' | 'monthlyPayment' | 'proposalUrl'> {
  const pricing = valueOf(reads.pricing);
  const financing = isRead(reads.financing) ? financingFacts(reads.financing.value) : undefined;
  const proposal = valueOf(reads.proposal);
  return {
    price: isRead(reads.pricing) ? (pricing?.system_price ?? null) : undefined,
    pricePerWatt: isRead(reads.pricing) ? (pricing?.price_per_watt ?? null) : undefined,
    financingType: financing?.financingType,
    monthlyPayment: financing?.monthlyPayment,
    // An expired link would show the customer an error page: better none until Aurora has a fresh one.
    proposalUrl: isRead(reads.proposal) ? (proposal?.url && !proposal.url_expired ? proposal.url : null) : undefined,
  };
}

/** The facts of one design from what was read. */
export function designFacts(reads: DesignReads, context: DesignContext): DesignFacts {
  const { design } = reads;
  const existing = context.existing?.record.properties;
  // No agreement and no record yet: nothing to clear, and writing an empty status could land over one a concurrent
  // delivery just wrote (HubSpot has no conditional writes), so the new record leaves it unset.
  const found = context.agreements ? agreementOfDesign(context.agreements, design.id) : undefined;
  const agreement = found === null && !existing ? undefined : found;
  const milestone = design.milestone?.milestone ?? null;
  // Statuses only move forward: a signed contract cancelled in Aurora stays signed here.
  const agreementStatus = agreement ? heldOrNewer(agreement, existing) : agreement;
  const signed = agreementStatus === 'signed';
  const wasSold = existing?.aurora_is_sold === 'true';
  return {
    designId: design.id,
    name: design.name ?? null,
    projectId: design.project_id ?? context.projectId,
    createdAt: design.created_at ?? null,
    ...summaryFacts(reads),
    ...salesFacts(reads),
    screenshotUrl: valueOf(reads.screenshot),
    dxfUrl: valueOf(reads.dxf),
    milestone,
    agreementId: agreement === undefined ? undefined : (agreement?.id ?? null),
    agreementStatus,
    // Aurora has no signed-at time (docs/aurora-api.md#agreements): the first sync (or webhook) that sees the signature stamps it.
    contractSignedAt: signed ? (existing?.aurora_contract_signed_at || context.syncedAt) : undefined,
    isPrimary: markedPrimary(context.existing),
    isSold: milestone === 'sold' || signed || (agreement === undefined && wasSold),
  };
}

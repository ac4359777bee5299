// Use case "Overview": everything the deal card shows, read from HubSpot only (no Aurora call): set-up state, link or
// pre-flight (or a create another call is making), designs, design request, last sync, customer details changed since they were sent, and what needs a person.
import type { PropertyValues } from '../hubspot/context';
import type { DealDesign, DealOverview, DesignRow, Preflight } from '../contract';
import type { Deps } from '../deps';
import type { CallOptions } from '../hubspot/runner';
import { HubSpotSetupError } from '../hubspot/errors';
import { claimDesignId, type DealPropertyKey, type DesignPropertyKey } from '../dataModel';
import { readText } from '../mapping/conversions';
import { allPending } from '../mapping/pending';
import { DESIGN_ROW_PROPERTIES, isClaimRecord, toDesignRow } from '../mapping/toHubSpot';
import { hubspotPropertiesToRead, preflight } from '../mapping/toAurora';
import { changedCustomerFields, currentCustomer, needsConfirmation, readSnapshot } from '../mapping/customer';
import { DEAL_READ_PROPERTIES, designRequestOf, hasAppProperties, isProjectMissing, linkedProjectId, projectViewOf, syncInfoOf } from '../mapping/dealState';
import { CLAIM_DONE_AT, CLAIM_STALE_MS, claimInFlight, readClaim } from '../postSale/claims';
import { ProjectMissingError } from './errors';
import { DEAL_OWNER_PROPERTY, projectOwner } from './projectOwner';
import { ownerPreflightLine } from '../settings/owners';
import { HISTORY_PROPERTY, readHistory } from '../mapping/history';
import { decideAgreementStatus } from '../postSale/precedence';

const NOT_INSTALLED = 'The HubSpot portal is not set up for Aurora yet: the Aurora deal properties are missing. An admin runs "Set up HubSpot" on the app settings page.';

export interface DealOverviewInput {
  dealId: string;
  /** A create claim older than this was left by a call that died (the Create button recovers it); default CLAIM_STALE_MS. */
  claimStaleMs?: number;
}

export async function dealOverview(deps: Deps, input: DealOverviewInput, deadline: number): Promise<DealOverview> {
  const call = { deadline };
  const toRead = hubspotPropertiesToRead(deps.fieldMap);
  // The design object and its labels are looked up while the deal is read (the store keeps them for the design read),
  // which also tells whether the installer made them.
  const designModel = deps.hubspot.designAssociationTypes(call).then(
    () => null,
    (error: unknown) => error,
  );
  const { deal, contact } = await deps.hubspot
    .getDealWithPrimaryContact(input.dealId, { deal: [...DEAL_READ_PROPERTIES, ...toRead.deal, DEAL_OWNER_PROPERTY], contact: toRead.contact }, call)
    // A failed deal read (e.g. no such deal) still waits for the lookup it started: no request outlives the call.
    .catch(async (error: unknown) => {
      await designModel;
      throw error;
    });
  const projectId = linkedProjectId(deal);
  // Only an unlinked deal can be mid-create; its claim is read while the design model lookup may still be answering.
  const [modelError, claim, owner] = await Promise.all([
    designModel,
    !projectId && hasAppProperties(deal) ? createClaimOf(deps, input.dealId, call) : null,
    // Who will own the project in Aurora: said in the pre-flight, an unmapped deal owner by name.
    projectId ? null : projectOwner(deps, deal, call),
  ]);
  const ownerLine = owner ? ownerPreflightLine(owner) : null;
  const problems = [...deps.setupProblems];
  if (!hasAppProperties(deal)) problems.push(NOT_INSTALLED);
  else if (modelError instanceof HubSpotSetupError) problems.push(modelError.toUserError().message);

  // The sync found the project gone: the card's answer to that is the offer to unlink.
  if (projectId && isProjectMissing(deal)) throw new ProjectMissingError(projectId);
  let designs: DesignRow[] = [];
  let designMarks: string[] = [];
  if (projectId && !(modelError instanceof HubSpotSetupError)) {
    const read = await readDesigns(deps, input.dealId, projectId, deadline);
    designs = withDealAgreement(read.rows, deal.properties);
    designMarks = read.marks;
  }

  const project = projectViewOf(deal, deps.auroraAppUrl);
  const sent = readSnapshot(deal.properties.aurora_pushed_customer);
  // Without a record of what was sent, nothing can be called out of date.
  const outOfDate = project && sent ? changedCustomerFields(currentCustomer(deal, contact, deps.fieldMap).fields, sent) : [];
  return {
    setup: { ready: problems.length === 0, problems },
    deal: { id: deal.id, name: readText(deal.properties.dealname), stage: readText(deal.properties.dealstage) },
    link: project
      ? { state: 'linked', project }
      : unlinkedState(deps, claim, input.claimStaleMs ?? CLAIM_STALE_MS, () => withOwnerLine(preflight(deal, contact, deps.fieldMap), ownerLine)),
    designs,
    dealDesign: dealDesignOf(readText(deal.properties.aurora_design_id), designs),
    designRequest: designRequestOf(deal),
    sync: syncInfoOf(deal, allPending(deal.properties.aurora_sync_pending, designMarks)),
    outOfDate: outOfDate.map((field) => ({ property: field.property, label: field.label, confirmRequired: needsConfirmation(field) })),
    attention: readText(deal.properties.aurora_attention),
    history: readHistory(deal.properties[HISTORY_PROPERTY]),
  };
}

/**
 * The deal's Aurora Design records of its current project (claims and designs of an unlinked project left out), and the
 * pending marks of its designs: on their records, and on records a deferred delivery made for a design HubSpot did not
 * have yet (not associated with the deal until a sync completes them, so found by search; docs/pending-work.md).
 */
async function readDesigns(deps: Deps, dealId: string, projectId: string, deadline: number): Promise<{ rows: DesignRow[]; marks: string[] }> {
  const [linked, waiting] = await Promise.all([deps.hubspot.readDealDesigns(dealId, [...DESIGN_ROW_PROPERTIES], { deadline }), waitingRecords(deps, dealId, deadline)]);
  const own = linked.filter(({ record }) => !isClaimRecord(record) && record.properties.aurora_project_id === projectId);
  const ids = new Set(own.map(({ record }) => record.properties.aurora_design_id));
  const rows = own.map(({ record, labels }) => {
    const row = toDesignRow(record);
    // A rep may mark a design on the association (label) or on the record (flag): either counts.
    return { ...row, isPrimary: row.isPrimary || labels.includes('primary'), isSold: row.isSold || labels.includes('sold') };
  });
  const marks = [...own.map(({ record }) => record.properties.aurora_sync_pending), ...waiting.filter((record) => !ids.has(record.properties.aurora_design_id)).map((record) => record.properties.aurora_sync_pending)];
  return { rows, marks: allPending(null, marks) };
}

/** Records holding marks for this deal that are not associated with it yet (none on portals whose designs hold no marks). */
async function waitingRecords(deps: Deps, dealId: string, deadline: number) {
  const { holdsPendingMarks } = await deps.hubspot.designObject({ deadline });
  if (!holdsPendingMarks) return [];
  const filters = [
    { property: 'aurora_deal_id', operator: 'EQ', value: dealId },
    { property: 'aurora_sync_pending', operator: 'HAS_PROPERTY' },
  ] as const;
  const found = await deps.hubspot.searchRecords('aurora_design', [...filters], { deadline, properties: ['aurora_design_id', 'aurora_sync_pending'], limit: 100 });
  return found.results;
}

/** The deal's create claim (when it was taken, whether its call marked it ended), or null when none is held. */
async function createClaimOf(deps: Deps, dealId: string, call: CallOptions): Promise<PropertyValues<DesignPropertyKey> | null> {
  // Unreadable claim: show the Create button, whose own claim answers "in progress" or recovers a dead create.
  const claim = await readClaim(deps, claimDesignId(dealId), [], call).catch(() => null);
  return claim?.properties ?? null;
}

/**
 * Creating only while a create is in flight; a claim whose call ended (or died) means an earlier Create may have reached
 * Aurora: the rep may press Create, which looks for that project first.
 */
function unlinkedState(deps: Deps, claim: PropertyValues<DesignPropertyKey> | null, staleMs: number, check: () => Preflight): DealOverview['link'] {
  const takenAt = Date.parse(claim?.hs_createdate ?? '');
  if (claim && claimInFlight(claim, deps.now(), staleMs)) return { state: 'creating', since: new Date(takenAt).toISOString() };
  const endedAt = readText(claim?.[CLAIM_DONE_AT]) ?? (Number.isFinite(takenAt) ? new Date(takenAt).toISOString() : null);
  return { state: 'not_linked', preflight: check(), ...(claim && endedAt ? { unfinishedSince: endedAt } : {}) };
}

/** The pre-flight with the line saying who will own the project in Aurora. */
function withOwnerLine(check: Preflight, line: { label: string; value: string } | null): Preflight {
  return line ? { ...check, willSend: [...check.willSend, line] } : check;
}

/** The design the deal holds (its aurora_design_id), and why: sold, marked primary, or else the newest (the roll-up rule). */
export function dealDesignOf(designId: string | null, designs: readonly DesignRow[]): DealDesign | null {
  const design = designId ? designs.find((row) => row.id === designId) : undefined;
  if (!design) return null;
  return { id: design.id, name: design.name, reason: design.isSold ? 'sold' : design.isPrimary ? 'primary' : 'newest' };
}

/**
 * The hand-off stamps the deal (signed, stage moved) before the sync rewrites the design's record: the design the deal
 * holds shows the deal's agreement status when it is further along (forward only), so the card never lags the deal.
 */
function withDealAgreement(designs: DesignRow[], deal: PropertyValues<DealPropertyKey>): DesignRow[] {
  const designId = readText(deal.aurora_design_id);
  const status = readText(deal.aurora_agreement_status);
  if (!designId || !status) return designs;
  return designs.map((row) => (row.id === designId && decideAgreementStatus(row.agreementStatus, status).action === 'advance' ? { ...row, agreementStatus: status } : row));
}

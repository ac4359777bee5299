// Use case "Create in Aurora": pre-flight, then exactly one Aurora project per deal, however many clicks, tabs, workflows
// or retries race. A HubSpot record with a unique value (the claim) is the lock; a project Aurora made but HubSpot did
// not record is found again (on the claim, or by external_provider_id in Aurora) instead of being made twice.
import type { MissingField, ProjectView } from '../contract';
import type { Deps } from '../deps';
import { AuroraError, type AuroraProject } from '../aurora';
import { auroraProjectUrl } from '../aurora/links';
import type { DealRecord, DesignRecord, PropertyWrite } from '../hubspot/context';
import type { CallOptions } from '../hubspot/runner';
import { claimDesignId, RECORD_KINDS, type DealPropertyKey, type DesignPropertyName } from '../dataModel';
import { readText } from '../mapping/conversions';
import { buildProjectPayload, hubspotPropertiesToRead, preflight, type AuroraProjectPayload } from '../mapping/toAurora';
import { snapshotOfPayload, type CustomerSnapshot } from '../mapping/customer';
import { linkedProjectId, linkProperties, projectViewOf } from '../mapping/dealState';
import { CLAIM_STALE_MS, claimInFlight, markClaimDone, releaseClaim, takeClaim, type ClaimState } from '../postSale/claims';
import { LinkNotSavedError } from './errors';
import { DEAL_OWNER_PROPERTY, ownerMemory, projectOwner } from './projectOwner';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import type { OwnerDecision } from '../settings/owners';

export type CreateProjectOutcome =
  | { outcome: 'created' | 'recovered' | 'already_linked'; project: ProjectView }
  | { outcome: 'needs_input'; missing: MissingField[] }
  | { outcome: 'in_progress' };

export interface CreateProjectInput {
  dealId: string;
  /** Who pressed Create, when HubSpot tells the function (the deal's history names them). */
  actor?: string | null;
  /** A claim older than this was left by a call that died; default 60 s (functions stop after about 15 s). */
  claimStaleMs?: number;
}

/** Newest Aurora projects searched for an orphan of a stale claim (newest first, 250 a page). */
const ORPHAN_SEARCH = { perPage: 250, maxPages: 2 } as const;
const LINK_READ: readonly DealPropertyKey[] = [HISTORY_PROPERTY, 'dealname', 'aurora_project_id', 'aurora_project_url', 'aurora_project_status', 'aurora_project_owner', 'aurora_pushed_customer'];
const CLAIM_READ: readonly DesignPropertyName[] = ['aurora_design_id', 'aurora_project_id', 'aurora_deal_id', 'aurora_record_kind'];

export async function createProject(deps: Deps, input: CreateProjectInput, deadline: number): Promise<CreateProjectOutcome> {
  const { dealId } = input;
  const call = { deadline };
  const toRead = hubspotPropertiesToRead(deps.fieldMap);
  const { deal, contact } = await deps.hubspot.getDealWithPrimaryContact(dealId, { deal: [...toRead.deal, ...LINK_READ, DEAL_OWNER_PROPERTY], contact: toRead.contact }, call);
  const linked = projectViewOf(deal, deps.auroraAppUrl);
  if (linked) return { outcome: 'already_linked', project: linked };

  // Missing fields: say which, and write nothing anywhere.
  const check = preflight(deal, contact, deps.fieldMap);
  if (!check.ready) return { outcome: 'needs_input', missing: check.missing };
  const owner = await projectOwner(deps, deal, call);
  const payload = { ...buildProjectPayload(deal, contact, deps.fieldMap), ...(owner.kind === 'mapped' ? { owner_id: owner.auroraUserId } : {}) };
  const job: Job = { deps, dealId, deal, payload, sent: { ...snapshotOfPayload(payload), ...ownerMemory(deps.settings, deal, owner) }, call, staleMs: input.claimStaleMs ?? CLAIM_STALE_MS, actor: input.actor ?? null, owner };

  // A claim can vanish or go stale between our tries; a few rounds settle it, and the answer is never a second project.
  for (let round = 0; round < 3; round++) {
    const claim = await takeCreateClaim(job);
    if (claim.state === 'held') return createWithClaim(job, claim.id);
    if (claim.state === 'vanished') continue;
    const outcome = await settleExistingClaim(job, claim.claim);
    if (outcome !== 'retry') return outcome;
  }
  return { outcome: 'in_progress' };
}

interface Job {
  deps: Deps;
  dealId: string;
  deal: DealRecord;
  payload: AuroraProjectPayload;
  sent: CustomerSnapshot;
  call: CallOptions & { deadline: number };
  staleMs: number;
  actor: string | null;
  owner: OwnerDecision;
}

/** Takes the deal's create claim (create first: a first click is the common case), or says who holds it. */
function takeCreateClaim({ deps, dealId, call, staleMs }: Job): Promise<ClaimState> {
  const properties: PropertyWrite<DesignPropertyName> = {
    aurora_design_id: claimDesignId(dealId),
    aurora_record_kind: RECORD_KINDS.projectClaim,
    aurora_deal_id: dealId,
    aurora_design_name: `Creating the Aurora project for deal ${dealId}`,
  };
  return takeClaim(deps, properties, { ...call, read: CLAIM_READ, staleMs });
}

async function createWithClaim(job: Job, claimId: string): Promise<CreateProjectOutcome> {
  const { deps, dealId, call } = job;
  // Someone may have finished (and released the claim) between our first read and our claim.
  const current = await deps.hubspot.getDeal(dealId, LINK_READ, call);
  if (linkedProjectId(current)) {
    await release(job, claimId);
    return { outcome: 'already_linked', project: projectViewOf(current, deps.auroraAppUrl)! };
  }

  let project: AuroraProject;
  try {
    project = await deps.aurora.projects.create(job.payload, call);
  } catch (error) {
    // A create that may have reached Aurora keeps the claim, marked ended: the next Create finds the project by our deal id.
    if (error instanceof AuroraError && error.outcomeUnknown) await markEnded(job, claimId);
    else await release(job, claimId);
    throw error;
  }

  // The project exists from here on: record its id on the claim first, so a failed write-back is recovered, not repeated.
  await deps.hubspot.updateRecord('aurora_design', claimId, { aurora_project_id: project.id }, call).catch(() => undefined);
  const url = auroraProjectUrl(deps.auroraAppUrl, project.id);
  try {
    const history = historyWrite(current.properties[HISTORY_PROPERTY], deps.now(), createdWords(job, project.id), job.actor);
    await deps.hubspot.updateDeal(dealId, { ...linkProperties({ projectId: project.id, url, status: project.status, sent: job.sent }), ...history }, { ...call, current: current.properties });
  } catch (error) {
    await markEnded(job, claimId, project.id);
    throw new LinkNotSavedError(project.id, error);
  }
  await release(job, claimId);
  return { outcome: 'created', project: viewOf(job, project.id, url, project) };
}

/** Someone holds the claim: their project is made and only needs linking, they are still at work, or they died. */
async function settleExistingClaim(job: Job, claim: DesignRecord): Promise<CreateProjectOutcome | 'retry'> {
  const { deps, dealId, call } = job;
  const claimedProject = readText(claim.properties.aurora_project_id);
  const current = await deps.hubspot.getDeal(dealId, LINK_READ, call);
  const linkedTo = linkedProjectId(current);
  if (linkedTo) {
    // The other call finished; its claim may be left over if it stopped just before deleting it.
    if (claimedProject === linkedTo) await release(job, claim.id);
    return { outcome: 'already_linked', project: projectViewOf(current, deps.auroraAppUrl)! };
  }
  if (claimedProject) return adopt(job, claimedProject, claim.id);

  if (claimInFlight(claim.properties, deps.now(), job.staleMs)) return { outcome: 'in_progress' };

  // Its call ended or died, perhaps after Aurora made the project. Aurora knows it by our deal id.
  const orphan = await findProjectOfDeal(job);
  if (orphan) return adopt(job, orphan.id, claim.id, orphan);
  await release(job, claim.id);
  return 'retry';
}

/** Links the deal to a project made by an earlier call, then drops the claim. */
async function adopt(job: Job, projectId: string, claimId: string, known?: AuroraProject): Promise<CreateProjectOutcome> {
  const { deps, dealId, call } = job;
  // Status and name for the card; the link does not depend on Aurora answering.
  const project = known ?? (await deps.aurora.projects.retrieve(projectId, call).catch(() => undefined));
  const url = auroraProjectUrl(deps.auroraAppUrl, projectId);
  try {
    const history = historyWrite(job.deal.properties[HISTORY_PROPERTY], deps.now(), `Linked the Aurora project ${projectId} that an interrupted create had made (found again, not made twice).`, job.actor);
    await deps.hubspot.updateDeal(dealId, { ...linkProperties({ projectId, url, status: project?.status, sent: job.sent }), ...history }, call);
  } catch (error) {
    await markEnded(job, claimId, projectId);
    throw new LinkNotSavedError(projectId, error);
  }
  await release(job, claimId);
  return { outcome: 'recovered', project: viewOf(job, projectId, url, project) };
}

async function findProjectOfDeal({ deps, payload, call }: Job): Promise<AuroraProject | undefined> {
  // The id the create sent: the deal id by default, or what the admin mapped to external_provider_id (e.g. a lead id).
  for await (const project of deps.aurora.projects.list(ORPHAN_SEARCH, call)) {
    if (project.external_provider_id === payload.external_provider_id) return project;
  }
  return undefined;
}

/**
 * Records that this call stopped without linking, with the project when it knows one: the next Create links it at once
 * instead of answering "in progress" until the claim goes stale (best effort, with the claims' settle grace).
 */
async function markEnded({ deps, call }: Job, claimId: string, projectId?: string): Promise<void> {
  await markClaimDone(deps, claimId, call, projectId ? { aurora_project_id: projectId } : {}).catch(() => undefined);
}

/** Drops the claim (by its record id, best effort). */
const release = ({ deps, call }: Job, claimId: string): Promise<void> => releaseClaim(deps, claimId, call);

function viewOf(job: Job, id: string, url: string, project: AuroraProject | undefined): ProjectView {
  return {
    id,
    url,
    name: project?.name ?? job.payload.name,
    status: project?.status ?? null,
    ownerName: null,
    address: job.payload.location.property_address,
  };
}

/** "Created the Aurora project … for Jane Homeowner at 901 Mears Ct…; owner Riley Rooftop." */
function createdWords(job: Job, projectId: string): string {
  const owner = job.owner.kind === 'mapped' ? `; owner ${job.owner.auroraUserName}` : job.owner.kind === 'unmapped' ? "; the deal owner has no Aurora user, Aurora's default owner" : '';
  return `Created the Aurora project ${projectId} ("${job.payload.name}", ${job.payload.location.property_address})${owner}.`;
}

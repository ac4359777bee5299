// Use cases for Aurora's design service on the deal's project: request a roof model, follow its status, accept it (Aurora
// then makes a design, which is synced at once). A rejection shows the designers' reason.
import type { DesignRequestView, SyncSummary } from '../contract';
import type { Deps } from '../deps';
import { AuroraError, AuroraNotFoundError, DESIGN_REQUEST_FIELDS, DESIGN_REQUEST_STATUSES, type AuroraDesignRequest } from '../aurora';
import type { DealRecord } from '../hubspot/context';
import { readDatetime, readText } from '../mapping/conversions';
import { designRequestStatusProperties, linkedProjectId, PROJECT_MISSING_STATUS } from '../mapping/dealState';
import { DesignRequestStateError, NotLinkedError, PROJECT_MISSING_WORDS, ProjectMissingError } from './errors';
import { ForeignObjectError, requireOwned } from '../mapping/ownership';
import { syncDeal } from './sync';
import type { DealPropertyKey } from '../dataModel';

export type DesignRequestAction = 'create' | 'refresh' | 'accept';

export interface DesignRequestOutcome {
  designRequest: DesignRequestView;
  /** The sync of the design an accepted request created (absent when that sync could not run). */
  sync?: SyncSummary;
}

const DEAL_READ: readonly DealPropertyKey[] = ['aurora_project_id', 'aurora_design_request_id', 'aurora_design_request_status', 'aurora_design_request_status_at', 'aurora_design_request_rejection_reason'];
/** Statuses while the designers still owe an answer or the rep still has to accept: a new request would pay twice. */
const OPEN = new Set<string>([DESIGN_REQUEST_STATUSES.submitted, DESIGN_REQUEST_STATUSES.designerCompleted]);

export function runDesignRequest(deps: Deps, input: { dealId: string; action: DesignRequestAction }, deadline: number): Promise<DesignRequestOutcome> {
  if (input.action === 'create') return requestDesign(deps, input, deadline);
  if (input.action === 'accept') return acceptDesignRequest(deps, input, deadline);
  return refreshDesignRequest(deps, input, deadline);
}

/** Asks Aurora's designers for a roof model (may use credits); an open request is shown instead of paying for a second. */
export async function requestDesign(deps: Deps, input: { dealId: string }, deadline: number): Promise<DesignRequestOutcome> {
  const { deal, projectId } = await linkedDeal(deps, input.dealId, deadline);
  const openId = readText(deal.properties.aurora_design_request_id);
  if (openId && OPEN.has(deal.properties.aurora_design_request_status ?? '')) {
    try {
      return await refreshDesignRequest(deps, input, deadline);
    } catch (error) {
      // The stored id is another project's request (an edited property): this deal has none of its own yet.
      if (!(error instanceof ForeignObjectError)) throw error;
    }
  }
  const created = await projectCall(deps, deal, projectId, () => deps.aurora.designRequests.create({ project_id: projectId }, { deadline }), deadline);
  return { designRequest: await recordDesignRequest(deps, deal, created, deadline) };
}

/** Reads the request's status from Aurora and records it on the deal. */
export async function refreshDesignRequest(deps: Deps, input: { dealId: string }, deadline: number): Promise<DesignRequestOutcome> {
  const { deal, projectId } = await linkedDeal(deps, input.dealId, deadline);
  const request = await retrieve(deps, deal, projectId, requestIdOf(deal), deadline);
  return { designRequest: await recordDesignRequest(deps, deal, request, deadline) };
}

/** Accepts a completed roof model: Aurora creates a design with it, which is then synced onto the deal. */
export async function acceptDesignRequest(deps: Deps, input: { dealId: string }, deadline: number): Promise<DesignRequestOutcome> {
  const { deal, projectId } = await linkedDeal(deps, input.dealId, deadline);
  const id = requestIdOf(deal);
  // The stored id is a property anyone with the deal can edit: Aurora must say the request is this project's first.
  let request = await retrieve(deps, deal, projectId, id, deadline);
  if (request.status !== DESIGN_REQUEST_STATUSES.accepted) {
    if (request.status !== DESIGN_REQUEST_STATUSES.designerCompleted) {
      await recordDesignRequest(deps, deal, request, deadline);
      throw notReadyToAccept(request);
    }
    try {
      request = await deps.aurora.designRequests.accept(id, { deadline });
    } catch (error) {
      // An earlier accept whose answer was lost (or a second tab) may have done it already: Aurora's record decides.
      if (!(error instanceof AuroraError)) throw error;
      const again = await deps.aurora.designRequests.retrieve(id, { deadline }).catch(() => undefined);
      if (again?.status !== DESIGN_REQUEST_STATUSES.accepted) throw error;
      request = again;
    }
  }
  const designRequest = await recordDesignRequest(deps, deal, request, deadline);
  if (!designRequest.designId) return { designRequest };
  try {
    return { designRequest, sync: await syncDeal(deps, { dealId: input.dealId, only: { designIds: [designRequest.designId] }, trigger: 'Design request accepted' }, deadline) };
  } catch {
    // The design exists in Aurora; the failed sync is recorded on the deal and the next Sync brings the design in.
    return { designRequest };
  }
}

async function linkedDeal(deps: Deps, dealId: string, deadline: number): Promise<{ deal: DealRecord; projectId: string }> {
  const deal = await deps.hubspot.getDeal(dealId, DEAL_READ, { deadline });
  const projectId = linkedProjectId(deal);
  if (!projectId) throw new NotLinkedError();
  return { deal, projectId };
}

function requestIdOf(deal: DealRecord): string {
  const id = readText(deal.properties.aurora_design_request_id);
  if (!id) throw new DesignRequestStateError('This deal has no Aurora design request yet.', 'Press Request a design first.');
  return id;
}

/**
 * The request from Aurora, only when it is the deal's project's (ForeignObjectError otherwise, nothing written); one
 * Aurora no longer has is cleared from the deal (a 404 here is not the project's).
 */
async function retrieve(deps: Deps, deal: DealRecord, projectId: string, id: string, deadline: number): Promise<AuroraDesignRequest> {
  try {
    return requireOwned(await deps.aurora.designRequests.retrieve(id, { deadline }), projectId, 'design request');
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
    await deps.hubspot
      .updateDeal(deal.id, { aurora_design_request_id: '', aurora_design_request_status: '', aurora_design_request_status_at: '', aurora_design_request_rejection_reason: '' }, { deadline, current: deal.properties })
      .catch(() => undefined);
    throw new DesignRequestStateError('Aurora no longer has this design request.', 'Request a design again if the project still needs one.');
  }
}

/** A project call whose 404 means the project is gone: recorded on the deal, so the card offers to unlink. */
async function projectCall<T>(deps: Deps, deal: DealRecord, projectId: string, run: () => Promise<T>, deadline: number): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
    await deps.hubspot
      .updateDeal(deal.id, { aurora_sync_status: 'error', aurora_last_error: PROJECT_MISSING_WORDS, aurora_project_status: PROJECT_MISSING_STATUS }, { deadline })
      .catch(() => undefined);
    throw new ProjectMissingError(projectId);
  }
}

/** Writes the request's id, status and rejection reason on the deal (only what changed) and returns the card's view. */
export async function recordDesignRequest(deps: Deps, deal: DealRecord, request: AuroraDesignRequest, deadline: number): Promise<DesignRequestView> {
  const rejectionReason = request[DESIGN_REQUEST_FIELDS.rejectionReason] ?? null;
  const status = designRequestStatusProperties(request, deal.properties, deps.now());
  await deps.hubspot.updateDeal(
    deal.id,
    { aurora_design_request_id: request.id, ...status, aurora_design_request_rejection_reason: rejectionReason ?? '' },
    { deadline, current: deal.properties },
  );
  const statusAt = status.aurora_design_request_status_at ?? readDatetime(deal.properties.aurora_design_request_status_at);
  return { id: request.id, status: request.status, statusAt, rejectionReason, designId: request[DESIGN_REQUEST_FIELDS.designId] ?? null };
}

function notReadyToAccept(request: AuroraDesignRequest): DesignRequestStateError {
  if (request.status === DESIGN_REQUEST_STATUSES.designerRejected || request.status === DESIGN_REQUEST_STATUSES.rejected) {
    const reason = request[DESIGN_REQUEST_FIELDS.rejectionReason];
    return new DesignRequestStateError(`Aurora's designers rejected this request${reason ? `: ${reason.replace(/\.+$/, '')}` : ''}.`, 'Request a design again, or design it in Aurora yourself.');
  }
  return new DesignRequestStateError(`The roof model is not ready to accept yet (Aurora says "${request.status}").`, 'Check the status again later.');
}

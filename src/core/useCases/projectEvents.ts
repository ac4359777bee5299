// Project events: a design request's outcome, followed by the deal unless it waits on another request, and the
// project's status, written to the deal (checked against the status's HubSpot history, not a second Aurora read).
import type { Deps } from '../deps';
import type { DealPropertyKey } from '../dataModel';
import type { PropertyValues } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { projectDealProperties } from '../mapping/toHubSpot';
import { auroraProjectUrl } from '../aurora/links';
import { recordDesignRequest } from './designRequests';
import { pendingItem } from '../mapping/pending';
import { writeOrder } from '../mapping/writeOrder';
import { checkedUnchanged, dealOfProject, noDeal, work, type EventContext, type Located } from './eventWork';

/** Design request statuses after which the deal may follow a newer request. */
const FINAL_REQUEST_STATUSES = new Set(['designer_rejected', 'accepted', 'rejected']);

export async function designRequestEvent(deps: Deps, designRequestId: string, context: EventContext): Promise<Located> {
  const { deadline } = context;
  // Aurora says which project the request is for; the deal property naming it is editable, so it never decides.
  const request = await deps.aurora.designRequests.retrieve(designRequestId, { deadline });
  const projectId = readText(request.project_id);
  const deal = projectId ? await dealOfProject(deps, projectId, deadline) : null;
  if (!deal || !projectId) return { found: false, outcome: 'no_deal', message: `No deal follows Aurora design request ${designRequestId}; nothing was written.` };
  const current = readText(deal.properties.aurora_design_request_id);
  return work(deal, projectId, [pendingItem('design_request', designRequestId)], async () => {
    if (current !== designRequestId && current && !FINAL_REQUEST_STATUSES.has(deal.properties.aurora_design_request_status ?? '')) {
      // A request made in Aurora's app: the deal follows it unless it still waits on another one.
      return checkedUnchanged('The deal follows another open design request.');
    }
    const view = await recordDesignRequest(deps, deal, request, deadline);
    const changed = current !== designRequestId || view.status !== deal.properties.aurora_design_request_status;
    return changed ? { outcome: 'applied', message: `Design request ${view.status}.` } : { outcome: 'unchanged', message: `Design request already ${view.status}.` };
  });
}

/**
 * Whether the status this delivery wrote may have buried a later one (HubSpot has no conditional writes; statuses have
 * no order): its history on the deal since `since`, a HubSpot time before Aurora was read (docs/hubspot-calls.md#property-history).
 * One HubSpot read, no Aurora; also says the newest time it saw, the snapshot for a repair that follows.
 */
async function mayHaveBuried(deps: Deps, dealId: string, status: string, since: string | undefined, deadline: number): Promise<{ buried: boolean; newest?: string }> {
  if (!since) return { buried: true };
  const read = await deps.hubspot.getRecordHistory('deals', dealId, ['aurora_project_status'], { deadline });
  const history = read?.history.aurora_project_status ?? [];
  return { buried: !read || writeOrder(history, { since, ours: status }) === 'overwrote', newest: history[0]?.timestamp ?? since };
}

export async function projectStatusEvent(deps: Deps, projectId: string, context: EventContext): Promise<Located> {
  const { deadline } = context;
  const deal = await dealOfProject(deps, projectId, deadline);
  if (!deal) return noDeal(projectId);
  return work(deal, projectId, [pendingItem('project', projectId)], async () => {
    const url = deps.auroraAppUrl ? auroraProjectUrl(deps.auroraAppUrl, projectId) : readText(deal.properties.aurora_project_url);
    let status = (await deps.aurora.projects.retrieve(projectId, { deadline })).status ?? null;
    let current: PropertyValues<DealPropertyKey> | undefined = deal.properties;
    const changed = new Set<string>();
    // The deal's last change as the read that found it said: before Aurora was read.
    let since = deal.updatedAt;
    // Aurora is asked again only when another delivery's status went under this one's; a newer status is then written
    // once more.
    for (let round = 0; round < 2; round++) {
      const properties = projectDealProperties({ id: projectId, url, status }, deps.fieldMap);
      const written = await deps.hubspot.updateDeal(deal.id, properties, { deadline, current });
      written.changed.forEach((name) => changed.add(name));
      if (!written.changed.includes('aurora_project_status')) break;
      const order = await mayHaveBuried(deps, deal.id, status ?? '', since, deadline);
      if (!order.buried) break;
      since = order.newest;
      current = { ...current, ...properties };
      const now = (await deps.aurora.projects.retrieve(projectId, { deadline })).status ?? null;
      if (now === status) break;
      // The deal may hold anything now: the store reads it again before the repair.
      current = undefined;
      status = now;
    }
    return changed.size > 0 ? { outcome: 'applied', message: `Project status ${status ?? 'cleared'}.` } : checkedUnchanged('HubSpot already had this project status.');
  });
}

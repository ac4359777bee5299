// Project events: a design request's outcome, followed by the deal unless it waits on another request, and the
// project's status, written forward only to the deal.
import type { Deps } from '../deps';
import type { DealPropertyKey } from '../dataModel';
import type { PropertyValues } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { projectDealProperties } from '../mapping/toHubSpot';
import { auroraProjectUrl } from '../aurora/links';
import { recordDesignRequest } from './designRequests';
import { pendingItem } from '../mapping/pending';
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

export async function projectStatusEvent(deps: Deps, projectId: string, context: EventContext): Promise<Located> {
  const { deadline } = context;
  const deal = await dealOfProject(deps, projectId, deadline);
  if (!deal) return noDeal(projectId);
  return work(deal, projectId, [pendingItem('project', projectId)], async () => {
    const url = deps.auroraAppUrl ? auroraProjectUrl(deps.auroraAppUrl, projectId) : readText(deal.properties.aurora_project_url);
    let status = (await deps.aurora.projects.retrieve(projectId, { deadline })).status ?? null;
    let current: PropertyValues<DealPropertyKey> | undefined = deal.properties;
    const changed = new Set<string>();
    // HubSpot has no conditional writes: after a change, Aurora is asked again, and a newer status (written meanwhile by
    // a delivery this one's write overtook) is written once more.
    for (let round = 0; round < 2; round++) {
      const properties = projectDealProperties({ id: projectId, url, status }, deps.fieldMap);
      const written = await deps.hubspot.updateDeal(deal.id, properties, { deadline, current });
      written.changed.forEach((name) => changed.add(name));
      if (written.changed.length === 0) break;
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


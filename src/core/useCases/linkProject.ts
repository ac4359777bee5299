// Use case "link an existing Aurora project": records on a deal the project Aurora says belongs to it
// (external_provider_id), under the same create claim as Create in Aurora, so a link and a create never race. Never
// creates anything in Aurora.
import type { AuroraProject } from '../aurora';
import { auroraProjectUrl } from '../aurora/links';
import type { Deps } from '../deps';
import { HubSpotConflictError, HubSpotError } from '../hubspot/errors';
import { claimDesignId, RECORD_KINDS } from '../dataModel';
import { linkedProjectId, linkProperties } from '../mapping/dealState';

export type LinkOutcome =
  | { outcome: 'linked' | 'already_linked'; projectId: string }
  /** Another deal already holds this project (HubSpot keeps aurora_project_id unique). */
  | { outcome: 'taken'; projectId: string; byDealId: string }
  /** A Create in Aurora for this deal is under way: it decides. */
  | { outcome: 'in_progress' };

export async function linkExistingProject(deps: Deps, input: { dealId: string; project: AuroraProject }, deadline: number): Promise<LinkOutcome> {
  const { dealId, project } = input;
  const call = { deadline };
  let claimId: string;
  try {
    const claim = await deps.hubspot.createRecord(
      'aurora_design',
      {
        aurora_design_id: claimDesignId(dealId),
        aurora_record_kind: RECORD_KINDS.projectClaim,
        aurora_deal_id: dealId,
        // A link that dies half-way is finished by the next Create in Aurora, which adopts the project named here.
        aurora_project_id: project.id,
        aurora_design_name: `Linking Aurora project ${project.id} to deal ${dealId}`,
      },
      call,
    );
    claimId = claim.id;
  } catch (error) {
    if (!(error instanceof HubSpotConflictError)) throw error;
    const held = await deps.hubspot.getRecord('aurora_design', claimDesignId(dealId), ['aurora_project_id'], { ...call, idProperty: 'aurora_design_id' });
    // A claim naming this very project was left by a link that died (a crash): finish it. Any other claim decides.
    if (!held || held.properties.aurora_project_id !== project.id) return { outcome: 'in_progress' };
    claimId = held.id;
  }
  try {
    const deal = await deps.hubspot.getDeal(dealId, ['aurora_project_id', 'aurora_project_url', 'aurora_project_status'], call);
    const current = linkedProjectId(deal);
    if (current) return { outcome: 'already_linked', projectId: current };
    const url = auroraProjectUrl(deps.auroraAppUrl, project.id);
    try {
      await deps.hubspot.updateDeal(dealId, linkProperties({ projectId: project.id, url, status: project.status, sent: null }), { ...call, current: deal.properties });
    } catch (error) {
      if (!(error instanceof HubSpotError) || error.retryable) throw error;
      const holders = await deps.hubspot.findDealsByProperty('aurora_project_id', project.id, ['aurora_project_id'], { ...call, limit: 2 });
      const other = holders.find((holder) => holder.id !== dealId);
      if (!other) throw error;
      return { outcome: 'taken', projectId: project.id, byDealId: other.id };
    }
    return { outcome: 'linked', projectId: project.id };
  } finally {
    // By record id, never by value: a newer claim by someone else must survive. Best effort.
    await deps.hubspot.deleteRecord('aurora_design', claimId, call).catch(() => undefined);
  }
}

/**
 * Deletes link claims a crashed run left after its link was saved (the deal already names the claim's project), so
 * nothing stays locked; claims of a create still at work (no project yet, or another one) are left to their owner.
 */
export async function sweepFinishedClaims(deps: Deps, deadline: number): Promise<number> {
  const call = { deadline };
  const { results } = await deps.hubspot.searchRecords('aurora_design', [{ property: 'aurora_record_kind', operator: 'EQ', value: RECORD_KINDS.projectClaim }], {
    ...call,
    properties: ['aurora_deal_id', 'aurora_project_id'],
    limit: 100,
  });
  let swept = 0;
  for (const claim of results) {
    const { aurora_deal_id: dealId, aurora_project_id: projectId } = claim.properties;
    if (!dealId || !projectId) continue;
    const deal = await deps.hubspot.getDeal(dealId, ['aurora_project_id'], call).catch(() => null);
    if (!deal || linkedProjectId(deal) !== projectId) continue;
    await deps.hubspot.deleteRecord('aurora_design', claim.id, call);
    swept++;
  }
  return swept;
}

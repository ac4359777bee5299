// Use case "Unlink": when Aurora no longer has the deal's project, clears the link so a new project can be created.
// Never silent: the rep asks for it, and a project Aurora still has is never unlinked.
import type { Deps } from '../deps';
import { AuroraNotFoundError } from '../aurora';
import { DEAL_PROPERTIES } from '../mapping/dataModel';
import { linkedProjectId } from './dealState';
import { ProjectStillExistsError } from './errors';

/** Every app property of the deal goes back to empty (the sync status to "never"); design records stay as history. */
const CLEARED = Object.fromEntries(DEAL_PROPERTIES.map((p) => [p.name, p.name === 'aurora_sync_status' ? 'never' : '']));

export async function unlinkProject(deps: Deps, input: { dealId: string }, deadline: number): Promise<{ unlinked: true }> {
  const deal = await deps.hubspot.getDeal(input.dealId, DEAL_PROPERTIES.map((p) => p.name), { deadline });
  const projectId = linkedProjectId(deal);
  if (!projectId) return { unlinked: true };
  try {
    await deps.aurora.projects.retrieve(projectId, { deadline });
    throw new ProjectStillExistsError();
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
  }
  await deps.hubspot.updateDeal(input.dealId, CLEARED, { deadline, current: deal.properties });
  return { unlinked: true };
}

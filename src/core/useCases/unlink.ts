// Use case "Unlink": when Aurora no longer has the deal's project, clears the link so a new project can be created.
// Never silent: the rep asks for it, and a project Aurora still has is never unlinked.
import type { Deps } from '../deps';
import { AuroraNotFoundError, type AuroraProject } from '../aurora';
import { DEAL_PROPERTIES } from '../dataModel';
import { linkedProjectId } from '../mapping/dealState';
import { ProjectStillExistsError } from './errors';

/** Every app property of the deal goes back to empty (the sync status to "never"); design records stay as history. */
const CLEARED = Object.fromEntries(DEAL_PROPERTIES.map((p) => [p.name, p.name === 'aurora_sync_status' ? 'never' : '']));

export async function unlinkProject(deps: Deps, input: { dealId: string }, deadline: number): Promise<{ unlinked: true }> {
  const deal = await deps.hubspot.getDeal(input.dealId, DEAL_PROPERTIES.map((p) => p.name), { deadline });
  const projectId = linkedProjectId(deal);
  if (!projectId) return { unlinked: true };
  let project: AuroraProject | undefined;
  try {
    project = await deps.aurora.projects.retrieve(projectId, { deadline });
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
  }
  if (project) {
    // It is back (e.g. the app pointed at another Aurora account meanwhile): its real status replaces the "not found" mark.
    await deps.hubspot.updateDeal(input.dealId, { aurora_project_status: project.status ?? '' }, { deadline, current: deal.properties });
    throw new ProjectStillExistsError();
  }
  await deps.hubspot.updateDeal(input.dealId, CLEARED, { deadline, current: deal.properties });
  return { unlinked: true };
}

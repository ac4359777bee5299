// Use case "Create a blank design": a new empty design in the deal's Aurora project, synced onto the deal at once.
import type { SyncSummary } from '../contract';
import type { Deps } from '../deps';
import { AuroraNotFoundError } from '../aurora';
import { linkedProjectId, PROJECT_MISSING_STATUS } from '../mapping/dealState';
import { NotLinkedError, PROJECT_MISSING_WORDS, ProjectMissingError } from './errors';
import { syncDeal } from './sync';

export async function createDesign(deps: Deps, input: { dealId: string; name?: string }, deadline: number): Promise<{ designId: string; sync: SyncSummary }> {
  const deal = await deps.hubspot.getDeal(input.dealId, ['aurora_project_id'], { deadline });
  const projectId = linkedProjectId(deal);
  if (!projectId) throw new NotLinkedError();
  let designId: string;
  try {
    // Not retried blindly by the client (a lost answer could mean two designs); the deal id marks where it came from.
    const design = await deps.aurora.designs.create({ project_id: projectId, external_provider_id: input.dealId, ...(input.name ? { name: input.name } : {}) }, { deadline });
    designId = design.id;
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
    await deps.hubspot
      .updateDeal(input.dealId, { aurora_sync_status: 'error', aurora_last_error: PROJECT_MISSING_WORDS, aurora_project_status: PROJECT_MISSING_STATUS }, { deadline })
      .catch(() => undefined);
    throw new ProjectMissingError(projectId);
  }
  return { designId, sync: await syncDeal(deps, { dealId: input.dealId, only: { designIds: [designId] }, trigger: 'Create design on the card' }, deadline) };
}

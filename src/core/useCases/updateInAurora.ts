// Use case "Update in Aurora": pushes only the customer fields changed in HubSpot since they were last sent; an address
// change waits for the rep's confirmation, because Aurora locates the site again from it.
import type { Deps } from '../deps';
import { AuroraNotFoundError } from '../aurora';
import { hubspotPropertiesToRead } from '../mapping/toAurora';
import { changedCustomerFields, currentCustomer, formatSnapshot, needsConfirmation, projectUpdateOf, readSnapshot } from '../mapping/customer';
import { linkedProjectId, PROJECT_MISSING_STATUS } from '../mapping/dealState';
import { NotLinkedError, PROJECT_MISSING_WORDS, ProjectMissingError } from './errors';

export interface UpdateProjectInput {
  dealId: string;
  /** The rep saw and accepted that the site address changes in Aurora. */
  confirmAddressChange?: boolean;
}

export interface UpdateProjectOutcome {
  outcome: 'updated' | 'unchanged' | 'needs_confirmation';
  /** What was sent to Aurora (nothing unless `updated`). */
  sent: { label: string; value: string }[];
}

export async function updateProject(deps: Deps, input: UpdateProjectInput, deadline: number): Promise<UpdateProjectOutcome> {
  const call = { deadline };
  const toRead = hubspotPropertiesToRead(deps.fieldMap);
  const { deal, contact } = await deps.hubspot.getDealWithPrimaryContact(
    input.dealId,
    { deal: [...toRead.deal, 'aurora_project_id', 'aurora_pushed_customer'], contact: toRead.contact },
    call,
  );
  const projectId = linkedProjectId(deal);
  if (!projectId) throw new NotLinkedError();

  const sentBefore = readSnapshot(deal.properties.aurora_pushed_customer);
  const current = currentCustomer(deal, contact, deps.fieldMap);
  const changed = changedCustomerFields(current.fields, sentBefore);
  if (changed.length === 0) return { outcome: 'unchanged', sent: [] };
  if (changed.some(needsConfirmation) && !input.confirmAddressChange) return { outcome: 'needs_confirmation', sent: [] };

  try {
    await deps.aurora.projects.update(projectId, projectUpdateOf(changed), call);
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
    await deps.hubspot
      .updateDeal(input.dealId, { aurora_sync_status: 'error', aurora_last_error: PROJECT_MISSING_WORDS, aurora_project_status: PROJECT_MISSING_STATUS }, call)
      .catch(() => undefined);
    throw new ProjectMissingError(projectId);
  }
  // Aurora has the new values: record them, keeping the fields that were not sent as they were.
  const snapshot = { ...sentBefore, ...Object.fromEntries(changed.map((field) => [field.field, field.value])) };
  await deps.hubspot.updateDeal(input.dealId, { aurora_pushed_customer: formatSnapshot(snapshot) }, { ...call, current: deal.properties });
  return { outcome: 'updated', sent: changed.map(({ label, value }) => ({ label, value })) };
}

// Use case "Update in Aurora": pushes only the customer fields changed in HubSpot since they were last sent, and (when
// the admin turned owner following on) a changed deal owner's Aurora user; an address change waits for the rep's
// confirmation, because Aurora locates the site again from it.
import type { Deps } from '../deps';
import { AuroraNotFoundError } from '../aurora';
import type { DealRecord, PropertyWrite } from '../hubspot/context';
import { hubspotPropertiesToRead } from '../mapping/toAurora';
import { changedCustomerFields, currentCustomer, formatSnapshot, needsConfirmation, projectUpdateOf, readSnapshot, type CustomerField, type CustomerSnapshot } from '../mapping/customer';
import { linkedProjectId, PROJECT_MISSING_STATUS } from '../mapping/dealState';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import { wordsOf } from '../sync/readSync';
import { NotLinkedError, PROJECT_MISSING_WORDS, ProjectMissingError } from './errors';
import { DEAL_OWNER_PROPERTY, followOwner, type OwnerFollow } from './projectOwner';
import type { DealPropertyKey } from '../dataModel';

export interface UpdateProjectInput {
  dealId: string;
  /** The rep saw and accepted that the site address changes in Aurora. */
  confirmAddressChange?: boolean;
  /** Who pressed the button, when HubSpot tells the function (the deal's history names them). */
  actor?: string | null;
}

export interface UpdateProjectOutcome {
  outcome: 'updated' | 'unchanged' | 'needs_confirmation';
  /** What was sent to Aurora (nothing unless `updated`). */
  sent: { label: string; value: string }[];
}

const OWNER_LABEL = 'Aurora project owner';

export async function updateProject(deps: Deps, input: UpdateProjectInput, deadline: number): Promise<UpdateProjectOutcome> {
  const call = { deadline };
  const toRead = hubspotPropertiesToRead(deps.fieldMap);
  const { deal, contact } = await deps.hubspot.getDealWithPrimaryContact(
    input.dealId,
    { deal: [...toRead.deal, 'aurora_project_id', 'aurora_pushed_customer', DEAL_OWNER_PROPERTY, HISTORY_PROPERTY], contact: toRead.contact },
    call,
  );
  const projectId = linkedProjectId(deal);
  if (!projectId) throw new NotLinkedError();

  const sentBefore = readSnapshot(deal.properties.aurora_pushed_customer);
  const changed = changedCustomerFields(currentCustomer(deal, contact, deps.fieldMap).fields, sentBefore);
  if (changed.some(needsConfirmation) && !input.confirmAddressChange) return { outcome: 'needs_confirmation', sent: [] };
  const owner = await ownerOf(deps, deal, sentBefore, deadline);
  const newOwner = owner.follow?.auroraUserId ?? null;
  const sent = [...changed.map(({ label, value }) => ({ label, value })), ...(newOwner ? [{ label: OWNER_LABEL, value: owner.follow!.auroraUserName ?? newOwner }] : [])];
  if (sent.length > 0) await sendToAurora(deps, input.dealId, projectId, changed, newOwner, deadline);

  // Aurora has the new values: record them, keeping the fields that were not sent as they were.
  const snapshot: CustomerSnapshot = { ...(owner.follow?.snapshot ?? sentBefore), ...Object.fromEntries(changed.map((field) => [field.field, field.value])) };
  const what = [sent.length > 0 ? `Update in Aurora: sent ${sent.map((item) => item.label).join(', ')}` : null, owner.follow?.words ?? owner.failed].filter(Boolean).join('; ');
  if (sent.length > 0 || owner.follow || owner.failed) {
    const writes: PropertyWrite<DealPropertyKey> = { aurora_pushed_customer: formatSnapshot(snapshot), ...historyWrite(deal.properties[HISTORY_PROPERTY], deps.now(), `${what}.`, input.actor) };
    if (newOwner && owner.follow?.auroraUserName) writes.aurora_project_owner = owner.follow.auroraUserName;
    await deps.hubspot.updateDeal(input.dealId, writes, { ...call, current: deal.properties });
  }
  return { outcome: sent.length > 0 ? 'updated' : 'unchanged', sent };
}

/** The owner to follow, or why it could not be read (an Update of the customer fields goes ahead either way). */
async function ownerOf(deps: Deps, deal: DealRecord, sent: CustomerSnapshot | null, deadline: number): Promise<{ follow: OwnerFollow | null; failed: string | null }> {
  try {
    return { follow: await followOwner(deps, deal, sent, undefined, { deadline }), failed: null };
  } catch (error) {
    return { follow: null, failed: `Aurora project owner not changed: ${wordsOf(error)}` };
  }
}

async function sendToAurora(deps: Deps, dealId: string, projectId: string, changed: readonly CustomerField[], ownerId: string | null, deadline: number): Promise<void> {
  try {
    await deps.aurora.projects.update(projectId, { ...projectUpdateOf(changed), ...(ownerId ? { owner_id: ownerId } : {}) }, { deadline });
  } catch (error) {
    if (!(error instanceof AuroraNotFoundError)) throw error;
    await deps.hubspot
      .updateDeal(dealId, { aurora_sync_status: 'error', aurora_last_error: PROJECT_MISSING_WORDS, aurora_project_status: PROJECT_MISSING_STATUS }, { deadline })
      .catch(() => undefined);
    throw new ProjectMissingError(projectId);
  }
}

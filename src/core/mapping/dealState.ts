// The app's view of a deal: which properties to read, the linked project as the card shows it, and the link properties.
import type { DesignRequestView, ProjectView, SyncInfo, SyncStatus } from '../contract';
import { auroraProjectUrl } from '../aurora/links';
import type { DealRecord, PropertyValues, PropertyWrite } from '../hubspot/context';
import { DEAL_PROPERTIES, type DealPropertyKey, SYNC_STATUS_VALUES } from '../dataModel';
import { readDatetime, readText } from './conversions';
import { readSnapshot, type CustomerSnapshot } from './customer';
import { parsePending } from './pending';

/** Every deal property the app owns, plus the HubSpot ones the card shows. */
// The deal owner rides along: the sync follows owner changes into Aurora when the admin turned that on.
export const DEAL_READ_PROPERTIES: readonly DealPropertyKey[] = ['dealname', 'dealstage', 'hubspot_owner_id', ...DEAL_PROPERTIES.map((p) => p.name)];

/**
 * Written to aurora_project_status when Aurora answers 404 for the linked project, so the card (which reads HubSpot
 * only) can offer to unlink. Aurora's own statuses are set by its admins; this one is ours and says what happened.
 */
export const PROJECT_MISSING_STATUS = 'Not found in Aurora';

/** True when the installer has created the app's deal properties: HubSpot leaves unknown requested properties out. */
export const hasAppProperties = (deal: DealRecord): boolean => 'aurora_project_id' in deal.properties && 'aurora_sync_status' in deal.properties;

export const linkedProjectId = (deal: DealRecord): string | null => readText(deal.properties.aurora_project_id);

export const isProjectMissing = (deal: DealRecord): boolean => deal.properties.aurora_project_status === PROJECT_MISSING_STATUS;

/** The linked project as recorded on the deal (name and address from what was sent to Aurora). */
export function projectViewOf(deal: DealRecord, appUrl: string): ProjectView | null {
  const id = linkedProjectId(deal);
  if (!id) return null;
  const p = deal.properties;
  const sent = readSnapshot(p.aurora_pushed_customer);
  return {
    id,
    url: readText(p.aurora_project_url) ?? (appUrl ? auroraProjectUrl(appUrl, id) : ''),
    name: sent?.name ?? readText(p.dealname),
    status: readText(p.aurora_project_status),
    ownerName: readText(p.aurora_project_owner),
    address: sent?.property_address ?? null,
  };
}

/** The deal properties that link it to an Aurora project. */
export function linkProperties(input: { projectId: string; url: string; status: string | null | undefined; sent: CustomerSnapshot | null }): PropertyWrite<DealPropertyKey> {
  return {
    aurora_project_id: input.projectId,
    aurora_project_url: input.url,
    aurora_project_status: input.status ?? '',
    ...(input.sent ? { aurora_pushed_customer: JSON.stringify(input.sent) } : {}),
  };
}

/**
 * Where the deal's Aurora data stands, from facts: `pending` is every mark HubSpot holds for it (the deal's list and its
 * designs' records). Syncs and deliveries of one deal run at once and whichever finishes last writes
 * aurora_sync_status (HubSpot has no conditional write), so that status does not decide complete or incomplete: the
 * marks do, each written by the work it describes and cleared by the work that does it. A failure ('error'), a deal
 * never synced, and what no mark records (a feature the key lacks, a file or property HubSpot refused: the words a
 * sync stores) still come from the deal (docs/pending-work.md#what-the-card-says).
 */
export function syncInfoOf(deal: DealRecord, pending: readonly string[] = parsePending(deal.properties.aurora_sync_pending)): SyncInfo {
  const p = deal.properties;
  const stored = (SYNC_STATUS_VALUES as readonly string[]).includes(p.aurora_sync_status ?? '') ? (p.aurora_sync_status as SyncStatus) : 'never';
  const words = readText(p.aurora_last_error);
  const base = { lastSyncedAt: readDatetime(p.aurora_last_synced_at), pending: [...pending] };
  if (stored === 'error' || stored === 'never') return { ...base, status: stored, lastError: words };
  const incomplete = pending.length > 0 || (stored === 'partial' && words !== null);
  return { ...base, status: incomplete ? 'partial' : 'ok', lastError: incomplete ? words : null };
}

export function designRequestOf(deal: DealRecord): DesignRequestView | null {
  const id = readText(deal.properties.aurora_design_request_id);
  if (!id) return null;
  return {
    id,
    status: readText(deal.properties.aurora_design_request_status) ?? 'submitted',
    statusAt: readDatetime(deal.properties.aurora_design_request_status_at),
    rejectionReason: readText(deal.properties.aurora_design_request_rejection_reason),
    designId: null,
  };
}

/**
 * A design request's status for the deal, stamped with when it was first seen: a repeat of the status the deal holds
 * for the same request writes no time, so a rejection keeps its date.
 */
export function designRequestStatusProperties(
  request: { id: string; status: string },
  held: Readonly<PropertyValues<DealPropertyKey>>,
  now: number,
): PropertyWrite<DealPropertyKey> {
  const same = held.aurora_design_request_id === request.id && held.aurora_design_request_status === request.status;
  return same ? { aurora_design_request_status: request.status } : { aurora_design_request_status: request.status, aurora_design_request_status_at: new Date(now).toISOString() };
}

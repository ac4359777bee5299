// Formatting for the Deal card: units, money, relative time, status words and their tag colours, safe links.
import { humanize, relativeTime as sharedRelativeTime, type TagVariant } from '@aurora/ui-shared';
import type { SyncStatus } from '../../core/contract';

export { describePending, formatKw, formatKwh, formatMoney, formatMonthly, formatPercent, formatPricePerWatt, listInWords } from '@aurora/format';

/** "3 minutes ago" from an ISO timestamp; "never" when the deal has none. */
export const relativeTime = (iso: string | null | undefined, now: Date) => sharedRelativeTime(iso, now, 'never');

export { humanize };

/** Only http(s) URLs become links or images; anything else (javascript:, relative) is dropped. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export interface TagLook {
  label: string;
  variant: TagVariant;
}

const SYNC_TAGS: Record<SyncStatus, TagLook> = {
  never: { label: 'Not synced yet', variant: 'default' },
  ok: { label: 'Synced', variant: 'success' },
  partial: { label: 'Partly synced', variant: 'warning' },
  error: { label: 'Sync failed', variant: 'danger' },
};

export const syncTag = (status: SyncStatus): TagLook => SYNC_TAGS[status] ?? { label: humanize(status), variant: 'default' };

/** Aurora agreement statuses (sent, viewed, signed, cancel_pending, canceled, declined, error, or newer ones). */
export function agreementTag(status: string): TagLook {
  const key = status.toLowerCase().replace(/-/g, '_');
  if (key === 'signed') return { label: 'Signed', variant: 'success' };
  if (key === 'sent' || key === 'viewed') return { label: humanize(key), variant: 'info' };
  if (key === 'cancel_pending') return { label: 'Cancel pending', variant: 'warning' };
  if (key === 'canceled' || key === 'cancelled' || key === 'declined' || key === 'error') return { label: humanize(key), variant: 'danger' };
  return { label: humanize(status), variant: 'default' };
}

/** Aurora design request statuses (submitted, designer_completed, designer_rejected, accepted, or newer ones). */
export function designRequestTag(status: string): TagLook {
  switch (status) {
    case 'submitted':
      return { label: 'Submitted', variant: 'info' };
    case 'designer_completed':
      return { label: 'Ready to accept', variant: 'success' };
    case 'designer_rejected':
      return { label: 'Rejected', variant: 'danger' };
    case 'accepted':
      return { label: 'Accepted', variant: 'success' };
    default:
      return { label: humanize(status), variant: 'default' };
  }
}


/**
 * HubSpot's Connected apps page for the portal, where the app's Settings tab lives (Marketplace → Connected apps → app → Settings).
 * URL shape from public integrations that link there (e.g. `app.hubspot.com/connected-apps/<portal-id>/installed`), not from
 * HubSpot's reference docs; the link text also names the path, so a portal on another HubSpot domain still finds it.
 */
export const connectedAppsUrl = (portalId: number | string | null | undefined): string | null =>
  portalId === null || portalId === undefined || portalId === '' ? null : `https://app.hubspot.com/connected-apps/${encodeURIComponent(String(portalId))}/installed`;

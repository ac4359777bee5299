// Formatting for the settings page: relative times, labels from machine words, and status tag colours.
// (A copy of the card's helpers it needs: HubSpot builds each extension folder on its own, so they cannot share a module.)
import type { ConnectionReport, InstallStep, WebhookRegistration } from '../../core/contract';

/** "3 minutes ago" from an ISO timestamp; a date once it is more than a month old. */
export function relativeTime(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'unknown';
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return 'unknown';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return ago(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return ago(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return then.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

const ago = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'} ago`;

/** "association_label" -> "Association label". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}

export type TagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';

const FEATURE_LABELS: Record<ConnectionReport['features'][number]['feature'], string> = {
  projects: 'Projects',
  design_requests: 'Design requests',
  pricing: 'Pricing',
  financings: 'Financings',
  agreements: 'Agreements',
  assets: 'Assets (screenshots)',
  webhooks: 'Webhooks',
};

export const featureLabel = (feature: string): string => FEATURE_LABELS[feature as keyof typeof FEATURE_LABELS] ?? humanize(feature);

const STEP_VARIANTS: Record<InstallStep['outcome'], TagVariant> = {
  created: 'success',
  updated: 'info',
  unchanged: 'default',
  conflict: 'warning',
  missing: 'warning',
  failed: 'danger',
};

export const stepVariant = (outcome: string): TagVariant => STEP_VARIANTS[outcome as InstallStep['outcome']] ?? 'default';

/** Steps an admin must look at. */
export const isProblemStep = (step: InstallStep) => step.outcome === 'conflict' || step.outcome === 'missing' || step.outcome === 'failed';

const REGISTRATION_VARIANTS: Record<WebhookRegistration['outcome'], TagVariant> = {
  created: 'success',
  updated: 'info',
  enabled: 'info',
  unchanged: 'default',
  failed: 'danger',
};

export const registrationVariant = (outcome: string): TagVariant =>
  REGISTRATION_VARIANTS[outcome as WebhookRegistration['outcome']] ?? 'default';

// Formatting for the settings page: relative times, labels from machine words, and status tag colours.
import { humanize, relativeTime as sharedRelativeTime, type TagVariant } from '@aurora/ui-shared';
import type { ConnectionReport, InstallStep, WebhookRegistration } from '../../core/contract';

/** "3 minutes ago" from an ISO timestamp; "unknown" when there is none. */
export const relativeTime = (iso: string | null | undefined, now: Date) => sharedRelativeTime(iso, now, 'unknown');

export { humanize };

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
  refused: 'warning',
  failed: 'danger',
};

export const registrationVariant = (outcome: string): TagVariant =>
  REGISTRATION_VARIANTS[outcome as WebhookRegistration['outcome']] ?? 'default';

// The admin's extra Aurora → HubSpot targets (settings page) in the sync's writes. HubSpot refusing one of them (a
// property deleted or changed in HubSpot after the settings were saved) must not stop the app's own writes: the plan is
// written again without them, and the deal, its history and the settings page's problem list say why.
import { HubSpotValidationError } from '../hubspot/errors';
import type { AppSettings } from '../settings/model';
import type { SyncPlan } from './planSync';

export interface ExtraTargets {
  deal: readonly string[];
  design: readonly string[];
}

export function extraTargetsOf(settings: AppSettings): ExtraTargets {
  const of = (object: 'deal' | 'design') => settings.fieldMap.toHubSpot.filter((target) => target.object === object).map((target) => target.property);
  return { deal: of('deal'), design: of('design') };
}

const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The admin's targets a HubSpot validation answer names (by HubSpot's property list, else in its words); [] otherwise. */
export function refusedTargets(error: unknown, targets: ExtraTargets): string[] {
  if (!(error instanceof HubSpotValidationError)) return [];
  const all = [...new Set([...targets.deal, ...targets.design])];
  const text = [error.hubspotMessage ?? '', ...error.problems].join(' ');
  return all.filter((name) => error.propertyNames.includes(name) || new RegExp(`(^|[^a-z0-9_])${escaped(name)}([^a-z0-9_]|$)`).test(text));
}

/** What the deal and the settings page say when HubSpot refused some of the admin's targets. */
export function refusedWords(refused: readonly string[], error: HubSpotValidationError): string {
  const why = error.problems[0] ?? error.hubspotMessage ?? 'HubSpot refused the value';
  return `Not written: the field map's extra targets set on the app settings page (HubSpot refused ${refused.join(', ')}: ${why}). An admin can correct them on the app settings page.`;
}

/** The plan without any of the admin's targets, partial, with `words` as the reason (deal and summary). */
export function withoutExtraTargets(plan: SyncPlan, targets: ExtraTargets, words: string): SyncPlan {
  const without = (props: Record<string, string>, names: readonly string[]) => Object.fromEntries(Object.entries(props).filter(([name]) => !names.includes(name)));
  // Words carried from the last complete sync may say it already.
  const said = plan.deal.aurora_last_error?.includes(words) === true;
  return {
    ...plan,
    upserts: plan.upserts.map((record) => without(record, targets.design)),
    deal: { ...without(plan.deal, targets.deal), aurora_sync_status: 'partial', aurora_last_error: said ? plan.deal.aurora_last_error : [plan.deal.aurora_last_error, words].filter(Boolean).join(' ') },
    status: 'partial',
    skipped: said ? plan.skipped : [...plan.skipped, words],
  };
}

// The admin's settings as data: their stored shape (zod), the defaults (today's behaviour), and what the use cases take
// from them (the field map, the post-sale rule, asset hosts, the freshness window, owner mapping).
import { FIELD_MAP, isToAurora, isToHubSpot, type FieldMap, type ToAuroraRow, type ToHubSpotRow } from '../mapping/fieldMap';
import type { PostSaleSettings } from '../mapping/postSale';
import { factByKey, toAuroraFieldLabel, type FactKey } from './catalogue';
import { SETTINGS_VERSION, type AppSettings, type ExtraTarget } from './schema';

export { isAssetHost, settingsSchema, SETTINGS_VERSION, type AppSettings, type ExtraTarget, type ToAuroraSetting } from './schema';


/** Marker for a pipeline whose deals a signed contract leaves where they are. */
export const DONT_MOVE = 'none';

/** Default freshness window; issue 13's sync decides how it uses it. */
export const DEFAULT_FRESHNESS_MINUTES = 60;

/** Today's behaviour, as settings: what a portal runs on before an admin saves anything. */
export const DEFAULT_SETTINGS: AppSettings = {
  version: SETTINGS_VERSION,
  fieldMap: {
    siteAddressFrom: FIELD_MAP.siteAddressFrom,
    toAurora: FIELD_MAP.rows.filter(isToAurora).map(({ aurora, object, property, label, required, addressPart }) => ({
      aurora,
      object,
      property,
      label,
      required,
      ...(addressPart ? { addressPart } : {}),
    })),
    toHubSpot: [],
  },
  postSale: { moveStage: true, stageByPipeline: {} },
  extraAssetHosts: [],
  freshnessMinutes: DEFAULT_FRESHNESS_MINUTES,
  owners: { enabled: false, onOwnerChange: false, overrides: {}, auroraUsers: [], usersReadAt: null },
};

/** The field map the use cases run on: the admin's HubSpot → Aurora rows, the app's own rows, and the extra targets. */
export function fieldMapOf(settings: AppSettings): FieldMap {
  const toAurora: ToAuroraRow[] = settings.fieldMap.toAurora.map((row) => ({ direction: 'to_aurora', auroraLabel: toAuroraFieldLabel(row.aurora), ...row }));
  const own = FIELD_MAP.rows.filter(isToHubSpot);
  const extra = settings.fieldMap.toHubSpot.flatMap((target) => extraRow(target));
  return { siteAddressFrom: settings.fieldMap.siteAddressFrom, rows: [...toAurora, ...own, ...extra] };
}

/** One extra target as a field map row; a design fact on the deal reads the rolled-up design's own property. */
function extraRow(target: ExtraTarget): ToHubSpotRow[] {
  const fact = factByKey(target.fact as FactKey);
  if (!fact) return [];
  const base = { direction: 'to_hubspot' as const, aurora: fact.aurora, conversion: fact.conversion };
  if (fact.source === 'project') return target.object === 'deal' ? [{ ...base, source: 'project', fact: fact.fact, deal: target.property }] : [];
  const targets = target.object === 'deal' ? { deal: target.property, design: fact.designProperty } : { design: target.property };
  return [{ ...base, source: 'design', fact: fact.fact, ...targets }];
}

/** The post-sale rule the hand-off takes. */
export function postSaleOf(settings: AppSettings): PostSaleSettings {
  const stages = Object.entries(settings.postSale.stageByPipeline);
  return {
    moveStage: settings.postSale.moveStage,
    signedStageByPipeline: Object.fromEntries(stages.filter(([, stage]) => stage !== DONT_MOVE)),
    leaveAlone: stages.filter(([, stage]) => stage === DONT_MOVE).map(([pipeline]) => pipeline),
  };
}

// Checks settings before they are saved or used: their own shape (no I/O), and against the portal (the property exists,
// its type fits, the stage belongs to the pipeline). Every problem names the setting it is about.
import type { DealPipeline } from '../hubspot/deals';
import type { PortalProperty } from '../hubspot/portal';
import { DEAL_PROPERTIES, DESIGN_PROPERTIES } from '../dataModel';
import { checkFieldMapShape } from '../mapping/validate';
import { factByKey, TO_AURORA_SOURCE_TYPES, typesForFact, type FactKey } from './catalogue';
import { DONT_MOVE, fieldMapOf, settingsSchema, type AppSettings } from './model';

export interface SettingsProblem {
  /** Which setting, in the words of the settings page (e.g. "Post-sale stage for Sales Pipeline"). */
  field: string;
  message: string;
}

export type PortalObject = 'deal' | 'contact' | 'aurora_design';

/** What the portal defines, read once per save. */
export interface PortalFacts {
  properties: Partial<Record<PortalObject, readonly PortalProperty[]>>;
  pipelines: readonly DealPipeline[];
}

const OBJECT_WORDS: Record<PortalObject, string> = { deal: 'deal', contact: 'contact', aurora_design: 'Aurora Design' };
/** The app's own properties: the sync always writes them, so an extra target may not. */
const APP_OWNED: Record<'deal' | 'aurora_design', ReadonlySet<string>> = {
  deal: new Set(DEAL_PROPERTIES.map((p) => p.name)),
  aurora_design: new Set(DESIGN_PROPERTIES.map((p) => p.name)),
};

/** Parses stored or submitted settings; the problems say what is wrong when they cannot be used. */
export function parseSettings(value: unknown): { settings: AppSettings; problems: [] } | { settings: null; problems: SettingsProblem[] } {
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    return { settings: null, problems: parsed.error.issues.map((issue) => ({ field: fieldWords(issue.path), message: issue.message })) };
  }
  const problems = shapeProblems(parsed.data);
  return problems.length > 0 ? { settings: null, problems } : { settings: parsed.data, problems: [] };
}

const SECTION_WORDS: Record<string, string> = {
  freshnessMinutes: 'Freshness window (minutes)',
  extraAssetHosts: 'Extra asset hosts',
  postSale: 'Post-sale hand-off',
  owners: 'Owner mapping',
  fieldMap: 'Field map',
  version: 'Settings version',
};

/** A zod path in the settings page's words: "toAurora.2.property" → "HubSpot → Aurora row 3 (property)". */
function fieldWords(path: readonly PropertyKey[]): string {
  const [section, list, index, key] = path.map(String);
  if (section === 'extraAssetHosts' && list !== undefined) return `Extra asset host ${Number(list) + 1}`;
  if (section === 'fieldMap' && (list === 'toAurora' || list === 'toHubSpot') && index !== undefined) {
    return `${list === 'toAurora' ? 'HubSpot → Aurora' : 'Aurora → HubSpot'} row ${Number(index) + 1}${key ? ` (${key})` : ''}`;
  }
  return section ? (SECTION_WORDS[section] ?? path.join('.')) : 'Settings';
}

/** Mistakes visible without the portal: the field map's own rules and unknown facts. */
function shapeProblems(settings: AppSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = checkFieldMapShape(fieldMapOf(settings)).map((message) => ({ field: 'Field map', message }));
  settings.fieldMap.toHubSpot.forEach((target, index) => {
    if (!factByKey(target.fact as FactKey)) problems.push({ field: `Aurora → HubSpot row ${index + 1}`, message: `"${target.fact}" is not an Aurora value the sync reads.` });
    else if (target.object === 'aurora_design' && target.fact.startsWith('project.')) {
      problems.push({ field: `Aurora → HubSpot row ${index + 1}`, message: `Project values can only be written to deal properties.` });
    }
  });
  return problems;
}

/** Everything wrong with the settings in this portal; empty when they can be saved. */
export function validateSettings(settings: AppSettings, portal: PortalFacts): SettingsProblem[] {
  return [...shapeProblems(settings), ...stageProblems(settings, portal.pipelines), ...toAuroraProblems(settings, portal), ...targetProblems(settings, portal)];
}

function stageProblems(settings: AppSettings, pipelines: readonly DealPipeline[]): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const [pipelineId, stageId] of Object.entries(settings.postSale.stageByPipeline)) {
    const pipeline = pipelines.find((candidate) => candidate.id === pipelineId);
    if (!pipeline) {
      problems.push({ field: `Post-sale stage for pipeline ${pipelineId}`, message: `HubSpot has no deal pipeline with the id ${pipelineId}.` });
    } else if (stageId !== DONT_MOVE && !pipeline.stages.some((stage) => stage.id === stageId)) {
      problems.push({ field: `Post-sale stage for ${pipeline.label}`, message: `The stage ${stageId} is not a stage of the pipeline ${pipeline.label}.` });
    }
  }
  return problems;
}

function toAuroraProblems(settings: AppSettings, portal: PortalFacts): SettingsProblem[] {
  return settings.fieldMap.toAurora.flatMap((row, index) => {
    const field = `HubSpot → Aurora row ${index + 1} (${row.aurora}${row.addressPart ? `, ${row.addressPart}` : ''})`;
    const problem = propertyProblem(portal, row.object, row.property, TO_AURORA_SOURCE_TYPES);
    return problem ? [{ field, message: problem }] : [];
  });
}

function targetProblems(settings: AppSettings, portal: PortalFacts): SettingsProblem[] {
  const seen = new Set<string>();
  return settings.fieldMap.toHubSpot.flatMap((target, index) => {
    const fact = factByKey(target.fact as FactKey);
    if (!fact) return [];
    const field = `Aurora → HubSpot row ${index + 1} (${fact.aurora})`;
    const key = `${target.object}.${target.property}`;
    if (seen.has(key)) return [{ field, message: `The ${OBJECT_WORDS[target.object]} property ${target.property} is already written by another row.` }];
    seen.add(key);
    if (APP_OWNED[target.object].has(target.property)) {
      return [{ field, message: `The ${OBJECT_WORDS[target.object]} property ${target.property} belongs to the app; choose another property.` }];
    }
    const problem = propertyProblem(portal, target.object, target.property, typesForFact(fact), true);
    return problem ? [{ field, message: problem }] : [];
  });
}

/** Why this property cannot be used, or null; an object the portal facts do not cover is not checked. */
function propertyProblem(portal: PortalFacts, object: PortalObject, name: string, types: readonly string[], written = false): string | null {
  const defined = portal.properties[object];
  if (!defined) return null;
  const found = defined.find((property) => property.name === name);
  const where = `The ${OBJECT_WORDS[object]} property ${name}`;
  // The record id is not listed among the properties but can always be read.
  if (!found) return name === 'hs_object_id' && !written ? null : `${where} does not exist in HubSpot.`;
  if (!types.includes(found.type)) return `${where} (${found.label}) is of type ${found.type}; this needs ${types.join(' or ')}.`;
  if (written && found.readOnly) return `${where} (${found.label}) is calculated by HubSpot and cannot be written.`;
  return null;
}

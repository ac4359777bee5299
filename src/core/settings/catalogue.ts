// What an admin can map: every Aurora fact the sync reads (a target for extra HubSpot properties) and every Aurora
// project field the app can send, with the HubSpot property types each fits.
import { CONVERSIONS, type ConversionName } from '../mapping/conversions';
import type { PropertyType } from '../dataModel';
import type { DesignFacts, ProjectFacts } from '../mapping/facts';
import { AURORA_PROJECT_FIELDS, FIELD_MAP, isToHubSpot, type AuroraProjectField } from '../mapping/fieldMap';

export type FactKey = `design.${keyof DesignFacts}` | `project.${keyof ProjectFacts}`;

export type Fact =
  | { key: FactKey; source: 'design'; fact: keyof DesignFacts; aurora: string; conversion: ConversionName; designProperty: string }
  | { key: FactKey; source: 'project'; fact: keyof ProjectFacts; aurora: string; conversion: ConversionName };

/** Facts the sync reads, from the app's own rows (each design fact has the design record property it lands in). */
export const FACTS: readonly Fact[] = FIELD_MAP.rows.filter(isToHubSpot).flatMap((row): Fact[] => {
  if (row.source === 'project') return [{ key: `project.${row.fact}`, source: 'project', fact: row.fact, aurora: row.aurora, conversion: row.conversion }];
  // The design's own id and flags are the app's bookkeeping, not figures to copy elsewhere.
  if (!row.design || ['isPrimary', 'isSold', 'projectId'].includes(row.fact)) return [];
  return [{ key: `design.${row.fact}`, source: 'design', fact: row.fact, aurora: row.aurora, conversion: row.conversion, designProperty: row.design }];
});

export const factByKey = (key: FactKey): Fact | undefined => FACTS.find((fact) => fact.key === key);

/** HubSpot property types a fact's value can be written to. */
export const typesForFact = (fact: Fact): readonly PropertyType[] => CONVERSIONS[fact.conversion].hubspotTypes;

/** Aurora project fields the app can send, with the words the pre-flight shows. */
export const TO_AURORA_FIELDS: readonly { aurora: AuroraProjectField; label: string }[] = AURORA_PROJECT_FIELDS;

export const toAuroraFieldLabel = (aurora: AuroraProjectField): string => TO_AURORA_FIELDS.find((field) => field.aurora === aurora)?.label ?? aurora;

/** HubSpot property types a value sent to Aurora may come from (Aurora's project fields are text). */
export const TO_AURORA_SOURCE_TYPES: readonly string[] = ['string', 'number', 'enumeration', 'phone_number'];

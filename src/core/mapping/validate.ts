// Checks the field map: its own shape, and that every mapped HubSpot property exists with a compatible type.
import type { FieldMapRow } from '../contract';
import { CONVERSIONS } from './conversions';
import { DEAL_PROPERTIES, DESIGN_PROPERTIES, type PropertyType } from '../dataModel';
import { activeToAuroraRows, isToAurora, isToHubSpot, type FieldMap } from './fieldMap';

export type MappedObject = 'deal' | 'contact' | 'aurora_design';

/** A property as the portal defines it (crm/v3/properties). */
export interface PortalProperty {
  name: string;
  type: string;
  label?: string;
}

export interface MappedProperty {
  object: MappedObject;
  property: string;
  /** Types the mapped value can be written to; empty = read only (any type). */
  acceptedTypes: readonly PropertyType[];
}

export interface FieldMapProblem {
  object: MappedObject;
  property: string;
  problem: 'missing' | 'type';
  message: string;
}

const OBJECT_WORDS: Record<MappedObject, string> = { deal: 'deal', contact: 'contact', aurora_design: 'Aurora Design' };

/** Structural mistakes an admin can make editing the map; empty when the map is usable. */
export function checkFieldMapShape(map: FieldMap): string[] {
  const problems: string[] = [];
  const active = activeToAuroraRows(map);
  const address = active.filter((row) => row.aurora === 'location.property_address');
  if (!address.some((row) => row.addressPart === 'street')) {
    problems.push(`No street address row reads from the ${map.siteAddressFrom} (siteAddressFrom is "${map.siteAddressFrom}").`);
  }
  for (const row of address) if (!row.addressPart) problems.push(`The site address row for ${row.object}.${row.property} has no addressPart.`);
  for (const field of ['name', 'external_provider_id'] as const) {
    if (!active.some((row) => row.aurora === field)) problems.push(`Nothing feeds Aurora's ${field}.`);
  }
  const targets = new Map<string, string>();
  for (const row of map.rows.filter(isToHubSpot)) {
    if (!row.deal && !row.design) problems.push(`The row for ${row.source}.${row.fact} writes to no HubSpot property.`);
    for (const [object, property] of [
      ['deal', row.deal],
      ['aurora_design', row.design],
    ] as const) {
      if (!property) continue;
      const key = `${object}.${property}`;
      const previous = targets.get(key);
      // One fact may reach a property through two rows (an extra deal target reads the design's own property).
      if (previous && previous !== `${row.source}.${row.fact}`) problems.push(`${key} is written by both ${previous} and ${row.source}.${row.fact}.`);
      targets.set(key, `${row.source}.${row.fact}`);
    }
  }
  return problems;
}

/** Every HubSpot property the map touches, with the types a written value needs. */
export function mappedProperties(map: FieldMap): MappedProperty[] {
  const out = new Map<string, MappedProperty>();
  const add = (object: MappedObject, property: string, acceptedTypes: readonly PropertyType[]) => {
    // Each distinct use is checked: two rows writing one property with different conversions both need to fit.
    const key = `${object}.${property}:${acceptedTypes.join('|')}`;
    if (!out.has(key)) out.set(key, { object, property, acceptedTypes });
  };
  for (const row of activeToAuroraRows(map)) add(row.object, row.property, []);
  for (const row of map.rows.filter(isToHubSpot)) {
    const types = CONVERSIONS[row.conversion].hubspotTypes;
    if (row.deal) add('deal', row.deal, types);
    if (row.design) add('aurora_design', row.design, types);
  }
  return [...out.values()];
}

/**
 * Problems with mapped properties against what the portal (or the data model) defines; empty when all is well.
 * `onlyWritten` checks just the properties the sync writes (the data model does not list HubSpot's own properties).
 */
export function validateFieldMapAgainst(
  map: FieldMap,
  portal: Partial<Record<MappedObject, readonly PortalProperty[]>>,
  options: { onlyWritten?: boolean } = {},
): FieldMapProblem[] {
  const problems: FieldMapProblem[] = [];
  for (const mapped of mappedProperties(map)) {
    if (options.onlyWritten && mapped.acceptedTypes.length === 0) continue;
    const defined = portal[mapped.object];
    if (!defined) continue; // not checked (e.g. the token cannot read contact property definitions)
    const found = defined.find((p) => p.name === mapped.property);
    const where = `${OBJECT_WORDS[mapped.object]} property ${mapped.property}`;
    if (!found) {
      problems.push({ ...mapped, problem: 'missing', message: `The ${where} does not exist in HubSpot.` });
    } else if (mapped.acceptedTypes.length > 0 && !mapped.acceptedTypes.includes(found.type as PropertyType)) {
      problems.push({
        ...mapped,
        problem: 'type',
        message: `The ${where} is of type ${found.type}; the field map writes ${mapped.acceptedTypes.join(' or ')}.`,
      });
    }
  }
  return problems.map(({ object, property, problem, message }) => ({ object, property, problem, message }));
}

/** The data model as portal properties, for validating the map without a portal. */
export const DATA_MODEL_PROPERTIES: Record<'deal' | 'aurora_design', readonly PortalProperty[]> = {
  deal: DEAL_PROPERTIES,
  aurora_design: DESIGN_PROPERTIES,
};

/** The map as the settings page lists it. */
export function describeFieldMap(map: FieldMap): FieldMapRow[] {
  const active = new Set(activeToAuroraRows(map));
  const rows: FieldMapRow[] = [];
  for (const row of map.rows) {
    if (isToAurora(row)) {
      if (!active.has(row)) continue;
      const part = row.addressPart ? ` (${row.addressPart})` : '';
      rows.push({
        direction: 'to_aurora',
        hubspot: `${row.object}.${row.property}`,
        hubspotLabel: row.label,
        aurora: `${row.aurora}${part}`,
        conversion: row.required ? 'required' : 'optional, left out when empty',
      });
      continue;
    }
    const labelOf = (list: readonly { name: string; label: string }[], name: string) => list.find((p) => p.name === name)?.label ?? name;
    if (row.deal) {
      rows.push({ direction: 'to_hubspot', hubspot: `deal.${row.deal}`, hubspotLabel: labelOf(DEAL_PROPERTIES, row.deal), aurora: row.aurora, conversion: CONVERSIONS[row.conversion].description });
    }
    if (row.design) {
      rows.push({
        direction: 'to_hubspot',
        hubspot: `aurora_design.${row.design}`,
        hubspotLabel: labelOf(DESIGN_PROPERTIES, row.design),
        aurora: row.aurora,
        conversion: CONVERSIONS[row.conversion].description,
      });
    }
  }
  return rows;
}

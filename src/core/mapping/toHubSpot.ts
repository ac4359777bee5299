// Aurora facts -> HubSpot properties through the field map; the roll-up choice; design records -> card rows.
import type { DesignRow } from '../contract';
import { CONVERSIONS, type ConversionName, readBool, readDatetime, readNumber, readText, parseAuroraDate } from './conversions';
import { RECORD_KINDS, type DesignPropertyName } from '../dataModel';
import type { DesignFacts, ProjectFacts } from './facts';
import { FIELD_MAP, isToHubSpot, type FieldMap, type ToHubSpotDesignRow, type ToHubSpotProjectRow } from './fieldMap';
import type { DesignRecord, PropertyWrite } from '../hubspot/context';

export type HubSpotProperties = Record<string, string>;

const designRows = (map: FieldMap) => map.rows.filter(isToHubSpot).filter((row): row is ToHubSpotDesignRow => row.source === 'design');
const projectRows = (map: FieldMap) => map.rows.filter(isToHubSpot).filter((row): row is ToHubSpotProjectRow => row.source === 'project');

interface Target<F> {
  fact: keyof F;
  conversion: ConversionName;
  property: string | undefined;
}

function mapFacts<F extends object>(targets: readonly Target<F>[], facts: F | null): HubSpotProperties {
  const out: HubSpotProperties = {};
  for (const { fact, conversion, property } of targets) {
    if (!property) continue;
    // No facts at all (e.g. no design left to roll up) clears every mapped property.
    const value = facts === null ? '' : CONVERSIONS[conversion].toHubSpot(facts[fact]);
    if (value !== undefined) out[property] = value;
  }
  return out;
}

/** Deal properties from the linked Aurora project. */
export function projectDealProperties(project: ProjectFacts, map: FieldMap = FIELD_MAP): HubSpotProperties {
  return mapFacts(projectRows(map).map((row) => ({ ...row, property: row.deal })), project);
}

/** Deal roll-up properties from the chosen design; `null` (no designs) clears them. */
export function dealRollupProperties(design: DesignFacts | null, map: FieldMap = FIELD_MAP): HubSpotProperties {
  return mapFacts(designRows(map).map((row) => ({ ...row, property: row.deal })), design);
}

/** Aurora Design record properties for one design: the mapped values plus deal link, kind and sync time. */
export function designRecordProperties(
  design: DesignFacts,
  context: { dealId: string; syncedAt: Date | string },
  map: FieldMap = FIELD_MAP,
): PropertyWrite<DesignPropertyName> {
  const mapped = mapFacts(designRows(map).map((row) => ({ ...row, property: row.design })), design);
  return {
    ...mapped,
    aurora_deal_id: context.dealId,
    aurora_record_kind: RECORD_KINDS.design,
    aurora_last_synced_at: CONVERSIONS.datetime.toHubSpot(context.syncedAt) ?? '',
  };
}

/** The design the deal rolls up: the sold one, else the one marked primary, else the newest. */
export function pickRollupDesign<T extends Pick<DesignFacts, 'isSold' | 'isPrimary' | 'createdAt'>>(designs: readonly T[]): T | null {
  const created = (design: T) => parseAuroraDate(design.createdAt)?.getTime() ?? 0;
  const newestFirst = [...designs].sort((a, b) => created(b) - created(a));
  return newestFirst.find((d) => d.isSold) ?? newestFirst.find((d) => d.isPrimary) ?? newestFirst[0] ?? null;
}

/** Claim records (create-once locks) live in the design object but are never shown as designs. */
export function isClaimRecord(record: DesignRecord): boolean {
  return record.properties.aurora_record_kind === RECORD_KINDS.projectClaim || (record.properties.aurora_design_id ?? '').startsWith('claim:');
}

/** An Aurora Design record as the card's design row. */
export function toDesignRow(record: DesignRecord): DesignRow {
  const p = record.properties;
  return {
    id: readText(p.aurora_design_id) ?? record.id,
    name: readText(p.aurora_design_name) ?? 'Untitled design',
    systemSizeKw: readNumber(p.aurora_system_size_kw),
    annualProductionKwh: readNumber(p.aurora_annual_production_kwh),
    offsetPercent: readNumber(p.aurora_offset_percent),
    moduleCount: readNumber(p.aurora_module_count),
    price: readNumber(p.aurora_price),
    pricePerWatt: readNumber(p.aurora_price_per_watt),
    financing: readText(p.aurora_financing_type),
    monthlyPayment: readNumber(p.aurora_monthly_payment),
    agreementStatus: readText(p.aurora_agreement_status),
    proposalUrl: readText(p.aurora_proposal_url),
    screenshotUrl: readText(p.aurora_screenshot_url),
    dxfUrl: readText(p.aurora_dxf_url),
    milestone: readText(p.aurora_milestone),
    isPrimary: readBool(p.aurora_is_primary),
    isSold: readBool(p.aurora_is_sold),
    lastSyncedAt: readDatetime(p.aurora_last_synced_at),
    createdAt: readDatetime(p.aurora_design_created_at),
  };
}

/** Names of the design record properties the card rows and the sync read back. */
export const DESIGN_ROW_PROPERTIES = [
  'aurora_design_id',
  'aurora_design_name',
  'aurora_project_id',
  'aurora_deal_id',
  'aurora_system_size_kw',
  'aurora_annual_production_kwh',
  'aurora_offset_percent',
  'aurora_module_count',
  'aurora_price',
  'aurora_price_per_watt',
  'aurora_financing_type',
  'aurora_monthly_payment',
  'aurora_agreement_id',
  'aurora_agreement_status',
  'aurora_contract_signed_at',
  'aurora_proposal_url',
  'aurora_screenshot_url',
  'aurora_dxf_url',
  'aurora_milestone',
  'aurora_is_primary',
  'aurora_is_sold',
  'aurora_last_synced_at',
  'aurora_design_created_at',
  'aurora_record_kind',
  'aurora_sync_pending',
] as const satisfies readonly DesignPropertyName[];

/** What the app reads of each design record: the card's fields and every property the field map writes. */
export function designReadProperties(map: FieldMap): string[] {
  const written = map.rows.flatMap((row) => (isToHubSpot(row) && row.source === 'design' && row.design ? [row.design] : []));
  return [...new Set([...DESIGN_ROW_PROPERTIES, ...written])];
}

/** The deal roll-up from the chosen design's record (the field map writes the same names on both). */
export function rollupOfRecord(props: Record<string, string | null | undefined>, map: FieldMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of map.rows) {
    if (isToHubSpot(row) && row.source === 'design' && row.deal && row.design) out[row.deal] = props[row.design] ?? '';
  }
  return out;
}

// Writes what one webhook event alone says about a design HubSpot holds (a copied file, a proposal link) onto the
// design's record and, while the deal rolls that design up, the deal, with a history entry: no design list, no sync.
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import type { DesignFacts } from '../mapping/facts';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import { dealRollupProperties, designRecordProperties } from '../mapping/toHubSpot';

/** A design's record as HubSpot holds it, and the deal the event's delivery found through it. */
export interface HeldDesign {
  deal: DealRecord;
  record: DesignRecord;
  projectId: string;
  trigger: string;
  deadline: number;
}

/** The record is this deal's copy of a design of this project (record properties are editable, so both are checked). */
export function isDealsCopy({ deal, record, projectId }: HeldDesign): boolean {
  return readText(record.properties.aurora_deal_id) === deal.id && readText(record.properties.aurora_project_id) === projectId && Boolean(readText(record.properties.aurora_design_id));
}

/** How the deal takes the facts: `takes` false keeps them off the deal (e.g. a status that does not advance it). */
export interface DealShare {
  takes?: boolean;
  /** What the history entry calls the deal's change. */
  words?: string;
}

/**
 * Writes `facts` (only the ones given; the rest keep HubSpot's values) on the record and, when rolled up, the deal; says
 * which record properties it wrote and which deal properties HubSpot changed.
 */
export async function writeDesignFacts(deps: Deps, held: HeldDesign, facts: Partial<DesignFacts>, share: DealShare = {}): Promise<{ recordWrote: string[]; dealChanged: string[] }> {
  const { deal, record, projectId, deadline } = held;
  const designId = readText(record.properties.aurora_design_id)!;
  const all = { ...facts, designId, projectId } as DesignFacts;
  const { aurora_last_synced_at: _notASync, ...designProps } = designRecordProperties(all, { dealId: deal.id, syncedAt: new Date(deps.now()) }, deps.fieldMap);
  const rollsUp = readText(deal.properties.aurora_design_id) === designId && (share.takes ?? true);
  const dealProps = rollsUp ? dealRollupProperties(all, deps.fieldMap) : {};
  delete dealProps.aurora_design_id;
  const what = `${held.trigger}: 1 design updated${rollsUp && Object.keys(dealProps).length > 0 ? `; deal: ${share.words ?? 'the rolled-up design'}` : ''}.`;
  const [, dealWrite] = await Promise.all([
    deps.hubspot.upsertDesigns([designProps], { deadline }),
    deps.hubspot.updateDeal(deal.id, { ...dealProps, ...historyWrite(deal.properties[HISTORY_PROPERTY], deps.now(), what) }, { deadline, current: deal.properties }),
  ]);
  return { recordWrote: Object.keys(designProps), dealChanged: dealWrite.changed };
}

// Records work a delivery could not finish: a design's items on that design's own record (one delivery names one
// design, so ~80 deliveries for one deal no longer read-merge-write one shared property), the rest on the deal
// (docs/pending-work.md#where-marks-live).
import { RECORD_KINDS } from '../dataModel';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import { HubSpotConflictError } from '../hubspot/errors';
import { readText } from '../mapping/conversions';
import { designOfItem, formatPending, parsePending } from '../mapping/pending';
import { addPendingItems } from '../postSale/contracts';

/** The one design a delivery is about, as the delivery read its HubSpot record (null: HubSpot has none). */
export interface MarkedDesign {
  designId: string;
  projectId: string;
  record: DesignRecord | null;
}

const MARK_READ = ['aurora_design_id', 'aurora_deal_id', 'aurora_sync_pending'] as const;

/** The portal has the property that holds a design's marks on its record. */
const recordsHoldMarks = async (deps: Deps, deadline: number): Promise<boolean> => (await deps.hubspot.designObject({ deadline })).holdsPendingMarks;

/**
 * Puts a design's items on its record: added to the marks the record held (as the delivery read it). A design HubSpot
 * has no record of gets one holding only its ids and marks, created (never upserted: a record another call made
 * meanwhile is never given this deal's ids); it is not associated with the deal, so no card row or roll-up shows it,
 * and the sync's upsert by the same id completes it. False when the marks belong on the deal instead.
 */
async function markRecord(deps: Deps, deal: DealRecord, design: MarkedDesign, items: readonly string[], deadline: number): Promise<boolean> {
  if (!(await recordsHoldMarks(deps, deadline))) return false;
  let record = design.record;
  if (!record) {
    const created = await deps.hubspot
      .createRecord('aurora_design', { aurora_design_id: design.designId, aurora_project_id: design.projectId, aurora_deal_id: deal.id, aurora_record_kind: RECORD_KINDS.design, aurora_sync_pending: formatPending(items) }, { deadline })
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof HubSpotConflictError) return false;
          throw error;
        },
      );
    if (created) return true;
    record = await deps.hubspot.getRecord('aurora_design', design.designId, MARK_READ, { deadline, idProperty: 'aurora_design_id' });
  }
  // A record of another deal (its deal id is editable, and a delivery's ids are not trusted) never takes this deal's marks.
  if (!record || readText(record.properties.aurora_deal_id) !== deal.id) return false;
  const marks = formatPending([...parsePending(record.properties.aurora_sync_pending), ...items]);
  await deps.hubspot.upsertDesigns([{ aurora_design_id: design.designId, aurora_sync_pending: marks }], { deadline });
  return true;
}

/**
 * Adds `items` where they belong: the design's own items on its record when the portal allows, the rest on the deal.
 * True when HubSpot holds every item (written, or seen in a fresh read); false when that cannot be shown.
 */
export async function recordPending(deps: Deps, input: { deal: DealRecord; items: readonly string[]; design?: MarkedDesign }, deadline: number): Promise<boolean> {
  const { deal, design } = input;
  const own = design ? input.items.filter((item) => designOfItem(item) === design.designId) : [];
  const rest = input.items.filter((item) => !own.includes(item));
  const onRecord = design !== undefined && own.length > 0 && (await markRecord(deps, deal, design, own, deadline));
  const onDeal = onRecord ? rest : input.items;
  return onDeal.length === 0 || (await addPendingItems(deps, deal.id, onDeal, deadline, deal));
}

// Where the Aurora budget board lives: one record of the app's Aurora Design object (id `budget:aurora`) holding until
// when Aurora refuses the key, so every function invocation (separate processes) knows it (docs/aurora-budget.md).
import type { HubSpotStore } from './store';

export const BUDGET_RECORD_ID = 'budget:aurora';
export const BUSY_UNTIL_PROPERTY = 'aurora_busy_until';
/** The board is a hint: a slow HubSpot must never hold up the Aurora call it was read for. */
const BOARD_CALL_MS = 2_000;

/** Until when (epoch ms) Aurora refuses the key, as some invocation last recorded; 0 when nothing is recorded. */
export async function readBusyUntil(store: HubSpotStore, now: () => number): Promise<number> {
  const record = await store.getRecord('aurora_design', BUDGET_RECORD_ID, [BUSY_UNTIL_PROPERTY], {
    deadline: now() + BOARD_CALL_MS,
    idProperty: 'aurora_design_id',
  });
  const stored = Date.parse(record?.properties[BUSY_UNTIL_PROPERTY] ?? '');
  return Number.isFinite(stored) ? stored : 0;
}

/** Records until when Aurora refuses the key (one upsert; HubSpot creates the record the first time). */
export async function writeBusyUntil(store: HubSpotStore, until: number, now: () => number): Promise<void> {
  await store.upsertDesigns([{ aurora_design_id: BUDGET_RECORD_ID, [BUSY_UNTIL_PROPERTY]: new Date(until).toISOString() }], { deadline: now() + BOARD_CALL_MS });
}

// Where the Aurora budget board lives: on the app's settings record (settings:portal), which every function reads before
// it works, so knowing until when Aurora refuses the key costs no extra HubSpot call (docs/aurora-budget.md).
import { sharedBoard, type BudgetBoard } from '../aurora/budget';
import type { HubSpotStore } from '../hubspot/store';
import { busyUntilOf, SETTINGS_RECORD_ID } from './store';

const BUSY_UNTIL_PROPERTY = 'aurora_busy_until';
/** The board is a hint: a slow HubSpot must never hold up the Aurora call it was read for. */
const BOARD_CALL_MS = 2_000;

/** Reads the board on its own (callers that did not read the settings record). */
async function readBusyUntil(store: HubSpotStore, now: () => number): Promise<number> {
  const record = await store.getRecord('aurora_design', SETTINGS_RECORD_ID, [BUSY_UNTIL_PROPERTY], { deadline: now() + BOARD_CALL_MS, idProperty: 'aurora_design_id' });
  return busyUntilOf(record?.properties[BUSY_UNTIL_PROPERTY]);
}

/** The board on the settings record; `known` is the value already read with the settings (no second read then). */
export function settingsRecordBoard(store: HubSpotStore, now: () => number, known?: number): BudgetBoard {
  return sharedBoard({
    read: () => (known === undefined ? readBusyUntil(store, now) : Promise.resolve(known)),
    // One upsert on a 429 only; HubSpot creates the record when the admin has not saved settings yet.
    write: async (until) => {
      await store.upsertDesigns([{ aurora_design_id: SETTINGS_RECORD_ID, [BUSY_UNTIL_PROPERTY]: new Date(until).toISOString() }], { deadline: now() + BOARD_CALL_MS });
    },
  });
}

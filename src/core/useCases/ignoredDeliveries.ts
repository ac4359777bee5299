// An Aurora webhook delivery that changed nothing, in the deal's history: only the first of its event since the app last
// did something else to the deal is written (mapping/history.ts), so duplicates never cost a write each.
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import { HubSpotError } from '../hubspot/errors';
import { HISTORY_PROPERTY, ignoredDeliveryWrite } from '../mapping/history';

/**
 * Writes the entry when it is the first of its run, from the deal as the delivery read it (no read of its own); true when
 * written. Best effort: the delivery's answer never depends on it, so a HubSpot failure only leaves the entry out.
 */
export async function recordIgnoredDelivery(deps: Deps, input: { deal: DealRecord; event: string; why: string; deadline: number }): Promise<boolean> {
  const { deal, deadline } = input;
  const write = ignoredDeliveryWrite(deal.properties[HISTORY_PROPERTY], deps.now(), input.event, input.why);
  if (Object.keys(write).length === 0 || deps.now() >= deadline) return false;
  try {
    await deps.hubspot.updateDeal(deal.id, write, { deadline, current: deal.properties });
    return true;
  } catch (error) {
    if (error instanceof HubSpotError) return false;
    throw error;
  }
}

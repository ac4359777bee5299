// App function edge for aurora_sync_deal: re-reads the Aurora project and its designs into the deal.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { syncDeal } from '../useCases/sync';
import { actorOf, recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId, refresh: z.boolean().optional() });

export const main = (context: CardContext): Promise<ResultOf<'aurora_sync_deal'>> =>
  runCardFunction(context, params, async ({ dealId, refresh }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, sync: await syncDeal(deps, { dealId, refresh, trigger: 'Sync on the card', actor: actorOf(context) }, deps.now() + CARD_DEADLINE_MS) };
  });

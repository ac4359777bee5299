// App function edge for aurora_deal_overview: what the deal card shows, read from HubSpot only.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { dealOverview } from '../useCases/cardOverview';
import { recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId });

export const main = (context: CardContext): Promise<ResultOf<'aurora_deal_overview'>> =>
  runCardFunction(context, params, async ({ dealId }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, overview: await dealOverview(deps, { dealId }, deps.now() + CARD_DEADLINE_MS) };
  });

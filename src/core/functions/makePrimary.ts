// App function edge for aurora_make_primary: the rep marks the design that feeds the deal.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { makePrimary } from '../useCases/choosePrimaryDesign';
import { recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId, designId: z.string().trim().min(1).max(100) });

export const main = (context: CardContext): Promise<ResultOf<'aurora_make_primary'>> =>
  runCardFunction(context, params, async ({ dealId, designId }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, ...(await makePrimary(deps, { dealId, designId }, deps.now() + CARD_DEADLINE_MS)) };
  });

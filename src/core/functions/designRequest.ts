// App function edge for aurora_design_request: create a design request, refresh its status, or accept it.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { runDesignRequest } from '../useCases/designRequests';
import { recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId, action: z.enum(['create', 'refresh', 'accept']) });

export const main = (context: CardContext): Promise<ResultOf<'aurora_design_request'>> =>
  runCardFunction(context, params, async ({ dealId, action }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, ...(await runDesignRequest(deps, { dealId, action }, deps.now() + CARD_DEADLINE_MS)) };
  });

// App function edge for aurora_create_design: a blank design in the deal's Aurora project, synced at once.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { createDesign } from '../useCases/createBlankDesign';
import { recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId, name: z.string().trim().min(1).max(200).optional() });

export const main = (context: CardContext): Promise<ResultOf<'aurora_create_design'>> =>
  runCardFunction(context, params, async ({ dealId, name }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, ...(await createDesign(deps, { dealId, name }, deps.now() + CARD_DEADLINE_MS)) };
  });

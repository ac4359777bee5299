// App function edge for aurora_create_project: pre-flight, then exactly one Aurora project for the deal.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { createProject } from '../useCases/createInAurora';
import { actorOf, recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId });

export const main = (context: CardContext): Promise<ResultOf<'aurora_create_project'>> =>
  runCardFunction(context, params, async ({ dealId }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, ...(await createProject(deps, { dealId, actor: actorOf(context) }, deps.now() + CARD_DEADLINE_MS)) };
  });

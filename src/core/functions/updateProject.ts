// App function edge for aurora_update_project: pushes the customer fields changed in HubSpot to the Aurora project.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, loadDeps } from '../deps';
import { updateProject } from '../useCases/updateInAurora';
import { actorOf, recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId, confirmAddressChange: z.boolean().optional() });

export const main = (context: CardContext): Promise<ResultOf<'aurora_update_project'>> =>
  runCardFunction(context, params, async ({ dealId, confirmAddressChange }) => {
    const deps = await loadDeps(readConfig());
    return { ok: true as const, ...(await updateProject(deps, { dealId, confirmAddressChange, actor: actorOf(context) }, deps.now() + CARD_DEADLINE_MS)) };
  });

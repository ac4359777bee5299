// App function edge for aurora_unlink_project: clears the link to an Aurora project that no longer exists.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, createDeps } from '../deps';
import { unlinkProject } from '../useCases/unlink';
import { recordId, runCardFunction, type CardContext } from './edge';

const params = z.looseObject({ dealId: recordId });

export const main = (context: CardContext): Promise<ResultOf<'aurora_unlink_project'>> =>
  runCardFunction(context, params, async ({ dealId }) => {
    const deps = createDeps(readConfig());
    return { ok: true as const, ...(await unlinkProject(deps, { dealId }, deps.now() + CARD_DEADLINE_MS)) };
  });

// App function edge for aurora_get_settings: the settings in force, their history, and the portal's real choices.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, createDeps } from '../deps';
import { getSettings } from '../useCases/appSettings';
import { runCardFunction, type CardContext } from './edge';

export const main = (context: CardContext): Promise<ResultOf<'aurora_get_settings'>> =>
  runCardFunction(context, z.looseObject({}), async () => {
    const deps = createDeps(readConfig());
    return { ok: true as const, ...(await getSettings(deps, deps.now() + CARD_DEADLINE_MS)) };
  });

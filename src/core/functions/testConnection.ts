// App function edge for aurora_test_connection: which Aurora features the key may use, and whether HubSpot is ready.
import { z } from 'zod';
import { readConfig, requireAurora } from '../config';
import type { ResultOf } from '../contract';
import { createDeps, DEADLINES_MS } from '../deps';
import { testConnection } from '../useCases/checkConnection';
import { runCardFunction, type CardContext } from './edge';

export const main = (context: CardContext): Promise<ResultOf<'aurora_test_connection'>> =>
  runCardFunction(context, z.looseObject({}), async () => {
    const config = readConfig();
    const aurora = requireAurora(config);
    const deps = createDeps(config);
    const report = await testConnection({ aurora: deps.aurora, hubspot: deps.hubspot }, aurora, { deadline: deps.now() + DEADLINES_MS.settingsRead });
    return { ok: true as const, report };
  });

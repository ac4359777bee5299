// App function edge for aurora_settings_overview: what the admin settings page shows.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { loadDeps, DEADLINES_MS } from '../deps';
import { settingsOverview } from '../useCases/settingsPage';
import { runCardFunction, type CardContext } from './edge';

export const main = (context: CardContext): Promise<ResultOf<'aurora_settings_overview'>> =>
  runCardFunction(context, z.looseObject({}), async () => {
    const config = readConfig();
    const deps = await loadDeps(config);
    return settingsOverview({ hubspot: deps.hubspot, fieldMap: deps.fieldMap }, config, { deadline: deps.now() + DEADLINES_MS.settingsRead });
  });

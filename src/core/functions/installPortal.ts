// App function edge for aurora_install: runs the idempotent installer of the app's HubSpot properties, object and labels.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, createDeps } from '../deps';
import { installPortal } from '../useCases/install';
import { runCardFunction, type CardContext } from './edge';

export const main = (context: CardContext): Promise<ResultOf<'aurora_install'>> =>
  runCardFunction(context, z.looseObject({}), async () => {
    const deps = createDeps(readConfig());
    // The installer stops before the deadline and reports what is left.
    const report = await installPortal({ hubspot: deps.hubspot }, { dryRun: false, deadline: deps.now() + CARD_DEADLINE_MS });
    return { ok: true as const, report };
  });

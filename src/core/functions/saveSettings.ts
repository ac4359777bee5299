// App function edge for aurora_save_settings: checks the admin's settings against the portal and saves them, with who and when.
import { z } from 'zod';
import { readConfig } from '../config';
import type { ResultOf } from '../contract';
import { CARD_DEADLINE_MS, createDeps } from '../deps';
import { saveSettings } from '../useCases/appSettings';
import { actorOf, runCardFunction, type CardContext } from './edge';

// The settings themselves are checked by the use case, which names each problem the way the page does.
const params = z.looseObject({ settings: z.unknown(), basedOn: z.string().max(40).nullable(), changedBy: z.string().max(254).optional() });

export const main = (context: CardContext): Promise<ResultOf<'aurora_save_settings'>> =>
  runCardFunction(context, params, async ({ settings, basedOn, changedBy }) => {
    const deps = createDeps(readConfig());
    // The user HubSpot names in the function's context when it does; else the email the settings page's context gave.
    const by = actorOf(context) ?? changedBy ?? null;
    return saveSettings(deps, { settings, basedOn, changedBy: by }, deps.now() + CARD_DEADLINE_MS);
  });

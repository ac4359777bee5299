// App function edge for aurora_install: builds the HubSpot store from the config and runs the idempotent installer.
import { z } from 'zod';
import { readConfig, requireHubSpot } from '../config';
import type { ResultOf } from '../contract';
import { createHubSpotStore } from '../hubspot/store';
import { installPortal } from '../sync/install';
import { runCardFunction, type CardContext } from './edge';

/** HubSpot's function runtime stops a call at about 15 s; the installer stops early and reports what is left. */
const BUDGET_MS = 12_000;

const params = z.looseObject({ dryRun: z.boolean().optional() });

export const main = (context: CardContext): Promise<ResultOf<'aurora_install'>> =>
  runCardFunction(context, params, async ({ dryRun }) => {
    const hubspot = requireHubSpot(readConfig());
    const store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.baseUrl });
    const report = await installPortal({ hubspot: store }, { dryRun: dryRun ?? false, deadline: Date.now() + BUDGET_MS });
    return { ok: true as const, report };
  });

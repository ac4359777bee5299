// The UI's `call` wired to the app's real function edges (in process, against the simulators useWorld starts).
import type { CallFunction } from '@aurora/ui-shared';
import type { FunctionUid } from '../../src/core/contract';
import type { CardContext } from '../../src/core/functions/edge';
import { main as createDesign } from '../../src/core/functions/createDesign';
import { main as createProject } from '../../src/core/functions/createProject';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as designRequest } from '../../src/core/functions/designRequest';
import { main as getSettings } from '../../src/core/functions/getSettings';
import { main as installPortal } from '../../src/core/functions/installPortal';
import { main as registerWebhooks } from '../../src/core/functions/registerWebhooks';
import { main as saveSettings } from '../../src/core/functions/saveSettings';
import { main as settingsOverview } from '../../src/core/functions/settingsOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { main as testConnection } from '../../src/core/functions/testConnection';
import { main as unlinkProject } from '../../src/core/functions/unlinkProject';
import { main as updateProject } from '../../src/core/functions/updateProject';

const MAINS: Partial<Record<FunctionUid, (context: CardContext) => Promise<unknown>>> = {
  aurora_create_design: createDesign,
  aurora_create_project: createProject,
  aurora_deal_overview: dealOverview,
  aurora_design_request: designRequest,
  aurora_get_settings: getSettings,
  aurora_install: installPortal,
  aurora_register_webhooks: registerWebhooks,
  aurora_save_settings: saveSettings,
  aurora_settings_overview: settingsOverview,
  aurora_sync_deal: syncDeal,
  aurora_test_connection: testConnection,
  aurora_unlink_project: unlinkProject,
  aurora_update_project: updateProject,
};

/** `hubspot.serverless(uid, { parameters })` as HubSpot runs it: `main({ parameters })`; every call is recorded. */
export function realFunctions() {
  const calls: FunctionUid[] = [];
  const call = (async (uid: FunctionUid, params: unknown) => {
    calls.push(uid);
    const main = MAINS[uid];
    if (!main) throw new Error(`No edge for ${uid}`);
    return main({ parameters: params });
  }) as CallFunction;
  return { call, calls };
}

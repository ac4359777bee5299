// Workflow action end-to-end set-up: both simulators, the portal installed, and the workbench's functions host running
// the BUILT endpoint function; `run` sends what HubSpot's workflow engine sends (a POST with the documented body).
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createHubSpotStore, type HubSpotStore } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';
import { startFunctionsHost, type FunctionsHost } from '../../workbench/functionsHost';
import { executionRequest as workbenchExecutionRequest } from '../../workbench/workflowActions';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export interface ActionWorld {
  aurora: AuroraSimulator;
  hubspot: HubSpotSimulator;
  host: FunctionsHost;
  store: HubSpotStore;
}

export interface ActionAnswer {
  status: number;
  retryAfter: string | null;
  body: { outputFields?: Record<string, unknown>; errorCode?: string; failureReason?: string; message?: string; retryAfterSeconds?: number };
}

/** The body HubSpot POSTs to an action's actionUrl (custom action reference: callbackId, origin, context, object, inputFields). */
export function executionRequest(world: ActionWorld, dealId: string, inputFields: Record<string, unknown> = {}, portalId = world.hubspot.portalId) {
  return workbenchExecutionRequest({ portalId, dealId, inputFields });
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<ActionAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as ActionAnswer['body'] };
}

/** Starts the stack once per file; before each test: fresh simulators and an installed portal. */
export function useActionWorld(): () => ActionWorld {
  let world: ActionWorld | undefined;
  beforeAll(async () => {
    const [aurora, hubspot] = await Promise.all([
      startAuroraSimulator({ seed: true, designRequestDelayMs: null, simulationDelayMs: null }),
      startHubSpotSimulator(),
    ]);
    const host = await startFunctionsHost({
      projectRoot: PROJECT_ROOT,
      accountId: hubspot.portalId,
      env: {
        AURORA_API_KEY: DEMO.standardKey,
        AURORA_TENANT_ID: DEMO.tenantId,
        AURORA_BASE_URL: aurora.url,
        AURORA_APP_URL: aurora.url,
        AURORA_ASSET_HOSTS: aurora.url,
        AURORA_API_VERSION: undefined,
        // The public endpoint gets no app token from HubSpot: it uses its own secret.
        HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
        PRIVATE_APP_ACCESS_TOKEN: undefined,
        HUBSPOT_BASE_URL: hubspot.url,
      },
    });
    world = { aurora, hubspot, host, store: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) };
  });
  beforeEach(async () => {
    world!.aurora.control.reset({ seed: true });
    world!.aurora.control.setRateLimit({ requests: 90, perMs: 60_000 });
    world!.hubspot.control.reset();
    expect((await installPortal({ hubspot: world!.store })).ready).toBe(true);
  });
  afterEach(() => {
    expect(world!.aurora.server.unhandled.splice(0)).toEqual([]);
    expect(world!.hubspot.server.unhandled).toEqual([]);
  });
  afterAll(async () => {
    await world?.host.close();
    await Promise.all([world?.aurora.close(), world?.hubspot.close()]);
  });
  return () => world!;
}

/** The endpoint URL of one action, as the action definitions' actionUrl names it. */
export const actionUrl = (world: ActionWorld, action: string) => `${world.host.endpointUrl('aurora_workflow_action')}?action=${action}`;

/** What a workflow's "Set property value" step does before an Aurora action. */
export const optIn = (world: ActionWorld, dealId: string) => world.store.updateDeal(dealId, { aurora_automation: 'true' });

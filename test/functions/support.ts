// Shared set-up for the function end-to-end tests: both simulators, the portal installed, and process.env pointing the
// app's edges at them (restored after each test); every test must leave no request on an unknown route.
import { DEMO, startAuroraSimulator, type AuroraSimulator, type AuroraSimulatorOptions } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createAuroraClient, type AuroraClient } from '../../src/core/aurora/client';
import type { AuroraProject } from '../../src/core/aurora/schemas';
import { main as createProject } from '../../src/core/functions/createProject';
import type { CardContext } from '../../src/core/functions/edge';
import { createHubSpotStore, type HubSpotStore } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';

export interface World {
  aurora: AuroraSimulator;
  hubspot: HubSpotSimulator;
  /** A store on the HubSpot simulator, for set-up writes through the real API (e.g. a contact's new email). */
  store: HubSpotStore;
  /** A client on the Aurora simulator with the demo key, to read what Aurora holds. */
  client: AuroraClient;
}

/** Every variable the app's config reads; each test starts from exactly these. */
const APP_ENV = [
  'AURORA_API_KEY',
  'AURORA_TENANT_ID',
  'AURORA_BASE_URL',
  'AURORA_APP_URL',
  'AURORA_API_VERSION',
  'AURORA_ASSET_HOSTS',
  'AURORA_WEBHOOK_TOKEN',
  'AURORA_WEBHOOK_URL',
  'PRIVATE_APP_ACCESS_TOKEN',
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_BASE_URL',
];

/** Starts both simulators for the suite; before each test: fresh state, installed portal, env for the edges. */
export function useWorld(auroraOptions: AuroraSimulatorOptions = {}): () => World {
  let world: World | undefined;
  let saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    const [aurora, hubspot] = await Promise.all([startAuroraSimulator({ seed: true, designRequestDelayMs: null, ...auroraOptions }), startHubSpotSimulator()]);
    world = {
      aurora,
      hubspot,
      store: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }),
      client: createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url }),
    };
  });
  beforeEach(async () => {
    const { aurora, hubspot } = world!;
    aurora.control.reset({ seed: true });
    hubspot.control.reset();
    const report = await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) });
    expect(report.ready).toBe(true);
    world!.store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
    saved = Object.fromEntries(APP_ENV.map((name) => [name, process.env[name]]));
    for (const name of APP_ENV) delete process.env[name];
    Object.assign(process.env, {
      AURORA_API_KEY: DEMO.standardKey,
      AURORA_TENANT_ID: DEMO.tenantId,
      AURORA_BASE_URL: aurora.url,
      PRIVATE_APP_ACCESS_TOKEN: hubspot.accessToken,
      HUBSPOT_BASE_URL: hubspot.url,
    });
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const { aurora, hubspot } = world!;
    await aurora.control.webhooksIdle();
    expect(aurora.server.unhandled.splice(0)).toEqual([]);
    expect(hubspot.server.unhandled).toEqual([]);
  });
  afterAll(async () => {
    await Promise.all([world?.aurora.close(), world?.hubspot.close()]);
  });
  return () => world!;
}

/** The card's call: `hubspot.serverless(uid, { parameters })` reaches `main({ parameters })`. */
export const card = (parameters: unknown): CardContext => ({ parameters });

/** Presses Create in Aurora on the deal (the demo sandbox deal unless named); set-up, so anything but a linked project throws. */
export async function linkedDeal(world: World, dealId = world.hubspot.demo!.deals.sandbox, call = card): Promise<{ dealId: string; projectId: string }> {
  const created = await createProject(call({ dealId }));
  if (!created.ok || !('project' in created)) throw new Error(`create failed: ${JSON.stringify(created)}`);
  return { dealId, projectId: created.project.id };
}

/** The Aurora projects whose external_provider_id is the deal. */
export function projectsOfDeal(world: World, dealId: string): Record<string, unknown>[] {
  return [...world.aurora.state.projects.values()].map((p) => p.wire).filter((wire) => wire.external_provider_id === dealId);
}

/** The deal's properties as the HubSpot simulator holds them. */
export function dealProps(world: World, dealId: string): Record<string, string> {
  return world.hubspot.view.deal(dealId)!.properties;
}

/** The deal's linked Aurora Design records (claims excluded) with their labels. */
export function dealDesigns(world: World, dealId: string) {
  return (world.hubspot.view.deal(dealId)!.custom.aurora_design ?? []).filter((r) => r.properties.aurora_record_kind !== 'project_claim');
}

/** Claim records left in the portal (the create-once locks). */
export const claims = (world: World) => world.hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_record_kind === 'project_claim');

/** A laid-out design made in the Aurora app, with its performance simulation run (screenshot and DXF saved). */
export function simulatedDesign(world: World, projectId: string, input: { name: string; sizeKw: number }) {
  const design = world.aurora.control.createDesign({ projectId, ...input });
  world.aurora.control.finishSimulation(design.id);
  return design;
}

export async function auroraProject(world: World, projectId: string): Promise<AuroraProject> {
  return world.client.projects.retrieve(projectId);
}

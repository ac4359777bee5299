// Webhook end-to-end set-up: the Aurora and HubSpot simulators, the portal installed, and the workbench's functions host
// running the BUILT app functions with HubSpot's main(context) (endpoint params as arrays, standard headers only).
// Subscriptions are made by the app's own aurora_register_webhooks, so the simulator's real GETs hit the real endpoint.
import { DEMO, startAuroraSimulator, type AuroraSimulator, type AuroraSimulatorOptions } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createAuroraClient, type AuroraClient } from '../../src/core/aurora/client';
import { createHubSpotStore, type HubSpotStore } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';
import { startFunctionsHost, type FunctionsHost } from '../../workbench/functionsHost';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
export const WEBHOOK_TOKEN = 'whk_test_7f3a9c1e5b2d4068a1c3e5f7b9d1f3a5';
/** A site Aurora's simulator does not model instantly, so design requests wait for the test. */
export const ORDINARY_ADDRESS = '1234 Cowper St, Palo Alto, CA 94301';

/** Simulators are started once per file; the functions host can be restarted against another HubSpot portal. */
export interface Stack {
  aurora: AuroraSimulator;
  hubspot: HubSpotSimulator;
  host: FunctionsHost;
  /** The Aurora client the test uses to play the rep in Aurora (demo standard key). */
  client: AuroraClient;
  store: HubSpotStore;
  endpoint: string;
}

export interface StackOptions {
  aurora?: AuroraSimulatorOptions;
  /** Reuse this Aurora simulator (its subscriptions stay); the stack then does not close it. */
  sharedAurora?: AuroraSimulator;
  /** Listen on this port (to keep the subscriptions' URL when the host is restarted). */
  hostPort?: number;
}

export function appEnv(aurora: AuroraSimulator, hubspot: HubSpotSimulator, endpoint: (hostUrl: string) => string) {
  return (hostUrl: string): Record<string, string | undefined> => ({
    AURORA_API_KEY: DEMO.standardKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    AURORA_APP_URL: aurora.url,
    AURORA_API_VERSION: undefined,
    AURORA_ASSET_HOSTS: aurora.url,
    AURORA_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    AURORA_WEBHOOK_URL: endpoint(hostUrl),
    // The public endpoint gets no app token from HubSpot: it uses its own secret.
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    PRIVATE_APP_ACCESS_TOKEN: undefined,
    HUBSPOT_BASE_URL: hubspot.url,
  });
}

/** Starts (or reuses) the simulators, installs the portal, starts the host and registers the webhooks through the app. */
export async function startStack(options: StackOptions = {}): Promise<Stack & { close(): Promise<void> }> {
  const aurora =
    options.sharedAurora ??
    (await startAuroraSimulator({
      seed: true,
      designRequestDelayMs: null,
      simulationDelayMs: null,
      webhooks: { retryDelaysMs: [50, 100] },
      // Rate limiting is the client's own suite; here it would only turn deliveries into deferrals.
      rateLimit: { requests: 100_000, perMs: 60_000 },
      ...options.aurora,
    }));
  // HubSpot's 190 requests per 10 s is the store's own suite; many syncs in a row would only slow these tests down.
  const hubspot = await startHubSpotSimulator({ seed: true, rateLimit: { max: 100_000, windowMs: 10_000 } });
  const store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
  const report = await installPortal({ hubspot: store });
  if (!report.ready) throw new Error(`the installer did not finish: ${JSON.stringify(report.steps.filter((s) => s.outcome !== 'unchanged' && s.outcome !== 'created'))}`);
  const endpointOf = (hostUrl: string) => `${hostUrl}/hs/serverless/aurora/webhook`;
  const host = await startFunctionsHost({ projectRoot: PROJECT_ROOT, env: appEnv(aurora, hubspot, endpointOf), ...(options.hostPort ? { port: options.hostPort } : {}) });
  const registered = await host.callCardFunction('aurora_register_webhooks', {});
  if (!registered.ok || !(registered.result as { ok: boolean }).ok) throw new Error(`webhook registration failed: ${JSON.stringify(registered)}`);
  return {
    aurora,
    hubspot,
    host,
    store,
    client: createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, rateLimit: { requests: 10_000, perMs: 60_000 } }),
    endpoint: endpointOf(host.url),
    async close() {
      await aurora.control.webhooksIdle();
      await host.close();
      await hubspot.close();
      if (!options.sharedAurora) await aurora.close();
    },
  };
}

/** One stack for the enclosing describe block (or file): started, then `prepare`d, before its tests; closed after them. */
export function useStack(options: StackOptions = {}, prepare: (stack: Stack) => Promise<void> = async () => {}): () => Stack {
  let stack: (Stack & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    stack = await startStack(options);
    await prepare(stack);
  });
  afterAll(() => stack?.close());
  return () => stack!;
}

/** A HubSpot deal linked to a new Aurora project (as Create in Aurora leaves it). */
export async function linkedDeal(stack: Stack, name: string, address = ORDINARY_ADDRESS): Promise<{ dealId: string; projectId: string }> {
  const dealId = stack.hubspot.control.createRecord('deals', { dealname: name, pipeline: 'default', dealstage: 'contractsent', amount: '30000' });
  const project = await stack.client.projects.create({ name, external_provider_id: dealId, location: { property_address: address } });
  await stack.store.updateDeal(dealId, { aurora_project_id: project.id, aurora_project_status: project.status ?? '' });
  await stack.aurora.control.webhooksIdle();
  return { dealId, projectId: project.id };
}

/** The deal's linked Aurora Design records (claims excluded), with their association labels. */
export function dealDesigns(stack: Stack, dealId: string) {
  return (stack.hubspot.view.deal(dealId)?.custom.aurora_design ?? []).filter((r) => r.properties.aurora_record_kind !== 'project_claim');
}

export const dealProps = (stack: Stack, dealId: string): Record<string, string> => stack.hubspot.view.deal(dealId)?.properties ?? {};
export const dealNotes = (stack: Stack, dealId: string) => stack.hubspot.view.deal(dealId)?.notes ?? [];

/** A GET at the endpoint as anyone on the internet could send it. */
export async function getEndpoint(stack: Stack, query: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.endpoint}?${new URLSearchParams(query)}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Deliveries of the simulator that did not end in a 2xx. */
export const failedDeliveries = (aurora: AuroraSimulator) => aurora.state.deliveries.filter((d) => d.outcome !== 'delivered');

/** The receiver's log lines (the bundles log one JSON line per delivery), kept out of the test output. */
export function captureDeliveryLogs(): string[] {
  const lines: string[] = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return lines;
}

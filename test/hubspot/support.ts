// Shared set-up for the HubSpot tests: a simulator per suite, stores built on the real api-client, no unknown routes.
import { startHubSpotSimulator, type HubSpotSimulator, type HubSpotSimulatorOptions } from '../../simulators/hubspot';
import { createHubSpotStore, type HubSpotStore, type HubSpotStoreOptions } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';

/** Starts a simulator for the suite; after each test, asserts no request hit an unknown route, then resets it. */
export function useSimulator(options: HubSpotSimulatorOptions = {}, reset: { seed?: boolean } = {}): () => HubSpotSimulator {
  let sim: HubSpotSimulator | undefined;
  beforeAll(async () => {
    sim = await startHubSpotSimulator(options);
  });
  afterEach(() => {
    expect(sim!.server.unhandled).toEqual([]);
    sim!.control.reset({ seed: reset.seed ?? options.seed ?? true });
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => sim!;
}

/** A store on the simulator, with short retry waits so rate-limit tests stay fast. */
export function storeFor(sim: HubSpotSimulator, options: Partial<HubSpotStoreOptions> = {}): HubSpotStore {
  return createHubSpotStore({
    accessToken: sim.accessToken,
    baseUrl: sim.url,
    retry: { serverErrorDelayMs: 10, rollingLimitDelayMs: 50, secondlyLimitDelayMs: 50 },
    ...options,
  });
}

/** Runs the installer and checks it succeeded (most store tests need the data model in place). */
export async function installed(sim: HubSpotSimulator): Promise<HubSpotStore> {
  const report = await installPortal({ hubspot: storeFor(sim) });
  expect(report.steps.filter((s) => !['created', 'unchanged', 'updated'].includes(s.outcome))).toEqual([]);
  return storeFor(sim);
}

/** Requests the simulator answered since `from` (an index into its API log). */
export const requestsSince = (sim: HubSpotSimulator, from: number) => sim.apiRequests().slice(from);

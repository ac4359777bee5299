// Benchmark: reconciliation throughput against the rate-limit bound. 300 deals with history on the simulators, both
// rate windows scaled down by the same factor (Aurora 90 per second instead of per minute), one walk; the bound is the
// deals per minute Aurora's limit allows at the requests per deal measured, and the ratio is achieved ÷ bound.
import { DEMO, startAuroraSimulator } from '../simulators/aurora';
import { startHubSpotSimulator } from '../simulators/hubspot';
import { CountingLimiter, createAuroraClient } from '../src/core/aurora';
import { readConfig } from '../src/core/config';
import { AURORA_CONCURRENCY, createDeps } from '../src/core/deps';
import { installPortal } from '../src/core/useCases/install';
import { reconcilePortal, type Checkpoint } from '../src/core/useCases/reconcile';
import { DEFAULT_MIX, seedPortfolio } from '../workbench/portfolio';

const DEALS = 300;
/** Aurora's 90 a minute, with the window 60 times shorter so the run takes seconds; HubSpot's window is scaled alike. */
const SCALE = 60;
const AURORA_RATE = { requests: 90, perMs: 60_000 / SCALE };
const HUBSPOT_RATE = { max: 190, windowMs: 10_000 / SCALE };

export interface ReconcileBench {
  deals: number;
  /** Deals per minute achieved ÷ deals per minute the rate limit allows at the measured Aurora requests per deal. */
  ratio: number;
  auroraRequestsPerDeal: number;
  /** Deals that did not end in line (a 429 surfacing as a failure would count here). */
  failures: number;
}

export async function runReconcileBench(): Promise<{ reconcile: ReconcileBench }> {
  const [aurora, hubspot] = await Promise.all([startAuroraSimulator({ seed: true, rateLimit: AURORA_RATE }), startHubSpotSimulator({ seed: false, rateLimit: HUBSPOT_RATE })]);
  try {
    const config = readConfig({ AURORA_API_KEY: DEMO.standardKey, AURORA_TENANT_ID: DEMO.tenantId, AURORA_BASE_URL: aurora.url, HUBSPOT_ACCESS_TOKEN: hubspot.accessToken, HUBSPOT_BASE_URL: hubspot.url });
    const limiter = new CountingLimiter(AURORA_RATE.requests, AURORA_RATE.perMs);
    const client = createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, maxConcurrency: AURORA_CONCURRENCY, limiter });
    const deps = createDeps(config, { aurora: client });
    await installPortal(deps);
    // Every kind but deleted projects, whose failure is the right outcome and would blur the failure count.
    await seedPortfolio(aurora, hubspot, DEALS, { mix: { ...DEFAULT_MIX, project_deleted: 0 }, restoreTo: AURORA_RATE });
    const limitedBefore = aurora.state.requests.filter((r) => r.limited).length;

    const started = Date.now();
    const report = await reconcilePortal(deps, { concurrency: 8 }, { checkpoint: { load: async () => null, save: async (_c: Checkpoint) => undefined } });
    const elapsedMs = Date.now() - started;

    const perDeal = limiter.count / report.done;
    const achievedPerMin = (report.done / elapsedMs) * 60_000;
    const boundPerMin = ((AURORA_RATE.requests / AURORA_RATE.perMs) * 60_000) / perDeal;
    const limited = aurora.state.requests.filter((r) => r.limited).length - limitedBefore;
    const result: ReconcileBench = {
      deals: report.done,
      ratio: Math.round((achievedPerMin / boundPerMin) * 100) / 100,
      auroraRequestsPerDeal: Math.round(perDeal * 100) / 100,
      failures: report.tally.failed,
    };
    console.log(`Reconciliation of ${DEALS} deals (rate windows scaled ${SCALE}x: Aurora ${AURORA_RATE.requests} per ${AURORA_RATE.perMs} ms)`);
    console.table([{ ...result, ...report.tally, elapsedMs, achievedPerMin: Math.round(achievedPerMin), boundPerMin: Math.round(boundPerMin), aurora429s: limited }]);
    for (const failure of report.failures) console.log(`  - failed: deal ${failure.dealId}: ${failure.reason}`);
    return { reconcile: result };
  } finally {
    await Promise.all([aurora.close(), hubspot.close()]);
  }
}

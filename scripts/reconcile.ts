// `npm run reconcile`: brings every deal of a portal in line with Aurora from a terminal, with a progress bar, an ETA
// from Aurora's rate limit and a summary table. On the simulators by default (a seeded portal with history); `--live`
// uses the real portal and tenant from the environment (AURORA_API_KEY, AURORA_TENANT_ID, HUBSPOT_ACCESS_TOKEN).
//   npm run reconcile [-- --live] [--dry-run] [--restart] [--checkpoint FILE] [--stale-after-hours 24]
//                     [--concurrency 4] [--aurora-rate 90/60000] [--deals 120]
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAuroraSimulator, DEMO } from '../simulators/aurora';
import { startHubSpotSimulator } from '../simulators/hubspot';
import { CountingLimiter, createAuroraClient, RollingWindowLimiter } from '../src/core/aurora';
import { readConfig, requireAurora } from '../src/core/config';
import { AURORA_CONCURRENCY, createDeps, loadDeps, type Deps } from '../src/core/deps';
import { toFailure } from '../src/core/functions/edge';
import { fileCheckpoint } from './reconcileCheckpoint';
import { installPortal } from '../src/core/useCases/install';
import { reconcilePortal, type ReconcileProgress } from '../src/core/useCases/reconcile';
import { seedPortfolio } from '../workbench/portfolio';
import { progressLine, summaryTable, type Pace } from './reconcileFormat';

const { values: args } = parseArgs({
  options: {
    live: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    restart: { type: 'boolean', default: false },
    checkpoint: { type: 'string' },
    'stale-after-hours': { type: 'string', default: '24' },
    concurrency: { type: 'string', default: '4' },
    'aurora-rate': { type: 'string' },
    deals: { type: 'string', default: '120' },
  },
});

function parseRate(text: string): { requests: number; perMs: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`--aurora-rate takes <requests>/<milliseconds>, e.g. 90/60000 (got ${text})`);
  return { requests: Number(match[1]), perMs: Number(match[2]) };
}

/** Deps for the real portal and tenant (and the admin's settings saved in it), through one rate-limited Aurora client. */
async function liveDeps(limiter: RollingWindowLimiter): Promise<Deps> {
  const config = readConfig(process.env);
  const aurora = requireAurora(config);
  const client = createAuroraClient({ apiKey: aurora.apiKey, tenantId: aurora.tenantId, baseUrl: aurora.baseUrl, apiVersion: aurora.apiVersion, maxConcurrency: AURORA_CONCURRENCY, limiter });
  // Reading the settings is the first HubSpot call: a busy or failing HubSpot is waited out a few times here too.
  for (let tried = 1; ; tried++) {
    try {
      return await loadDeps(config, { aurora: client });
    } catch (error) {
      if (tried >= 5 || !toFailure(error).error.retryable) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000 * tried));
    }
  }
}

/** Both simulators with a seeded portal; the rate window is scaled down so a demo takes seconds, not minutes. */
async function simulatedDeps(limiter: RollingWindowLimiter, rate: { requests: number; perMs: number }, deals: number) {
  const [aurora, hubspot] = await Promise.all([startAuroraSimulator({ seed: true, rateLimit: rate }), startHubSpotSimulator({ rateLimit: { max: 190, windowMs: 1_000 } })]);
  const env = { AURORA_API_KEY: DEMO.standardKey, AURORA_TENANT_ID: DEMO.tenantId, AURORA_BASE_URL: aurora.url, HUBSPOT_ACCESS_TOKEN: hubspot.accessToken, HUBSPOT_BASE_URL: hubspot.url };
  const config = readConfig(env);
  const deps = createDeps(config, { aurora: createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, maxConcurrency: AURORA_CONCURRENCY, limiter }) });
  await installPortal(deps);
  await seedPortfolio(aurora, hubspot, deals, { restoreTo: rate });
  return { deps, close: () => Promise.all([aurora.close(), hubspot.close()]) };
}

async function main(): Promise<void> {
  const rate = parseRate(args['aurora-rate'] ?? (args.live ? '90/60000' : '90/2000'));
  const limiter = new CountingLimiter(rate.requests, rate.perMs);
  const sim = args.live ? null : await simulatedDeps(limiter, rate, Number(args.deals));
  const deps = sim?.deps ?? (await liveDeps(limiter));
  const checkpointPath = args.checkpoint ?? (args.live ? 'reconcile-checkpoint.json' : path.join(os.tmpdir(), `aurora-reconcile-${process.pid}.json`));
  const checkpoint = fileCheckpoint(checkpointPath);
  if (args.restart) await checkpoint.clear();
  console.log(sim ? `Simulators: a seeded portal of ${args.deals} deals; Aurora allows ${rate.requests} requests per ${rate.perMs} ms (scaled down).` : `Portal and tenant from the environment; Aurora allows ${rate.requests} requests per ${rate.perMs} ms.`);
  console.log(`Checkpoint: ${checkpointPath}${args['dry-run'] ? ' (dry run)' : ''}`);

  const started = Date.now();
  const pace: Pace = { auroraRequests: 0, dealsThisRun: 0, rate };
  let lastPrinted = -1;
  const show = (progress: ReconcileProgress) => {
    Object.assign(pace, { auroraRequests: limiter.count, dealsThisRun: progress.doneThisRun });
    const line = progressLine(progress, pace);
    if (process.stdout.isTTY) return void process.stdout.write(`\r${line}`);
    // Not a terminal (a log file, CI): a line at every tenth.
    const tenth = progress.total ? Math.floor((progress.done * 10) / progress.total) : 0;
    if (tenth !== lastPrinted) {
      lastPrinted = tenth;
      console.log(line);
    }
  };
  try {
    const report = await reconcilePortal(
      deps,
      { dryRun: args['dry-run'], freshForMs: Number(args['stale-after-hours']) * 3_600_000, concurrency: Number(args.concurrency) },
      { checkpoint, onProgress: show },
    );
    Object.assign(pace, { auroraRequests: limiter.count, dealsThisRun: report.doneThisRun });
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(summaryTable(report, pace, Date.now() - started));
    // A finished run needs no checkpoint; the next run starts from the first deal.
    await checkpoint.clear();
  } finally {
    await sim?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

// Benchmark (npm run bench): Sync for a deal with 1, 5 and 20 designs against both simulators under simulated latency
// (Aurora 120 ms, HubSpot 80 ms a call): wall time, the critical-path lower bound, their ratio, request counts, and a
// second sync with nothing new; then webhooks, reconciliation and Aurora's request economy (economy.ts: each event
// against its target, a deal's lifecycle and a 30-deal burst). Prints tables and writes bench/results.json (other
// sections of that file are kept).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../simulators/hubspot';
import type { LoggedRequest } from '../simulators/shared/httpServer';
import { createAuroraClient } from '../src/core/aurora/client';
import { readConfig } from '../src/core/config';
import { AURORA_CONCURRENCY, createDeps, type Deps } from '../src/core/deps';
import { forgetInstallFacts } from '../src/core/hubspot/installFacts';
import { createHubSpotStore } from '../src/core/hubspot/store';
import { createProject } from '../src/core/useCases/createInAurora';
import { installPortal } from '../src/core/useCases/install';
import { syncDeal } from '../src/core/useCases/sync';
import { lowerBound, syncCallGraph, type Latencies } from './criticalPath';
import { eventTargets, runBurstBench, runHubSpotBurstBench, runLifecycleBench } from './economy';
import { runReconcileBench } from './reconcile';
import { runWebhookBench } from './webhooks';

const LATENCY: Latencies = { aurora: 120, hubspot: 80, files: 120 };
const DESIGN_COUNTS = process.env.BENCH_DESIGNS ? process.env.BENCH_DESIGNS.split(',').map(Number) : [1, 5, 20];
/** Each size is measured this many times on a fresh portal; the median is reported. */
const RUNS = 5;
/** Rate limits far above what a benchmark sends, so it measures the sync, not the limiter. */
const RELAXED_AURORA = { requests: 1_000_000, perMs: 60_000 };
const RELAXED_HUBSPOT = { max: 1_000_000, windowMs: 10_000 };
/** The sync's concurrency caps: Aurora's calls, screenshot downloads and Files uploads (4 each). */
const CAPS = { aurora: AURORA_CONCURRENCY, files: 4, upload: 4 };
const RESULTS_FILE = path.join(__dirname, 'results.json');

export interface SyncRow {
  designs: number;
  wallMs: number;
  boundMs: number;
  ratio: number;
  auroraRequests: number;
  hubspotRequests: number;
  /** Where the wall time went: before Aurora's first request arrived, Aurora's span, after its last answer (median run). */
  phasesMs: Phases;
  /** Slot-time Aurora's cap stood idle within its span (cap × span − the calls' time), median run. */
  auroraIdleSlotMs: number;
}

interface Phases {
  beforeAurora: number;
  aurora: number;
  afterAurora: number;
}

interface Sims {
  aurora: AuroraSimulator;
  hubspot: HubSpotSimulator;
}

function depsFor({ aurora, hubspot }: Sims, apiKey: string = DEMO.standardKey): Deps {
  const config = readConfig({
    AURORA_API_KEY: apiKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_BASE_URL: hubspot.url,
  });
  // A fresh client and store per call, as in a real function invocation, with a relaxed client limiter.
  const client = createAuroraClient({ apiKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, maxConcurrency: AURORA_CONCURRENCY, rateLimit: RELAXED_AURORA });
  return createDeps(config, { aurora: client });
}

function setLatency({ aurora, hubspot }: Sims, on: boolean): void {
  aurora.server.latencyMs = on ? LATENCY.aurora : 0;
  hubspot.server.latencyMs = on ? LATENCY.hubspot : 0;
}

/**
 * A fresh portal with the sandbox deal linked to a project of `count` simulated designs, one marked sold. No signed
 * contract: the first sync that sees one also runs the post-sale hand-off (src/core/postSale/handoff.ts), not measured here.
 */
async function prepare(sims: Sims, count: number): Promise<string> {
  setLatency(sims, false);
  sims.aurora.control.reset({ seed: true });
  sims.hubspot.control.reset();
  const report = await installPortal({ hubspot: createHubSpotStore({ accessToken: sims.hubspot.accessToken, baseUrl: sims.hubspot.url }) });
  if (!report.ready) throw new Error('the installer did not finish');
  const dealId = sims.hubspot.demo!.deals.sandbox;
  const created = await createProject(depsFor(sims), { dealId }, Date.now() + 30_000);
  if (!('project' in created)) throw new Error(`could not create the project (${created.outcome})`);
  const projectId = created.project.id;
  for (let i = 0; i < count; i++) {
    const design = sims.aurora.control.createDesign({ projectId, name: `Option ${i + 1}`, sizeKw: 5 + i * 0.4 });
    sims.aurora.control.finishSimulation(design.id);
    if (i === 0) sims.aurora.control.recordMilestone(design.id, 'sold');
  }
  return dealId;
}

/** One measured sync: wall time, the requests each simulator answered, and how Aurora's calls filled its slots. */
async function measure(sims: Sims, dealId: string, trace = false) {
  setLatency(sims, true);
  const aurora = sims.aurora.state.requests.length;
  const auroraLog = sims.aurora.server.log.length;
  const hubspot = sims.hubspot.apiRequests().length;
  const writes = sims.hubspot.state.writes;
  // A cold process: the design object and its labels are looked up, as the call graph of the bound has them.
  forgetInstallFacts();
  const deps = depsFor(sims);
  const startedAt = Date.now();
  const started = performance.now();
  const summary = await syncDeal(deps, { dealId }, Date.now() + 60_000);
  const wallMs = performance.now() - started;
  setLatency(sims, false);
  if (summary.status !== 'ok') throw new Error(`the sync was ${summary.status}: ${summary.skipped.join(' ')}`);
  const calls = sims.hubspot.apiRequests().slice(hubspot);
  const auroraCalls = sims.aurora.server.log.slice(auroraLog);
  if (trace) printTimeline(startedAt, auroraCalls, calls);
  return {
    wallMs,
    ...auroraSchedule(auroraCalls, startedAt, wallMs),
    auroraRequests: sims.aurora.state.requests.length - aurora,
    hubspotRequests: calls.length,
    hubspotWrites: sims.hubspot.state.writes - writes,
    fileUploads: calls.filter((call) => call.method === 'POST' && call.path === '/files/v3/files').length,
  };
}

/** Aurora's API calls (not file downloads) of one sync, as the simulator saw them arrive and answered them. */
const apiCalls = (log: readonly LoggedRequest[]) => log.filter((entry) => entry.path.startsWith('/tenants/')).map((entry) => ({ from: Date.parse(entry.arrivedAt!), to: Date.parse(entry.at) }));

/** The sync's phases around Aurora's span, and the slot-time the cap left idle within it. */
function auroraSchedule(log: readonly LoggedRequest[], startedAt: number, wallMs: number): { phasesMs: Phases; auroraIdleSlotMs: number } {
  const calls = apiCalls(log);
  const first = Math.min(...calls.map((call) => call.from));
  const last = Math.max(...calls.map((call) => call.to));
  const busy = calls.reduce((sum, call) => sum + call.to - call.from, 0);
  return {
    phasesMs: { beforeAurora: first - startedAt, aurora: last - first, afterAurora: startedAt + wallMs - last },
    auroraIdleSlotMs: Math.max(0, CAPS.aurora * (last - first) - busy),
  };
}

/** `--trace`: every call of the sync in the order it arrived, with when it was answered (ms from the sync's start). */
function printTimeline(startedAt: number, aurora: readonly LoggedRequest[], hubspot: readonly LoggedRequest[]): void {
  const rows = [...aurora.map((entry) => ['Aurora ', entry] as const), ...hubspot.map((entry) => ['HubSpot', entry] as const)]
    .map(([who, entry]) => ({ who, from: Date.parse(entry.arrivedAt!) - startedAt, to: Date.parse(entry.at) - startedAt, call: `${entry.method} ${entry.path.replace(/\/tenants\/[^/]+/, '').replace(/[0-9a-f-]{36}/g, '…')}` }))
    .sort((a, b) => a.from - b.from);
  for (const row of rows) console.log(`    ${row.who} ${String(row.from).padStart(5)} → ${String(row.to).padStart(5)}  ${row.call}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number) => Math.round(value);

export interface ResyncRow {
  designs: number;
  auroraRequests: number;
  hubspotWrites: number;
  wallMs: number;
  /** The critical-path bound of the calls a re-sync with nothing new needs. */
  boundMs: number;
  ratio: number;
}

/** `trace`: print the timeline of the last measured first sync of each size (`npx tsx bench/run.ts sync --trace`). */
export async function runSyncBench(sims: Sims, trace = false): Promise<{ sync: SyncRow[]; resyncUnchanged: ResyncRow[] }> {
  const rows: SyncRow[] = [];
  const notes: string[] = [];
  const resync: ResyncRow[] = [];
  for (const designs of DESIGN_COUNTS) {
    const runs: Awaited<ReturnType<typeof measure>>[] = [];
    const again: Awaited<ReturnType<typeof measure>>[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dealId = await prepare(sims, designs);
      if (trace && run === RUNS - 1) console.log(`  first sync of ${designs} design${designs === 1 ? '' : 's'}, call by call (ms from its start):`);
      runs.push(await measure(sims, dealId, trace && run === RUNS - 1));
      // A second sync with nothing new, inside the freshness window, after every first one.
      again.push(await measure(sims, dealId));
    }
    // The calls this re-sync needs: the deal and its records in HubSpot, Aurora's two lists.
    const unchanged = lowerBound(syncCallGraph({ designs, withFinancing: 0, screenshotsToCopy: 0, linkedRecords: designs, owner: false, writes: false, listsOnly: true }, LATENCY), CAPS);
    const resyncMs = median(again.map((r) => r.wallMs));
    const worst = again.reduce((most, r) => (r.auroraRequests + r.hubspotWrites > most.auroraRequests + most.hubspotWrites ? r : most));
    const boundMs = round(unchanged.boundMs);
    resync.push({ designs, auroraRequests: worst.auroraRequests, hubspotWrites: worst.hubspotWrites, wallMs: round(resyncMs), boundMs, ratio: Math.round((resyncMs / boundMs) * 100) / 100 });
    notes.push(`re-sync of ${designs} unchanged designs: ${round(resyncMs)} ms (bound ${boundMs} ms), ${worst.hubspotRequests} HubSpot reads, 0 writes expected`);
    // Every design is simulated: Aurora has its screenshot and its DXF export, both copied into HubSpot Files.
    const graph = syncCallGraph({ designs, withFinancing: designs, screenshotsToCopy: designs, dxfsToCopy: designs, linkedRecords: 0, owner: true, writes: true }, LATENCY);
    const bound = lowerBound(graph, CAPS);
    const modelAurora = graph.filter((n) => n.resource === 'aurora').length;
    const measured = runs[0]!;
    if (measured.auroraRequests !== modelAurora) notes.push(`${designs} designs: the call graph has ${modelAurora} Aurora calls, the sync made ${measured.auroraRequests}`);
    const modelUploads = graph.filter((n) => n.resource === 'upload').length;
    if (measured.fileUploads !== modelUploads) notes.push(`${designs} designs: the call graph has ${modelUploads} file uploads, the sync made ${measured.fileUploads}`);
    const wallMs = median(runs.map((r) => r.wallMs));
    const middle = runs.find((r) => r.wallMs === wallMs)!;
    rows.push({
      designs,
      wallMs: round(wallMs),
      boundMs: round(bound.boundMs),
      ratio: Math.round((wallMs / bound.boundMs) * 100) / 100,
      auroraRequests: measured.auroraRequests,
      hubspotRequests: measured.hubspotRequests,
      phasesMs: { beforeAurora: round(middle.phasesMs.beforeAurora), aurora: round(middle.phasesMs.aurora), afterAurora: round(middle.phasesMs.afterAurora) },
      auroraIdleSlotMs: round(middle.auroraIdleSlotMs),
    });
    notes.push(
      `${designs} design${designs === 1 ? '' : 's'}: HubSpot ${measured.hubspotRequests} requests = ${measured.hubspotRequests - measured.fileUploads} CRM calls + ${measured.fileUploads} file upload${measured.fileUploads === 1 ? '' : 's'} (screenshot and DXF per design; Files has no batch upload; a re-sync uploads none); bound from ${bound.boundMs === bound.pathMs ? 'the dependency chain' : 'Aurora\'s concurrency cap'} (chain ${round(bound.pathMs)} ms, Aurora at cap ${round(bound.resourceMs.aurora ?? 0)} ms)`,
    );
  }

  console.log(`Sync under simulated latency (Aurora ${LATENCY.aurora} ms, HubSpot ${LATENCY.hubspot} ms a call; Aurora concurrency ${CAPS.aurora}; median of ${RUNS})`);
  console.table(rows.map(({ phasesMs, ...row }) => ({ ...row, ...Object.fromEntries(Object.entries(phasesMs).map(([phase, ms]) => [`${phase}Ms`, ms])) })));
  console.log(`Re-sync with nothing new (inside the freshness window; median of ${RUNS}, the most requests of any run):`);
  console.table(resync);
  for (const note of notes) console.log(`  - ${note}`);
  return { sync: rows, resyncUnchanged: resync };
}

export interface RestrictedResyncRow {
  designs: number;
  firstAuroraRequests: number;
  /** The second sync's, right after the first (inside the freshness window). */
  auroraRequests: number;
  hubspotWrites: number;
  keyLacks: string;
}

/**
 * The same re-sync with the demo's restricted key (no pricing, no financings): what the key lacks must not make every
 * Sync read everything (docs/aurora-budget.md#what-ends-the-window-and-what-does-not). Request counts only, no latency.
 */
export async function runRestrictedResyncBench(sims: Sims): Promise<{ resyncRestrictedKey: RestrictedResyncRow[] }> {
  const rows: RestrictedResyncRow[] = [];
  setLatency(sims, false);
  for (const designs of DESIGN_COUNTS) {
    const dealId = await prepare(sims, designs);
    const sync = async () => {
      const [aurora, writes] = [sims.aurora.state.requests.length, sims.hubspot.state.writes];
      const summary = await syncDeal(depsFor(sims, DEMO.restrictedKey), { dealId }, Date.now() + 60_000);
      if (summary.status !== 'partial' || summary.designsLeft > 0) throw new Error(`the restricted key's sync was ${summary.status}: ${summary.skipped.join(' ')}`);
      return { summary, auroraRequests: sims.aurora.state.requests.length - aurora, hubspotWrites: sims.hubspot.state.writes - writes };
    };
    const first = await sync();
    const again = await sync();
    rows.push({ designs, firstAuroraRequests: first.auroraRequests, auroraRequests: again.auroraRequests, hubspotWrites: again.hubspotWrites, keyLacks: again.summary.keyLacks.join(', ') });
  }
  console.log("Re-sync with nothing new, the demo's restricted key (no pricing, no financings): a second Sync right after the first");
  console.table(rows);
  return { resyncRestrictedKey: rows };
}

/** Other benchmarks (e.g. webhooks) and other runs (`sync` alone) add their own sections: keep what is there, replace ours. */
function writeResults(sections: Record<string, unknown>): void {
  const previous = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...previous, ...sections }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

/** `npm run bench` runs everything; `npx tsx bench/run.ts sync [--trace]` only the sync's wall time (and its timeline). */
async function main(): Promise<void> {
  const [aurora, hubspot] = await Promise.all([
    startAuroraSimulator({ seed: true, designRequestDelayMs: null, rateLimit: RELAXED_AURORA }),
    startHubSpotSimulator({ rateLimit: RELAXED_HUBSPOT }),
  ]);
  try {
    const sync = { ...(await runSyncBench({ aurora, hubspot }, process.argv.includes('--trace'))), ...(await runRestrictedResyncBench({ aurora, hubspot })) };
    if (process.argv.includes('sync')) return writeResults(sync);
    const webhook = await runWebhookBench({ aurora, hubspot });
    // Its own simulators: the rate windows are scaled, not relaxed.
    const reconcile = await runReconcileBench();
    for (const server of [aurora.server, hubspot.server]) if (server.unhandled.length > 0) throw new Error(`unknown routes were called: ${JSON.stringify(server.unhandled)}`);
    // Aurora's request economy: each event against its target, a deal's whole life and a burst at Aurora's real limit.
    const economy = { ...eventTargets(webhook.webhook.requestsPerEvent), ...(await runLifecycleBench()), ...(await runBurstBench()), ...(await runHubSpotBurstBench()) };
    writeResults({ ...sync, ...webhook, ...reconcile, ...economy });
  } finally {
    await Promise.all([aurora.close(), hubspot.close()]);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

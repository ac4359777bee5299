// Reconciliation over a portal with history (300 deals of six kinds) through `npm run reconcile --live` pointed at the
// simulators, with Aurora and HubSpot faults injected (5xx, 429, dropped connections): killed half-way, resumed from its
// checkpoint, it ends with every deal where it belongs, no Aurora project created and no design recorded twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { readConfig } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { claimDesignId } from '../../src/core/dataModel';
import { installPortal } from '../../src/core/useCases/install';
import { reconcilePortal, type Checkpoint } from '../../src/core/useCases/reconcile';
import { seedPortfolio, type PortfolioDeal } from '../../workbench/portfolio';

const ROOT = path.resolve(__dirname, '../..');
/** Aurora's 90 a minute, with the window scaled down so 300 deals take seconds. */
const RATE = { requests: 90, perMs: 500 };

let aurora: AuroraSimulator;
let hubspot: HubSpotSimulator;
let dir: string;

beforeAll(async () => {
  [aurora, hubspot] = await Promise.all([
    startAuroraSimulator({ seed: true, rateLimit: RATE, designRequestDelayMs: null, simulationDelayMs: null }),
    startHubSpotSimulator({ seed: false, rateLimit: { max: 190, windowMs: 100 } }),
  ]);
  dir = mkdtempSync(path.join(os.tmpdir(), 'reconcile-test-'));
});
afterAll(async () => {
  await Promise.all([aurora.close(), hubspot.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function freshPortal(count: number): Promise<PortfolioDeal[]> {
  aurora.control.reset({ seed: true });
  hubspot.control.reset({ seed: false });
  expect((await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) })).ready).toBe(true);
  return seedPortfolio(aurora, hubspot, count, { restoreTo: RATE });
}

const appEnv = () => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AURORA_API_KEY: DEMO.standardKey,
  AURORA_TENANT_ID: DEMO.tenantId,
  AURORA_BASE_URL: aurora.url,
  AURORA_APP_URL: aurora.url,
  HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
  HUBSPOT_BASE_URL: hubspot.url,
});

/** `npm run reconcile -- --live …` as a separate process, so it can really be killed. */
function reconcileProcess(checkpoint: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/reconcile.ts'), '--live', '--checkpoint', checkpoint, '--aurora-rate', `${RATE.requests}/${RATE.perMs}`], {
    cwd: ROOT,
    env: appEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function readCheckpoint(file: string): Checkpoint | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
  } catch {
    return null;
  }
}

/** Faults on both sides for the run that follows: Aurora 5xx at random and in bursts, 429s, dropped connections. */
function injectFaults(): void {
  aurora.control.setChaos({ errorRatio: 0.03, errorStatus: 503 });
  aurora.control.injectFault({ status: 429, retryAfterSeconds: 1, times: 4 });
  aurora.control.injectFault({ drop: true, times: 4 });
  aurora.control.injectFault({ status: 500, times: 4 });
  hubspot.control.failNext({ status: 503, times: 3 });
  hubspot.control.failNext({ status: 429, times: 3 });
  hubspot.control.failNext({ drop: true, times: 2 });
}

describe('reconciliation of a portal with history', () => {
  it('links, syncs and leaves alone the right deals over 300, through faults and a kill half-way, creating nothing in Aurora', async () => {
    const deals = await freshPortal(300);
    const projectsBefore = new Set(aurora.state.projects.keys());
    const auroraPostsBefore = aurora.state.requests.filter((r) => r.method === 'POST').length;
    const checkpoint = path.join(dir, 'kill.json');

    injectFaults();
    const first = reconcileProcess(checkpoint);
    // Kill it (SIGKILL: no clean-up) once at least half the deals are behind its checkpoint.
    for (;;) {
      const saved = readCheckpoint(checkpoint);
      if (saved && Object.values(saved.tally).reduce((a, b) => a + b, 0) >= 150) break;
      if (first.child.exitCode !== null) throw new Error(`the first run ended before half-way:\n${first.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = readCheckpoint(checkpoint)!;
    expect(atKill.afterDealId).not.toBeNull();

    injectFaults();
    const second = reconcileProcess(checkpoint);
    expect(await second.exited).toBe(0);
    aurora.control.setChaos({ errorRatio: 0 });
    aurora.control.clearFaults();
    expect(second.output()).toContain(`Resumed after deal ${atKill.afterDealId}`);
    expect(second.output()).toMatch(/total\s+300/);

    expectEveryDealInLine(deals);
    // Nothing created in Aurora: the same projects, and no create request from either run.
    expect(new Set(aurora.state.projects.keys())).toEqual(projectsBefore);
    expect(aurora.state.requests.filter((r) => r.method === 'POST').length).toBe(auroraPostsBefore);
    // No claim left behind by the killed run.
    expect(hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_record_kind === 'project_claim')).toEqual([]);
  }, 180_000);

  it('drops a link claim a killed run left on a deal it had linked, and leaves a create that is still at work alone', async () => {
    const deals = await freshPortal(12);
    const store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
    const linked = deals.find((d) => d.kind === 'linked_fresh')!;
    const creating = deals.find((d) => d.kind === 'unlinked_without')!;
    const claim = (dealId: string, projectId?: string) => ({
      aurora_design_id: claimDesignId(dealId),
      aurora_record_kind: 'project_claim',
      aurora_deal_id: dealId,
      aurora_design_name: 'claim',
      ...(projectId ? { aurora_project_id: projectId } : {}),
    });
    await store.createRecord('aurora_design', claim(linked.dealId, linked.projectId!));
    await store.createRecord('aurora_design', claim(creating.dealId));

    await reconcilePortal(createDeps(readConfig(appEnv())), { retryDelayMs: 10 }, { checkpoint: { load: async () => null, save: async () => undefined } });

    const left = hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_record_kind === 'project_claim');
    expect(left.map((r) => r.properties.aurora_deal_id)).toEqual([creating.dealId]);
  });

  it('re-syncs a fresh deal whose design holds a pending mark (a put-off delivery left it on the design, not the deal)', async () => {
    const deals = await freshPortal(12);
    const store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
    const fresh = deals.filter((d) => d.kind === 'linked_fresh');
    const [marked, untouched] = fresh;
    // What a delivery Aurora's budget put off leaves for a design HubSpot had no record of (src/core/sync/pendingMarks.ts).
    await store.createRecord('aurora_design', {
      aurora_design_id: marked!.designId!,
      aurora_project_id: marked!.projectId!,
      aurora_deal_id: marked!.dealId,
      aurora_record_kind: 'design',
      aurora_sync_pending: `design:${marked!.designId}`,
    });

    await reconcilePortal(createDeps(readConfig(appEnv())), { retryDelayMs: 10 }, { checkpoint: { load: async () => null, save: async () => undefined } });

    const record = hubspot.view.deal(marked!.dealId)!.custom.aurora_design?.find((r) => r.properties.aurora_design_id === marked!.designId);
    expect(record?.properties).toMatchObject({ aurora_design_name: 'Roof A' });
    expect(record?.properties.aurora_sync_pending ?? '').toBe('');
    // A fresh deal with nothing marked is still left alone.
    expect(hubspot.view.deal(untouched!.dealId)!.custom.aurora_design ?? []).toEqual([]);
  });

  it('leaves alone a fresh deal whose status says partial with nothing marked (the key lacks pricing): no sync brings it', async () => {
    const deals = await freshPortal(12);
    const store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
    const [lacking] = deals.filter((d) => d.kind === 'linked_fresh');
    const words = 'Pricing (the Aurora API key is not allowed to read pricing; an Aurora admin can grant it to the key)';
    await store.updateDeal(lacking!.dealId, { aurora_sync_status: 'partial', aurora_last_error: words });
    const sent = aurora.state.requests.length;

    const report = await reconcilePortal(createDeps(readConfig(appEnv())), { retryDelayMs: 10 }, { checkpoint: { load: async () => null, save: async () => undefined } });

    expect(report.failures.filter((f) => f.dealId === lacking!.dealId)).toEqual([]);
    // Not one Aurora request about its project, and the deal as it was.
    expect(aurora.state.requests.slice(sent).filter((r) => r.path.includes(lacking!.projectId!))).toEqual([]);
    expect(hubspot.view.deal(lacking!.dealId)!.properties).toMatchObject({ aurora_sync_status: 'partial', aurora_last_error: words });
  });

  it('reports what it would do in a dry run, writing nothing in HubSpot and creating nothing in Aurora', async () => {
    await freshPortal(30);
    const writes = hubspot.state.writes;
    const deps = createDeps(readConfig(appEnv()));
    const saved: Checkpoint[] = [];

    const report = await reconcilePortal(deps, { dryRun: true }, { checkpoint: { load: async () => null, save: async (c) => void saved.push(c) } });

    expect(report).toMatchObject({ dryRun: true, total: 30, done: 30, tally: { linked: 6, synced: 12, unchanged: 12, failed: 0 } });
    expect(hubspot.state.writes).toBe(writes);
    expect(saved.at(-1)).toMatchObject({ dryRun: true, afterDealId: hubspot.view.deals().map((d) => d.id).sort((a, b) => Number(a) - Number(b)).at(-1) });
  });
});

/** Every deal as its kind says it must end. */
function expectEveryDealInLine(deals: PortfolioDeal[]): void {
  const designs = hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_record_kind !== 'project_claim');
  const designIds = designs.map((r) => r.properties.aurora_design_id);
  expect(new Set(designIds).size).toBe(designIds.length);
  const mismatches: string[] = [];
  for (const deal of deals) {
    const props = hubspot.view.deal(deal.dealId)!.properties;
    const record = designs.find((r) => r.properties.aurora_design_id === deal.designId);
    const state = { project: props.aurora_project_id ?? '', status: props.aurora_sync_status ?? '', design: record?.properties.aurora_deal_id ?? '' };
    const expected = expectedState(deal);
    if (JSON.stringify(state) !== JSON.stringify(expected)) mismatches.push(`${deal.dealId} ${deal.kind}: ${JSON.stringify(state)} ≠ ${JSON.stringify(expected)}`);
  }
  expect(mismatches).toEqual([]);
}

function expectedState(deal: PortfolioDeal): { project: string; status: string; design: string } {
  switch (deal.kind) {
    case 'unlinked_without':
      return { project: '', status: '', design: '' };
    case 'linked_fresh':
      // Fresh: left alone, so its design was never read into HubSpot by this run.
      return { project: deal.projectId!, status: 'ok', design: '' };
    case 'project_deleted':
      return { project: deal.projectId!, status: 'error', design: '' };
    default:
      return { project: deal.projectId!, status: 'ok', design: deal.dealId };
  }
}

// Webhook benchmark: the receiver behind a plain HTTP server, Aurora's simulator delivering real GETs for whole sales
// (design request, designs, simulation, screenshots, proposal, agreement sent/viewed/signed, milestone, project status),
// each delivery repeated once as Aurora may, under simulated latency (Aurora 120 ms, HubSpot 80 ms a call). Reports the
// handler's latency (median, p99) over every delivery and the requests each event costs, first time and repeated.
// `npm run bench` runs it after the sync benchmark; `tsx bench/webhooks.ts` runs it alone. Both merge into results.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../simulators/hubspot';
import { createAuroraClient, type AuroraClient } from '../src/core/aurora/client';
import { readConfig } from '../src/core/config';
import { AURORA_CONCURRENCY, loadDeps } from '../src/core/deps';
import { createHubSpotStore } from '../src/core/hubspot/store';
import { installPortal } from '../src/core/useCases/install';
import { WEBHOOK_TOKEN_HEADER, type WebhookEvent } from '../src/core/aurora/webhookDeliveries';
import { recordsReadFirst } from '../src/core/useCases/webhookEvents';
import { handleAuroraWebhook, WEBHOOK_TIMING } from '../src/core/webhooks/receiver';
import { registerWebhooks } from '../src/core/useCases/webhookRegistration';
import { createWebhookServer } from '../src/core/webhooks/standalone';

const LATENCY = { aurora: 120, hubspot: 80 };
/** Sales played; each sends 13 events, each delivered twice: 260 deliveries. */
const SALES = 10;
const CONCURRENT_SALES = 3;
const RELAXED_AURORA = { requests: 1_000_000, perMs: 60_000 };
const RELAXED_HUBSPOT = { max: 1_000_000, windowMs: 10_000 };
const TOKEN = 'bench-webhook-token-0123456789abcdef';
const ADDRESS = '1234 Cowper St, Palo Alto, CA 94301';
const RESULTS_FILE = path.join(__dirname, 'results.json');

interface Sims {
  aurora: AuroraSimulator;
  hubspot: HubSpotSimulator;
}

export interface RequestCount {
  aurora: number;
  hubspot: number;
}

export interface WebhookFigures {
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  /** Aurora and HubSpot requests each step of a sale cost (one event, or the events it fires): first delivery, and again. */
  requestsPerEvent: Record<string, { first: RequestCount; repeated: RequestCount }>;
}

interface Handled {
  event: string;
  ms: number;
  statusCode: number;
  outcome: string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function runWebhookBench(sims: Sims): Promise<{ webhook: WebhookFigures }> {
  const { aurora, hubspot } = sims;
  aurora.server.latencyMs = 0;
  hubspot.server.latencyMs = 0;
  aurora.control.reset({ seed: true });
  hubspot.control.reset();
  const store = createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
  if (!(await installPortal({ hubspot: store })).ready) throw new Error('the installer did not finish');

  const config = readConfig({
    AURORA_API_KEY: DEMO.standardKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    AURORA_WEBHOOK_TOKEN: TOKEN,
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_BASE_URL: hubspot.url,
  });
  const client = (): AuroraClient =>
    createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, maxConcurrency: AURORA_CONCURRENCY, rateLimit: RELAXED_AURORA });
  const handled: Handled[] = [];
  // Fresh deps per delivery, as each function invocation builds its own: the settings record read first, with the design
  // record the event names (src/core/functions/auroraWebhook.ts), so each figure is what a deployed call costs.
  const server = createWebhookServer(async (request) => {
    const started = performance.now();
    const services = (event: WebhookEvent) => loadDeps(config, { aurora: client() }, { priority: 'background', alsoRead: recordsReadFirst(event) });
    const response = await handleAuroraWebhook({ webhookToken: config.webhookToken, services }, request);
    handled.push({ event: String(response.body.event), ms: performance.now() - started, statusCode: response.statusCode, outcome: response.body.outcome });
    return response;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aurora/webhook`;
  const bench = client();
  const registered = await registerWebhooks({ aurora: bench }, { endpointUrl: endpoint, token: TOKEN });
  if (registered.some((r) => r.outcome === 'failed')) throw new Error(`registration failed: ${JSON.stringify(registered)}`);

  const counts = () => ({ aurora: aurora.state.requests.length, hubspot: hubspot.apiRequests().length });
  const since = (before: RequestCount, minusAurora = 0): RequestCount => {
    const now = counts();
    return { aurora: now.aurora - before.aurora - minusAurora, hubspot: now.hubspot - before.hubspot };
  };
  const requestsPerEvent: WebhookFigures['requestsPerEvent'] = {};

  /** One sale, step by step; each step's deliveries are then delivered again. `measure` records what each step costs. */
  async function playSale(index: number, measure: boolean): Promise<string> {
    const dealId = hubspot.control.createRecord('deals', { dealname: `Bench sale ${index}`, pipeline: 'default', dealstage: 'presentationscheduled' });
    const project = await bench.projects.create({ name: `Bench sale ${index}`, external_provider_id: dealId, location: { property_address: ADDRESS } });
    await store.updateDeal(dealId, { aurora_project_id: project.id });
    const request = await bench.designRequests.create({ project_id: project.id });
    // This sale's ids: the deliveries of the sales played at the same time are theirs to repeat.
    const ids = [project.id, request.id];
    const step = async <T>(label: string, act: () => T | Promise<T>, benchCalls = 0): Promise<T> => {
      const seen = new Set(aurora.state.deliveries.map((d) => d.id));
      const before = counts();
      const made = await act();
      const madeId = (made as { id?: unknown } | undefined)?.id;
      if (typeof madeId === 'string') ids.push(madeId);
      await aurora.control.webhooksIdle();
      const fresh = aurora.state.deliveries.filter((d) => !seen.has(d.id) && d.url.startsWith(endpoint) && ids.some((id) => d.url.includes(id)));
      const first = since(before, benchCalls);
      const again = counts();
      // Aurora may deliver any of them twice (docs/aurora-api.md#webhook-delivery).
      await Promise.all(fresh.map((d) => fetch(d.url, { headers: { [WEBHOOK_TOKEN_HEADER]: TOKEN } }).then((r) => r.arrayBuffer())));
      if (measure) requestsPerEvent[label] = { first, repeated: since(again) };
      return made;
    };
    await step('design_request_completed', () => aurora.control.completeDesignRequest(request.id));
    const design = await step('design_created', () => aurora.control.createDesign({ projectId: project.id, name: 'South roof', sizeKw: 7.2 }));
    await step('performance_simulation_job_completed + 2 asset_created (screenshot, DXF)', () => aurora.control.finishSimulation(design.id));
    await step('asset_created (screenshot)', () => aurora.control.createAsset(design.id, 'CAD Screenshot'));
    await step('web_proposal_url_created', () => bench.proposals.regenerateWebProposalUrl(design.id), 1);
    const agreement = await step('agreement_status_changed (sent)', () => aurora.control.createAgreement({ projectId: project.id, designId: design.id }));
    await step('agreement_status_changed (viewed)', () => aurora.control.moveAgreement(agreement.id, 'viewed'));
    await step('agreement_status_changed (signed: hand-off)', () => aurora.control.moveAgreement(agreement.id, 'signed'));
    await step('milestone_created (sold)', () => aurora.control.recordMilestone(design.id, 'sold'));
    await step('project_status_changed', () => aurora.control.setProjectStatus(project.id, 'Project Sold'));
    // A deal's later design reads the deal's other design records too (docs/hubspot-calls.md#where-4-is-not-reached-and-why).
    await step("design_created (the deal's second design)", () => aurora.control.createDesign({ projectId: project.id, name: 'Garage roof', sizeKw: 4.1 }));
    return dealId;
  }

  aurora.server.latencyMs = LATENCY.aurora;
  hubspot.server.latencyMs = LATENCY.hubspot;
  let dealIds: string[];
  try {
    // A first sale warms the process, as a warm function holds the portal's install facts (docs/hubspot-calls.md#install-facts);
    // the second, alone, is measured, so each event's request count is its own; then the rest, a few at a time.
    dealIds = [await playSale(1, false), await playSale(2, true)];
    for (let next = 3; next <= SALES; next += CONCURRENT_SALES) {
      const wave = Array.from({ length: Math.min(CONCURRENT_SALES, SALES - next + 1) }, (_, i) => playSale(next + i, false));
      dealIds.push(...(await Promise.all(wave)));
    }
  } finally {
    aurora.server.latencyMs = 0;
    hubspot.server.latencyMs = 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  const failed = handled.filter((h) => h.statusCode !== 200 || h.outcome === 'deferred' || h.outcome === 'failed');
  if (failed.length > 0) throw new Error(`${failed.length} deliveries were not handled in time: ${JSON.stringify(failed.slice(0, 5))}`);
  const notSold = dealIds.filter((id) => hubspot.view.deal(id)?.properties.dealstage !== 'closedwon' || hubspot.view.deal(id)?.notes.length !== 1);
  if (notSold.length > 0) throw new Error(`deals not handed off exactly once: ${notSold.join(', ')}`);

  const sorted = handled.map((h) => h.ms).sort((a, b) => a - b);
  const figures: WebhookFigures = { deliveries: handled.length, p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)), requestsPerEvent };
  console.log(
    `Webhook handler under simulated latency (Aurora ${LATENCY.aurora} ms, HubSpot ${LATENCY.hubspot} ms a call): ${figures.deliveries} deliveries of ${SALES} sales ` +
      `(every event delivered twice, ${CONCURRENT_SALES} sales at once): median ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms ` +
      `(answers by ${WEBHOOK_TIMING.answerWithinMs} ms at the latest; Aurora waits about 10 000 ms)`,
  );
  console.table(
    Object.entries(requestsPerEvent).map(([event, { first, repeated }]) => ({
      event,
      auroraFirst: first.aurora,
      hubspotFirst: first.hubspot,
      auroraRepeated: repeated.aurora,
      hubspotRepeated: repeated.hubspot,
    })),
  );
  for (const s of [aurora.server, hubspot.server]) if (s.unhandled.length > 0) throw new Error(`unknown routes were called: ${JSON.stringify(s.unhandled)}`);
  return { webhook: figures };
}

/** Adds (or replaces) a section of bench/results.json, keeping the others. */
export function mergeResults(section: Record<string, unknown>): void {
  const previous = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...previous, ...section }, null, 2)}\n`);
}

if (require.main === module) {
  void (async () => {
    const [aurora, hubspot] = await Promise.all([
      startAuroraSimulator({ seed: true, designRequestDelayMs: null, rateLimit: RELAXED_AURORA }),
      startHubSpotSimulator({ rateLimit: RELAXED_HUBSPOT }),
    ]);
    try {
      mergeResults(await runWebhookBench({ aurora, hubspot }));
      console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
    } finally {
      await Promise.all([aurora.close(), hubspot.close()]);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

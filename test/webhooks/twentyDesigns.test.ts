// A designer finishes 20 designs on one deal at once: about 300 Aurora reads, more than three minutes of Aurora's 90
// requests a minute. No rep clicks anything: deliveries the budget cannot serve are answered 503 with the work recorded
// on the deal, and Aurora's own redelivery brings them back. Time is simulated by scaling Aurora's rate window and its
// redelivery schedule 60 times down (a "minute" is 1 s), never by waiting for a wall-clock minute in the test.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createAuroraClient } from '../../src/core/aurora/client';
import { copiedAssetId } from '../../src/core/aurora/downloader';
import { readConfig } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { dealOverview } from '../../src/core/useCases/cardOverview';
import { installPortal } from '../../src/core/useCases/install';
import { registerWebhooks } from '../../src/core/useCases/webhookRegistration';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { createWebhookServer } from '../../src/core/webhooks/standalone';

const SCALE = 60;
const MINUTE_MS = 60_000 / SCALE;
/** Aurora's redelivery schedule (about 30 s, 5 min, 30 min, 3 h, 20 h: docs/aurora-api.md#webhook-delivery), scaled. */
const RETRIES_MS = [30_000, 300_000, 1_800_000, 10_800_000, 72_000_000].map((ms) => ms / SCALE);
const TOKEN = 'twenty-designs-webhook-token-0123456789';
const DESIGNS = 20;

// Under a loaded machine a delivery can need Aurora's fourth retry (3 h / 60 = 180 s after the third, ~215 s in all).
jest.setTimeout(420_000);

let aurora: AuroraSimulator;
let hubspot: HubSpotSimulator;
let receiver: http.Server;

beforeAll(async () => {
  [aurora, hubspot] = await Promise.all([
    startAuroraSimulator({ seed: true, designRequestDelayMs: null, simulationDelayMs: null, rateLimit: { requests: 90, perMs: MINUTE_MS }, webhooks: { retryDelaysMs: RETRIES_MS } }),
    startHubSpotSimulator({ seed: true, rateLimit: { max: 100_000, windowMs: 10_000 } }),
  ]);
  if (!(await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) })).ready) throw new Error('the installer did not finish');
  receiver = createWebhookServer((request) => handleAuroraWebhook({ webhookToken: TOKEN, services: () => createDeps(config(), {}, { priority: 'background' }) }, request));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await aurora?.control.webhooksIdle();
  receiver?.closeAllConnections();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await Promise.all([aurora?.close(), hubspot?.close()]);
});

const endpoint = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/aurora/webhook`;
const config = () =>
  readConfig({
    AURORA_API_KEY: DEMO.standardKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    AURORA_ASSET_HOSTS: aurora.url,
    AURORA_WEBHOOK_TOKEN: TOKEN,
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_BASE_URL: hubspot.url,
  });

/** The design's HubSpot record holds Aurora's figures and both files. */
function complete(dealId: string, designId: string): boolean {
  const record = hubspot.view.deal(dealId)?.custom.aurora_design?.find((r) => r.properties.aurora_design_id === designId)?.properties;
  const assets = [...aurora.state.assets.values()].filter((asset) => asset.designId === designId);
  const idOf = (pattern: RegExp) => assets.find((asset) => pattern.test(asset.assetType))?.id;
  return Boolean(
    record?.aurora_annual_production_kwh &&
      record.aurora_price &&
      copiedAssetId(record.aurora_screenshot_url ?? '') === idOf(/screenshot/i) &&
      copiedAssetId(record.aurora_dxf_url ?? '') === idOf(/dxf/i),
  );
}

// Every delivery names one design, and that design's record holds its pending marks: ~80 deliveries no longer
// read-merge-write one deal property (docs/pending-work.md). Before, 1-5 stale `design:<id>` marks stayed on the deal.
it('a 20-design deal syncs fully over successive minutes without a click, with nothing left marked pending', async () => {
  // Set-up outside the measured minutes.
  const setup = createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, rateLimit: { requests: 90, perMs: MINUTE_MS } });
  await registerWebhooks({ aurora: setup }, { endpointUrl: endpoint(), token: TOKEN });
  const dealId = hubspot.control.createRecord('deals', { dealname: 'Twenty designs', pipeline: 'default', dealstage: 'presentationscheduled' });
  const project = await setup.projects.create({ name: 'Twenty designs', external_provider_id: dealId, location: { property_address: '1234 Cowper St, Palo Alto, CA 94301' } });
  await createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }).updateDeal(dealId, { aurora_project_id: project.id });
  await aurora.control.webhooksIdle();
  const requests0 = aurora.state.requests.length;
  const deliveries0 = aurora.state.deliveries.length;

  // Another invocation meets Aurora's 429 as the designer starts (Retry-After: one scaled minute): whatever arrives in
  // that minute is put off with its work marked, whatever the speed of the machine running the test.
  aurora.control.injectFault({ path: '/designs/', status: 429, retryAfterSeconds: 1, times: 1 });
  const designIds = Array.from({ length: DESIGNS }, (_, i) => {
    const design = aurora.control.createDesign({ projectId: project.id, name: `Option ${i + 1}`, sizeKw: 6 + i / 10 });
    aurora.control.finishSimulation(design.id);
    return design.id;
  });
  await aurora.control.webhooksIdle();

  const requests = aurora.state.requests.slice(requests0);
  const deliveries = aurora.state.deliveries.slice(deliveries0);
  // It did not fit in one minute: Aurora refused some reads, and some deliveries were answered 503 and came back.
  expect(requests.length).toBeGreaterThan(90);
  expect(deliveries.some((delivery) => delivery.statuses.includes(503))).toBe(true);
  // Every delivery ended delivered, and every design is whole in HubSpot, with nothing left pending on the deal.
  expect(deliveries.filter((delivery) => delivery.outcome !== 'delivered')).toEqual([]);
  expect(designIds.filter((designId) => !complete(dealId, designId))).toEqual([]);
  // Nothing is marked pending: not on the deal, not on any design record (placeholders a deferral made included), and
  // the card's overview, which reads both, says nothing waits.
  expect(hubspot.view.deal(dealId)!.properties.aurora_sync_pending ?? '').toBe('');
  const marked = hubspot.view.customRecords('aurora_design').filter((record) => record.properties.aurora_sync_pending);
  expect(marked.map((record) => `${record.properties.aurora_design_id}: ${record.properties.aurora_sync_pending}`)).toEqual([]);
  const overview = await dealOverview(createDeps(config(), {}, { priority: 'interactive' }), { dealId }, Date.now() + 10_000);
  expect(overview.sync.pending).toEqual([]);
  expect(overview.designs).toHaveLength(DESIGNS);
  expect(aurora.server.unhandled).toEqual([]);
  expect(hubspot.server.unhandled).toEqual([]);
});

// A new design is announced by several events at once (created, simulated, its screenshot and DXF): one delivery reads
// it from Aurora whole under a read lease, the others spend nothing (src/core/sync/readLease.ts). Counted from the
// Aurora simulator's request log; the design must end whole in HubSpot and every delivery delivered.
import { captureDeliveryLogs, dealDesigns, dealProps, failedDeliveries, linkedDeal, startStack, type Stack } from './support';
import { copiedAssetId } from '../../src/core/aurora/downloader';

let stack: Stack & { close(): Promise<void> };

beforeAll(async () => {
  captureDeliveryLogs();
  stack = await startStack({ aurora: { webhooks: { retryDelaysMs: [300, 1_000] } } });
});
afterAll(async () => {
  await stack?.close();
});
afterEach(async () => {
  await stack.aurora.control.webhooksIdle();
  expect(failedDeliveries(stack.aurora)).toEqual([]);
  expect(stack.aurora.server.unhandled.splice(0)).toEqual([]);
  expect(stack.hubspot.server.unhandled.splice(0)).toEqual([]);
});

/** Aurora requests since `from`, as `METHOD /path` with the tenant and ids left out. */
const requestsSince = (from: number) =>
  stack.aurora.state.requests.slice(from).map((r) => `${r.method} ${r.path.replace(/^\/tenants\/[^/]+/, '').replace(/\/(?=[^/]*\d)[^/]+/g, '/:id')}`);
const leases = () => stack.hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_design_id?.startsWith('lease:'));

it('a design created and simulated at once (four deliveries) is read from Aurora once, and ends whole in HubSpot', async () => {
  const { dealId, projectId } = await linkedDeal(stack, 'Four at once');
  const from = stack.aurora.state.requests.length;

  const design = stack.aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 7.2 });
  stack.aurora.control.finishSimulation(design.id);
  await stack.aurora.control.webhooksIdle();

  const made = requestsSince(from);
  // One whole read: the design list (and the design when an event names no project), summary, pricing, financings, the
  // one chosen, assets; at most one more summary, for a simulation delivery that came back after it.
  const once = ['GET /projects/:id/designs', 'GET /designs/:id/pricing', 'GET /designs/:id/financings', 'GET /designs/:id/financings/:id', 'GET /designs/:id/assets'];
  for (const path of once) expect(made.filter((m) => m === path)).toHaveLength(1);
  expect(made.filter((m) => m === 'GET /designs/:id/summary').length).toBeLessThanOrEqual(2);
  expect(made.length).toBeLessThanOrEqual(8);
  expect(stack.aurora.state.deliveries.filter((d) => d.url.includes(design.id) || d.url.includes(projectId)).length).toBe(4);

  const [record] = dealDesigns(stack, dealId);
  const assets = [...stack.aurora.state.assets.values()].filter((asset) => asset.designId === design.id);
  expect(Number(record?.properties.aurora_annual_production_kwh)).toBeGreaterThan(0);
  expect(Number(record?.properties.aurora_price)).toBeGreaterThan(0);
  expect(assets.map((asset) => asset.id).sort()).toEqual([copiedAssetId(record?.properties.aurora_screenshot_url ?? ''), copiedAssetId(record?.properties.aurora_dxf_url ?? '')].sort());
  expect(dealProps(stack, dealId).aurora_sync_pending ?? '').toBe('');
  expect(leases()).toEqual([]);
});

it('a repeated asset delivery whose file HubSpot holds costs Aurora nothing', async () => {
  const { dealId, projectId } = await linkedDeal(stack, 'Asset again');
  const design = stack.aurora.control.createDesign({ projectId, name: 'West roof', sizeKw: 5 });
  stack.aurora.control.finishSimulation(design.id);
  await stack.aurora.control.webhooksIdle();
  const delivery = stack.aurora.state.deliveries.filter((d) => d.event === 'asset_created' && d.url.includes(design.id)).at(-1)!;
  const from = stack.aurora.state.requests.length;

  const again = await fetch(delivery.url);

  expect(await again.json()).toMatchObject({ ok: true, outcome: 'unchanged', message: 'HubSpot already has this file.' });
  expect(requestsSince(from)).toEqual([]);
  expect(dealDesigns(stack, dealId)).toHaveLength(1);
});

it('accepting a design request: the design_created delivery that races the accept reads nothing and comes back', async () => {
  const { dealId } = await linkedDeal(stack, 'Accept race', '901 Mears Ct, Stanford, CA 94305');
  const requested = await stack.host.callCardFunction('aurora_design_request', { parameters: { dealId, action: 'create' } });
  expect(requested).toMatchObject({ ok: true, result: { ok: true, designRequest: { status: 'designer_completed' } } });
  await stack.aurora.control.webhooksIdle();
  const from = stack.aurora.state.requests.length;

  const accepted = await stack.host.callCardFunction('aurora_design_request', { parameters: { dealId, action: 'accept' } });
  await stack.aurora.control.webhooksIdle();

  expect(accepted).toMatchObject({ ok: true, result: { ok: true, designRequest: { status: 'accepted' } } });
  // The accept's own reads (request, accept, list, summary, financings, the chosen one, assets); none by the delivery.
  expect(requestsSince(from).sort()).toEqual(
    ['GET /design_requests/:id', 'POST /design_requests/:id/accept', 'GET /projects/:id/designs', 'GET /designs/:id/summary', 'GET /designs/:id/financings', 'GET /designs/:id/financings/:id', 'GET /designs/:id/assets'].sort(),
  );
  const created = stack.aurora.state.deliveries.filter((d) => d.event === 'design_created').at(-1);
  expect(created?.outcome).toBe('delivered');
  expect(dealDesigns(stack, dealId)).toHaveLength(1);
  expect(leases()).toEqual([]);
});

// A finished simulation and the asset_created deliveries of its screenshot and DXF arrive together, each in a process of
// its own: each file is uploaded into HubSpot Files once, whatever order they run in and however they overlap. Counted
// from the HubSpot simulator's request log and its file manager; each case also checks what the record and deal hold.
import { holdRequests, type SimRequest } from '../../simulators/shared/httpServer';
import { copiedAssetId } from '../../src/core/aurora/downloader';
import { readConfig } from '../../src/core/config';
import { webhookServices } from '../../src/core/functions/auroraWebhook';
import { syncDeal } from '../../src/core/useCases/sync';
import { handleAuroraWebhook, type WebhookRequest, type WebhookResponse } from '../../src/core/webhooks/receiver';
import { dealDesigns, dealProps, delivery, linkedDeal, soon, useRig, WEBHOOK_TOKEN } from '../reliability/support';

const rig = useRig();

/** One delivery through the webhook function's own dependencies, as deployed (each builds its own, like a separate process). */
const deployed = (request: WebhookRequest) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: webhookServices(readConfig(rig().env)) }, request);

type Delivery = 'simulation' | 'screenshot' | 'dxf';

const isUpload = (entry: { method: string; path: string }) => entry.method === 'POST' && entry.path === '/files/v3/files';
const isRecordWrite = (req: SimRequest) => req.method === 'POST' && /\/crm\/v3\/objects\/2-\d+\/batch\/upsert$/.test(req.path);

let size = 2;

type Asset = { id: string; asset_type: string };

/**
 * A deal with one design HubSpot holds, whose simulation has just finished in Aurora; its screenshot and DXF saved with
 * it, or (`filesSaved: false`) only once the test calls `saveFiles`.
 */
async function simulatedDesign(name: string, options: { filesSaved?: boolean } = {}) {
  const { dealId, projectId } = await linkedDeal(rig(), name);
  // Each case draws another layout, so no file has the same contents as another case's.
  size += 1.5;
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: size });
  await syncDeal(rig().deps, { dealId }, soon());
  const assets = rig().aurora.control.finishSimulation(design.id, options).assets as Asset[];
  const assetOf = (type: string) => assets.find((asset) => asset.asset_type === type) as Asset;
  let [shot, dxf] = [assetOf('CAD Auto Screenshot'), assetOf('Design DXF')];
  const saveFiles = () => {
    shot = rig().aurora.control.createAsset(design.id, 'CAD Auto Screenshot') as Asset;
    dxf = rig().aurora.control.createAsset(design.id, 'Design DXF') as Asset;
  };
  const requests: Record<Delivery, () => WebhookRequest> = {
    simulation: () => delivery('performance_simulation_job_completed', { DESIGN_ID: design.id }),
    screenshot: () => delivery('asset_created', { DESIGN_ID: design.id, ASSET_ID: shot.id, ASSET_TYPE: shot.asset_type }),
    dxf: () => delivery('asset_created', { DESIGN_ID: design.id, ASSET_ID: dxf.id, ASSET_TYPE: dxf.asset_type }),
  };
  const [uploads, files, auroraLog] = [rig().hubspot.apiRequests().filter(isUpload).length, rig().hubspot.view.files().length, rig().aurora.server.log.length];
  return {
    dealId,
    designId: design.id,
    saveFiles,
    deliver: (which: Delivery) => deployed(requests[which]()),
    /** Uploads in HubSpot's log, files in its file manager and Aurora API requests since the simulation finished (4: the summary and pricing, each asset). */
    counts: () => ({
      uploads: rig().hubspot.apiRequests().filter(isUpload).length - uploads,
      files: rig().hubspot.view.files().length - files,
      aurora: rig().aurora.server.log.slice(auroraLog).filter((entry) => !entry.path.startsWith('/__')).length,
    }),
    /** The record holds the simulation's results and both files; the deal, which rolls the design up, the same. */
    expectWhole: () => {
      const record = dealDesigns(rig(), dealId)[0]!.properties;
      expect(Number(record.aurora_annual_production_kwh)).toBeGreaterThan(0);
      expect(Number(record.aurora_price)).toBeGreaterThan(0);
      expect([copiedAssetId(record.aurora_screenshot_url), copiedAssetId(record.aurora_dxf_url)]).toEqual([shot.id, dxf.id]);
      const deal = dealProps(rig(), dealId);
      expect([deal.aurora_annual_production_kwh, deal.aurora_price, deal.aurora_screenshot_url]).toEqual([record.aurora_annual_production_kwh, record.aurora_price, record.aurora_screenshot_url]);
    },
  };
}

const answered = (answers: WebhookResponse[]) => answers.map((answer) => [answer.statusCode, ['applied', 'unchanged'].includes(String(answer.body.outcome))]);
const ORDERS: Delivery[][] = [
  ['simulation', 'screenshot', 'dxf'],
  ['simulation', 'dxf', 'screenshot'],
  ['screenshot', 'simulation', 'dxf'],
  ['dxf', 'simulation', 'screenshot'],
  ['screenshot', 'dxf', 'simulation'],
  ['dxf', 'screenshot', 'simulation'],
];

it('delivered together: each file is uploaded once and HubSpot holds it once', async () => {
  const design = await simulatedDesign('Files together');
  const answers = await Promise.all((['simulation', 'screenshot', 'dxf'] as const).map((which) => design.deliver(which)));
  expect(answered(answers)).toEqual([[200, true], [200, true], [200, true]]);
  expect(design.counts()).toEqual({ uploads: 2, files: 2, aurora: 4 });
  design.expectWhole();
});

it.each(ORDERS)('delivered one after another (%s, %s, %s): each file is uploaded once', async (...order: Delivery[]) => {
  const design = await simulatedDesign(`Files ${order.join(' ')}`);
  const answers: WebhookResponse[] = [];
  for (const which of order) answers.push(await design.deliver(which));
  expect(answered(answers)).toEqual([[200, true], [200, true], [200, true]]);
  expect(design.counts()).toEqual({ uploads: 2, files: 2, aurora: 4 });
  design.expectWhole();
});

it("the assets' deliveries read the record before the simulation's write lands: each file is still uploaded once", async () => {
  const design = await simulatedDesign('Files under the simulation');
  const { release, arrived } = holdRequests(rig().hubspot.server, isRecordWrite);
  const simulation = design.deliver('simulation');
  await arrived;
  const assets = await Promise.all([design.deliver('screenshot'), design.deliver('dxf')]);
  release();
  expect(answered([await simulation, ...assets])).toEqual([[200, true], [200, true], [200, true]]);
  expect(design.counts()).toEqual({ uploads: 2, files: 2, aurora: 4 });
  design.expectWhole();
});

it("the simulation's delivery reads the record before the assets' writes land: each file is still uploaded once", async () => {
  const design = await simulatedDesign('Files under the assets');
  const { release, arrived } = holdRequests(rig().hubspot.server, isRecordWrite, { count: 2 });
  const assets = Promise.all([design.deliver('screenshot'), design.deliver('dxf')]);
  await arrived;
  const simulation = await design.deliver('simulation');
  release();
  expect(answered([simulation, ...(await assets)])).toEqual([[200, true], [200, true], [200, true]]);
  expect(design.counts()).toEqual({ uploads: 2, files: 2, aurora: 4 });
  design.expectWhole();
});

it('a simulation delivered before Aurora has saved its files: written at once from its summary and pricing; each file comes with its own delivery', async () => {
  const design = await simulatedDesign('Files not saved yet', { filesSaved: false });
  const auroraFrom = rig().aurora.server.log.length;
  const simulation = await design.deliver('simulation');
  expect([simulation.statusCode, simulation.body.outcome]).toEqual([200, 'applied']);
  // Two reads, no asset list, no sync to fall back on (no design list), nothing left pending.
  const reads = rig().aurora.server.log.slice(auroraFrom).filter((entry) => !entry.path.startsWith('/__')).map((entry) => `${entry.method} ${entry.path.replace(/^\/tenants\/[^/]+/, '')}`);
  expect(reads.sort()).toEqual([`GET /designs/${design.designId}/pricing`, `GET /designs/${design.designId}/summary`]);
  expect(design.counts()).toMatchObject({ uploads: 0, files: 0 });
  const record = dealDesigns(rig(), design.dealId)[0]!.properties;
  expect(Number(record.aurora_price)).toBeGreaterThan(0);
  expect(dealProps(rig(), design.dealId).aurora_sync_pending ?? '').toBe('');

  design.saveFiles();
  const assets = await Promise.all([design.deliver('screenshot'), design.deliver('dxf')]);
  expect(answered(assets)).toEqual([[200, true], [200, true]]);
  expect(design.counts()).toEqual({ uploads: 2, files: 2, aurora: 4 });
  design.expectWhole();
});

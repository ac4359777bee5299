// What an asset or proposal delivery costs Aurora: the object it names, read once; never the design list, the design's
// asset list or a sync's reads. A stored file link keeps the asset's time, so an older asset delivered late leaves a
// newer screenshot in place.
import { copiedAssetId } from '../../src/core/aurora/downloader';
import { syncDeal } from '../../src/core/useCases/sync';
import { readConfig } from '../../src/core/config';
import { webhookServices } from '../../src/core/functions/auroraWebhook';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { dealDesigns, dealProps, delivery, handle, linkedDeal, soon, useRig, WEBHOOK_TOKEN, type Rig } from '../reliability/support';

const rig = useRig();

/** Aurora API requests since `from` (file downloads from Aurora's file host left out). */
const apiRequests = (r: Rig, from: number) =>
  r.aurora.server.log
    .slice(from)
    .filter((entry) => !entry.path.startsWith('/__'))
    .map((entry) => `${entry.method} ${entry.path}`);

const assetDelivery = (projectId: string, designId: string, assetId: string) =>
  delivery('asset_created', { PROJECT_ID: projectId, DESIGN_ID: designId, ASSET_ID: assetId, ASSET_TYPE: 'CAD Screenshot' });

const later = () => new Promise((resolve) => setTimeout(resolve, 5));

it('a new screenshot reaches the design and the deal with one Aurora request; an older one delivered late changes nothing', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Asset reads');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  rig().aurora.control.finishSimulation(design.id);
  await syncDeal(rig().deps, { dealId }, soon());
  const first = String(dealDesigns(rig(), dealId)[0]?.properties.aurora_screenshot_url);
  const older = copiedAssetId(first)!;
  expect(older).toBeTruthy();

  await later();
  const newer = String(rig().aurora.control.createAsset(design.id, 'CAD Screenshot').id);
  const log = rig().aurora.server.log;
  let before = log.length;
  const answer = await handle(rig(), assetDelivery(projectId, design.id, newer));
  expect(answer.body.outcome).toBe('applied');
  expect(apiRequests(rig(), before)).toEqual([expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/assets/${newer}$`))]);
  const held = () => dealDesigns(rig(), dealId)[0]!.properties.aurora_screenshot_url;
  expect(copiedAssetId(held())).toBe(newer);
  expect(copiedAssetId(dealProps(rig(), dealId).aurora_screenshot_url)).toBe(newer);

  // The older screenshot's delivery arrives late (Aurora retried it): the newer file stays, one read.
  before = log.length;
  expect((await handle(rig(), assetDelivery(projectId, design.id, older))).body.outcome).toBe('unchanged');
  expect(apiRequests(rig(), before)).toHaveLength(1);
  expect(copiedAssetId(held())).toBe(newer);

  // Repeated: the design's record already holds this asset's copy, so Aurora is not asked at all.
  before = log.length;
  expect((await handle(rig(), assetDelivery(projectId, design.id, newer))).body.outcome).toBe('unchanged');
  expect(apiRequests(rig(), before)).toEqual([]);
});

it('a new proposal link reaches the design and the deal with one Aurora request, for the design proposal', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Proposal reads');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  rig().aurora.control.finishSimulation(design.id);
  await syncDeal(rig().deps, { dealId }, soon());
  const link = (await rig().deps.aurora.proposals.regenerateWebProposalUrl(design.id, { deadline: soon() })).url;
  expect(dealDesigns(rig(), dealId)[0]!.properties.aurora_proposal_url).not.toBe(link);

  const before = rig().aurora.server.log.length;
  const answer = await handle(rig(), delivery('web_proposal_url_created', { PROJECT_ID: projectId, DESIGN_ID: design.id }));
  expect(answer.body.outcome).toBe('applied');
  expect(apiRequests(rig(), before)).toEqual([expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/designs/${design.id}/web_proposal$`))]);
  expect(dealDesigns(rig(), dealId)[0]!.properties.aurora_proposal_url).toBe(link);
  expect(dealProps(rig(), dealId).aurora_proposal_url).toBe(link);
});

it('a deployed asset delivery makes at most 4 HubSpot CRM calls: the settings and the design record in one read', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Asset calls');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  rig().aurora.control.finishSimulation(design.id);
  await syncDeal(rig().deps, { dealId }, soon());
  await later();
  const newer = String(rig().aurora.control.createAsset(design.id, 'CAD Screenshot').id);

  const before = rig().hubspot.apiRequests().length;
  // The function edge's own dependencies: the settings record read on every call, as deployed.
  const answer = await handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: webhookServices(readConfig(rig().env)) }, assetDelivery(projectId, design.id, newer));
  expect(answer.body.outcome).toBe('applied');
  const calls = rig().hubspot.apiRequests().slice(before).map((entry) => `${entry.method} ${entry.path.replace(/\/2-\d+\//, '/2-:type/').replace(/\/(\d+|[0-9a-f-]{36})$/, '/:id')}`);
  expect(calls.filter((call) => !call.startsWith('POST /files/')).sort()).toEqual(
    ['POST /crm/v3/objects/2-:type/batch/read', 'GET /crm/v3/objects/deals/:id', 'POST /crm/v3/objects/2-:type/batch/upsert', 'PATCH /crm/v3/objects/deals/:id'].sort(),
  );
  expect(copiedAssetId(dealDesigns(rig(), dealId)[0]!.properties.aurora_screenshot_url)).toBe(newer);
});

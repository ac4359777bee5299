// What a design event's delivery costs HubSpot at the deployed function edge (its own dependencies: the settings record
// read on every call): at most 4 CRM calls, file uploads aside. Counted from the HubSpot simulator's request log; each
// test also checks what HubSpot holds afterwards.
import { readConfig } from '../../src/core/config';
import { webhookServices } from '../../src/core/functions/auroraWebhook';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { syncDeal } from '../../src/core/useCases/sync';
import type { WebhookRequest } from '../../src/core/webhooks/receiver';
import { dealDesigns, dealProps, delivery, linkedDeal, soon, useRig, WEBHOOK_TOKEN, type Rig } from '../reliability/support';

const rig = useRig();

/** One delivery through the webhook function's own dependencies, as deployed. */
const deployed = (request: WebhookRequest) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: webhookServices(readConfig(rig().env)) }, request);

/** HubSpot CRM calls since `from` (file uploads left out), with ids and the custom object's type id made generic. */
const crmCalls = (r: Rig, from: number) =>
  r.hubspot
    .apiRequests()
    .slice(from)
    .map((entry) => `${entry.method} ${entry.path.replace(/\/2-\d+(\/|$)/, '/2-:type$1').replace(/\/(\d+|[0-9a-f-]{36})$/, '/:id')}`)
    .filter((call) => !call.startsWith('POST /files/'))
    .sort();

/** Aurora API requests since `from` (file downloads from its file host left out). */
const auroraRequests = (r: Rig, from: number) =>
  r.aurora.server.log
    .slice(from)
    .filter((entry) => !entry.path.startsWith('/__'))
    .map((entry) => `${entry.method} ${entry.path.replace(/^\/tenants\/[^/]+/, '')}`);

/** The four calls of a design event written alone: settings with the design record, the deal, the record, the deal. */
const WRITTEN_ALONE = ['POST /crm/v3/objects/2-:type/batch/read', 'GET /crm/v3/objects/deals/:id', 'POST /crm/v3/objects/2-:type/batch/upsert', 'PATCH /crm/v3/objects/deals/:id'].sort();

/** A deal with one design HubSpot holds (synced once, before `simulated` or not). */
async function heldDesign(name: string, simulated: boolean) {
  const { dealId, projectId } = await linkedDeal(rig(), name);
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  if (simulated) rig().aurora.control.finishSimulation(design.id);
  await syncDeal(rig().deps, { dealId }, soon());
  return { dealId, projectId, designId: design.id };
}

it('a finished simulation of a design HubSpot holds: 4 CRM calls, no upload, and its results and price on the record and the deal', async () => {
  const { dealId, designId } = await heldDesign('Simulation calls', false);
  expect(dealDesigns(rig(), dealId)[0]!.properties.aurora_annual_production_kwh ?? '').toBe('');
  rig().aurora.control.finishSimulation(designId);

  const [hubspotBefore, auroraBefore] = [rig().hubspot.apiRequests().length, rig().aurora.server.log.length];
  const answer = await deployed(delivery('performance_simulation_job_completed', { DESIGN_ID: designId }));
  expect(answer.body.outcome).toBe('applied');
  expect(crmCalls(rig(), hubspotBefore)).toEqual(WRITTEN_ALONE);
  // Its files are their own asset deliveries' to copy (test/webhooks/simulationFiles.test.ts).
  expect(rig().hubspot.apiRequests().slice(hubspotBefore).filter((entry) => entry.path.startsWith('/files/'))).toEqual([]);
  // The event's own reads: no design list, no financing, no asset list.
  expect(auroraRequests(rig(), auroraBefore).sort()).toEqual([`GET /designs/${designId}/pricing`, `GET /designs/${designId}/summary`].sort());

  const record = dealDesigns(rig(), dealId)[0]!.properties;
  const deal = dealProps(rig(), dealId);
  expect(Number(record.aurora_annual_production_kwh)).toBeGreaterThan(0);
  expect(Number(record.aurora_price)).toBeGreaterThan(0);
  // The deal rolls this design up: it takes the same figures.
  expect(deal.aurora_design_id).toBe(designId);
  expect([deal.aurora_annual_production_kwh, deal.aurora_price]).toEqual([record.aurora_annual_production_kwh, record.aurora_price]);

  // Repeated: HubSpot already has the results (one summary read, no write but the history's).
  const again = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('performance_simulation_job_completed', { DESIGN_ID: designId }))).body.outcome).toBe('unchanged');
  expect(crmCalls(rig(), again).length).toBeLessThanOrEqual(3);
});

it('a new milestone of a design HubSpot holds: 4 CRM calls, one Aurora read; repeated: no record write', async () => {
  const { dealId, projectId, designId } = await heldDesign('Milestone calls', true);
  rig().aurora.control.recordMilestone(designId, 'installed');
  const milestone = () => delivery('milestone_created', { PROJECT_ID: projectId, DESIGN_ID: designId, STAGE: 'installed' });

  const [hubspotBefore, auroraBefore] = [rig().hubspot.apiRequests().length, rig().aurora.server.log.length];
  expect((await deployed(milestone())).body.outcome).toBe('applied');
  expect(crmCalls(rig(), hubspotBefore)).toEqual(WRITTEN_ALONE);
  expect(auroraRequests(rig(), auroraBefore)).toEqual([`GET /projects/${projectId}/designs`]);
  expect(dealDesigns(rig(), dealId)[0]!.properties.aurora_milestone).toBe('installed');

  const again = rig().hubspot.apiRequests().length;
  expect((await deployed(milestone())).body.outcome).toBe('unchanged');
  const repeated = crmCalls(rig(), again);
  expect(repeated.length).toBeLessThanOrEqual(3);
  expect(repeated).not.toContain('POST /crm/v3/objects/2-:type/batch/upsert');
});

it("a design's 'sold' milestone still goes through the sync: the older design becomes the sold one and the deal rolls it up", async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Sold milestone');
  const older = rig().aurora.control.createDesign({ projectId, name: 'Older', sizeKw: 6 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const newer = rig().aurora.control.createDesign({ projectId, name: 'Newer', sizeKw: 9 });
  await syncDeal(rig().deps, { dealId }, soon());
  expect(dealProps(rig(), dealId).aurora_design_id).toBe(newer.id);

  rig().aurora.control.recordMilestone(older.id, 'sold');
  expect((await deployed(delivery('milestone_created', { PROJECT_ID: projectId, DESIGN_ID: older.id, STAGE: 'sold' }))).body.outcome).toBe('applied');
  const record = dealDesigns(rig(), dealId).find((r) => r.properties.aurora_design_id === older.id)!;
  expect(record.properties).toMatchObject({ aurora_milestone: 'sold', aurora_is_sold: 'true' });
  expect(dealProps(rig(), dealId)).toMatchObject({ aurora_design_id: older.id, aurora_design_name: 'Older' });
});

it('a completed design request and a new proposal link make at most 4 CRM calls each', async () => {
  const { dealId, projectId, designId } = await heldDesign('Request calls', true);
  const request = await rig().client.designRequests.create({ project_id: projectId });
  await rig().deps.hubspot.updateDeal(dealId, { aurora_design_request_id: request.id, aurora_design_request_status: 'pending' });
  rig().aurora.control.completeDesignRequest(request.id);
  let before = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('design_request_completed', { DESIGN_REQUEST_ID_IN_AURORA: request.id }))).body.outcome).toBe('applied');
  expect(crmCalls(rig(), before).length).toBeLessThanOrEqual(4);
  expect(dealProps(rig(), dealId).aurora_design_request_status).toBe('designer_completed');

  const link = (await rig().deps.aurora.proposals.regenerateWebProposalUrl(designId, { deadline: soon() })).url;
  before = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('web_proposal_url_created', { PROJECT_ID: projectId, DESIGN_ID: designId }))).body.outcome).toBe('applied');
  expect(crmCalls(rig(), before)).toEqual(WRITTEN_ALONE);
  expect(dealDesigns(rig(), dealId)[0]!.properties.aurora_proposal_url).toBe(link);
});

/** Lookups a warm function remembers (docs/hubspot-calls.md#install-facts): made once per process, not per delivery. */
const isInstallFact = (call: string) => / \/crm\/v4\/associations\/[^/]+\/[^/]+\/labels$/.test(call) || call.includes('/crm-object-schemas/');

/** The deal read by its project's id (its unique aurora_project_id), since `from`. */
const dealReadsByProject = (r: Rig, from: number, projectId: string) =>
  r.hubspot
    .apiRequests()
    .slice(from)
    .filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/objects/deals/${projectId}`) && entry.query.includes('idProperty=aurora_project_id')).length;

it("a deal's first design: read under its lease, the deal read by its project with its design ids, the record created with its link in one call", async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'New design calls');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });

  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: design.id }))).body.outcome).toBe('applied');
  expect(crmCalls(rig(), before).filter((call) => !isInstallFact(call))).toEqual(
    [
      'POST /crm/v3/objects/2-:type/batch/read', // settings + the design's record (none)
      'POST /crm/v3/objects/2-:type', // the read lease
      // The deal of the event's project, read by that project (no search): as it is now, with its design ids (none, so
      // no link read).
      'GET /crm/v3/objects/deals/:id',
      'PATCH /crm/v3/objects/deals/:id',
      'POST /crm/v3/objects/2-:type', // the design's record, with its link to the deal
      'DELETE /crm/v3/objects/2-:type/:id', // the lease released
    ].sort(),
  );
  expect(dealReadsByProject(rig(), before, projectId)).toBe(1);
  const records = dealDesigns(rig(), dealId);
  expect(records).toHaveLength(1);
  expect(records[0]!.properties).toMatchObject({ aurora_design_id: design.id, aurora_design_name: 'Roof', aurora_deal_id: dealId });
  expect(dealProps(rig(), dealId).aurora_design_id).toBe(design.id);
  expect(rig().hubspot.view.customRecords('aurora_design').filter((r) => String(r.properties.aurora_design_id).startsWith('lease:'))).toEqual([]);

  // A later design of the same deal: its links (with labels) and records are read for the roll-up, two calls more.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = rig().aurora.control.createDesign({ projectId, name: 'Garage', sizeKw: 5 });
  const again = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: second.id }))).body.outcome).toBe('applied');
  const calls = crmCalls(rig(), again).filter((call) => !isInstallFact(call));
  expect(calls).toHaveLength(8);
  expect(calls).not.toContain('POST /crm/v3/objects/deals/search');
  expect(dealReadsByProject(rig(), again, projectId)).toBe(1);
  expect(calls).toEqual(expect.arrayContaining(['POST /crm/v4/associations/deals/2-:type/batch/read', 'POST /crm/v3/objects/2-:type/batch/read']));
  expect(dealDesigns(rig(), dealId).map((r) => r.properties.aurora_design_name).sort()).toEqual(['Garage', 'Roof']);
  expect(dealProps(rig(), dealId).aurora_design_id).toBe(second.id);
});

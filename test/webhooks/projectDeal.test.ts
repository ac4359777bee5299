// How a delivery that names a project finds its deal: read by the project id itself (aurora_project_id is unique on
// deals), so it is the deal that holds the project now, in one call and without search (docs/hubspot-calls.md#the-deal-of-a-project).
import { readConfig } from '../../src/core/config';
import { webhookServices } from '../../src/core/functions/auroraWebhook';
import { handleAuroraWebhook, type WebhookRequest } from '../../src/core/webhooks/receiver';
import { dealDesigns, delivery, linkedDeal, useRig, WEBHOOK_TOKEN, type Rig } from '../reliability/support';

const rig = useRig();

/** One delivery through the webhook function's own dependencies, as deployed. */
const deployed = (request: WebhookRequest) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: webhookServices(readConfig(rig().env)) }, request);

const callsSince = (r: Rig, from: number) => r.hubspot.apiRequests().slice(from);
const searches = (r: Rig, from: number) => callsSince(r, from).filter((entry) => entry.path === '/crm/v3/objects/deals/search').length;

it('a project a rep moved to another deal: its new design goes to the deal that holds the project now', async () => {
  const { dealId: first, projectId } = await linkedDeal(rig(), 'Held the project first');
  const second = rig().hubspot.control.createRecord('deals', { dealname: 'Holds it now', pipeline: 'default', dealstage: 'contractsent' });
  // aurora_project_id is editable and unique: it has to leave one deal before another may hold it.
  await rig().deps.hubspot.updateDeal(first, { aurora_project_id: '' });
  await rig().deps.hubspot.updateDeal(second, { aurora_project_id: projectId });
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });

  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: design.id }))).body).toEqual(expect.objectContaining({ outcome: 'applied', dealId: second }));
  expect(searches(rig(), before)).toBe(0);
  expect(dealDesigns(rig(), second).map((r) => r.properties.aurora_design_id)).toEqual([design.id]);
  expect(dealDesigns(rig(), first)).toEqual([]);
});

it('a project no deal holds: "no deal", nothing written but the lease it took and released, and no search', async () => {
  const project = await rig().client.projects.create({ name: 'Nobody links me', location: { property_address: '1234 Cowper St, Palo Alto, CA 94301' } });
  const design = rig().aurora.control.createDesign({ projectId: project.id, name: 'Roof', sizeKw: 8 });
  const recordsBefore = rig().hubspot.view.customRecords('aurora_design').length;

  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(delivery('design_created', { PROJECT_ID: project.id, DESIGN_ID: design.id }))).body.outcome).toBe('no_deal');
  expect(searches(rig(), before)).toBe(0);
  expect(callsSince(rig(), before).filter((entry) => entry.path.endsWith(`/deals/${project.id}`)).map((entry) => entry.status)).toEqual([404]);
  expect(rig().hubspot.view.customRecords('aurora_design')).toHaveLength(recordsBefore);
});

it('a portal where HubSpot refuses to read deals by aurora_project_id (not a unique property there): the deal is searched, and the design still lands', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Searched instead');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  rig().hubspot.server.injectFault({
    times: 10,
    status: 400,
    body: { status: 'error', category: 'VALIDATION_ERROR', message: 'aurora_project_id is not a unique property; idProperty must name a property with unique values.' },
    match: (req) => req.method === 'GET' && req.path.endsWith(`/deals/${projectId}`),
  });

  const before = rig().hubspot.apiRequests().length;
  const answer = await deployed(delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: design.id }));
  expect(answer.body.outcome).toBe('applied');
  expect(searches(rig(), before)).toBe(1);
  expect(dealDesigns(rig(), dealId).map((r) => r.properties.aurora_design_id)).toEqual([design.id]);
  rig().hubspot.server.clearFaults();
});

// What an agreement delivery before signing costs Aurora: the agreement it names, read once; whether a later status went
// under its write is read from HubSpot's property history, never a second Aurora read, a list or a sync's reads.
import { dealDesigns, dealProps, delivery, handle, linkedDeal, sentAgreement, useRig } from '../reliability/support';

const rig = useRig();

it('a viewed agreement reaches the design and the deal with one Aurora request, for that agreement', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Agreement reads');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'Roof', sizeKw: 8 });
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('sent');

  rig().aurora.control.moveAgreement(agreementId, 'viewed');
  const log = rig().aurora.server.log;
  const before = log.length;
  const hubspotBefore = rig().hubspot.apiRequests().length;
  const answer = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'viewed', DESIGN_ID: design.id }));
  // HubSpot: the deal read by its project (its unique aurora_project_id), the design's record, the record's and the deal's writes (no claim read: only
  // a cancellation asks whether the contract was signed), then the deal's agreement status with its history. A deployed
  // call reads the settings record first.
  const hubspotCalls = rig().hubspot.apiRequests().slice(hubspotBefore);
  expect(hubspotCalls.map((entry) => `${entry.method} ${entry.path.replace(/\/2-\d+\//, '/2-:type/').replace(/\/(\d+|[0-9a-f-]{36})$/, '/:id')}`).sort()).toEqual(
    ['GET /crm/v3/objects/deals/:id', 'GET /crm/v3/objects/2-:type/:id', 'POST /crm/v3/objects/2-:type/batch/upsert', 'PATCH /crm/v3/objects/deals/:id', 'GET /crm/v3/objects/deals/:id'].sort(),
  );
  expect(hubspotCalls.at(-1)?.query).toContain('propertiesWithHistory=aurora_agreement_status');

  expect(answer.body.outcome).toBe('applied');
  expect(log.slice(before).map((entry) => `${entry.method} ${entry.path}`)).toEqual([expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/agreements/${agreementId}$`))]);
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('viewed');
  expect(dealDesigns(rig(), dealId).map((d) => [d.properties.aurora_agreement_id, d.properties.aurora_agreement_status])).toEqual([[agreementId, 'viewed']]);

  // Repeated: HubSpot already holds it, one read.
  const again = log.length;
  expect((await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'viewed', DESIGN_ID: design.id }))).body.outcome).toBe('unchanged');
  expect(log.length - again).toBe(1);
});

it('a declined agreement reaches the design and the deal the same way: one Aurora request, for that agreement', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Agreement declined');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'Roof', sizeKw: 8 });

  rig().aurora.control.moveAgreement(agreementId, 'declined');
  const log = rig().aurora.server.log;
  const before = log.length;
  const answer = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'declined', DESIGN_ID: design.id }));

  expect(answer.body.outcome).toBe('applied');
  expect(log.slice(before).map((entry) => `${entry.method} ${entry.path}`)).toEqual([expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/agreements/${agreementId}$`))]);
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('declined');
  expect(dealDesigns(rig(), dealId).map((d) => [d.properties.aurora_agreement_id, d.properties.aurora_agreement_status, d.properties.aurora_is_sold])).toEqual([[agreementId, 'declined', 'false']]);
});

it('an agreement of a design the deal does not roll up is written on its record alone, and checked on the record’s history', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Second design');
  const first = await sentAgreement(rig(), { dealId, projectId }, { name: 'Roof', sizeKw: 8 });
  const second = await sentAgreement(rig(), { dealId, projectId }, { name: 'Garage', sizeKw: 4 });
  const other = dealProps(rig(), dealId).aurora_design_id === first.design.id ? second : first;
  const dealBefore = dealProps(rig(), dealId).aurora_agreement_status;

  rig().aurora.control.moveAgreement(other.agreementId, 'viewed');
  const auroraBefore = rig().aurora.server.log.length;
  const hubspotBefore = rig().hubspot.apiRequests().length;
  const answer = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: other.agreementId, STATUS: 'viewed', DESIGN_ID: other.design.id }));

  expect(answer.body.outcome).toBe('applied');
  expect(rig().aurora.server.log.slice(auroraBefore).map((entry) => `${entry.method} ${entry.path}`)).toEqual([expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/agreements/${other.agreementId}$`))]);
  const check = rig().hubspot.apiRequests().slice(hubspotBefore).at(-1)!;
  expect(`${check.method} ${check.path.replace(/\/2-\d+\//, '/2-:type/')}`).toBe(`GET /crm/v3/objects/2-:type/${other.design.id}`);
  expect(check.query).toContain('propertiesWithHistory=aurora_agreement_status');
  expect(dealDesigns(rig(), dealId).find((d) => d.properties.aurora_design_id === other.design.id)?.properties.aurora_agreement_status).toBe('viewed');
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe(dealBefore);
});

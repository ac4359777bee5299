// What an agreement delivery before signing costs Aurora: the agreement it names, read once, and the one read that
// checks no later status was overtaken; never a design list, an agreement list or a sync's reads.
import { syncDeal } from '../../src/core/useCases/sync';
import { dealDesigns, dealProps, delivery, handle, linkedDeal, soon, useRig } from '../reliability/support';

const rig = useRig();

it('a viewed agreement reaches the design and the deal with two Aurora requests, both for that agreement', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Agreement reads');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  rig().aurora.control.finishSimulation(design.id);
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  await syncDeal(rig().deps, { dealId }, soon());
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('sent');

  rig().aurora.control.moveAgreement(agreementId, 'viewed');
  const log = rig().aurora.server.log;
  const before = log.length;
  const answer = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'viewed', DESIGN_ID: design.id }));

  expect(answer.body.outcome).toBe('applied');
  expect(log.slice(before).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
    expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/agreements/${agreementId}$`)),
    expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/agreements/${agreementId}$`)),
  ]);
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('viewed');
  expect(dealDesigns(rig(), dealId).map((d) => [d.properties.aurora_agreement_id, d.properties.aurora_agreement_status])).toEqual([[agreementId, 'viewed']]);

  // Repeated: HubSpot already holds it, one read.
  const again = log.length;
  expect((await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'viewed', DESIGN_ID: design.id }))).body.outcome).toBe('unchanged');
  expect(log.length - again).toBe(1);
});

it('a declined agreement reaches the design and the deal the same way: two Aurora requests, both for that agreement', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Agreement declined');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Roof', sizeKw: 8 });
  rig().aurora.control.finishSimulation(design.id);
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  await syncDeal(rig().deps, { dealId }, soon());

  rig().aurora.control.moveAgreement(agreementId, 'declined');
  const log = rig().aurora.server.log;
  const before = log.length;
  const answer = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'declined', DESIGN_ID: design.id }));

  expect(answer.body.outcome).toBe('applied');
  expect(log.slice(before).map((entry) => `${entry.method} ${entry.path}`)).toEqual(
    Array.from({ length: 2 }, () => expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/agreements/${agreementId}$`))),
  );
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('declined');
  expect(dealDesigns(rig(), dealId).map((d) => [d.properties.aurora_agreement_id, d.properties.aurora_agreement_status, d.properties.aurora_is_sold])).toEqual([[agreementId, 'declined', 'false']]);
});

// Attacks on order: a delivery whose HubSpot writes are slow is overtaken by a later one. Whatever lands last, the deal
// ends with what Aurora holds now: an agreement status never goes back (signed stays signed) and the project status is
// Aurora's current one, not the one an overtaken delivery read.
import { holdRequests, type SimRequest } from '../../simulators/shared/httpServer';
import { syncDeal } from '../../src/core/useCases/sync';
import { dealDesigns, dealProps, delivery, handle, linkedDeal, sentAgreement, useRig } from './support';

const rig = useRig();

const isWrite = (req: SimRequest) => (req.method === 'PATCH' && /\/objects\/deals\/\d+$/.test(req.path)) || (req.method === 'POST' && req.path.endsWith('/batch/upsert'));

/** Holds the next `count` HubSpot writes until `release()`; `arrived` resolves once they all reached HubSpot. */
const holdWrites = (count: number) => holdRequests(rig().hubspot.server, isWrite, { count });

it('an overtaken agreement delivery never takes a signed deal back to viewed', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Overtaken agreement');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'Roof', sizeKw: 8 });
  expect(dealProps(rig(), dealId).aurora_agreement_status).toBe('sent');

  rig().aurora.control.moveAgreement(agreementId, 'viewed');
  // The `viewed` delivery reads Aurora, then its two writes (design record, deal) hang in HubSpot.
  const held = holdWrites(2);
  const slow = handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'viewed', DESIGN_ID: design.id }));
  await held.arrived;
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  const fast = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id }));
  expect(fast.body.outcome).toBe('applied');
  held.release();
  expect((await slow).statusCode).toBe(200);

  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_agreement_status: 'signed', dealstage: 'closedwon' }));
  expect(dealDesigns(rig(), dealId).map((d) => d.properties.aurora_agreement_status)).toEqual(['signed']);
});

it('an overtaken agreement delivery of a design the deal does not roll up never takes its record back', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Overtaken second design');
  const first = await sentAgreement(rig(), { dealId, projectId }, { name: 'Roof', sizeKw: 8 });
  const second = await sentAgreement(rig(), { dealId, projectId }, { name: 'Garage', sizeKw: 4 });
  const other = dealProps(rig(), dealId).aurora_design_id === first.design.id ? second : first;
  const recordStatus = () => dealDesigns(rig(), dealId).find((d) => d.properties.aurora_design_id === other.design.id)?.properties.aurora_agreement_status;

  rig().aurora.control.moveAgreement(other.agreementId, 'viewed');
  // The `viewed` delivery reads Aurora, then its writes (the design record; the deal's history entry) hang in HubSpot.
  const held = holdWrites(2);
  const auroraBefore = rig().aurora.server.log.length;
  const slow = handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: other.agreementId, STATUS: 'viewed' }));
  await held.arrived;
  rig().aurora.control.moveAgreement(other.agreementId, 'declined');
  expect((await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: other.agreementId, STATUS: 'declined' }))).body.outcome).toBe('applied');
  expect(recordStatus()).toBe('declined');
  const agreementReads = () => rig().aurora.server.log.slice(auroraBefore).filter((entry) => entry.path.endsWith(`/agreements/${other.agreementId}`)).length;
  // The later delivery's write went on top of nothing newer: its one read.
  expect(agreementReads()).toBe(2);
  held.release();
  expect((await slow).statusCode).toBe(200);

  // The record's history showed `declined` under the late `viewed`: Aurora was asked again and the design synced.
  expect(recordStatus()).toBe('declined');
  expect(agreementReads()).toBeGreaterThanOrEqual(3);
});

it('an overtaken project status delivery leaves Aurora’s current status on the deal', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Overtaken status');
  rig().aurora.control.setProjectStatus(projectId, 'Permit');
  const held = holdWrites(1);
  const slow = handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Permit' }));
  await held.arrived;
  rig().aurora.control.setProjectStatus(projectId, 'Installed');
  expect((await handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Installed' }))).body.outcome).toBe('applied');
  held.release();
  expect((await slow).statusCode).toBe(200);
  expect(dealProps(rig(), dealId).aurora_project_status).toBe('Installed');
});

it('a sync that read the agreement as viewed never writes viewed over a signature that landed while it was reading', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Viewed, then signed');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'Porch roof', sizeKw: 4 });
  rig().aurora.control.moveAgreement(agreementId, 'viewed');

  // The slow sync has read the agreement list (viewed); its read of the design list is held meanwhile.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  rig().aurora.server.injectFault({ match: (req) => req.method === 'GET' && req.path.endsWith(`/projects/${projectId}/designs`), until: held });
  const started = new Date().toISOString();
  const slow = syncDeal(rig().deps, { dealId }, Date.now() + 20_000);
  const agreementsAnswered = () => rig().aurora.server.log.some((entry) => entry.path.endsWith(`/projects/${projectId}/agreements`) && entry.at >= started);
  while (!agreementsAnswered()) await new Promise((resolve) => setTimeout(resolve, 10));

  // Meanwhile the contract is signed and its delivery hands the deal over.
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id });
  expect((await handle(rig(), signed)).statusCode).toBe(200);
  const signedAt = new Date().toISOString();
  release();
  await slow;
  rig().aurora.server.clearFaults();

  const later = rig().hubspot.server.log.filter((entry) => entry.method === 'PATCH' && entry.path.endsWith(`/deals/${dealId}`) && (entry.arrivedAt ?? '') >= signedAt);
  expect(later.map((entry) => (entry.body as { properties?: Record<string, string> }).properties?.aurora_agreement_status).filter(Boolean)).not.toContain('viewed');
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_agreement_status: 'signed', dealstage: 'closedwon' }));
});

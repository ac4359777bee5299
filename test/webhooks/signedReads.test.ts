// What a signed contract's delivery costs: Aurora is asked for the agreement the event names and nothing else when
// HubSpot's records hold what the hand-off needs (the sold design's name, size, price and proposal link, nothing of it
// pending); HubSpot is read once for each thing the hand-off needs (docs/claims.md#the-hand-offs-reads).
import { readConfig } from '../../src/core/config';
import { webhookServices } from '../../src/core/functions/auroraWebhook';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { dealDesigns, dealNotes, dealProps, delivery, linkedDeal, sentAgreement, useRig, WEBHOOK_TOKEN } from '../reliability/support';

const rig = useRig();

/** A delivery as the deployed function handles it: its own deps, the settings record read first (with the event's claims). */
const deployed = (request: ReturnType<typeof delivery>) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: webhookServices(readConfig(rig().env)) }, request);
const auroraSince = (before: number) => rig().aurora.server.log.slice(before).map((entry) => `${entry.method} ${entry.path.replace(/^\/tenants\/[^/]+/, '')}`);
const hubspotSince = (before: number) =>
  rig()
    .hubspot.apiRequests()
    .slice(before)
    .map((entry) => `${entry.method} ${entry.path.replace(/\/2-\d+/, '/2-:type').replace(/\/(\d+|[^/]*%3A[^/]*)$/, '/:id')}`);

it('a signed contract whose design HubSpot holds whole is handed over with one Aurora request, the agreement', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Signed from HubSpot');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'South roof', sizeKw: 7 });
  const held = dealDesigns(rig(), dealId)[0]!.properties;
  expect(held.aurora_proposal_url).toMatch(/^http/);
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed' });

  const [aurora, hubspot] = [rig().aurora.server.log.length, rig().hubspot.apiRequests().length];
  const answer = await deployed(signed);
  expect(answer.statusCode).toBe(200);
  expect(auroraSince(aurora)).toEqual([`GET /agreements/${agreementId}`]);
  // Settings and the contract's two claims in one read; the deal read by its project (its unique aurora_project_id: no
  // search, no second read by id); its designs (links, records); the signature on the design records; the hand-off
  // (claim, pipelines, the deal's signature, stage and history in one write, the note under the hand-off's own claim,
  // sold and primary labels, the claim marked done).
  expect(hubspotSince(hubspot).sort()).toEqual(
    [
      'POST /crm/v3/objects/2-:type/batch/read',
      `GET /crm/v3/objects/deals/${projectId}`,
      'POST /crm/v4/associations/deals/2-:type/batch/read',
      'POST /crm/v3/objects/2-:type/batch/read',
      'POST /crm/v3/objects/2-:type/batch/upsert',
      'POST /crm/v3/objects/2-:type',
      'GET /crm/v3/pipelines/deals',
      'PATCH /crm/v3/objects/deals/:id',
      'POST /crm/v3/objects/notes',
      'POST /crm/v4/associations/deals/2-:type/batch/create',
      'PATCH /crm/v3/objects/2-:type/:id',
    ].sort(),
  );

  expect(rig().hubspot.apiRequests().slice(hubspot).find((entry) => entry.path.endsWith(`/deals/${projectId}`))?.query).toContain('idProperty=aurora_project_id');

  // The deal moved on, its design is sold and primary, and the note gives what HubSpot's record held.
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed', aurora_sync_pending: '' }));
  expect(dealProps(rig(), dealId).aurora_contract_signed_at).toBeTruthy();
  const [record] = dealDesigns(rig(), dealId);
  expect(record!.properties).toEqual(expect.objectContaining({ aurora_design_id: design.id, aurora_agreement_id: agreementId, aurora_agreement_status: 'signed', aurora_is_sold: 'true', aurora_is_primary: 'true' }));
  expect([...record!.labels].sort()).toEqual(['Primary design', 'Sold design'].sort());
  const notes = dealNotes(rig(), dealId);
  expect(notes).toHaveLength(1);
  expect(notes[0]!.body).toContain('Design: South roof');
  expect(notes[0]!.body).toContain(held.aurora_proposal_url);
  expect(notes[0]!.body).toMatch(/Price: \$[\d,.]+/);

  // Repeated: the claim read with the settings says it is done; the agreement is read once.
  const [auroraAgain, hubspotAgain] = [rig().aurora.server.log.length, rig().hubspot.apiRequests().length];
  expect((await deployed(signed)).body.outcome).toBe('unchanged');
  expect(auroraSince(auroraAgain)).toEqual([`GET /agreements/${agreementId}`]);
  expect(hubspotSince(hubspotAgain).length).toBeLessThanOrEqual(3);
});

it('a signed contract for a design whose record holds another agreement is synced: the agreement list says which speaks', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Another agreement on the design');
  const { design, agreementId: first } = await sentAgreement(rig(), { dealId, projectId }, { name: 'East roof', sizeKw: 6 });
  rig().aurora.control.moveAgreement(first, 'declined');
  const second = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  rig().aurora.control.moveAgreement(second, 'signed');

  const aurora = rig().aurora.server.log.length;
  const answer = await deployed(delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: second, STATUS: 'signed' }));
  expect(answer.statusCode).toBe(200);
  expect(auroraSince(aurora)).toEqual(expect.arrayContaining([`GET /agreements/${second}`, `GET /projects/${projectId}/agreements`]));
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed' }));
  expect(dealDesigns(rig(), dealId)[0]!.properties).toEqual(expect.objectContaining({ aurora_agreement_id: second, aurora_agreement_status: 'signed', aurora_is_sold: 'true' }));
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
});

it('a hand-off whose sold labels fail after its note was written is finished by the redelivery without a second note', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Labels fail after the note');
  const { agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'West roof', sizeKw: 5 });
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed' });
  const isLabelWrite = (req: { method: string; path: string }) => req.method === 'POST' && /\/crm\/v4\/associations\/deals\/[^/]+\/batch\/create$/.test(req.path);
  rig().hubspot.server.injectFault({ match: isLabelWrite, status: 503, times: 10 });

  expect((await deployed(signed)).statusCode).toBe(503);
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_pending: `agreement:${projectId}` }));

  rig().hubspot.server.clearFaults();
  expect((await deployed(signed)).statusCode).toBe(200);
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
  expect([...dealDesigns(rig(), dealId)[0]!.labels].sort()).toEqual(['Primary design', 'Sold design'].sort());
  expect(dealProps(rig(), dealId).aurora_sync_pending).toBe('');
});

it('a signed contract whose design HubSpot holds without a proposal link reads that link alone from Aurora', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'No proposal link in HubSpot');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'North roof', sizeKw: 6 });
  // No webhook brought a proposal link (the record and the deal hold none).
  await rig().deps.hubspot.upsertDesigns([{ aurora_design_id: design.id, aurora_proposal_url: '' }]);
  await rig().deps.hubspot.updateDeal(dealId, { aurora_proposal_url: '' });
  rig().aurora.control.moveAgreement(agreementId, 'signed');

  const aurora = rig().aurora.server.log.length;
  expect((await deployed(delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed' }))).statusCode).toBe(200);
  expect(auroraSince(aurora)).toEqual([`GET /agreements/${agreementId}`, `GET /designs/${design.id}/web_proposal`]);
  const link = dealDesigns(rig(), dealId)[0]!.properties.aurora_proposal_url;
  expect(link).toMatch(/^http/);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_proposal_url: link }));
  const notes = dealNotes(rig(), dealId);
  expect(notes).toHaveLength(1);
  expect(notes[0]!.body).toContain(link);
});

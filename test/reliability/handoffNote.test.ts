// Attacks on the hand-off note: the contract is signed while Aurora fails the figures. The note is written only with
// the facts it names (never "Price: unknown" for a price Aurora has), and once Aurora answers it is completed, once, by
// Aurora's redelivery of the signed event (the delivery is put off while the hand-off is unfinished) or by the next sync.
import { randomUUID } from 'node:crypto';
import { readConfig } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { CLAIM_STALE_MS } from '../../src/core/postSale/claims';
import { syncDeal } from '../../src/core/useCases/sync';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { dealNotes, dealProps, delivery, handle, linkedDeal, sentAgreement, soon, useRig, WEBHOOK_TOKEN } from './support';

const rig = useRig();

it('a signature while Aurora fails the pricing: no note with unknown figures; the next sync writes the complete note', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Signed while Aurora fails');
  const design = rig().aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 9 });
  rig().aurora.control.finishSimulation(design.id);
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  // Aurora fails every pricing read for now.
  rig().aurora.control.injectFault({ path: '/pricing', status: 503, times: 1_000 });
  await syncDeal(rig().deps, { dealId }, soon());
  rig().aurora.control.moveAgreement(agreementId, 'signed');

  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id });
  // The stage moves at once; the note waits, so the delivery is put off (503) and the deal says what is left.
  const answered = await handle(rig(), signed);
  expect(answered.statusCode).toBe(503);
  // The design's unread figures are marked on its own record, the unfinished hand-off on the deal (docs/pending-work.md).
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_agreement_status: 'signed', dealstage: 'closedwon', aurora_sync_pending: `agreement:${projectId}` }));
  const designMark = () => rig().hubspot.view.customRecords('aurora_design').find((r) => r.properties.aurora_design_id === design.id)?.properties.aurora_sync_pending ?? '';
  expect(designMark()).toBe(`design:${design.id}`);
  for (const note of dealNotes(rig(), dealId)) expect(note.body).not.toMatch(/unknown|not synced yet/);

  rig().aurora.control.clearFaults();
  // Aurora delivers again: the note is written and nothing is left on the deal.
  expect((await handle(rig(), signed)).statusCode).toBe(200);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_sync_status: 'ok', aurora_sync_pending: '' }));
  expect(designMark()).toBe('');
  await syncDeal(rig().deps, { dealId }, soon());
  const notes = dealNotes(rig(), dealId);
  expect(notes).toHaveLength(1);
  expect(notes[0]!.body).toMatch(/Design: South roof/);
  expect(notes[0]!.body).toMatch(/Price: \$?[\d,.]+/);
  expect(notes[0]!.body).not.toMatch(/unknown|not synced yet/);
});

// A busy deal's timeline holds more notes than HubSpot lists in one page of its associations (500).
it.each([0, 600])('a note HubSpot wrote after the app stopped waiting for its answer is found among %i other notes, never written twice', async (others) => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Lost note answer');
  const handoffNotes = () => dealNotes(rig(), dealId).filter((note) => note.body.includes('Contract signed'));
  for (let index = 0; index < others; index++) {
    const noteId = rig().hubspot.control.createRecord('notes', { hs_note_body: `<p>Call ${index}</p>`, hs_timestamp: new Date(Date.now() - 86_400_000).toISOString() });
    rig().hubspot.control.associate('deals', dealId, 'notes', noteId);
  }
  const { agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'East roof', sizeKw: 7 });
  rig().aurora.control.moveAgreement(agreementId, 'signed');

  // HubSpot holds the note's create until the sync has stopped waiting for it, then writes it: its answer is lost.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  rig().hubspot.server.injectFault({ match: (req) => req.method === 'POST' && req.path === '/crm/v3/objects/notes', until: held });
  await syncDeal(rig().deps, { dealId }, Date.now() + 4_000);
  expect(handoffNotes()).toHaveLength(0);
  release();
  await rig().hubspot.server.idle();
  expect(handoffNotes()).toHaveLength(1);

  // A minute later the note's claim is stale: the sync that takes it over finds the note instead of writing another.
  const later = createDeps(readConfig(rig().env), { aurora: rig().deps.aurora, now: () => Date.now() + CLAIM_STALE_MS + 1_000 });
  await syncDeal(later, { dealId }, later.now() + 10_000);
  await syncDeal(later, { dealId }, later.now() + 10_000);
  expect(dealNotes(rig(), dealId).filter((note) => note.body.includes('Contract signed'))).toHaveLength(1);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_status: 'ok', aurora_sync_pending: '' }));
});

it('a signed delivery that runs out of time after its own sync cleared the deal\'s mark leaves the mark on the deal', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Out of time after the sync');
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'West roof', sizeKw: 6 });
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  // An earlier delivery left the agreement on the deal; this one's sync reads the agreements and clears the mark.
  await rig().deps.hubspot.updateDeal(dealId, { aurora_sync_pending: `agreement:${projectId}` });

  // Then the hand-off's claim hangs in HubSpot past the delivery's time.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const isSignedClaim = (body: unknown) => String((body as { properties?: { aurora_design_id?: string } })?.properties?.aurora_design_id ?? '').startsWith('claim:signed:');
  rig().hubspot.server.injectFault({ match: (req) => req.method === 'POST' && isSignedClaim(req.body), until: held });
  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id });
  const answered = await handle(rig(), signed, { answerWithinMs: 4_000, reserveMs: 1_500 });
  release();
  await rig().hubspot.server.idle();

  expect(answered.statusCode).toBe(503);
  expect(dealProps(rig(), dealId).aurora_sync_pending).toContain(`agreement:${projectId}`);
  expect(dealNotes(rig(), dealId)).toHaveLength(0);
});

describe('HubSpot stops answering when the hand-off begins, after the sync wrote the deal (the chaos run\'s silent hand-off)', () => {
  /**
   * Once the signature is written (a sync's deal write, or the signed delivery's own write of the design records), from
   * the hand-off's first call on its claim (a read, or the create when the delivery read the claim with the settings)
   * HubSpot answers 503 to everything.
   */
  function outageFromHandOff(dealId: string): void {
    let [written, down] = [false, false];
    const namesClaim = (req: { path: string; body?: unknown }) =>
      decodeURIComponent(req.path).includes('claim:signed:') || String((req.body as { properties?: { aurora_design_id?: string } } | undefined)?.properties?.aurora_design_id ?? '').startsWith('claim:signed:');
    rig().hubspot.server.injectFault({
      times: 1_000_000,
      status: 503,
      match: (req) => {
        written ||= (req.method === 'PATCH' && req.path === `/crm/v3/objects/deals/${dealId}`) || (req.method === 'POST' && req.path.endsWith('/batch/upsert'));
        return (down ||= written && namesClaim(req));
      },
    });
  }
  afterEach(() => rig().hubspot.server.clearFaults());

  async function signedDeal(name: string) {
    const { dealId, projectId } = await linkedDeal(rig(), name);
    const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'North roof', sizeKw: 8 });
    rig().aurora.control.moveAgreement(agreementId, 'signed');
    const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id });
    return { dealId, projectId, signed };
  }
  const aMinuteLater = () => createDeps(readConfig(rig().env), { aurora: rig().deps.aurora, now: () => Date.now() + CLAIM_STALE_MS + 1_000 });

  it('a handed-off deal whose note failed keeps saying so when the redelivery that would finish it meets the outage', async () => {
    const { dealId, projectId, signed } = await signedDeal('Note lost twice');
    // The first delivery moves the stage; the note's create is lost on the way (nobody knows whether HubSpot wrote it).
    rig().hubspot.server.injectFault({ match: (req) => req.method === 'POST' && req.path === '/crm/v3/objects/notes', drop: true });
    expect((await handle(rig(), signed)).statusCode).toBe(503);
    expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_pending: `agreement:${projectId}` }));
    expect(dealNotes(rig(), dealId)).toHaveLength(0);

    // Aurora delivers again; HubSpot fails from the sync's deal write on: the note is still not written.
    outageFromHandOff(dealId);
    expect((await handle(rig(), signed)).statusCode).toBe(503);
    rig().hubspot.server.clearFaults();
    expect(dealNotes(rig(), dealId)).toHaveLength(0);
    expect(dealProps(rig(), dealId).aurora_sync_pending).toContain(`agreement:${projectId}`);

    // A minute later the note's claim is stale: the rep's Sync writes the note and the deal is clean.
    const later = aMinuteLater();
    await syncDeal(later, { dealId }, later.now() + 10_000);
    expect(dealNotes(rig(), dealId).filter((note) => note.body.includes('Contract signed'))).toHaveLength(1);
    expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_sync_status: 'ok', aurora_sync_pending: '' }));
  });

  it('a signed deal an earlier delivery left marked keeps its mark when the hand-off meets the outage; the redelivery hands it over', async () => {
    const { dealId, projectId, signed } = await signedDeal('Marked, then the outage');
    await rig().deps.hubspot.updateDeal(dealId, { aurora_sync_pending: `agreement:${projectId}` });
    outageFromHandOff(dealId);
    expect((await handle(rig(), signed)).statusCode).toBe(503);
    rig().hubspot.server.clearFaults();
    expect(dealProps(rig(), dealId).aurora_sync_pending).toContain(`agreement:${projectId}`);

    expect((await handle(rig(), signed)).statusCode).toBe(200);
    expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_status: 'ok', aurora_sync_pending: '' }));
    expect(dealNotes(rig(), dealId)).toHaveLength(1);
  });

  it("a rep's Sync that could neither hand the deal over nor record that it is left fails, instead of reporting the deal synced", async () => {
    const { dealId } = await signedDeal('Sync meets the outage');
    outageFromHandOff(dealId);
    await expect(syncDeal(rig().deps, { dealId }, soon())).rejects.toThrow();
  });
});

it("a deal handed over by a sync while Aurora fails the design's summary says signed, also after the design's own delivery", async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Signed while the summary fails');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Garage roof', sizeKw: 5 });
  rig().aurora.control.finishSimulation(design.id);
  await syncDeal(rig().deps, { dealId }, soon());
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  rig().aurora.control.moveAgreement(agreementId, 'signed');

  // The agreement list answers (signed: the deal is handed over); the design's summary does not.
  rig().aurora.control.injectFault({ path: '/summary', status: 503, times: 1_000 });
  await syncDeal(rig().deps, { dealId }, soon());
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed' }));

  // The design's own delivery reads it whole (no agreements): the deal still says signed, and nothing is left.
  rig().aurora.control.clearFaults();
  const simulated = delivery('performance_simulation_job_completed', { DESIGN_ID: design.id, JOB_ID: randomUUID(), STATUS: 'succeeded' });
  expect((await handle(rig(), simulated)).statusCode).toBe(200);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_agreement_status: 'signed', aurora_sync_pending: '' }));
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
});

it('a hand-off claim left by a call that died is answered 503 with the deal saying so; once it is stale, the redelivery hands the deal over', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Claim of a dead call');
  const design = rig().aurora.control.createDesign({ projectId, name: 'Barn roof', sizeKw: 10 });
  rig().aurora.control.finishSimulation(design.id);
  await syncDeal(rig().deps, { dealId }, soon());
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  // A call took the hand-off's claim and died before doing anything under it.
  await rig().deps.hubspot.createRecord('aurora_design', { aurora_design_id: `claim:signed:${agreementId}`, aurora_record_kind: 'project_claim', aurora_deal_id: dealId, aurora_agreement_id: agreementId });

  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id });
  const answered = await handle(rig(), signed);
  expect(answered.statusCode).toBe(503);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_agreement_status: 'signed', aurora_sync_pending: `agreement:${projectId}` }));
  expect(dealProps(rig(), dealId).dealstage).not.toBe('closedwon');

  // Aurora delivers again later (its schedule: 30 s, then 5 min): the claim is stale by then and is taken over.
  const later = createDeps(readConfig(rig().env), { aurora: rig().deps.aurora, now: () => Date.now() + CLAIM_STALE_MS + 1_000 });
  const again = await handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: later, now: later.now }, signed);
  expect(again.statusCode).toBe(200);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_status: 'ok', aurora_sync_pending: '' }));
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
});

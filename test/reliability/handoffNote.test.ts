// Attacks on the hand-off note: the contract is signed while Aurora fails the figures. The note is written only with
// the facts it names (never "Price: unknown" for a price Aurora has), and once Aurora answers it is completed, once, by
// Aurora's redelivery of the signed event (the delivery is put off while the hand-off is unfinished) or by the next sync.
import { readConfig } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { CLAIM_STALE_MS } from '../../src/core/postSale/claims';
import { syncDeal } from '../../src/core/useCases/sync';
import { dealNotes, dealProps, delivery, handle, linkedDeal, soon, useRig } from './support';

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

it('a note HubSpot wrote after the app stopped waiting for its answer is found, never written twice', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Lost note answer');
  const design = rig().aurora.control.createDesign({ projectId, name: 'East roof', sizeKw: 7 });
  rig().aurora.control.finishSimulation(design.id);
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  await syncDeal(rig().deps, { dealId }, soon());
  rig().aurora.control.moveAgreement(agreementId, 'signed');

  // HubSpot holds the note's create until the sync has stopped waiting for it, then writes it: its answer is lost.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  rig().hubspot.server.injectFault({ match: (req) => req.method === 'POST' && req.path === '/crm/v3/objects/notes', until: held });
  await syncDeal(rig().deps, { dealId }, Date.now() + 4_000);
  expect(dealNotes(rig(), dealId)).toHaveLength(0);
  release();
  await rig().hubspot.server.idle();
  expect(dealNotes(rig(), dealId)).toHaveLength(1);

  // A minute later the note's claim is stale: the sync that takes it over finds the note instead of writing another.
  const later = createDeps(readConfig(rig().env), { aurora: rig().deps.aurora, now: () => Date.now() + CLAIM_STALE_MS + 1_000 });
  await syncDeal(later, { dealId }, later.now() + 10_000);
  await syncDeal(later, { dealId }, later.now() + 10_000);
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_status: 'ok', aurora_sync_pending: '' }));
});

it('a signed delivery that runs out of time after its own sync cleared the deal\'s mark leaves the mark on the deal', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Out of time after the sync');
  const design = rig().aurora.control.createDesign({ projectId, name: 'West roof', sizeKw: 6 });
  rig().aurora.control.finishSimulation(design.id);
  const agreementId = String(rig().aurora.control.createAgreement({ projectId, designId: design.id }).id);
  await syncDeal(rig().deps, { dealId }, soon());
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

// Attacks on the hand-off note: the contract is signed while Aurora fails the figures. The note is written only with
// the facts it names (never "Price: unknown" for a price Aurora has), and once Aurora answers it is completed, once.
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

  const answered = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id }));
  expect(answered.statusCode).toBe(200);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ aurora_agreement_status: 'signed', dealstage: 'closedwon' }));
  for (const note of dealNotes(rig(), dealId)) expect(note.body).not.toMatch(/unknown|not synced yet/);

  rig().aurora.control.clearFaults();
  await syncDeal(rig().deps, { dealId }, soon());
  await syncDeal(rig().deps, { dealId }, soon());
  const notes = dealNotes(rig(), dealId);
  expect(notes).toHaveLength(1);
  expect(notes[0]!.body).toMatch(/Design: South roof/);
  expect(notes[0]!.body).toMatch(/Price: \$?[\d,.]+/);
  expect(notes[0]!.body).not.toMatch(/unknown|not synced yet/);
});

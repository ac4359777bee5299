// Attacks with ids that belong elsewhere: a webhook naming one deal's project and another deal's agreement, a deal whose
// stored (editable) design request id is another deal's. Nothing is written or spent on an object the deal's project
// does not own, and the rightful deal is still served afterwards.
import { refreshDesignRequest, acceptDesignRequest } from '../../src/core/useCases/designRequests';
import { syncDeal } from '../../src/core/useCases/sync';
import { dealDesigns, dealNotes, dealProps, delivery, handle, linkedDeal, soon, useRig } from './support';

const rig = useRig();

/** A deal with a synced design and an agreement for it in Aurora. */
async function dealWithAgreement(name: string) {
  const { dealId, projectId } = await linkedDeal(rig(), name);
  const design = rig().aurora.control.createDesign({ projectId, name: `${name} design`, sizeKw: 7 });
  rig().aurora.control.finishSimulation(design.id);
  const agreement = rig().aurora.control.createAgreement({ projectId, designId: design.id });
  await syncDeal(rig().deps, { dealId }, soon());
  return { dealId, projectId, designId: design.id, agreementId: String(agreement.id) };
}

describe('a webhook naming another deal’s agreement', () => {
  it('hands off nobody by mistake, and the rightful deal is still handed over', async () => {
    const a = await dealWithAgreement('Victim A');
    const b = await dealWithAgreement('Owner B');
    rig().aurora.control.moveAgreement(b.agreementId, 'viewed');
    rig().aurora.control.moveAgreement(b.agreementId, 'signed');
    const before = dealProps(rig(), a.dealId);

    const forged = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: a.projectId, AGREEMENT_ID: b.agreementId, STATUS: 'signed', DESIGN_ID: b.designId }));
    expect(forged.body.outcome).not.toBe('applied');
    expect(dealProps(rig(), a.dealId).dealstage).toBe(before.dealstage);
    expect(dealProps(rig(), a.dealId).aurora_agreement_status).toBe(before.aurora_agreement_status);
    expect(dealNotes(rig(), a.dealId)).toEqual([]);

    const genuine = await handle(rig(), delivery('agreement_status_changed', { PROJECT_ID: b.projectId, AGREEMENT_ID: b.agreementId, STATUS: 'signed', DESIGN_ID: b.designId }));
    expect(genuine.body).toEqual(expect.objectContaining({ outcome: 'applied', dealId: b.dealId }));
    expect(dealProps(rig(), b.dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed' }));
    expect(dealNotes(rig(), b.dealId)).toHaveLength(1);
  });
});

describe('a stored design request id that another deal owns', () => {
  it('is neither accepted nor followed, and the owner’s request is untouched', async () => {
    const owner = await linkedDeal(rig(), 'Request owner');
    const intruder = await linkedDeal(rig(), 'Request intruder');
    const request = await rig().client.designRequests.create({ project_id: owner.projectId });
    rig().aurora.control.completeDesignRequest(request.id);
    // A user edits the intruder deal's design request id (a plain HubSpot property) to the owner's request.
    await rig().deps.hubspot.updateDeal(intruder.dealId, { aurora_design_request_id: request.id, aurora_design_request_status: 'designer_completed' });
    const spentBefore = rig().aurora.state.requests.length;

    await expect(acceptDesignRequest(rig().deps, { dealId: intruder.dealId }, soon())).rejects.toThrow(/does not belong|another/i);
    expect(rig().aurora.state.designRequests.get(request.id)?.wire.status).toBe('designer_completed');
    expect(dealDesigns(rig(), intruder.dealId)).toEqual([]);
    // One read to check ownership, nothing else spent.
    expect(rig().aurora.state.requests.slice(spentBefore).filter((r) => r.method !== 'GET')).toEqual([]);

    await expect(refreshDesignRequest(rig().deps, { dealId: intruder.dealId }, soon())).rejects.toThrow(/does not belong|another/i);
    // The intruder's sync does not copy the foreign request's status either.
    rig().aurora.control.rejectDesignRequest((await rig().client.designRequests.create({ project_id: owner.projectId })).id, 'x');
    await syncDeal(rig().deps, { dealId: intruder.dealId }, soon()).catch(() => undefined);
    expect(dealProps(rig(), intruder.dealId).aurora_design_request_status).toBe('designer_completed');

    // A delivery about the owner's request serves the owner, not the deal that copied its id.
    const answered = await handle(rig(), delivery('design_request_completed', { DESIGN_REQUEST_ID: request.id, STATUS: 'designer_completed' }));
    expect(answered.body.dealId).not.toBe(intruder.dealId);
  });
});

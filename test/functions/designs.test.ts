// Function end-to-end: design requests (create, status, accept, rejection) and blank designs, through main(context).
import { main as createDesign } from '../../src/core/functions/createDesign';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as designRequest } from '../../src/core/functions/designRequest';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { card, dealDesigns, dealProps, linkedDeal, useWorld } from './support';

const world = useWorld();

const linked = (deal: 'sandbox' | 'rejection' | 'twoContacts') => linkedDeal(world(), world().hubspot.demo!.deals[deal]);

describe('design requests', () => {
  it('accepting a completed request creates the design in Aurora and brings it onto the deal', async () => {
    // 901 Mears Ct is Aurora's sandbox address: the designers complete it at once.
    const { dealId, projectId } = await linked('sandbox');

    const requested = await designRequest(card({ dealId, action: 'create' }));

    expect(requested).toMatchObject({ ok: true, designRequest: { status: 'designer_completed', rejectionReason: null, designId: null } });
    const requestId = requested.ok ? requested.designRequest.id : '';
    expect(world().aurora.state.designRequests.get(requestId)?.wire.project_id).toBe(projectId);
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_design_request_id: requestId, aurora_design_request_status: 'designer_completed' });

    const before = world().aurora.state.requests.length;
    const accepted = await designRequest(card({ dealId, action: 'accept' }));

    if (!accepted.ok) throw new Error(accepted.error.message);
    // The request (is it this project's?), the accept, then the new design only: its list entry, figures, financings
    // (and the one chosen in sales mode) and files. The project, its owner and agreements are what HubSpot holds since the create; pricing and proposals
    // follow a simulation (docs/aurora-api.md#designs).
    const made = world().aurora.state.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/^\/tenants\/[^/]+/, '').replace(/\/(?=[^/]*\d)[^/]+/g, '/:id')}`);
    expect(made.sort()).toEqual(
      ['GET /design_requests/:id', 'POST /design_requests/:id/accept', 'GET /projects/:id/designs', 'GET /designs/:id/summary', 'GET /designs/:id/financings', 'GET /designs/:id/assets', 'GET /designs/:id/financings/:id'].sort(),
    );
    const designId = accepted.designRequest.designId!;
    expect(accepted.designRequest).toMatchObject({ id: requestId, status: 'accepted' });
    expect(world().aurora.state.designs.get(designId)?.projectId).toBe(projectId);
    expect(accepted.sync).toMatchObject({ status: 'ok', designs: 1, changedDesigns: 1 });
    expect(dealDesigns(world(), dealId).map((r) => r.properties.aurora_design_id)).toEqual([designId]);
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_design_request_status: 'accepted', aurora_design_id: designId, aurora_design_name: 'Expert model' });
    const overview = await dealOverview(card({ dealId }));
    expect(overview).toMatchObject({ ok: true, overview: { designRequest: { id: requestId, status: 'accepted' }, designs: [{ id: designId, name: 'Expert model' }] } });

    // A second press (another tab, or a retry after a lost answer) finds it accepted and makes no second design.
    expect(await designRequest(card({ dealId, action: 'accept' }))).toMatchObject({ ok: true, designRequest: { status: 'accepted', designId } });
    expect([...world().aurora.state.designs.values()].filter((d) => d.projectId === projectId)).toHaveLength(1);
  });

  it('shows the status while the designers work, and does not pay for a second request meanwhile', async () => {
    // An ordinary address: Aurora's designers take their time, the request stays submitted until they finish.
    const { contacts } = world().hubspot.demo!;
    await world().store.updateRecord('contacts', contacts.tom, { address: '12 Elm St', city: 'Springfield', state: 'IL', zip: '62701' });
    const { dealId, projectId } = await linked('twoContacts');
    const first = await designRequest(card({ dealId, action: 'create' }));
    expect(first).toMatchObject({ ok: true, designRequest: { status: 'submitted' } });
    const requestId = first.ok ? first.designRequest.id : '';

    expect(await designRequest(card({ dealId, action: 'create' }))).toMatchObject({ ok: true, designRequest: { id: requestId, status: 'submitted' } });
    expect([...world().aurora.state.designRequests.values()].filter((r) => r.wire.project_id === projectId)).toHaveLength(1);
    expect(await designRequest(card({ dealId, action: 'accept' }))).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not ready/) } });

    world().aurora.control.completeDesignRequest(requestId);
    expect(await designRequest(card({ dealId, action: 'refresh' }))).toMatchObject({ ok: true, designRequest: { id: requestId, status: 'designer_completed' } });
    expect(dealProps(world(), dealId).aurora_design_request_status).toBe('designer_completed');
  });

  it("a rejected request shows the designers' reason and cannot be accepted", async () => {
    // 600 Montgomery St is Aurora's rejection test address.
    const { dealId } = await linked('rejection');

    const requested = await designRequest(card({ dealId, action: 'create' }));

    expect(requested).toMatchObject({ ok: true, designRequest: { status: 'designer_rejected', rejectionReason: expect.stringMatching(/not a residential building/) } });
    expect(dealProps(world(), dealId).aurora_design_request_rejection_reason).toMatch(/not a residential building/);
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: true, overview: { designRequest: { status: 'designer_rejected', rejectionReason: expect.any(String) } } });
    const accept = await designRequest(card({ dealId, action: 'accept' }));
    expect(accept).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/rejected this request: The site is not a residential building/) } });
  });

  it('records when the status was first seen, and a repeat of the same status leaves that time alone', async () => {
    const { dealId } = await linked('rejection');
    await designRequest(card({ dealId, action: 'create' }));
    const firstSeen = dealProps(world(), dealId).aurora_design_request_status_at;
    expect(Date.parse(firstSeen ?? '')).not.toBeNaN();

    // The rejection as if seen three days ago: a later refresh or sync that reads the same status must not move it.
    const threeDaysAgo = '2026-11-25T14:05:00.000Z';
    await world().store.updateRecord('deals', dealId, { aurora_design_request_status_at: threeDaysAgo });
    expect(await designRequest(card({ dealId, action: 'refresh' }))).toMatchObject({ ok: true, designRequest: { status: 'designer_rejected', statusAt: threeDaysAgo } });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true });
    expect(dealProps(world(), dealId).aurora_design_request_status_at).toBe(threeDaysAgo);
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: true, overview: { designRequest: { status: 'designer_rejected', statusAt: threeDaysAgo } } });
  });

  it('needs a linked deal and a known action', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    expect(await designRequest(card({ dealId, action: 'create' }))).toMatchObject({ ok: false, error: { code: 'not_linked' } });
    expect(await designRequest(card({ dealId, action: 'delete' }))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('blank designs', () => {
  it('creates a blank design in the project and syncs it onto the deal', async () => {
    const { dealId, projectId } = await linked('sandbox');

    const result = await createDesign(card({ dealId, name: 'Rep sketch' }));

    if (!result.ok) throw new Error(result.error.message);
    const design = world().aurora.state.designs.get(result.designId);
    expect(design).toMatchObject({ projectId, name: 'Rep sketch', externalProviderId: dealId });
    expect(result.sync).toMatchObject({ status: 'ok', designs: 1, changedDesigns: 1 });
    expect(dealDesigns(world(), dealId)).toEqual([
      expect.objectContaining({ properties: expect.objectContaining({ aurora_design_id: result.designId, aurora_design_name: 'Rep sketch', aurora_project_id: projectId }) }),
    ]);
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_design_id: result.designId, aurora_sync_status: 'ok' });
  });
});

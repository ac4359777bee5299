// Function end-to-end: Update in Aurora (only what changed; an address change confirmed first) and the card's overview
// in each set-up state, through main(context).
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as updateProject } from '../../src/core/functions/updateProject';
import { card, dealProps, linkedDeal, useWorld } from './support';

const world = useWorld();

async function linkedSandboxDeal() {
  const { dealId, projectId } = await linkedDeal(world());
  return { dealId, projectId, contactId: world().hubspot.demo!.contacts.jane };
}

describe('Update in Aurora', () => {
  it('pushes only the changed fields and says what it sent', async () => {
    const { dealId, projectId, contactId } = await linkedSandboxDeal();
    expect(await updateProject(card({ dealId }))).toEqual({ ok: true, outcome: 'unchanged', sent: [] });
    // Someone edits the first name in Aurora: an update of other fields must not overwrite it.
    await world().client.projects.update(projectId, { customer_first_name: 'Janet' });
    await world().store.updateRecord('contacts', contactId, { email: 'jane@newmail.example', phone: '+1 650 555 0111' });
    expect(await dealOverview(card({ dealId }))).toMatchObject({
      ok: true,
      overview: {
        outOfDate: [
          { property: 'email', label: 'Customer email', confirmRequired: false },
          { property: 'phone', label: 'Customer phone', confirmRequired: false },
        ],
      },
    });
    const before = world().aurora.state.requests.length;

    const result = await updateProject(card({ dealId }));

    expect(result).toEqual({
      ok: true,
      outcome: 'updated',
      sent: [
        { label: 'Customer email', value: 'jane@newmail.example' },
        { label: 'Customer phone', value: '+1 650 555 0111' },
      ],
    });
    expect(world().aurora.state.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /tenants/${world().aurora.demo!.tenantId}/projects/${projectId}`]);
    expect(world().aurora.state.projects.get(projectId)!.wire).toMatchObject({
      customer_email: 'jane@newmail.example',
      customer_phone: '+1 650 555 0111',
      customer_first_name: 'Janet',
      location: expect.objectContaining({ property_address: '901 Mears Ct, Stanford, CA 94305, USA' }),
    });
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: true, overview: { outOfDate: [] } });
    expect(await updateProject(card({ dealId }))).toEqual({ ok: true, outcome: 'unchanged', sent: [] });
  });

  it('asks the rep to confirm an address change before Aurora locates the site again', async () => {
    const { dealId, projectId, contactId } = await linkedSandboxDeal();
    await world().store.updateRecord('contacts', contactId, { address: '634 Mirada Ave' });
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: true, overview: { outOfDate: [{ property: 'address', label: 'Site address', confirmRequired: true }] } });
    const requests = world().aurora.state.requests.length;

    expect(await updateProject(card({ dealId }))).toEqual({ ok: true, outcome: 'needs_confirmation', sent: [] });
    expect(world().aurora.state.requests.length).toBe(requests);

    const confirmed = await updateProject(card({ dealId, confirmAddressChange: true }));

    expect(confirmed).toEqual({ ok: true, outcome: 'updated', sent: [{ label: 'Site address', value: '634 Mirada Ave, Stanford, CA 94305, USA' }] });
    expect((world().aurora.state.projects.get(projectId)!.wire.location as { property_address: string }).property_address).toMatch(/^634 Mirada Ave/);
    expect(JSON.parse(dealProps(world(), dealId).aurora_pushed_customer!)).toMatchObject({ property_address: '634 Mirada Ave, Stanford, CA 94305, USA' });
  });
});

describe("the card's overview", () => {
  it('shows an unlinked deal with its pre-flight, from HubSpot only', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const reads = world().hubspot.apiRequests().length;
    const writes = world().hubspot.state.writes;

    const result = await dealOverview(card({ dealId }));

    expect(result).toEqual({
      ok: true,
      overview: {
        setup: { ready: true, problems: [] },
        deal: { id: dealId, name: 'Jane Homeowner – 901 Mears Ct solar', stage: 'appointmentscheduled' },
        link: {
          state: 'not_linked',
          preflight: {
            ready: true,
            missing: [],
            willSend: expect.arrayContaining([{ label: 'Site address', value: '901 Mears Ct, Stanford, CA 94305, USA' }]),
          },
        },
        designs: [],
        dealDesign: null,
        designRequest: null,
        sync: { status: 'never', lastSyncedAt: null, lastError: null, pending: [] },
        outOfDate: [],
        attention: null,
        history: [],
      },
    });
    expect(world().aurora.state.requests).toEqual([]);
    // Deal, its contacts, the contact; the deal's create claim (none here), since only an unlinked deal can be mid-create;
    // the app's settings record. The design object and its labels are remembered from earlier calls in this process.
    expect(world().hubspot.apiRequests().length - reads).toBe(5);
    expect(world().hubspot.state.writes).toBe(writes);
  });

  it('names what an admin must set up: missing Aurora secrets, an installer that has not run', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    delete process.env.AURORA_API_KEY;
    const missingKey = await dealOverview(card({ dealId }));
    expect(missingKey).toMatchObject({ ok: true, overview: { setup: { ready: false, problems: [expect.stringMatching(/^AURORA_API_KEY is missing/)] } } });

    world().hubspot.control.reset();
    const notInstalled = await dealOverview(card({ dealId: world().hubspot.demo!.deals.sandbox }));
    expect(notInstalled).toMatchObject({ ok: true, overview: { setup: { ready: false, problems: expect.arrayContaining([expect.stringMatching(/Set up HubSpot/)]) } } });

    delete process.env.PRIVATE_APP_ACCESS_TOKEN;
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'not_configured', message: expect.stringMatching(/HUBSPOT_ACCESS_TOKEN/) } });
  });

  it('says when the deal does not exist', async () => {
    expect(await dealOverview(card({ dealId: '999999' }))).toMatchObject({ ok: false, error: { code: 'hubspot_not_found' } });
  });
});

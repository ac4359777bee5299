// Function end-to-end: Create in Aurora and Sync through each edge's main(context), against both simulators.
import { main as createProject } from '../../src/core/functions/createProject';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { card, claims, dealDesigns, dealProps, linkedDeal, projectsOfDeal, simulatedDesign, useWorld } from './support';

const world = useWorld();

describe('Create in Aurora', () => {
  it('creates the project from the deal and its contact, with the deal id as external_provider_id, and links it', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const result = await createProject(card({ dealId }));

    const [project] = projectsOfDeal(world(), dealId);
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(project).toMatchObject({
      name: 'Jane Homeowner – 901 Mears Ct solar',
      customer_first_name: 'Jane',
      customer_last_name: 'Homeowner',
      customer_email: 'jane.homeowner@example.com',
      customer_phone: '+1 650 555 0100',
      location: expect.objectContaining({ property_address: '901 Mears Ct, Stanford, CA 94305, USA' }),
    });
    const url = `https://v2-sandbox.aurorasolar.com/projects/${project!.id}/overview/dashboard`;
    expect(result).toEqual({
      ok: true,
      outcome: 'created',
      project: { id: project!.id, url, name: 'Jane Homeowner – 901 Mears Ct solar', status: 'active', ownerName: null, address: '901 Mears Ct, Stanford, CA 94305, USA' },
    });
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_project_id: project!.id, aurora_project_url: url, aurora_project_status: 'active' });
    expect(JSON.parse(dealProps(world(), dealId).aurora_pushed_customer!)).toMatchObject({ customer_email: 'jane.homeowner@example.com' });
    expect(claims(world())).toEqual([]);

    // Pressing it again finds the link and creates nothing.
    expect(await createProject(card({ dealId }))).toMatchObject({ ok: true, outcome: 'already_linked', project: { id: project!.id } });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
  });

  it('names the missing contact fields, writes nothing and calls Aurora not at all', async () => {
    const dealId = world().hubspot.demo!.deals.missingStreet;
    const writes = world().hubspot.state.writes;

    const result = await createProject(card({ dealId }));

    expect(result).toEqual({
      ok: true,
      outcome: 'needs_input',
      missing: [{ object: 'contact', property: 'address', label: 'Street Address', message: 'The contact has no street address.' }],
    });
    expect(world().aurora.state.requests).toEqual([]);
    expect(world().hubspot.state.writes).toBe(writes);
    expect(dealProps(world(), dealId).aurora_project_id ?? '').toBe('');
  });

  it('leaves exactly one Aurora project and one link after 10 concurrent creates for one deal', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;

    const results = await Promise.all(Array.from({ length: 10 }, () => createProject(card({ dealId }))));

    const projects = projectsOfDeal(world(), dealId);
    expect(projects).toHaveLength(1);
    expect(world().aurora.state.projects.size).toBe(1);
    expect(dealProps(world(), dealId).aurora_project_id).toBe(projects[0]!.id);
    expect(world().hubspot.view.deals().filter((d) => d.properties.aurora_project_id)).toHaveLength(1);
    expect(claims(world())).toEqual([]);
    const outcomes = results.map((r) => (r.ok ? r.outcome : r.error.code));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.every((o) => ['created', 'in_progress', 'recovered', 'already_linked'].includes(o))).toBe(true);
    for (const result of results) if (result.ok && 'project' in result) expect(result.project.id).toBe(projects[0]!.id);
  });

  it('recovers a project whose link HubSpot failed to save, without creating a second one', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    // Every attempt (the store's first try and its retries) of the deal write-back fails.
    world().hubspot.control.failNext({ method: 'PATCH', path: new RegExp(`^/crm/v3/objects/(deals|0-3)/${dealId}$`), status: 503, times: 4 });

    const failed = await createProject(card({ dealId }));

    expect(failed).toMatchObject({ ok: false, error: { code: 'hubspot_unavailable', retryable: true } });
    expect(failed.ok ? '' : failed.error.message).toMatch(/created/);
    const [project] = projectsOfDeal(world(), dealId);
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(dealProps(world(), dealId).aurora_project_id ?? '').toBe('');
    expect(claims(world()).map((c) => c.properties.aurora_project_id)).toEqual([project!.id]);

    const retried = await createProject(card({ dealId }));

    expect(retried).toMatchObject({ ok: true, outcome: 'recovered', project: { id: project!.id, status: 'active' } });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(dealProps(world(), dealId).aurora_project_id).toBe(project!.id);
    expect(claims(world())).toEqual([]);
  });

  it("leaves no create the next click cannot finish when HubSpot refused the claim, then both writes after Aurora's create (the chaos run's stuck create)", async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const { control } = world().hubspot;
    // 1st click: HubSpot answers 503 to the claim's create (a create is never resent blindly): nothing written anywhere.
    control.failNext({ method: 'POST', path: /^\/crm\/v3\/objects\/[^/]+$/, status: 503 });
    expect(await createProject(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'hubspot_unavailable' } });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(0);
    expect(claims(world())).toEqual([]);

    // 2nd click: Aurora makes the project, then HubSpot refuses every try of recording it on the claim and on the deal.
    control.failNext({ method: 'PATCH', path: /^\/crm\/v3\/objects\/(?!deals|0-3)[^/]+\/\d+$/, status: 503, times: 4 });
    control.failNext({ method: 'PATCH', path: new RegExp(`^/crm/v3/objects/(deals|0-3)/${dealId}$`), status: 503, times: 4 });
    const failed = await createProject(card({ dealId }));
    expect(failed).toMatchObject({ ok: false, error: { code: 'hubspot_unavailable', retryable: true } });
    const [project] = projectsOfDeal(world(), dealId);
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);

    // HubSpot answers again: the card no longer says someone is creating it, and the very next click links that project.
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: true, overview: { link: { state: 'not_linked', unfinishedSince: expect.any(String) } } });
    const retried = await createProject(card({ dealId }));
    expect(retried).toMatchObject({ ok: true, outcome: 'recovered', project: { id: project!.id } });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(dealProps(world(), dealId).aurora_project_id).toBe(project!.id);
    expect(claims(world())).toEqual([]);
  });

  it('answers a bad deal id with invalid_input', async () => {
    expect(await createProject(card({ dealId: 'abc' }))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await createProject(card({}))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('Sync', () => {
  it('creates then syncs a deal with 3 designs: records, labels, roll-up of the sold design, screenshots in Files', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    const south = simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 8 });
    const eastWest = simulatedDesign(world(), projectId, { name: 'East-west', sizeKw: 10.4 });
    const blank = world().aurora.control.createDesign({ projectId, name: 'Sketch' });
    world().aurora.control.recordMilestone(eastWest.id, 'sold');
    const agreement = world().aurora.control.createAgreement({ projectId, designId: eastWest.id });
    world().aurora.control.moveAgreement(agreement.id, 'signed');

    const result = await syncDeal(card({ dealId }));

    expect(result).toEqual({ ok: true, sync: { status: 'ok', designs: 3, changedDesigns: 3, changedDealProperties: expect.any(Array), skipped: [], designsLeft: 0, busyUntil: null, keyLacks: [] } });
    const records = dealDesigns(world(), dealId);
    expect(records.map((r) => r.properties.aurora_design_id).sort()).toEqual([south.id, eastWest.id, blank.id].sort());
    const byId = (id: string) => records.find((r) => r.properties.aurora_design_id === id)!;

    // Each record holds what Aurora says about its design.
    const summary = await world().client.designs.summary(eastWest.id);
    const pricing = await world().client.pricing.retrieve(eastWest.id);
    const financing = await world().client.financings.selected(eastWest.id);
    const proposal = await world().client.proposals.webProposal(eastWest.id);
    expect(byId(eastWest.id).properties).toMatchObject({
      aurora_design_name: 'East-west',
      aurora_project_id: projectId,
      aurora_deal_id: dealId,
      aurora_record_kind: 'design',
      aurora_system_size_kw: String(summary.system_size_stc! / 1000),
      aurora_annual_production_kwh: String(summary.energy_production!.annual),
      aurora_price: String(pricing.system_price),
      aurora_financing_type: financing!.financing_option,
      aurora_agreement_id: agreement.id,
      aurora_agreement_status: 'signed',
      aurora_proposal_url: proposal.url,
      aurora_milestone: 'sold',
      aurora_is_sold: 'true',
    });
    expect(byId(eastWest.id).labels).toContain('Sold design');
    expect(byId(blank.id).properties).toMatchObject({ aurora_design_name: 'Sketch', aurora_screenshot_url: '' });

    // Screenshots and DXF exports are copies in HubSpot Files, not Aurora's expiring links.
    const files = world().hubspot.view.files();
    expect(files.filter((f) => f.path.startsWith('/Aurora Solar/Screenshots/') && f.contentType === 'image/png')).toHaveLength(2);
    const shotUrl = byId(south.id).properties.aurora_screenshot_url!;
    expect(shotUrl.startsWith(world().hubspot.url)).toBe(true);
    const png = Buffer.from(await (await fetch(shotUrl)).arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(files.filter((f) => f.path.startsWith('/Aurora Solar/Screenshots/') && f.path.endsWith('.dxf'))).toHaveLength(2);
    expect(byId(south.id).properties.aurora_dxf_url!.startsWith(world().hubspot.url)).toBe(true);

    // The deal rolls up the sold design.
    const deal = dealProps(world(), dealId);
    expect(deal).toMatchObject({
      aurora_design_id: eastWest.id,
      aurora_design_name: 'East-west',
      aurora_system_size_kw: byId(eastWest.id).properties.aurora_system_size_kw,
      aurora_price: byId(eastWest.id).properties.aurora_price,
      aurora_agreement_status: 'signed',
      aurora_screenshot_url: byId(eastWest.id).properties.aurora_screenshot_url,
      aurora_project_owner: 'Sam Sunny',
      aurora_sync_status: 'ok',
    });
    expect(deal.aurora_last_error ?? '').toBe('');
    expect(deal.aurora_sync_pending ?? '').toBe('');
    expect(deal.aurora_contract_signed_at).toBeTruthy();
    expect(deal.aurora_last_synced_at).toBeTruthy();

    // The card's overview shows the same, read from HubSpot only.
    const auroraRequests = world().aurora.state.requests.length;
    const hubspotRequests = world().hubspot.apiRequests().length;
    const overview = await dealOverview(card({ dealId }));
    expect(world().aurora.state.requests.length).toBe(auroraRequests);
    // Settings record, deal, contacts, contact, design links, design records, records holding marks of designs not on
    // the deal yet (a search): reads only (the design object and its labels are remembered from earlier calls).
    const reads = world().hubspot.apiRequests().slice(hubspotRequests);
    expect(reads.map((r) => r.method === 'GET' || r.path.endsWith('/batch/read') || r.path.endsWith('/search'))).toEqual(Array(7).fill(true));
    if (!overview.ok) throw new Error(overview.error.message);
    expect(overview.overview.designs).toHaveLength(3);
    expect(overview.overview.designs.find((d) => d.id === eastWest.id)).toMatchObject({ isSold: true, agreementStatus: 'signed', financing: financing!.financing_option });
    expect(overview.overview.sync).toMatchObject({ status: 'ok', lastError: null, pending: [] });
  });

  it('inside the freshness window a second sync with nothing new reads the design and agreement lists (and the summary of a design not simulated yet) and writes nothing; Refresh everything reads it all', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'A', sizeKw: 7 });
    // Same size: byte-identical screenshots, which HubSpot Files de-duplicates to one file.
    simulatedDesign(world(), projectId, { name: 'B', sizeKw: 7 });
    world().aurora.control.createDesign({ projectId, name: 'C' });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 3 } });
    const writes = world().hubspot.state.writes;
    const synced = dealProps(world(), dealId).aurora_last_synced_at;
    const sent = world().aurora.state.requests.length;

    const again = await syncDeal(card({ dealId }));

    expect(again).toEqual({ ok: true, sync: { status: 'ok', designs: 3, changedDesigns: 0, changedDealProperties: [], skipped: [], designsLeft: 0, busyUntil: null, keyLacks: [] } });
    // The design list, the agreement list, and C's summary (Aurora's list does not say when a simulation finishes).
    expect(world().aurora.state.requests.length - sent).toBe(3);
    expect(world().hubspot.state.writes).toBe(writes);

    // "Refresh everything" reads every design whole and confirms the deal current (the sync time is its one write).
    const refreshed = await syncDeal(card({ dealId, refresh: true }));
    expect(refreshed).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 0 } });
    expect(world().aurora.state.requests.length - sent).toBeGreaterThan(2 + 3 * 5);
    expect(world().hubspot.state.writes).toBe(writes + 1);
    expect(Date.parse(dealProps(world(), dealId).aurora_last_synced_at!)).toBeGreaterThanOrEqual(Date.parse(synced!));
  });

  it('inside the freshness window a "partial" another sync wrote last, with nothing marked anywhere, is no reason to read everything', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'A', sizeKw: 7 });
    simulatedDesign(world(), projectId, { name: 'B', sizeKw: 9 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 2 } });
    // What a rep's sync cut short leaves when it lands after another sync finished the work (test/functions/concurrentSyncs).
    await world().store.updateDeal(dealId, { aurora_sync_status: 'partial', aurora_last_error: '' });
    const sent = world().aurora.state.requests.length;

    const again = await syncDeal(card({ dealId }));

    expect(world().aurora.state.requests.length - sent).toBe(2);
    expect(again).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 0, skipped: [], keyLacks: [] } });
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_sync_status: 'ok' });
  });

  it('inside the freshness window a design simulated since the last sync gets its results without a webhook', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    const design = world().aurora.control.createDesign({ projectId, name: 'Later', sizeKw: 6 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 1 } });
    expect(dealDesigns(world(), dealId)[0]!.properties.aurora_annual_production_kwh ?? '').toBe('');

    world().aurora.control.finishSimulation(design.id);
    const sent = world().aurora.state.requests.length;
    const again = await syncDeal(card({ dealId }));

    expect(again).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 1 } });
    const record = dealDesigns(world(), dealId)[0]!.properties;
    expect(Number(record.aurora_annual_production_kwh)).toBeGreaterThan(0);
    expect(Number(record.aurora_price)).toBeGreaterThan(0);
    expect(record.aurora_screenshot_url).toBeTruthy();
    // Inside the window: the two lists, then the design's summary and (simulated now) the rest of it; no project or owner.
    expect(world().aurora.state.requests.slice(sent).some((r) => /\/projects\/[^/]+$/.test(r.path))).toBe(false);
  });

  it('syncs what changed since: a new design, a changed milestone, a design deleted in Aurora', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    const first = simulatedDesign(world(), projectId, { name: 'First', sizeKw: 6 });
    const second = simulatedDesign(world(), projectId, { name: 'Second', sizeKw: 9 });
    await syncDeal(card({ dealId }));
    expect(dealProps(world(), dealId).aurora_design_id).toBe(second.id); // the newest, as none is sold or primary

    world().aurora.control.recordMilestone(first.id, 'sold');
    const third = simulatedDesign(world(), projectId, { name: 'Third', sizeKw: 12 });
    world().aurora.control.deleteDesign(second.id);
    const result = await syncDeal(card({ dealId }));

    expect(result).toMatchObject({ ok: true, sync: { status: 'ok', designs: 2, changedDesigns: 2 } });
    expect(dealDesigns(world(), dealId).map((r) => r.properties.aurora_design_id).sort()).toEqual([first.id, third.id].sort());
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_design_id: first.id, aurora_design_name: 'First' });
  });

  it('says a deal is not linked yet', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'not_linked' } });
  });
});

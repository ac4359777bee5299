// Contract tests: every operation of the real Aurora client against the stateful simulator, asserting what the
// simulator holds afterwards and that the answers are consistent (watts, kWh, offset, price, files).
import type { AuroraClient } from '../../src/core/aurora/client';
import { AuroraRequestError } from '../../src/core/aurora/errors';
import { parseArrays, parseAuroraDate, parseOffsetPercent } from '../../src/core/aurora/parse';
import { DEMO, type AuroraSimulator } from '../../simulators/aurora';
import { clientFor, decodePng, INSTANT_ADDRESS, ORDINARY_ADDRESS, startSim, takeUnhandled } from './support';

let sim: AuroraSimulator;
let aurora: AuroraClient;

beforeAll(async () => {
  sim = await startSim();
  aurora = clientFor(sim);
});
afterEach(() => expect(takeUnhandled(sim)).toEqual([]));
afterAll(() => sim.close());

async function laidOutDesign(address = INSTANT_ADDRESS) {
  const project = await aurora.projects.create({ name: 'Design fixture', location: { property_address: address } });
  const design = sim.control.createDesign({ projectId: project.id, name: 'Roof A' });
  return { project, designId: design.id };
}

describe('projects', () => {
  it('creates a project with the HubSpot deal id, leaving null customer fields out, and Aurora geocodes it', async () => {
    const project = await aurora.projects.create({
      external_provider_id: 'hubspot-deal-101',
      name: 'Jane Homeowner',
      customer_first_name: 'Jane',
      customer_last_name: 'Homeowner',
      customer_email: 'jane@example.com',
      // A mapping layer that forgot to drop an empty phone must not earn a 422.
      customer_phone: null as unknown as string,
      location: { property_address: '901 Mears Ct, Stanford, CA 94305' },
    });
    const held = sim.state.projects.get(project.id)!;
    expect(held.tenantId).toBe(DEMO.tenantId);
    expect(held.wire).toMatchObject({ external_provider_id: 'hubspot-deal-101', customer_email: 'jane@example.com', customer_phone: null });
    expect(project.location).toMatchObject({
      property_address: '901 Mears Ct, Stanford, CA 94305, USA',
      latitude: 37.4162953,
      property_address_components: { city: 'Stanford', region: 'CA', postal_code: '94305' },
    });
    expect(project.owner_id).toBe(DEMO.user.id);
    expect(parseAuroraDate(project.created_at)?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('retrieves and updates a project (PUT, only the fields given)', async () => {
    const created = await aurora.projects.create({ name: 'Before', customer_email: 'a@example.com', location: { latitude: 40.1786, longitude: -74.0243 } });
    expect(created.location?.property_address).toBe('419 10th Ave, Belmar, NJ 07719, USA');
    const updated = await aurora.projects.update(created.id, { name: 'After', status: 'Project Sold' });
    expect(updated).toMatchObject({ name: 'After', status: 'Project Sold', customer_email: 'a@example.com' });
    expect(sim.state.projects.get(created.id)!.wire).toMatchObject({ name: 'After', status: 'Project Sold' });
    expect((await aurora.projects.retrieve(created.id)).name).toBe('After');
  });

  it('lists every project newest first through the page iterator, stopping at the first short page', async () => {
    const tenant = sim.control.createTenant({ name: 'Paging Co' });
    const paging = clientFor(sim, { apiKey: tenant.keys[0]!.key, tenantId: tenant.tenant.id });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await paging.projects.create({ name: `P${i}`, location: { property_address: ORDINARY_ADDRESS } })).id);
    const seen: string[] = [];
    for await (const project of paging.projects.list({ perPage: 2 })) seen.push(project.id);
    expect(seen).toEqual([...ids].reverse());
    const pageRequests = sim.server.log.filter((entry) => entry.method === 'GET' && entry.path === `/tenants/${tenant.tenant.id}/projects`);
    expect(pageRequests.map((entry) => entry.query)).toEqual(['?page=1&per_page=2', '?page=2&per_page=2', '?page=3&per_page=2']);
  });

  it('caps a page at 250 projects', async () => {
    await aurora.projects.listPage(1, 1000);
    expect(sim.server.log.at(-1)?.query).toBe('?page=1&per_page=250');
  });
});

describe('design requests and designs', () => {
  it('creates a design request that Aurora completes at once for its sandbox address, then accepts it into a design', async () => {
    const project = await aurora.projects.create({ name: 'Instant', location: { property_address: INSTANT_ADDRESS } });
    const request = await aurora.designRequests.create({ project_id: project.id });
    expect(request.status).toBe('designer_completed');
    expect((await aurora.designRequests.retrieve(request.id)).project_id).toBe(project.id);
    expect((await aurora.designRequests.list()).map((item) => item.id)).toContain(request.id);

    const accepted = await aurora.designRequests.accept(request.id);
    expect(accepted.status).toBe('accepted');
    const design = sim.state.designs.get(accepted.design_id!)!;
    expect(design.projectId).toBe(project.id);
    expect(design.layout).not.toBeNull();
    expect((await aurora.designs.listForProject(project.id)).map((item) => item.id)).toEqual([accepted.design_id]);
  });

  it('leaves an ordinary address submitted until the designers finish, and rejects the documented rejection address', async () => {
    const ordinary = await aurora.projects.create({ name: 'Ordinary', location: { property_address: ORDINARY_ADDRESS } });
    const waiting = await aurora.designRequests.create({ project_id: ordinary.id });
    expect(waiting.status).toBe('submitted');
    sim.control.completeDesignRequest(waiting.id);
    expect((await aurora.designRequests.retrieve(waiting.id)).status).toBe('designer_completed');

    const office = await aurora.projects.create({ name: 'Office', location: { property_address: '600 Montgomery St, San Francisco, CA 94111' } });
    const rejected = await aurora.designRequests.create({ project_id: office.id });
    expect(rejected).toMatchObject({ status: 'designer_rejected', rejection_reason: expect.any(String) });
  });

  it('creates a blank design, retrieves it, and its summary has no modules and no production yet', async () => {
    const project = await aurora.projects.create({ name: 'Blank', location: { property_address: ORDINARY_ADDRESS } });
    const blank = await aurora.designs.create({ project_id: project.id, name: 'Blank design', external_provider_id: 'hs-design-1' });
    expect(sim.state.designs.get(blank.id)).toMatchObject({ projectId: project.id, name: 'Blank design', layout: null });
    expect(await aurora.designs.retrieve(blank.id)).toMatchObject({ id: blank.id, name: 'Blank design', external_provider_id: 'hs-design-1', system_size_stc: 0 });
    const summary = await aurora.designs.summary(blank.id);
    expect(summary).toMatchObject({ design_id: blank.id, system_size_stc: 0, energy_production: null, bill_of_materials: [] });
    expect(parseArrays(summary.arrays)).toEqual([]);
  });

  it('gives a simulated design a summary consistent with its size: modules × rating = watts, kWh ≈ 1400-1600 per kW, offset vs consumption', async () => {
    const { project, designId } = await laidOutDesign();
    expect((await aurora.designs.summary(designId)).energy_production).toBeNull();
    sim.control.finishSimulation(designId);

    const summary = await aurora.designs.summary(designId);
    const arrays = parseArrays(summary.arrays);
    const modules = arrays.reduce((sum, array) => sum + (array.module?.count ?? 0), 0);
    expect(arrays.reduce((sum, array) => sum + (array.module?.count ?? 0) * (array.module?.rating_stc ?? 0), 0)).toBe(summary.system_size_stc);
    expect(summary.bill_of_materials?.find((item) => item.component_type === 'modules')?.quantity).toBe(modules);
    const annual = summary.energy_production!.annual!;
    const kw = summary.system_size_stc! / 1000;
    expect(annual / kw).toBeGreaterThanOrEqual(1400);
    expect(annual / kw).toBeLessThanOrEqual(1600);
    const consumption = sim.state.projects.get(project.id)!.annualConsumptionKwh;
    expect(parseOffsetPercent(summary.energy_production!.annual_offset)).toBe(Math.round((annual / consumption) * 100));
    expect(summary.energy_production!.monthly!.reduce((a, b) => a + b, 0)).toBe(annual);
    expect((await aurora.designs.retrieve(designId)).system_size_stc).toBe(summary.system_size_stc);
  });

  it('records a sold milestone on the design', async () => {
    const { designId } = await laidOutDesign();
    sim.control.recordMilestone(designId, 'sold');
    expect((await aurora.designs.retrieve(designId)).milestone).toMatchObject({ milestone: 'sold', recorded_at: expect.any(String) });
  });
});

describe('pricing and financings', () => {
  it('prices the design at price per watt × watts, and exactly one financing is selected', async () => {
    const { designId } = await laidOutDesign();
    sim.control.finishSimulation(designId);
    const summary = await aurora.designs.summary(designId);
    const pricing = await aurora.pricing.retrieve(designId);
    expect(pricing.system_price).toBeCloseTo(pricing.price_per_watt! * summary.system_size_stc!, 2);

    const financings = await aurora.financings.list(designId);
    expect(financings.filter((financing) => financing.selected_in_sales_mode)).toHaveLength(1);
    const selected = await aurora.financings.selected(designId);
    expect(selected).toMatchObject({ financing_option: 'cash', selected_in_sales_mode: true, system_price: pricing.system_price });
    const loan = financings.find((financing) => financing.financing_option === 'loans')!;
    const detail = await aurora.financings.retrieve(designId, loan.id);
    expect(detail.monthly_payment_first_month).toBeGreaterThan(0);
    expect(detail.loan_principal).toBe(pricing.system_price);

    sim.control.selectFinancing(designId, loan.id);
    expect((await aurora.financings.selected(designId))?.id).toBe(loan.id);
  });
});

describe('assets', () => {
  it('lists the screenshot and DXF saved by the simulation, and their signed URLs download real files', async () => {
    const { designId } = await laidOutDesign();
    sim.control.finishSimulation(designId);
    const assets = await aurora.assets.list(designId);
    expect(assets.map((asset) => asset.asset_type).sort()).toEqual(['CAD Auto Screenshot', 'Design DXF']);
    const screenshot = assets.find((asset) => asset.asset_type === 'CAD Auto Screenshot')!;
    expect(await aurora.assets.retrieve(screenshot.id)).toMatchObject({ id: screenshot.id, design_id: designId });

    const url = await aurora.assets.downloadUrl(screenshot.id);
    expect(url).toMatch(/\/__files\/.+\.png\?expires=\d+&signature=[0-9a-f]+$/);
    const png = Buffer.from(await (await fetch(url!)).arrayBuffer());
    expect(png.length).toBeLessThan(20_000);
    expect(decodePng(png)).toMatchObject({ width: 480, height: 320 });

    const dxfAsset = assets.find((asset) => asset.asset_type === 'Design DXF')!;
    const dxf = await (await fetch((await aurora.assets.downloadUrl(dxfAsset.id))!)).text();
    const modules = parseArrays((await aurora.designs.summary(designId)).arrays).reduce((sum, array) => sum + (array.module?.count ?? 0), 0);
    expect(dxf).toContain('ENTITIES');
    expect(dxf.split('\nPOLYLINE\n').length - 1).toBe(modules);
  });
});

describe('proposals', () => {
  it('returns the web proposal URL, regenerates a new one, and the default proposal links to it', async () => {
    const { designId } = await laidOutDesign();
    const first = await aurora.proposals.webProposal(designId);
    expect(first).toEqual({ url: expect.stringContaining('/e-proposal/'), url_expired: false });
    expect((await fetch(first.url!)).status).toBe(200);
    const second = await aurora.proposals.regenerateWebProposalUrl(designId);
    expect(second.url).not.toBe(first.url);
    expect((await aurora.proposals.defaultProposal(designId)).proposal_link).toBe(second.url);
  });
});

describe('agreements and users', () => {
  it('lists and retrieves a project agreement as it moves from sent to signed', async () => {
    const { project, designId } = await laidOutDesign();
    const sent = sim.control.createAgreement({ projectId: project.id, designId });
    expect((await aurora.agreements.listForProject(project.id)).map((agreement) => agreement.id)).toEqual([sent.id]);
    sim.control.moveAgreement(sent.id, 'viewed');
    sim.control.moveAgreement(sent.id, 'signed');
    const signed = await aurora.agreements.retrieve(sent.id);
    expect(signed).toMatchObject({ status: 'signed', project_id: project.id, design_id: designId });
    expect(parseAuroraDate(signed.last_viewed_at)).not.toBeNull();
  });

  it('retrieves the owning user by id, for owner names', async () => {
    expect(await aurora.users.retrieve(DEMO.user.id)).toMatchObject({ first_name: 'Sam', last_name: 'Sunny', email: 'sam.sunny@example.com' });
  });
});

describe('webhook subscriptions', () => {
  it('creates, lists, updates and deletes a subscription', async () => {
    const created = await aurora.webhooks.create({
      description: 'Agreements',
      event: 'agreement_status_changed',
      url_template: 'https://hooks.example.com/aurora?agreement_id=<AGREEMENT_ID>&status=<STATUS>',
      header_auth_key: 'X-Aurora-Webhook-Token',
      header_auth_value: 'secret',
    });
    expect(created).toMatchObject({ event: 'agreement_status_changed', enabled: true });
    expect((await aurora.webhooks.list()).map((webhook) => webhook.id)).toContain(created.id);
    expect((await aurora.webhooks.update(created.id, { enabled: false })).enabled).toBe(false);
    expect(sim.state.webhooks.get(created.id)?.wire.enabled).toBe(false);
    await aurora.webhooks.delete(created.id);
    expect(sim.state.webhooks.has(created.id)).toBe(false);
    expect((await aurora.webhooks.list()).map((webhook) => webhook.id)).not.toContain(created.id);
  });
});

describe('versioning header', () => {
  it('sends Aurora-API-Version when configured; Aurora accepts only the latest', async () => {
    await expect(clientFor(sim, { apiVersion: '2024.05' }).users.retrieve(DEMO.user.id)).resolves.toMatchObject({ id: DEMO.user.id });
    await expect(clientFor(sim, { apiVersion: '2022.09' }).users.retrieve(DEMO.user.id)).rejects.toBeInstanceOf(AuroraRequestError);
  });
});

// The use cases called with deps (as the webhook receiver and other callers do): stale create claims, syncing one design,
// a refused screenshot host, a design a rep marked primary.
import { readConfig } from '../../src/core/config';
import { createDeps, type Deps } from '../../src/core/deps';
import { createAssetDownloader } from '../../src/core/aurora/downloader';
import { createProject } from '../../src/core/useCases/createInAurora';
import { dealOverview } from '../../src/core/useCases/cardOverview';
import { syncDeal, syncDesign } from '../../src/core/useCases/sync';
import { claimDesignId, RECORD_KINDS } from '../../src/core/dataModel';
import { claims, dealDesigns, dealProps, projectsOfDeal, simulatedDesign, useWorld } from '../functions/support';
import { forgetInstallFacts } from '../../src/core/hubspot/installFacts';
import { createAuroraClient } from '../../src/core/aurora/client';
import { DEMO } from '../../simulators/aurora';

const world = useWorld();
const soon = () => Date.now() + 10_000;
const depsWith = (overrides: Partial<Deps> = {}): Deps => createDeps(readConfig(process.env), overrides);

async function linkedDeal() {
  const dealId = world().hubspot.demo!.deals.sandbox;
  const created = await createProject(depsWith(), { dealId }, soon());
  if (!('project' in created)) throw new Error('create failed');
  return { dealId, projectId: created.project.id };
}

describe('create-once claims', () => {
  const claimFor = (dealId: string, extra: Record<string, string> = {}) =>
    world().store.createRecord('aurora_design', { aurora_design_id: claimDesignId(dealId), aurora_record_kind: RECORD_KINDS.projectClaim, aurora_deal_id: dealId, ...extra });

  it('answers in_progress while a fresh claim is held, and creates nothing', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await claimFor(dealId);

    expect(await createProject(depsWith(), { dealId }, soon())).toEqual({ outcome: 'in_progress' });
    expect(world().aurora.state.projects.size).toBe(0);
    expect(claims(world())).toHaveLength(1);
  });

  it("tells the card a fresh claim's create is under way, with one more HubSpot read and no write", async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const claim = await claimFor(dealId);
    forgetInstallFacts(); // the card's call in a new process
    const reads = world().hubspot.apiRequests().length;
    const writes = world().hubspot.state.writes;

    const overview = await dealOverview(depsWith(), { dealId }, soon());

    expect(overview.link).toEqual({ state: 'creating', since: new Date(claim.properties.hs_createdate!).toISOString() });
    expect(Date.now() - Date.parse((overview.link as { since: string }).since)).toBeLessThan(10_000);
    // Deal, its contacts, the contact, the design object and its labels, the claim.
    expect(world().hubspot.apiRequests().length - reads).toBe(6);
    expect(world().hubspot.state.writes).toBe(writes);
    expect(claims(world())).toHaveLength(1);
  });

  it('shows a stale claim as not linked, with the pre-flight, so the rep can press Create (which recovers)', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await claimFor(dealId);

    const overview = await dealOverview(depsWith(), { dealId, claimStaleMs: 0 }, soon());

    expect(overview.link).toMatchObject({ state: 'not_linked', preflight: { ready: true, missing: [] } });
    expect(claims(world())).toHaveLength(1);
    expect(await createProject(depsWith(), { dealId, claimStaleMs: 0 }, soon())).toMatchObject({ outcome: 'created' });
    expect((await dealOverview(depsWith(), { dealId }, soon())).link).toMatchObject({ state: 'linked' });
  });

  it('adopts the project a dead call made (found in Aurora by the deal id) instead of making another', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const orphan = await world().client.projects.create({ name: 'Made, never linked', external_provider_id: dealId, location: { property_address: '901 Mears Ct, Stanford, CA 94305, USA' } });
    await world().client.projects.create({ name: 'Another deal', external_provider_id: '123', location: { property_address: '901 Mears Ct, Stanford, CA 94305, USA' } });
    await claimFor(dealId);

    const result = await createProject(depsWith(), { dealId, claimStaleMs: 0 }, soon());

    expect(result).toMatchObject({ outcome: 'recovered', project: { id: orphan.id, name: 'Made, never linked' } });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(dealProps(world(), dealId).aurora_project_id).toBe(orphan.id);
    expect(claims(world())).toEqual([]);
  });

  it('clears a stale claim whose call made no project, then creates the one project', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await claimFor(dealId);

    const result = await createProject(depsWith(), { dealId, claimStaleMs: 0 }, soon());

    expect(result).toMatchObject({ outcome: 'created' });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(claims(world())).toEqual([]);
  });

  it('releases the claim when Aurora refuses the project, so the rep can fix the data and try again', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    world().aurora.control.injectFault({ path: '/projects', method: 'POST', status: 422 });

    await expect(createProject(depsWith(), { dealId }, soon())).rejects.toMatchObject({ name: 'AuroraValidationError' });

    expect(claims(world())).toEqual([]);
    expect(await createProject(depsWith(), { dealId }, soon())).toMatchObject({ outcome: 'created' });
  });
});

describe('syncing for other callers', () => {
  it('syncs one design, leaves the others to their own deliveries, and finds the deal by its project', async () => {
    const { dealId, projectId } = await linkedDeal();
    const one = simulatedDesign(world(), projectId, { name: 'One', sizeKw: 6 });
    const two = simulatedDesign(world(), projectId, { name: 'Two', sizeKw: 9 });
    const deps = depsWith();
    // Webhooks find the deal by the project id it stores.
    const dealOf = async (id: string) => (await deps.hubspot.findDealsByProperty('aurora_project_id', id, ['dealname'], { deadline: soon(), limit: 2 }))[0]?.id ?? null;
    expect(await dealOf(projectId)).toBe(dealId);
    expect(await dealOf('no-such-project')).toBeNull();

    const summary = await syncDesign(deps, { dealId, designId: one.id }, soon());

    // The other design was not read, and nothing is written about it: its own delivery (or a full sync) brings it, so
    // deliveries for one deal never write one shared list (docs/pending-work.md#where-marks-live).
    expect(summary).toMatchObject({ status: 'ok', designs: 2, changedDesigns: 1 });
    expect(dealDesigns(world(), dealId).map((r) => r.properties.aurora_design_id)).toEqual([one.id]);
    expect(dealProps(world(), dealId).aurora_sync_pending ?? '').toBe('');

    expect(await syncDesign(depsWith(), { dealId, designId: two.id }, soon())).toMatchObject({ status: 'ok', changedDesigns: 1 });
    expect(dealProps(world(), dealId).aurora_sync_pending ?? '').toBe('');
  });

  it('syncs the rest when screenshots and DXF files sit on a host the app may not download from, and says so', async () => {
    const { dealId, projectId } = await linkedDeal();
    simulatedDesign(world(), projectId, { name: 'One', sizeKw: 6 });
    const deps = depsWith({ assets: createAssetDownloader({ allowedHosts: [] }) });

    const summary = await syncDeal(deps, { dealId }, soon());

    expect(summary.status).toBe('partial');
    expect(summary.skipped).toEqual([
      expect.stringMatching(/^Design DXF files \(the asset is on a host the app does not download from/),
      expect.stringMatching(/^Design screenshots \(the asset is on a host the app does not download from/),
    ]);
    expect(world().hubspot.view.files()).toEqual([]);
    expect(dealDesigns(world(), dealId)[0]!.properties).toMatchObject({ aurora_design_name: 'One' });
    expect(dealProps(world(), dealId).aurora_sync_pending ?? '').toBe('');
  });

  it('rolls up a design a rep marked primary, until one is sold', async () => {
    const { dealId, projectId } = await linkedDeal();
    const older = simulatedDesign(world(), projectId, { name: 'Older', sizeKw: 6 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = simulatedDesign(world(), projectId, { name: 'Newer', sizeKw: 9 });
    await syncDeal(depsWith(), { dealId }, soon());
    expect(dealProps(world(), dealId).aurora_design_id).toBe(newer.id);

    const record = dealDesigns(world(), dealId).find((r) => r.properties.aurora_design_id === older.id)!;
    await world().store.updateRecord('aurora_design', record.id, { aurora_is_primary: 'true' });
    await syncDeal(depsWith(), { dealId }, soon());

    expect(dealProps(world(), dealId)).toMatchObject({ aurora_design_id: older.id, aurora_design_name: 'Older' });
    // The mark is HubSpot's, kept as it is: the next sync (inside the freshness window) has nothing to write.
    const writes = world().hubspot.state.writes;
    expect(await syncDeal(depsWith(), { dealId }, soon())).toMatchObject({ status: 'ok', changedDesigns: 0, changedDealProperties: [] });
    expect(world().hubspot.state.writes).toBe(writes);

    world().aurora.control.recordMilestone(newer.id, 'sold');
    await syncDeal(depsWith(), { dealId }, soon());
    expect(dealProps(world(), dealId).aurora_design_id).toBe(newer.id);
    const labels = Object.fromEntries(dealDesigns(world(), dealId).map((r) => [r.properties.aurora_design_id, r.labels.sort()]));
    expect(labels).toEqual({ [older.id]: [], [newer.id]: ['Sold design'] });
    expect(dealDesigns(world(), dealId).find((r) => r.id === record.id)!.properties.aurora_is_primary).toBe('true');

    // Marked on the association instead (the label), by a rep or the post-sale hand-off: kept by the sync, shown by the card.
    const newerRecord = dealDesigns(world(), dealId).find((r) => r.properties.aurora_design_id === newer.id)!;
    await world().store.linkDesignsToDeal(dealId, [{ recordId: newerRecord.id, labels: ['sold', 'primary'] }]);
    await syncDeal(depsWith(), { dealId }, soon());
    expect(dealDesigns(world(), dealId).find((r) => r.id === newerRecord.id)!.labels.sort()).toEqual(['Primary design', 'Sold design']);
    const overview = await dealOverview(depsWith(), { dealId }, soon());
    expect(overview.designs.find((d) => d.id === newer.id)).toMatchObject({ isPrimary: true, isSold: true });
  });
});

describe('the order of a sync\'s Aurora reads', () => {
  it('asks for each design\'s asset list beside the design before it, so the last design\'s files are copied while Aurora still answers', async () => {
    const { dealId, projectId } = await linkedDeal();
    const designs = [1, 2, 3].map((i) => simulatedDesign(world(), projectId, { name: `Option ${i}`, sizeKw: 5 + i }));
    // One slot: the simulator receives the reads in the client's queue order.
    const aurora = createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: world().aurora.url, maxConcurrency: 1 });
    const from = world().aurora.state.requests.length;

    expect(await syncDeal(depsWith({ aurora }), { dealId }, soon())).toMatchObject({ status: 'ok', designs: 3 });

    const named = (path: string) => {
      const [, id, read, detail] = /\/designs\/([^/]+)\/([a-z_]+)(\/[^/]+)?$/.exec(path) ?? [];
      const index = designs.findIndex((design) => design.id === id);
      return index < 0 ? [] : [`${read}${detail ? ' detail' : ''} ${index + 1}`];
    };
    const order = world().aurora.state.requests.slice(from).flatMap((request) => named(request.path));
    // Newest design first; a financing's detail follows its list as soon as the list answers.
    expect(order).toEqual([
      'assets 3', 'assets 2', 'financings 3', 'summary 3', 'financings detail 3', 'pricing 3', 'web_proposal 3',
      'assets 1', 'financings 2', 'summary 2', 'financings detail 2', 'pricing 2', 'web_proposal 2',
      'financings 1', 'summary 1', 'financings detail 1', 'pricing 1', 'web_proposal 1',
    ]);
    expect(dealDesigns(world(), dealId).filter((record) => record.properties.aurora_screenshot_url)).toHaveLength(3);
  });
});

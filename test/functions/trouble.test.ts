// Function end-to-end: Sync under trouble — a key without optional resources, Aurora's rate limit past the deadline (and a
// rep's Sync while it is spent), a project deleted in Aurora (say so, offer to unlink, never create a new one silently).
import { DEMO } from '../../simulators/aurora';
import { main as createProject } from '../../src/core/functions/createProject';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { main as unlinkProject } from '../../src/core/functions/unlinkProject';
import { SETTINGS_RECORD_ID } from '../../src/core/settings/store';
import { card, dealDesigns, dealProps, linkedDeal, projectsOfDeal, simulatedDesign, useWorld } from './support';

const world = useWorld();

describe('a key without pricing and financing access (403 "not provisioned")', () => {
  it('syncs the rest, says once which resources the key lacks, and a second sync writes nothing', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'One', sizeKw: 6 });
    simulatedDesign(world(), projectId, { name: 'Two', sizeKw: 8 });
    simulatedDesign(world(), projectId, { name: 'Three', sizeKw: 10 });
    process.env.AURORA_API_KEY = DEMO.restrictedKey;
    const before = world().aurora.state.requests.length;

    const result = await syncDeal(card({ dealId }));

    if (!result.ok) throw new Error(result.error.message);
    expect(result.sync).toMatchObject({ status: 'partial', designs: 3, changedDesigns: 3 });
    expect(result.sync.skipped).toEqual([
      expect.stringMatching(/^Pricing \(the Aurora API key is not allowed to read pricing/),
      expect.stringMatching(/^Financing \(the Aurora API key is not allowed to read financings/),
    ]);
    // Once the key is known to lack a resource, it is not asked for again in the same sync.
    const denied = world().aurora.state.requests.slice(before).filter((r) => /\/(pricing|financings)$/.test(r.path));
    expect(denied.length).toBeLessThan(6);
    const records = dealDesigns(world(), dealId);
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.properties.aurora_system_size_kw && r.properties.aurora_screenshot_url)).toBe(true);
    expect(records.every((r) => !r.properties.aurora_price)).toBe(true);
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_sync_status: 'partial' });
    expect(dealProps(world(), dealId).aurora_last_error).toMatch(/Pricing .*an Aurora admin can grant it/);
    expect(dealProps(world(), dealId).aurora_sync_pending ?? '').toBe('');

    const writes = world().hubspot.state.writes;
    const sent = world().aurora.state.requests.length;
    const again = await syncDeal(card({ dealId }));
    // Inside the freshness window, as with any key: the design and agreement lists (a re-read never brings pricing).
    expect(world().aurora.state.requests.length - sent).toBe(2);
    expect(again).toMatchObject({ ok: true, sync: { status: 'partial', changedDesigns: 0, changedDealProperties: [], keyLacks: ['Pricing', 'Financing'] } });
    expect(world().hubspot.state.writes).toBe(writes);
    // The card still says what the key may not read: the words of the last complete read are kept.
    expect(dealProps(world(), dealId).aurora_last_error).toMatch(/^Pricing \(.*\) Financing \(the Aurora API key is not allowed to read financings/);
    const overview = await dealOverview(card({ dealId }));
    if (!overview.ok) throw new Error(overview.error.message);
    expect(overview.overview.sync).toMatchObject({ status: 'partial', pending: [], lastError: expect.stringMatching(/^Pricing .*Financing /) });
  });

  it('once an Aurora admin grants the key pricing, a sync inside the window that reads a design again drops that word, and keeps the rest', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'One', sizeKw: 6 });
    process.env.AURORA_API_KEY = DEMO.restrictedKey;
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'partial', keyLacks: ['Pricing', 'Financing'] } });
    world().aurora.control.setKeyDenies(DEMO.restrictedKey, ['listFinancings', 'retrieveFinancing']);
    // A new design: read whole inside the window, pricing answered this time.
    simulatedDesign(world(), projectId, { name: 'Two', sizeKw: 9 });

    const again = await syncDeal(card({ dealId }));

    expect(again).toMatchObject({ ok: true, sync: { status: 'partial', changedDesigns: 1, keyLacks: ['Financing'] } });
    expect(dealProps(world(), dealId).aurora_last_error).toMatch(/^Financing \(the Aurora API key is not allowed to read financings; an Aurora admin can grant it to the key\)$/);
  });
});

describe("Aurora's rate limit past the deadline (429 with a long Retry-After)", () => {
  it('returns a partial result, records what is left on each design, and the next sync finishes it', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    const designs = [
      simulatedDesign(world(), projectId, { name: 'One', sizeKw: 6 }),
      simulatedDesign(world(), projectId, { name: 'Two', sizeKw: 8 }),
      simulatedDesign(world(), projectId, { name: 'Three', sizeKw: 10 }),
    ];
    // The first design-level call is refused for a minute, longer than the function may run: nothing more is sent.
    world().aurora.control.injectFault({ path: '/assets', status: 429, retryAfterSeconds: 60 });

    const result = await syncDeal(card({ dealId }));

    if (!result.ok) throw new Error(result.error.message);
    expect(result.sync.status).toBe('partial');
    // A spent budget is not slowness: the words say until when Aurora is busy (never "in time").
    expect(result.sync.skipped.join(' ')).toMatch(/design.*Aurora was busy; press Sync again/);
    const deal = dealProps(world(), dealId);
    expect(deal.aurora_sync_status).toBe('partial');
    // What is left is marked on each design's own record (docs/pending-work.md), and the card's overview shows it.
    expect(deal.aurora_sync_pending ?? '').toBe('');
    const marks = dealDesigns(world(), dealId).flatMap((r) => (r.properties.aurora_sync_pending ? [[r.properties.aurora_design_id, r.properties.aurora_sync_pending]] : []));
    expect(marks.length).toBeGreaterThan(0);
    for (const [designId, mark] of marks) expect(mark).toMatch(new RegExp(`^(design|screenshot):${designId}$`));
    const overview = await dealOverview(card({ dealId }));
    if (!overview.ok) throw new Error(overview.error.message);
    expect(overview.overview.sync.pending).toEqual(expect.arrayContaining(marks.map(([, mark]) => mark)));
    // HubSpot stays consistent: every design has its record (from the list), the roll-up names one of them.
    expect(dealDesigns(world(), dealId)).toHaveLength(3);
    expect(designs.map((d) => d.id)).toContain(deal.aurora_design_id);

    // A rep's Sync while the budget is still spent: told when to try again, and nothing is sent that Aurora would refuse.
    const sent = world().aurora.state.requests.length;
    const refused = await syncDeal(card({ dealId }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'aurora_rate_limited', retryable: true, retryAt: expect.any(String) } });
    if (refused.ok) throw new Error('expected the busy answer');
    expect(`${refused.error.message} ${refused.error.action}`).not.toMatch(/in the time available|admin|API key/);
    expect(world().aurora.state.requests.length).toBe(sent);

    // A minute later (the time the board holds has passed), the next sync finishes it.
    await world().store.upsertDesigns([{ aurora_design_id: SETTINGS_RECORD_ID, aurora_busy_until: new Date(Date.now() - 1_000).toISOString() }]);
    const finished = await syncDeal(card({ dealId }));

    expect(finished).toMatchObject({ ok: true, sync: { status: 'ok', skipped: [] } });
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_sync_status: 'ok' });
    expect(dealProps(world(), dealId).aurora_sync_pending ?? '').toBe('');
    expect(dealDesigns(world(), dealId).every((r) => r.properties.aurora_screenshot_url && r.properties.aurora_price && !r.properties.aurora_sync_pending)).toBe(true);
  });
});

describe('a project deleted in Aurora', () => {
  it('says so, offers to unlink, never creates a new project silently; after unlinking a new one can be created', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'Old', sizeKw: 6 });
    await syncDeal(card({ dealId }));
    world().aurora.control.deleteProject(projectId);

    const result = await syncDeal(card({ dealId }));

    expect(result).toMatchObject({ ok: false, error: { code: 'aurora_not_found', retryable: false } });
    expect(world().aurora.state.projects.size).toBe(0);
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_project_id: projectId, aurora_sync_status: 'error' });
    expect(dealProps(world(), dealId).aurora_last_error).toMatch(/no longer exists in Aurora/);
    // The card reads HubSpot only, and learns it from the deal.
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'aurora_not_found' } });
    // Create in Aurora does not quietly replace it either.
    expect(await createProject(card({ dealId }))).toMatchObject({ ok: true, outcome: 'already_linked' });
    expect(world().aurora.state.projects.size).toBe(0);

    expect(await unlinkProject(card({ dealId }))).toEqual({ ok: true, unlinked: true });

    expect(dealProps(world(), dealId).aurora_project_id ?? '').toBe('');
    expect(dealProps(world(), dealId).aurora_sync_status).toBe('never');
    const overview = await dealOverview(card({ dealId }));
    expect(overview).toMatchObject({ ok: true, overview: { link: { state: 'not_linked', preflight: { ready: true } }, designs: [] } });
    expect(await createProject(card({ dealId }))).toMatchObject({ ok: true, outcome: 'created' });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
  });

  it('refuses to unlink a project Aurora still has, and clears a "not found" mark it no longer deserves', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    expect(await unlinkProject(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'already_linked' } });
    expect(dealProps(world(), dealId).aurora_project_id).toBe(projectId);

    // Aurora answered 404 once (e.g. the app pointed at another Aurora account), and has the project again.
    world().aurora.control.injectFault({ path: `/projects/${projectId}`, method: 'GET', status: 404 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'aurora_not_found' } });
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'aurora_not_found' } });
    expect(await unlinkProject(card({ dealId }))).toMatchObject({ ok: false, error: { code: 'already_linked' } });
    expect(await dealOverview(card({ dealId }))).toMatchObject({ ok: true, overview: { link: { state: 'linked', project: { id: projectId, status: 'active' } } } });
  });
});

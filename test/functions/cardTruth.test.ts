// What the card is told must be facts: a create shown as under way only while one really is, a sync time that moves
// when the data was confirmed current (issue 14, defects 1 and 3), through each edge's main(context) against both simulators.
import { main as createProject } from '../../src/core/functions/createProject';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as makePrimary } from '../../src/core/functions/makePrimary';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { card, claims, dealDesigns, dealProps, linkedDeal, projectsOfDeal, simulatedDesign, useWorld } from './support';

const world = useWorld();

async function overviewOf(dealId: string) {
  const result = await dealOverview(card({ dealId }));
  if (!result.ok) throw new Error(`overview failed: ${result.error.message}`);
  return result.overview;
}

describe('a Create in Aurora that failed', () => {
  it.each([
    ['Aurora answered 500', { status: 500 }],
    ['the connection dropped', { drop: true }],
  ])('(%s) is not shown as someone creating: the overview says not linked, and Create works again at once, making one project', async (_what, fault) => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    world().aurora.control.injectFault({ path: '/projects', method: 'POST', ...fault });

    const failed = await createProject(card({ dealId }));
    expect(failed).toMatchObject({ ok: false, error: { code: 'aurora_unavailable', retryable: true } });

    const after = await overviewOf(dealId);
    expect(after.link.state).toBe('not_linked');
    // The attempt that may have reached Aurora is remembered, so the card can say Create checks Aurora first.
    expect(after.link).toMatchObject({ state: 'not_linked', unfinishedSince: expect.any(String) });

    const again = await createProject(card({ dealId }));
    expect(again).toMatchObject({ ok: true, outcome: expect.stringMatching(/^(created|recovered)$/) });
    expect(projectsOfDeal(world(), dealId)).toHaveLength(1);
    expect(claims(world())).toEqual([]);
    expect((await overviewOf(dealId)).link.state).toBe('linked');
  });

  it('says in plain words that Aurora may have made the project and that pressing Create again never makes a second', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    world().aurora.control.injectFault({ path: '/projects', method: 'POST', status: 503 });
    const failed = await createProject(card({ dealId }));
    if (failed.ok) throw new Error('expected a failure');
    expect(failed.error.message).not.toMatch(/HTTP|\b5\d\d\b|refresh/i);
    expect(`${failed.error.message} ${failed.error.action}`).toMatch(/never (makes|creates) a second/);
  });
});

describe('the sync time', () => {
  it('moves on a successful full sync with nothing new (Refresh everything, or past the freshness window): the data was confirmed current (one deal write, nothing else)', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'Layout 1', sizeKw: 7 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok', changedDesigns: 1 } });
    const firstSyncedAt = dealProps(world(), dealId).aurora_last_synced_at!;
    const writes = world().hubspot.state.writes;
    await new Promise((resolve) => setTimeout(resolve, 5));

    const again = await syncDeal(card({ dealId, refresh: true }));

    expect(again).toEqual({ ok: true, sync: { status: 'ok', designs: 1, changedDesigns: 0, changedDealProperties: [], skipped: [], designsLeft: 0, busyUntil: null, keyLacks: [] } });
    expect(Date.parse(dealProps(world(), dealId).aurora_last_synced_at!)).toBeGreaterThan(Date.parse(firstSyncedAt));
    expect(world().hubspot.state.writes).toBe(writes + 1);
    expect((await overviewOf(dealId)).sync.lastSyncedAt).toBe(dealProps(world(), dealId).aurora_last_synced_at);
  });
});

describe('a sync cut short by Aurora\'s rate limit (defect 4)', () => {
  it('says Aurora is busy and when to finish, counts each unfinished design once, claims no screenshot a design lacks, and blames no key', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'Layout 1', sizeKw: 6 });
    simulatedDesign(world(), projectId, { name: 'Layout 2', sizeKw: 8 });
    // Made in Aurora without a simulation: it has no screenshot at all.
    const bare = world().aurora.control.createDesign({ projectId, name: 'Layout 3' });
    // The first design-level read is refused for a minute: longer than the function may run.
    world().aurora.control.injectFault({ path: '/assets', status: 429, retryAfterSeconds: 60 });
    const before = Date.now();

    const result = await syncDeal(card({ dealId }));

    if (!result.ok) throw new Error(result.error.message);
    const { sync } = result;
    expect(sync).toMatchObject({ status: 'partial', designs: 3, keyLacks: [] });
    expect(sync.designsLeft).toBeGreaterThan(0);
    expect(sync.designsLeft).toBeLessThanOrEqual(3);
    expect(Date.parse(sync.busyUntil!)).toBeGreaterThanOrEqual(before + 55_000);
    const words = sync.skipped.join(' ');
    expect(words).toMatch(/Aurora (is|was) busy/);
    expect(words).not.toMatch(/API key|admin|in time/i);
    // Each unfinished design is counted once, as a design; a screenshot is only named where one exists and was not copied.
    expect(words).not.toMatch(/screenshot/i);
    const pending = dealProps(world(), dealId).aurora_sync_pending!.split(';');
    expect(pending).not.toContain(`screenshot:${bare.id}`);
  });
});

describe('which design feeds the deal, and Make primary (defect 5)', () => {
  async function syncedDeal() {
    const { dealId, projectId } = await linkedDeal(world());
    const older = simulatedDesign(world(), projectId, { name: 'Layout 1', sizeKw: 6 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = simulatedDesign(world(), projectId, { name: 'Layout 2', sizeKw: 9 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true });
    return { dealId, projectId, older, newer };
  }

  it('the overview names the design whose figures the deal holds, and why (sold, primary, or the newest)', async () => {
    const { dealId, newer } = await syncedDeal();
    expect((await overviewOf(dealId)).dealDesign).toEqual({ id: newer.id, name: 'Layout 2', reason: 'newest' });
  });

  it('Make primary: the chosen design gets the flag and label (the old one loses both) and feeds the deal at once', async () => {
    const { dealId, older, newer } = await syncedDeal();
    const result = await makePrimary(card({ dealId, designId: older.id }));
    expect(result).toMatchObject({ ok: true, dealDesign: { id: older.id, name: 'Layout 1', reason: 'primary' } });
    const olderRecord = dealDesigns(world(), dealId).find((r) => r.properties.aurora_design_id === older.id)!;
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_design_id: older.id, aurora_design_name: 'Layout 1', aurora_system_size_kw: olderRecord.properties.aurora_system_size_kw });
    const marks = Object.fromEntries(dealDesigns(world(), dealId).map((r) => [r.properties.aurora_design_id, [r.properties.aurora_is_primary, r.labels]]));
    expect(marks[older.id]).toEqual(['true', ['Primary design']]);
    expect(marks[newer.id]?.[1]).toEqual([]);
    expect((await overviewOf(dealId)).dealDesign).toEqual({ id: older.id, name: 'Layout 1', reason: 'primary' });

    // Again for the other one: the mark moves, the deal follows.
    await makePrimary(card({ dealId, designId: newer.id }));
    const again = Object.fromEntries(dealDesigns(world(), dealId).map((r) => [r.properties.aurora_design_id, [r.properties.aurora_is_primary, r.labels]]));
    expect(again).toEqual({ [older.id]: ['false', []], [newer.id]: ['true', ['Primary design']] });
    expect(dealProps(world(), dealId).aurora_design_id).toBe(newer.id);
  });

  it('refuses a design that is not in the deal\'s Aurora project, writing nothing', async () => {
    const { dealId } = await syncedDeal();
    const other = await world().client.projects.create({ name: 'Someone else', external_provider_id: '999', location: { property_address: '901 Mears Ct, Stanford, CA 94305, USA' } });
    const foreign = world().aurora.control.createDesign({ projectId: other.id, name: 'Not yours' });
    const writes = world().hubspot.state.writes;
    const result = await makePrimary(card({ dealId, designId: foreign.id }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', retryable: false } });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.message).not.toContain(foreign.id);
    expect(world().hubspot.state.writes).toBe(writes);
  });
});

describe('the card follows the deal (defect 5)', () => {
  it("shows the agreement status the deal already holds on the design it feeds, before that design's record catches up", async () => {
    const { dealId, projectId } = await linkedDeal(world());
    const layout = simulatedDesign(world(), projectId, { name: 'Layout 1', sizeKw: 7 });
    await syncDeal(card({ dealId }));
    // The hand-off stamps the deal first (signed, stage moved); the design record is written by the sync after it.
    await world().store.updateDeal(dealId, { aurora_agreement_status: 'signed', aurora_contract_signed_at: new Date().toISOString() });

    const overview = await overviewOf(dealId);

    expect(overview.designs.find((row) => row.id === layout.id)).toMatchObject({ agreementStatus: 'signed' });
  });
});

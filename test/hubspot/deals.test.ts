// Deals, contacts, search, pipelines, notes and files through the store, checked against what the simulator holds.
import { PIPELINES_TTL_MS } from '../../src/core/hubspot/deals';
import { HubSpotNotFoundError, HubSpotValidationError } from '../../src/core/hubspot/errors';
import { forgetInstallFacts } from '../../src/core/hubspot/installFacts';
import { SALES_PIPELINE } from '../../simulators/hubspot/seed';
import { SCREENSHOT_FOLDER } from '../../src/core/dataModel';
import type { SearchFilter } from '../../src/core/hubspot/records';
import { installed, requestsSince, storeFor, useSimulator } from './support';

const sim = useSimulator();

describe('deals and their contacts', () => {
  it('reads a deal with its primary contact: the "primary" label wins over the first contact', async () => {
    const store = storeFor(sim());
    const { deals, contacts } = sim().demo!;

    const both = await store.getDealWithPrimaryContact(deals.twoContacts, { deal: ['dealname'], contact: ['firstname', 'address'] });

    expect(both.deal).toEqual({ id: deals.twoContacts, properties: expect.objectContaining({ dealname: 'Alvarez household – 634 Mirada Ave' }) });
    expect(both.contact).toEqual({ id: contacts.tom, properties: expect.objectContaining({ firstname: 'Tom', address: '634 Mirada Ave' }) });
    const single = await store.getDealWithPrimaryContact(deals.sandbox, { deal: ['dealname'], contact: ['firstname'] });
    expect(single.contact?.id).toBe(contacts.jane);
    const none = await store.getDealWithPrimaryContact(deals.noContact, { deal: ['dealname'], contact: ['firstname'] });
    expect(none.contact).toBeNull();
  });

  it('names the missing deal in words when it does not exist', async () => {
    const error = await storeFor(sim())
      .getDeal('999999', ['dealname'])
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotNotFoundError);
    expect((error as HubSpotNotFoundError).toUserError()).toEqual({
      code: 'hubspot_not_found',
      message: 'HubSpot could not find the deal 999999.',
      action: 'Reload the page; it may have been deleted or merged.',
      retryable: false,
    });
  });

  it('updates only what changed, and makes no call at all when nothing did', async () => {
    const store = await installed(sim());
    const dealId = sim().demo!.deals.sandbox;

    expect(await store.updateDeal(dealId, { aurora_system_size_kw: '8.40', aurora_sync_status: 'ok' })).toEqual({ changed: ['aurora_system_size_kw', 'aurora_sync_status'] });
    const writes = sim().state.writes;
    const from = sim().apiRequests().length;

    expect(await store.updateDeal(dealId, { aurora_system_size_kw: '8.4', aurora_sync_status: 'ok' })).toEqual({ changed: [] });
    expect(sim().state.writes).toBe(writes);
    // With the current values at hand, not even a read is needed.
    expect(await store.updateDeal(dealId, { aurora_last_synced_at: '2024-07-01T00:00:00Z' }, { current: { aurora_last_synced_at: '2024-07-01T00:00:00.000Z' } })).toEqual({ changed: [] });
    expect(requestsSince(sim(), from).map((r) => r.method)).toEqual(['GET']);
    expect(sim().view.deal(dealId)!.properties).toMatchObject({ aurora_system_size_kw: '8.4', aurora_sync_status: 'ok' });
  });

  it('rejects an unknown property and a value of the wrong type, naming them', async () => {
    const store = await installed(sim());
    const dealId = sim().demo!.deals.sandbox;

    // A name outside the data model cannot be written literally (the compiler refuses it): it comes as data, as a mapping's would.
    const unknown: Record<string, string> = { not_a_property: 'x' };
    await expect(store.updateDeal(dealId, unknown, { current: {} })).rejects.toMatchObject({
      constructor: HubSpotValidationError,
      problems: ['Property "not_a_property" does not exist'],
    });
    await expect(store.updateDeal(dealId, { aurora_sync_status: 'maybe' }, { current: {} })).rejects.toThrow(/maybe was not one of the allowed options/);
  });

  it('finds deals by aurora_project_id and lists deals whose sync needs attention, newest first', async () => {
    const store = await installed(sim());
    const { deals } = sim().demo!;
    await store.updateDeal(deals.sandbox, { aurora_project_id: 'proj-1', aurora_sync_status: 'error', aurora_last_synced_at: '2024-07-01T10:00:00Z' }, { current: {} });
    await store.updateDeal(deals.rejection, { aurora_sync_status: 'partial', aurora_last_synced_at: '2024-07-02T10:00:00Z' }, { current: {} });
    await store.updateDeal(deals.twoContacts, { aurora_sync_status: 'ok' }, { current: {} });

    const found = await store.findDealsByProperty('aurora_project_id', 'proj-1', ['dealname']);
    expect(found.map((d) => d.id)).toEqual([deals.sandbox]);
    expect(await store.findDealsByProperty('aurora_project_id', 'nope', ['dealname'])).toEqual([]);
    // Search filters name the searched object's own properties (or its record id), checked when compiling.
    const byId = await store.searchRecords('deals', [{ property: 'hs_object_id', operator: 'EQ', value: deals.sandbox }], { properties: ['aurora_project_id'] });
    expect(byId.results.map((deal) => deal.properties.aurora_project_id)).toEqual(['proj-1']);
    // @ts-expect-error a misspelt property is a type error, not a search that silently finds nothing
    const misspelt: SearchFilter<'deals'> = { property: 'aurora_projectid', operator: 'HAS_PROPERTY' };
    await expect(store.searchRecords('deals', [misspelt], { properties: ['dealname'] })).rejects.toThrow();

    const problems = await store.searchRecords('deals', [{ property: 'aurora_sync_status', operator: 'IN', values: ['error', 'partial'] }], { properties: ['dealname'], sorts: ['-aurora_last_synced_at'] });
    expect(problems.results.map((d) => d.id)).toEqual([deals.rejection, deals.sandbox]);
    // Filter groups are ORed: a deal matching either group is found, once; deals by id in one batch read.
    await store.updateDeal(deals.twoContacts, { aurora_sync_pending: 'agreement:proj-2' });
    const either = await store.searchRecords('deals', [{ property: 'aurora_sync_status', operator: 'EQ', value: 'error' }], { properties: ['dealname'], orFilters: [[{ property: 'aurora_sync_pending', operator: 'HAS_PROPERTY' }]] });
    expect(either.results.map((d) => d.id).sort()).toEqual([deals.sandbox, deals.twoContacts].sort());
    const byIds = await store.getDealsById([deals.rejection, deals.sandbox, '999999'], ['aurora_sync_status']);
    expect(byIds.map((d) => [d.id, d.properties.aurora_sync_status]).sort()).toEqual([[deals.rejection, 'partial'], [deals.sandbox, 'error']].sort());
  });

  it('reads the deal pipelines and finds the closed-won stage', async () => {
    const [pipeline] = await storeFor(sim()).getDealPipelines();

    expect(pipeline).toMatchObject({ id: 'default', label: 'Sales Pipeline', closedWonStageId: 'closedwon' });
    expect(pipeline!.stages.map((s) => s.id)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
      'presentationscheduled',
      'decisionmakerboughtin',
      'contractsent',
      'closedwon',
      'closedlost',
    ]);
  });

  it('remembers the pipelines per process for a remembered read, for PIPELINES_TTL_MS; a plain read is always HubSpot\'s and renews them', async () => {
    forgetInstallFacts();
    const pipelineReads = (from: number) => requestsSince(sim(), from).filter((r) => r.path === '/crm/v3/pipelines/deals').length;
    const from = sim().apiRequests().length;
    await storeFor(sim()).getDealPipelines({ remembered: true });
    // The next invocations in the same process (new stores, the same portal): one within the time, one after it.
    await storeFor(sim()).getDealPipelines({ remembered: true });
    expect(pipelineReads(from)).toBe(1);
    await storeFor(sim(), { clock: () => Date.now() + PIPELINES_TTL_MS + 1 }).getDealPipelines({ remembered: true });
    expect(pipelineReads(from)).toBe(2);

    // The settings page reads them as they are; what it read is what the next remembered read gets.
    sim().control.setPipelineStages('default', [...SALES_PIPELINE.stages, { id: 'installed', label: 'Installed', displayOrder: 7, metadata: { isClosed: 'true', probability: '1.0' } }]);
    const [fresh] = await storeFor(sim()).getDealPipelines();
    const [remembered] = await storeFor(sim()).getDealPipelines({ remembered: true });
    expect(fresh!.stages.map((s) => s.id)).toContain('installed');
    expect(remembered).toEqual(fresh);
    expect(pipelineReads(from)).toBe(3);
    sim().control.setPipelineStages('default', SALES_PIPELINE.stages);
  });

  it('adds a note to the deal timeline', async () => {
    const dealId = sim().demo!.deals.sandbox;

    const note = await storeFor(sim()).addNoteToDeal(dealId, 'Contract signed in Aurora.', { timestamp: new Date('2024-07-03T12:00:00Z') });

    expect(sim().view.deal(dealId)!.notes).toEqual([{ id: note.id, body: 'Contract signed in Aurora.', timestamp: '2024-07-03T12:00:00.000Z' }]);
  });
});

describe('files', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('simulated screenshot bytes')]);

  it('uploads a screenshot into the folder and serves it back at its public URL; the same bytes again return the same file', async () => {
    const store = storeFor(sim());

    const uploaded = await store.uploadFile({ data: png, fileName: 'design-abc.png' });
    const again = await store.uploadFile({ data: png, fileName: 'design-abc.png' });
    const dealId = sim().demo!.deals.sandbox;
    const note = await store.addNoteToDeal(dealId, 'New design screenshot', { attachmentIds: [uploaded.id] });
    expect(sim().state.notes.get(note.id)?.properties.hs_attachment_ids).toBe(uploaded.id);

    expect(again).toEqual(uploaded);
    expect(sim().view.files()).toEqual([{ id: uploaded.id, path: `${SCREENSHOT_FOLDER}/design-abc.png`, url: uploaded.url, size: png.length, contentType: 'image/png' }]);
    const served = await fetch(uploaded.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
  });
});

// Aurora Design records through the store: batch upsert, labelled deal links, claims; request counts in batch steps.
import type { HubSpotSimulator } from '../../simulators/hubspot';
import { HubSpotConflictError, HubSpotValidationError } from '../../src/core/hubspot/errors';
import type { HubSpotStore } from '../../src/core/hubspot/store';
import { claimDesignId, RECORD_KINDS } from '../../src/core/dataModel';
import { forgetInstallFacts, INSTALL_FACTS_TTL_MS } from '../../src/core/hubspot/installFacts';
import type { DesignFacts } from '../../src/core/mapping/facts';
import { designRecordProperties } from '../../src/core/mapping/toHubSpot';
import { installed, requestsSince, storeFor, useSimulator } from './support';

const sim = useSimulator();

const facts = (n: number, overrides: Partial<DesignFacts> = {}): DesignFacts => ({
  designId: `design-${String(n).padStart(4, '0')}`,
  name: `Design ${n}`,
  projectId: 'project-1',
  createdAt: `2024-06-${String((n % 28) + 1).padStart(2, '0')} 10:00:00 UTC`,
  systemSizeWatts: 8000 + n * 10,
  annualProductionKwh: 11000 + n,
  offset: `${90 + (n % 20)}%`,
  moduleCount: 20 + (n % 10),
  price: 30000 + n,
  isPrimary: false,
  isSold: false,
  ...overrides,
});

/** Upserts N designs and links them to the deal (first one primary, second sold) with a fresh store; returns the requests made. */
async function syncDesigns(s: HubSpotSimulator, dealId: string, count: number) {
  const store = storeFor(s);
  const from = s.apiRequests().length;
  const records = Array.from({ length: count }, (_, i) => designRecordProperties(facts(i, { isPrimary: i === 0, isSold: i === 1 }), { dealId, syncedAt: '2024-07-01T00:00:00Z' }));
  const saved = await store.upsertDesigns(records);
  const labels = (i: number) => (i === 0 ? (['primary'] as const) : i === 1 ? (['sold'] as const) : ([] as const));
  await store.linkDesignsToDeal(
    dealId,
    saved.map((r, i) => ({ recordId: r.recordId, labels: [...labels(i)] })),
  );
  return { saved, requests: requestsSince(s, from), store };
}

describe('Aurora Design records', () => {
  let store: HubSpotStore;
  beforeEach(async () => {
    store = await installed(sim());
  });

  it('upserts 120 designs for one deal with HubSpot calls that grow only in batch-size steps', async () => {
    const dealId = sim().demo!.deals.sandbox;

    const counts: Record<number, number> = {};
    for (const n of [1, 100, 101, 120, 200]) {
      sim().control.reset();
      await installed(sim());
      forgetInstallFacts(); // each as a new process: the schema and labels are looked up
      counts[n] = (await syncDesigns(sim(), sim().demo!.deals.sandbox, n)).requests.length;
    }
    sim().control.reset();
    await installed(sim());
    const { saved, requests } = await syncDesigns(sim(), sim().demo!.deals.sandbox, 120);

    // Fixed part: schema + labels lookup, one link read; per 100 designs: one upsert and one link call.
    const fixed = counts[1]! - 2;
    for (const n of [1, 100, 101, 120, 200]) expect(counts[n]).toBe(fixed + 2 * Math.ceil(n / 100));
    expect(requests.filter((r) => r.path.endsWith('/batch/upsert'))).toHaveLength(2);
    expect(requests.filter((r) => r.path.endsWith('/batch/create'))).toHaveLength(2);
    expect(requests.every((r) => r.status < 300)).toBe(true);

    expect(saved).toHaveLength(120);
    expect(saved.every((r) => r.created)).toBe(true);
    const view = sim().view.deal(sim().demo!.deals.sandbox)!;
    const linked = view.custom.aurora_design!;
    expect(linked).toHaveLength(120);
    expect(linked.filter((d) => d.labels.includes('Primary design')).map((d) => d.properties.aurora_design_id)).toEqual(['design-0000']);
    expect(linked.filter((d) => d.labels.includes('Sold design')).map((d) => d.properties.aurora_design_id)).toEqual(['design-0001']);
    expect(linked.find((d) => d.properties.aurora_design_id === 'design-0005')?.properties).toMatchObject({
      aurora_system_size_kw: '8.05',
      aurora_offset_percent: '95',
      aurora_deal_id: dealId,
      aurora_record_kind: 'design',
      aurora_design_created_at: '2024-06-06T10:00:00.000Z',
    });
  });

  it('re-linking the same designs writes nothing; upserting again updates the same records', async () => {
    const dealId = sim().demo!.deals.sandbox;
    const first = await syncDesigns(sim(), dealId, 3);
    const writes = sim().state.writes;

    const again = await first.store.linkDesignsToDeal(dealId, [
      { recordId: first.saved[0]!.recordId, labels: ['primary'] },
      { recordId: first.saved[1]!.recordId, labels: ['sold'] },
      { recordId: first.saved[2]!.recordId, labels: [] },
    ]);
    expect(again).toEqual({ linked: 0, labelsAdded: 0, labelsRemoved: 0 });
    expect(sim().state.writes).toBe(writes);

    const renamed = designRecordProperties(facts(0, { name: 'Renamed' }), { dealId, syncedAt: new Date() });
    const resaved = await store.upsertDesigns([{ ...renamed, aurora_design_name: 'Stale name' }, renamed]);
    expect(resaved).toEqual([{ recordId: first.saved[0]!.recordId, designId: 'design-0000', created: false }]);
    expect(sim().view.customRecords('aurora_design')).toHaveLength(3);
    expect(sim().view.customRecords('aurora_design').find((r) => r.id === first.saved[0]!.recordId)?.properties.aurora_design_name).toBe('Renamed');
  });

  it('moves the primary label: the design that lost it is unlabelled, the new one labelled', async () => {
    const dealId = sim().demo!.deals.sandbox;
    const { saved } = await syncDesigns(sim(), dealId, 3);

    const result = await store.linkDesignsToDeal(dealId, [
      { recordId: saved[0]!.recordId, labels: [] },
      { recordId: saved[1]!.recordId, labels: ['sold'] },
      { recordId: saved[2]!.recordId, labels: ['primary'] },
    ]);

    expect(result).toEqual({ linked: 0, labelsAdded: 1, labelsRemoved: 1 });
    const designs = await store.readDealDesigns(dealId, ['aurora_design_id', 'aurora_design_name']);
    const labelsById = Object.fromEntries(designs.map((d) => [d.record.properties.aurora_design_id, d.labels]));
    expect(labelsById).toEqual({ 'design-0000': [], 'design-0001': ['sold'], 'design-0002': ['primary'] });
    expect(sim().view.deal(dealId)!.custom.aurora_design).toHaveLength(3);
  });

  it('a new process looks the Aurora Design object and its labels up once, however many calls start together; later stores in it do not again', async () => {
    const dealId = sim().demo!.deals.sandbox;
    await syncDesigns(sim(), dealId, 2);
    forgetInstallFacts();
    const fresh = storeFor(sim());
    const from = sim().apiRequests().length;

    await Promise.all([fresh.readDealDesigns(dealId, ['aurora_design_id']), fresh.listDealDesignLinks(dealId), fresh.designAssociationTypes()]);
    // The next invocation in the same process (a new store, the same portal).
    await storeFor(sim()).readDealDesigns(dealId, ['aurora_design_id']);

    const paths = requestsSince(sim(), from).map((r) => r.path);
    expect(paths.filter((p) => p === '/crm-object-schemas/v3/schemas')).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/labels'))).toHaveLength(1);
  });

  it('looks them up again after the TTL, and for another portal (token)', async () => {
    const dealId = sim().demo!.deals.sandbox;
    await syncDesigns(sim(), dealId, 1);
    const from = sim().apiRequests().length;

    await storeFor(sim(), { clock: () => Date.now() + INSTALL_FACTS_TTL_MS + 1 }).listDealDesignLinks(dealId);
    await storeFor(sim(), { accessToken: `${sim().accessToken}-other-portal` }).listDealDesignLinks(dealId).catch(() => undefined);

    expect(requestsSince(sim(), from).filter((r) => r.path === '/crm-object-schemas/v3/schemas')).toHaveLength(2);
  });

  it('when HubSpot refuses a remembered id (the object was removed), the call is tried once with fresh lookups and says what is missing', async () => {
    const dealId = sim().demo!.deals.sandbox;
    await syncDesigns(sim(), dealId, 1);
    sim().control.reset(); // the portal without the app's data model

    const later = storeFor(sim());
    await expect(later.readDealDesigns(dealId, ['aurora_design_id'])).rejects.toThrow(/Aurora Design object does not exist/);
    // Set up again: the next call works with the new lookups.
    await installed(sim());
    await expect(later.readDealDesigns(dealId, ['aurora_design_id'])).resolves.toEqual([]);
  });

  it('reads a deal without designs as an empty list', async () => {
    expect(await store.readDealDesigns(sim().demo!.deals.noContact, ['aurora_design_id'])).toEqual([]);
  });

  it('creates a new design record already linked to the deal in one call; a record that exists after all is left alone (null)', async () => {
    const dealId = sim().demo!.deals.sandbox;
    const record = designRecordProperties(facts(7), { dealId, syncedAt: new Date() });
    const from = sim().apiRequests().length;

    const created = await store.createLinkedDesign(dealId, record);

    const writes = requestsSince(sim(), from).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path.replace(/\/2-\d+$/, '/2-:type')}`)).toEqual(['POST /crm/v3/objects/2-:type']);
    expect(created).toMatchObject({ designId: 'design-0007', created: true });
    expect(await store.listDealDesignLinks(dealId)).toEqual([{ recordId: created!.recordId, labels: [] }]);

    expect(await store.createLinkedDesign(dealId, { ...record, aurora_design_name: 'Second' })).toBeNull();
    const held = sim().view.customRecords('aurora_design');
    expect(held).toHaveLength(1);
    expect(held[0]!.properties.aurora_design_name).toBe('Design 7');
  });

  it('rejects a batch with a value HubSpot cannot store, and names the property', async () => {
    const bad = { ...designRecordProperties(facts(1), { dealId: '1', syncedAt: new Date() }), aurora_module_count: 'twenty' };

    const error = await store.upsertDesigns([bad]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotValidationError);
    expect((error as HubSpotValidationError).toUserError()).toMatchObject({ code: 'hubspot_validation', message: expect.stringContaining('twenty was not a valid number') });
    expect(sim().view.customRecords('aurora_design')).toHaveLength(0);
  });
});

describe('the create-once claim record', () => {
  let store: HubSpotStore;
  beforeEach(async () => {
    store = await installed(sim());
  });

  const claim = (dealId: string) => ({ aurora_design_id: claimDesignId(dealId), aurora_record_kind: RECORD_KINDS.projectClaim, aurora_deal_id: dealId });

  it.each([409, 400] as const)('a second claim for the same deal is a typed conflict (HubSpot answering %s)', async (status) => {
    sim().control.setUniqueConflictStatus(status);
    const first = await store.createRecord('aurora_design', claim('77'));

    const error = await store.createRecord('aurora_design', claim('77')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotConflictError);
    if (status === 409) expect((error as HubSpotConflictError).existingId).toBe(first.id);
    expect(sim().view.customRecords('aurora_design')).toHaveLength(1);
  });

  it('reads, updates and deletes the claim by its unique id, after which a new claim succeeds', async () => {
    const created = await store.createRecord('aurora_design', claim('78'));

    const read = await store.getRecord('aurora_design', claimDesignId('78'), ['aurora_deal_id', 'aurora_project_id'], { idProperty: 'aurora_design_id' });
    expect(read).toEqual({ id: created.id, properties: expect.objectContaining({ aurora_deal_id: '78', aurora_project_id: null }) });
    await store.updateRecord('aurora_design', claimDesignId('78'), { aurora_project_id: 'p-9' }, { idProperty: 'aurora_design_id' });
    expect(sim().view.customRecords('aurora_design')[0]!.properties.aurora_project_id).toBe('p-9');

    await store.deleteRecord('aurora_design', created.id);
    await store.deleteRecord('aurora_design', created.id);
    expect(await store.getRecord('aurora_design', claimDesignId('78'), [], { idProperty: 'aurora_design_id' })).toBeNull();
    await expect(store.createRecord('aurora_design', claim('78'))).resolves.toMatchObject({ id: expect.any(String) });
  });
});

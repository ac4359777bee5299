// Where a delivery that could not finish records its work: on the one design it names (its own Aurora Design record),
// never on a list every delivery for the deal rewrites; on portals set up before designs held marks, on the deal as
// before. The card's overview reads both, and Aurora's redelivery finishes the work and clears the mark.
import { captureDeliveryLogs, dealDesigns, dealProps, failedDeliveries, linkedDeal, useStack, type Stack } from './support';

beforeAll(() => captureDeliveryLogs());

// The first redelivery comes after the busy second, late enough to look at what the first attempt left.
const LATE_REDELIVERIES = { aurora: { webhooks: { retryDelaysMs: [2_500, 5_000] } } };

/** Waits (polling the simulator's state, no fixed sleep) until Aurora has had a delivery answered 503. */
async function untilPutOff(stack: Stack, designId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (stack.aurora.state.deliveries.some((d) => d.url.includes(designId) && d.statuses.includes(503))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no delivery was put off');
}

const overviewPending = async (stack: Stack, dealId: string): Promise<string[]> => {
  const answer = await stack.host.callCardFunction('aurora_deal_overview', { parameters: { dealId } });
  if (!answer.ok) throw new Error(`overview failed: ${JSON.stringify(answer)}`);
  const result = answer.result as { ok: boolean; overview?: { sync: { pending: string[] } } };
  if (!result.ok || !result.overview) throw new Error(`overview failed: ${JSON.stringify(answer)}`);
  return result.overview.sync.pending;
};

const recordOf = (stack: Stack, designId: string) => stack.hubspot.view.customRecords('aurora_design').find((r) => r.properties.aurora_design_id === designId);

/** A new design whose delivery meets Aurora's rate limit on the design list (the delivery's required read). */
async function designPutOff(stack: Stack, name: string): Promise<{ dealId: string; designId: string }> {
  const { dealId, projectId } = await linkedDeal(stack, name);
  stack.aurora.control.injectFault({ path: `/projects/${projectId}/designs`, method: 'GET', status: 429, retryAfterSeconds: 1, times: 1 });
  const design = stack.aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 7.2 });
  await untilPutOff(stack, design.id);
  return { dealId, designId: design.id };
}

describe('a portal whose designs hold their own marks', () => {
  const stackOf = useStack(LATE_REDELIVERIES);

  it('a put-off delivery of a design HubSpot has not seen marks that design, not the deal; the card shows it; the redelivery completes and clears it', async () => {
    const stack = stackOf();
    const { dealId, designId } = await designPutOff(stack, 'Marks on the design');

    // The mark is on a record of its own for the design (not yet on the deal's card rows), the deal's list untouched.
    expect(recordOf(stack, designId)?.properties).toMatchObject({ aurora_deal_id: dealId, aurora_sync_pending: `design:${designId}` });
    expect(dealDesigns(stack, dealId)).toEqual([]);
    expect(dealProps(stack, dealId).aurora_sync_pending ?? '').toBe('');
    expect(await overviewPending(stack, dealId)).toEqual([`design:${designId}`]);

    await stack.aurora.control.webhooksIdle();
    expect(stack.aurora.state.deliveries.find((d) => d.url.includes(designId))).toMatchObject({ outcome: 'delivered', statuses: [503, 200] });
    // The sync's upsert by the same design id completed that record and linked it: one record, nothing pending.
    expect(stack.hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_design_id === designId)).toHaveLength(1);
    expect(dealDesigns(stack, dealId).map((r) => [r.properties.aurora_design_name, r.properties.aurora_sync_pending ?? ''])).toEqual([['South roof', '']]);
    expect(await overviewPending(stack, dealId)).toEqual([]);
    expect(failedDeliveries(stack.aurora)).toEqual([]);
  });
});

describe('a design deleted in Aurora while its delivery was put off', () => {
  const stackOf = useStack(LATE_REDELIVERIES);

  it('takes the record that held its marks away too, so the card does not wait for it', async () => {
    const stack = stackOf();
    const { dealId, designId } = await designPutOff(stack, 'Deleted while put off');
    expect(await overviewPending(stack, dealId)).toEqual([`design:${designId}`]);
    stack.aurora.control.deleteDesign(designId);

    await stack.aurora.control.webhooksIdle();
    expect(recordOf(stack, designId)).toBeUndefined();
    expect(await overviewPending(stack, dealId)).toEqual([]);
    expect(failedDeliveries(stack.aurora)).toEqual([]);
  });
});

describe('a portal set up before designs held marks (no such property on the design object yet)', () => {
  const stackOf = useStack(LATE_REDELIVERIES, async (started) => {
    started.hubspot.control.archiveProperty((await started.store.designObject()).objectTypeId, 'aurora_sync_pending');
  });

  it('keeps the marks on the deal as before, and the redelivery still completes and clears them', async () => {
    const stack = stackOf();
    const { dealId, designId } = await designPutOff(stack, 'Marks on the deal');

    expect(dealProps(stack, dealId).aurora_sync_pending).toBe(`design:${designId}`);
    expect(recordOf(stack, designId)).toBeUndefined();
    expect(await overviewPending(stack, dealId)).toEqual([`design:${designId}`]);

    await stack.aurora.control.webhooksIdle();
    expect(dealDesigns(stack, dealId).map((r) => r.properties.aurora_design_name)).toEqual(['South roof']);
    expect(dealProps(stack, dealId).aurora_sync_pending ?? '').toBe('');
    expect(failedDeliveries(stack.aurora)).toEqual([]);
  });
});

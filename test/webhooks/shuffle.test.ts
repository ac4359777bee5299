// Aurora promises neither order nor single delivery (docs/aurora-api.md#webhook-delivery). One Aurora project lives through a whole sale: its events
// delivered once and in order to one HubSpot portal, then the same events duplicated and shuffled, 50 deliveries sent
// concurrently by the simulator's own dispatcher, to a second portal. Both portals must end in the same state.
import { WebhookDispatcher } from '../../simulators/aurora/webhooks';
import { startAuroraSimulator, type AuroraSimulator, type WebhookDelivery } from '../../simulators/aurora';
import type { HubSpotSimulator } from '../../simulators/hubspot';
import { copiedAssetId } from '../../src/core/aurora/downloader';
import { captureDeliveryLogs, ORDINARY_ADDRESS, startStack, WEBHOOK_TOKEN } from './support';

const DELIVERIES = 50;

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TIMESTAMPS = new Set(['aurora_last_synced_at', 'aurora_design_request_status_at', 'aurora_contract_signed_at', 'aurora_design_created_at']);

/** What a portal holds for the deal, without what differs between two portals by nature (ids, hosts, clocks). */
function portalState(hubspot: HubSpotSimulator, dealId: string) {
  const deal = hubspot.view.deal(dealId)!;
  const clean = (properties: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(properties)
        // HubSpot treats an empty value as no value.
        // The deal's history tells the path (which delivery did what, when), which differs by nature between the two portals.
        .filter(([name, value]) => value !== '' && !name.startsWith('hs_') && !['createdate', 'lastmodifieddate', 'aurora_source_hash', 'aurora_deal_id', 'aurora_history'].includes(name))
        .map(([name, value]) => {
          if (TIMESTAMPS.has(name)) return [name, value ? 'set' : ''];
          // File links name their Aurora asset; hosts and Aurora's signed query differ between portals and answers.
          if (name === 'aurora_screenshot_url' || name === 'aurora_dxf_url') return [name, value ? `asset ${copiedAssetId(value)}` : ''];
          return [name, value];
        }),
    );
  return {
    deal: clean(deal.properties),
    designs: (deal.custom.aurora_design ?? [])
      .filter((record) => record.properties.aurora_record_kind !== 'project_claim')
      .map((record) => ({ properties: clean(record.properties), labels: [...record.labels].sort() }))
      .sort((a, b) => String(a.properties.aurora_design_id).localeCompare(String(b.properties.aurora_design_id))),
    notes: deal.notes.map((note) => note.body).sort(),
    files: hubspot.view.files().length,
  };
}

let aurora: AuroraSimulator;
let logs: string[];
beforeAll(async () => {
  logs = captureDeliveryLogs();
  aurora = await startAuroraSimulator({
    seed: true,
    designRequestDelayMs: null,
    simulationDelayMs: null,
    webhooks: { retryDelaysMs: [50, 100] },
    rateLimit: { requests: 100_000, perMs: 60_000 },
  });
});
afterAll(() => aurora.close());

// Concurrent deliveries of the signed event meet each other's hand-off claim: the one that finds another at work is put
// off (503) and comes again, so the last word on the deal is always a delivery that saw the hand-off finished.
it(`${DELIVERIES} duplicated, shuffled, concurrent deliveries leave the same state as one ordered delivery`, async () => {
  // ---- One ordered delivery of each event to the first portal.
  const first = await startStack({ sharedAurora: aurora });
  const port = first.host.port;
  const recorded: WebhookDelivery[] = [];
  let project: { id: string };
  let ordered: ReturnType<typeof portalState>;
  try {
    const dealA = first.hubspot.control.createRecord('deals', { dealname: 'The Okafor home', pipeline: 'default', dealstage: 'presentationscheduled', amount: '31000' });
    project = await first.client.projects.create({ name: 'The Okafor home', external_provider_id: dealA, location: { property_address: ORDINARY_ADDRESS } });
    await first.store.updateDeal(dealA, { aurora_project_id: project.id });
    const { control } = aurora;
    const step = async (act: () => unknown) => {
      const before = aurora.state.deliveries.length;
      await act();
      await control.webhooksIdle();
      recorded.push(...aurora.state.deliveries.slice(before));
    };
    const request = await first.client.designRequests.create({ project_id: project.id });
    await step(() => control.completeDesignRequest(request.id));
    const optionA = control.createDesign({ projectId: project.id, name: 'Option A', sizeKw: 6.2 });
    await step(() => undefined);
    const optionB = control.createDesign({ projectId: project.id, name: 'Option B', sizeKw: 9.4 });
    await step(() => undefined);
    await step(() => control.finishSimulation(optionA.id));
    await step(() => control.finishSimulation(optionB.id));
    await step(() => control.createAsset(optionB.id, 'CAD Screenshot'));
    await step(() => first.client.proposals.regenerateWebProposalUrl(optionB.id));
    await step(() => control.setProjectStatus(project.id, 'Proposal sent'));
    const agreement = control.createAgreement({ projectId: project.id, designId: optionB.id });
    await step(() => undefined);
    await step(() => control.moveAgreement(agreement.id, 'viewed'));
    await step(() => control.moveAgreement(agreement.id, 'signed'));
    await step(() => control.recordMilestone(optionB.id, 'sold'));
    await step(() => control.setProjectStatus(project.id, 'Project Sold'));

    expect(recorded.every((delivery) => delivery.outcome === 'delivered' && delivery.attempts === 1)).toBe(true);
    ordered = portalState(first.hubspot, dealA);
    expect(ordered.deal).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed', aurora_design_name: 'Option B', aurora_project_status: 'Project Sold' });
    expect(ordered.notes).toHaveLength(1);
    expect(first.hubspot.server.unhandled).toEqual([]);
  } finally {
    await first.close();
  }

  // ---- The same events, duplicated and shuffled, to a second portal whose deal links the same project.
  const second = await startStack({ sharedAurora: aurora, hostPort: port });
  try {
    const dealB = second.hubspot.control.createRecord('deals', { dealname: 'The Okafor home', pipeline: 'default', dealstage: 'presentationscheduled', amount: '31000' });
    await second.store.updateDeal(dealB, { aurora_project_id: project.id });
    const random = seeded(20_260_301);
    const picks = [...recorded, ...recorded];
    while (picks.length < DELIVERIES) picks.push(recorded[Math.floor(random() * recorded.length)]!);
    // A delivery the receiver puts off (503: out of time on a loaded machine) comes again, as Aurora's redelivery does (scaled).
    const dispatcher = new WebhookDispatcher({ reorderWindowMs: 400, retryDelaysMs: [1_000, 3_000, 10_000], random });
    for (const delivery of picks) {
      dispatcher.send({ subscriptionId: delivery.subscriptionId, event: delivery.event, url: delivery.url, headers: { 'X-Aurora-Webhook-Token': WEBHOOK_TOKEN } });
    }
    await dispatcher.idle();
    dispatcher.close();

    expect(dispatcher.deliveries).toHaveLength(DELIVERIES);
    expect(dispatcher.deliveries.filter((delivery) => delivery.outcome !== 'delivered')).toEqual([]);
    expect(portalState(second.hubspot, dealB)).toEqual(ordered);
    expect(second.hubspot.server.unhandled).toEqual([]);
    expect(aurora.server.unhandled).toEqual([]);
  } finally {
    await second.close();
  }
  expect(logs.filter((line) => line.includes(WEBHOOK_TOKEN))).toEqual([]);
  // 100 deliveries through two simulated portals, each reading the app's settings first: more than jest's 30 s on a shared 2-core machine.
}, 90_000);

// The open Deal card stays current: deal property updates (webhooks) reload it, a submitted design request and a create
// under way in another tab are polled,
// the card's own writes do not reload it twice, and "3 minutes ago" moves on by itself.
import { LoadingButton, StatusTag } from '@hubspot/ui-extensions';
import { LIVE_PROPERTIES } from '../../src/app/cards/hooks/useLiveUpdates';
import { FIELD_MAP } from '../../src/core/mapping/fieldMap';
import { renderCard } from './render';
import { design, fakeDeal, linked, minutesAgo, NOW, overview, project, textOf } from './support';

const TIMING = { debounceMs: 60, pollMs: 30, creatingPollMs: 30, clockMs: 20 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds; for conditions that change nothing on screen (waitFor re-checks on screen changes). */
async function eventually(check: () => boolean, timeoutMs = 1000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Not true within ${timeoutMs} ms: ${check.toString()}`);
    await sleep(5);
  }
}
const SUBMITTED = { id: 'dr-1', status: 'submitted', rejectionReason: null, designId: null };

/** A fake deal that counts how often the card read its overview. */
function countedDeal(...args: Parameters<typeof fakeDeal>) {
  const deal = fakeDeal(...args);
  const overviewOf = deal.handlers.aurora_deal_overview!;
  const counter = { loads: 0 };
  deal.handlers.aurora_deal_overview = (params) => {
    counter.loads += 1;
    return overviewOf(params);
  };
  return Object.assign(deal, { counter });
}

function renderLive(deal: ReturnType<typeof countedDeal>, now?: () => Date, before?: Parameters<typeof renderCard>[1]) {
  const card = renderCard(deal, before, { timing: TIMING, ...(now ? { now } : {}) });
  /** What HubSpot does when the deal's watched properties change while the card is open. */
  const propertiesUpdated = (properties: Record<string, string> = { aurora_design_request_status: 'designer_completed' }, error?: { message: string }) => {
    const subscription = card.mocks.actions.onCrmPropertiesUpdate.calls[0];
    if (!subscription) throw new Error('The card did not subscribe to property updates.');
    subscription[1](properties, error);
  };
  return Object.assign(card, { propertiesUpdated });
}

const statusTag = (card: ReturnType<typeof renderLive>, label: string) => card.maybeFind(StatusTag, (tag) => textOf(tag) === label);

describe('Deal card: live updates', () => {
  it('subscribes once to the deal properties the card shows, including every deal field the field map sends to Aurora', async () => {
    const card = renderLive(countedDeal(linked()));
    await card.waitFor(() => card.button('Sync'));
    expect(card.mocks.actions.onCrmPropertiesUpdate.callCount).toBe(1);
    const [watched] = card.mocks.actions.onCrmPropertiesUpdate.calls[0]!;
    expect(watched).toEqual(expect.arrayContaining([
      'aurora_last_synced_at',
      'aurora_sync_status',
      'aurora_agreement_status',
      'aurora_design_request_status',
      'aurora_project_status',
      'aurora_design_id',
      'aurora_attention',
      'dealname',
    ]));
    // hs_object_id is the record id: it never changes.
    const dealFields = FIELD_MAP.rows.flatMap((row) => (row.direction === 'to_aurora' && row.object === 'deal' && row.property !== 'hs_object_id' ? [row.property] : []));
    expect(dealFields.length).toBeGreaterThan(0);
    expect(LIVE_PROPERTIES).toEqual(expect.arrayContaining(dealFields));
  });

  it('shows what a webhook wrote to the deal, reloading once for a burst of updates', async () => {
    const deal = countedDeal(linked({ designs: [design(1, { agreementStatus: 'sent' })] }));
    const card = renderLive(deal);
    await card.waitFor(() => expect(statusTag(card, 'Sent')).not.toBeNull());

    // The customer signed: the webhook updates the deal, which HubSpot reports in several updates.
    deal.state.overview.designs = [design(1, { agreementStatus: 'signed', isSold: true })];
    card.propertiesUpdated({ aurora_agreement_status: 'signed' });
    await sleep(10);
    card.propertiesUpdated({ aurora_last_synced_at: NOW.toISOString() });
    await sleep(10);
    card.propertiesUpdated({ aurora_sync_status: 'ok' });

    await card.waitFor(() => expect(statusTag(card, 'Signed')).not.toBeNull());
    expect(card.screen()).toContain('Sold');
    await sleep(TIMING.debounceMs * 2);
    expect(deal.counter.loads).toBe(2);
    expect(card.host.unhandled).toEqual([]);
  });

  it("does not reload for the card's own write: not during it, nor when HubSpot repeats what it reported then", async () => {
    const deal = countedDeal(linked({ designs: [] }), { auroraDesigns: [design(1)] });
    const card = renderLive(deal);
    await card.waitFor(() => card.button('Sync'));
    expect(deal.counter.loads).toBe(1);

    const held = card.host.holdNext('aurora_sync_deal');
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => expect(card.find(LoadingButton, (node) => textOf(node) === 'Sync').props.loading).toBe(true));
    // HubSpot re-reads the record after refreshObjectProperties and reports what the sync wrote, during the write and after.
    card.propertiesUpdated({ aurora_last_synced_at: NOW.toISOString(), aurora_sync_status: 'ok' });
    held.open();
    await card.waitFor(() => expect(card.find(LoadingButton, (node) => textOf(node) === 'Sync').props.loading).toBe(false));
    card.propertiesUpdated({ aurora_last_synced_at: NOW.toISOString(), aurora_sync_status: 'ok' });
    await sleep(TIMING.debounceMs * 2);
    expect(deal.counter.loads).toBe(2); // the first load and the sync's own reload

    // A webhook right after the write is news.
    deal.state.overview.attention = 'The signed contract was cancelled in Aurora.';
    card.propertiesUpdated({ aurora_last_synced_at: NOW.toISOString(), aurora_sync_status: 'ok', aurora_attention: 'The signed contract was cancelled in Aurora.' });
    await card.waitFor(() => card.alert('Needs attention'));
    expect(deal.counter.loads).toBe(3);
  });

  it('takes what HubSpot reports while the card first loads as known, not as news', async () => {
    const deal = countedDeal(linked());
    let firstLoad: { open: () => void } | undefined;
    const card = renderLive(deal, undefined, (host) => {
      firstLoad = host.holdNext('aurora_deal_overview');
    });
    await eventually(() => card.mocks.actions.onCrmPropertiesUpdate.callCount === 1);
    // HubSpot reports the record while the first load is still under way (the load is released only afterwards).
    card.propertiesUpdated({ aurora_sync_status: 'ok', dealname: 'Rivera solar' });
    firstLoad!.open();
    await card.waitFor(() => card.button('Sync'));
    await sleep(TIMING.debounceMs * 2);
    expect(deal.counter.loads).toBe(1);
  });

  it('ignores an update that reports a failed property read', async () => {
    const deal = countedDeal(linked());
    const card = renderLive(deal);
    await card.waitFor(() => card.button('Sync'));
    card.propertiesUpdated({}, { message: 'Could not load properties.' });
    await sleep(TIMING.debounceMs * 2);
    expect(deal.counter.loads).toBe(1);
  });

  it('polls while a design request is submitted, and stops once it is not', async () => {
    const deal = countedDeal(linked({ designRequest: { ...SUBMITTED } }));
    const card = renderLive(deal);
    await card.waitFor(() => card.button('Check status'));
    await eventually(() => deal.counter.loads >= 3);

    // The webhook wrote the deal but HubSpot told the card nothing: the next poll shows it.
    deal.state.overview.designRequest = { ...SUBMITTED, status: 'designer_completed' };
    await card.waitFor(() => card.button('Accept design'));
    const loadsWhenDone = deal.counter.loads;
    await sleep(TIMING.pollMs * 4);
    expect(deal.counter.loads).toBe(loadsWhenDone);
  });

  it('shows a create under way in another tab, without a Create button, and polls until the project is linked', async () => {
    const deal = countedDeal(overview({ link: { state: 'creating', since: minutesAgo(2) } }));
    const card = renderLive(deal);
    await card.waitFor(() => card.alert('Creating the Aurora project…'));
    expect(card.screen()).toContain('started creating the Aurora project 2 minutes ago');
    expect(card.maybeButton('Create in Aurora')).toBeNull();
    expect(card.buttonLabels()).toEqual([]);
    await eventually(() => deal.counter.loads >= 3);
    expect(card.maybeButton('Create in Aurora')).toBeNull();

    // The other tab's create linked the deal: the next poll shows the project, and polling stops.
    deal.state.overview.link = { state: 'linked', project: project({ name: 'Created in the other tab' }) };
    await card.waitFor(() => expect(card.screen()).toContain('Created in the other tab'));
    const loadsWhenLinked = deal.counter.loads;
    await sleep(TIMING.creatingPollMs * 4);
    expect(deal.counter.loads).toBe(loadsWhenLinked);
    expect(card.host.unhandled).toEqual([]);
  });

  it('shows the Create button again when the create died (the overview no longer says creating)', async () => {
    const deal = countedDeal(overview({ link: { state: 'creating', since: minutesAgo(0) } }));
    const card = renderLive(deal);
    await card.waitFor(() => expect(card.screen()).toContain('started creating the Aurora project just now'));
    deal.state.overview.link = overview().link;
    await card.waitFor(() => card.button('Create in Aurora'));
    const loadsWhenShown = deal.counter.loads;
    await sleep(TIMING.creatingPollMs * 4);
    expect(deal.counter.loads).toBe(loadsWhenShown);
  });

  it('does not poll without a submitted design request', async () => {
    const deal = countedDeal(linked({ designRequest: { ...SUBMITTED, status: 'accepted' } }));
    const card = renderLive(deal);
    await card.waitFor(() => card.button('Request another design'));
    await sleep(TIMING.pollMs * 4);
    expect(deal.counter.loads).toBe(1);
  });

  it('keeps "3 minutes ago" current without reloading', async () => {
    let now = NOW;
    const deal = countedDeal(linked({ sync: { status: 'ok', lastSyncedAt: minutesAgo(3), lastError: null, pending: [] } }));
    const card = renderLive(deal, () => now);
    await card.waitFor(() => expect(card.screen()).toContain('3 minutes ago'));
    now = new Date(NOW.getTime() + 60_000);
    await card.waitFor(() => expect(card.screen()).toContain('4 minutes ago'));
    expect(deal.counter.loads).toBe(1);
  });
});

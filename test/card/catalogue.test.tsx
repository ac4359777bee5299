// A catalogue of the card's states, each rendered through HubSpot's test renderer from the facts given (an overview,
// a function's answer), checking that what the rep reads says those facts and nothing they contradict.
import { LoadingSpinner } from '@hubspot/ui-extensions';
import { cancellationWords } from '../../src/core/postSale/contracts';
import type { ErrorCode, UserError } from '../../src/core/contract';
import { renderCard } from './render';
import { design, fakeDeal, functionHost, linked, minutesAgo, NOW, overview, project, textOf, userError } from './support';

type Card = ReturnType<typeof renderCard>;

/** Words that never reach a rep: API field names, HTTP codes, internal ids, the busy-Aurora phrases the issue forbids. */
const NEVER = [/\bHTTP\b/, /\b(?:status|answered|code)\s*[45]\d\d\b|\([45]\d\d\)/, /location\.property_address/, /\baurora_[a-z_]+\b/, /in the time available/, /[0-9a-f]{8}-[0-9a-f]{4}-/];

function expectPlainWords(card: Card) {
  const screen = card.screen();
  for (const pattern of NEVER) expect({ pattern: String(pattern), found: pattern.test(screen) }).toEqual({ pattern: String(pattern), found: false });
}

describe('card state catalogue', () => {
  it('loading: a spinner that says what loads, no buttons', async () => {
    let held: ReturnType<ReturnType<typeof functionHost>['holdNext']> | undefined;
    const card = renderCard(fakeDeal(overview()), (host) => (held = host.holdNext('aurora_deal_overview')));
    await card.waitFor(() => expect(card.find(LoadingSpinner).props.label).toBe('Loading Aurora project'));
    expect(card.buttonLabels()).toEqual([]);
    held!.open();
    await card.waitFor(() => card.button('Create in Aurora'));
  });

  // Every error kind a card call can end in: its words, its action, and "Try again" exactly when retrying can help.
  const KINDS: [ErrorCode, UserError][] = [
    ['invalid_input', userError('invalid_input', 'The card sent an invalid request.', 'Reload the page and try again.', false)],
    ['not_linked', userError('not_linked', 'This deal is not linked to an Aurora project yet.', 'Press Create in Aurora first.', false)],
    ['in_progress', userError('in_progress', 'Another sync of this deal is running.', 'Wait a moment, then look again.', true)],
    ['aurora_auth', userError('aurora_auth', 'Aurora did not accept the API key.', 'Ask your HubSpot admin to check the AURORA_API_KEY secret.', false)],
    ['aurora_permission', userError('aurora_permission', 'The Aurora API key is not allowed to read pricing.', 'Ask your Aurora admin to grant it, or leave it off: the rest still syncs.', false)],
    ['aurora_validation', userError('aurora_validation', 'Aurora refused the project: The site address could not be found on the map.', 'Correct the values in HubSpot and try again.', false)],
    ['aurora_unavailable', userError('aurora_unavailable', 'Aurora had a problem on its side and did not finish.', 'Try again in a few minutes.', true)],
    ['hubspot_auth', userError('hubspot_auth', "HubSpot did not accept the app's access token.", 'Ask your HubSpot admin to reinstall the app.', false)],
    ['hubspot_permission', userError('hubspot_permission', 'The app may not write deals.', 'Ask your HubSpot admin to check the app scopes.', false)],
    ['hubspot_not_found', userError('hubspot_not_found', 'HubSpot could not find this deal.', 'Reload the page.', false)],
    ['hubspot_validation', userError('hubspot_validation', 'HubSpot refused a value.', 'Ask your HubSpot admin to run Set up HubSpot.', false)],
    ['hubspot_rate_limited', userError('hubspot_rate_limited', 'HubSpot is busy.', 'Try again in a few seconds.', true)],
    ['hubspot_unavailable', userError('hubspot_unavailable', 'HubSpot did not answer.', 'Try again in a minute.', true)],
    ['deadline', userError('deadline', 'Aurora was too slow to answer, so the app stopped waiting.', 'Try again in a few minutes; anything already saved is kept.', true)],
    ['internal', userError('internal', 'Something unexpected went wrong in the Aurora app.', 'Try again.', true)],
  ];

  it.each(KINDS)('error %s on Sync: the message, what to do, and Try again only when retrying can help', async (_code, error) => {
    const card = renderCard(fakeDeal(linked()));
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext('aurora_sync_deal', error);
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.alert('Sync failed'));
    expect(textOf(card.alert('Sync failed'))).toContain(`${error.message}${error.action}`);
    expect(card.maybeButton('Try again') !== null).toBe(error.retryable);
    expect(card.loadingButton('Sync').props.resultIconName).toBe('xCircle');
    expectPlainWords(card);
  });

  it('busy (Aurora rate limit): "Aurora is busy" and the clock time to try again', async () => {
    const busy: UserError = { ...userError('aurora_rate_limited', 'Aurora is busy: this app has used all the requests Aurora allows it for the moment.', 'Try again in 1 minute.'), retryAt: new Date(NOW.getTime() + 40_000).toISOString() };
    const card = renderCard(fakeDeal(linked()));
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext('aurora_sync_deal', busy);
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.alert('Sync failed'));
    expect(textOf(card.alert('Sync failed'))).toContain('Aurora is busy');
    expect(textOf(card.alert('Sync failed'))).toContain('Try again at 12:01.');
    expect(card.screen()).not.toMatch(/API key|admin/);
    expectPlainWords(card);
  });

  it('partial: what was synced, how much is left, why and when to finish, once', async () => {
    const deal = fakeDeal(linked({ designs: [design(1), design(2), design(3)] }), {
      skipped: ['1 design not complete (Aurora was busy; press Sync again to finish)'],
      partial: { designs: 3, designsLeft: 1, busyUntil: new Date(NOW.getTime() + 60_000).toISOString(), keyLacks: [] },
    });
    const card = renderCard(deal);
    await card.press('Sync');
    await card.waitFor(() => card.alert('Sync not finished: Aurora is busy'));
    expect(textOf(card.alert('Sync not finished: Aurora is busy'))).toBe('Synced 2 of 3 designs completely; the other 1 is not finished.Sync again at 12:01 to finish.');
    expect(card.loadingButton('Sync').props.resultIconName).toBe('warning');
    expectPlainWords(card);
  });

  it('rejected design request: the reason, the red tag, no "requested" success', async () => {
    const card = renderCard(fakeDeal(linked({ designRequest: { id: 'dr-1', status: 'designer_rejected', rejectionReason: 'The roof is hidden by trees in the imagery.', designId: null } })));
    await card.waitFor(() => card.button('Request again'));
    expect(card.screen()).toContain("Aurora's designers rejected the request: The roof is hidden by trees in the imagery.");
    expect(card.screen()).not.toMatch(/Requested a roof model/);
    expectPlainWords(card);
  });

  it('linked: "Refresh everything" beside Sync asks for a whole read; its spinner and outcome are its own', async () => {
    const deal = fakeDeal(linked());
    const asked: unknown[] = [];
    const answer = deal.handlers.aurora_sync_deal!;
    deal.handlers.aurora_sync_deal = (params) => {
      asked.push(params);
      return answer(params);
    };
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Refresh everything'));
    expect(card.loadingButton('Refresh everything').props.variant).toBe('secondary');
    expect(card.loadingButton('Sync').props.variant).toBe('primary');

    const held = card.host.holdNext('aurora_sync_deal');
    card.button('Refresh everything').trigger('onClick');
    await card.waitFor(() => expect(card.loadingButton('Refresh everything').props.loading).toBe(true));
    expect(card.loadingButton('Sync').props).toMatchObject({ loading: false, disabled: true });
    held.open();
    await card.waitFor(() => expect(card.loadingButton('Refresh everything').props.loading).toBe(false));
    expect(card.loadingButton('Refresh everything').props.resultIconName).toBe('success');
    expect(card.loadingButton('Sync').props.resultIconName).toBeUndefined();

    card.button('Sync').trigger('onClick');
    await card.waitFor(() => expect(asked).toHaveLength(2));
    expect(asked).toEqual([{ dealId: '1001', refresh: true }, { dealId: '1001' }]);
    expectPlainWords(card);
  });

  it('stale: the last sync time as the deal records it, and the sync status as the deal records it', async () => {
    const card = renderCard(fakeDeal(linked({ sync: { status: 'ok', lastSyncedAt: minutesAgo(60 * 24 * 12), lastError: null, pending: [] } })));
    await card.waitFor(() => card.button('Sync'));
    expect(card.screen()).toContain('12 days ago');
    expect(card.screen()).toContain('Synced');
    expectPlainWords(card);
  });

  it('last sync failed elsewhere (webhook, another rep): says so from the deal, with the way out', async () => {
    const card = renderCard(fakeDeal(linked({ sync: { status: 'error', lastSyncedAt: minutesAgo(30), lastError: 'Aurora had a problem on its side and did not finish.', pending: [] } })));
    await card.waitFor(() => card.alert('The last sync failed'));
    expect(textOf(card.alert('The last sync failed'))).toContain('Aurora had a problem on its side and did not finish.');
    expect(card.screen()).toContain('Sync failed');
    expectPlainWords(card);
  });

  it('signed: the sold design with its signed agreement, and that it feeds the deal', async () => {
    const sold = design(2, { name: 'South roof', isSold: true, isPrimary: true, agreementStatus: 'signed', milestone: 'sold' });
    const card = renderCard(fakeDeal(linked({ designs: [design(1), sold], dealDesign: { id: sold.id, name: 'South roof', reason: 'sold' } })));
    await card.waitFor(() => card.button('Sync'));
    expect(card.screen()).toContain('South roofSold');
    expect(card.screen()).toContain('Signed');
    expect(card.screen()).toContain("The deal's figures come from South roof, the sold design.");
    expect(card.maybeButton('Make primary')).toBeNull();
    expectPlainWords(card);
  });

  it('cancelled after signing: a red "Needs attention" with what happened and what to do; the signature stays shown', async () => {
    const words = cancellationWords({ id: 'a1', status: 'canceled' });
    const sold = design(2, { name: 'South roof', isSold: true, agreementStatus: 'signed' });
    const card = renderCard(fakeDeal(linked({ designs: [sold], dealDesign: { id: sold.id, name: 'South roof', reason: 'sold' }, attention: words })));
    await card.waitFor(() => card.alert('Needs attention'));
    expect(card.alert('Needs attention').props.variant).toBe('danger');
    expect(textOf(card.alert('Needs attention'))).toBe(words);
    expect(card.screen()).toContain('Signed');
    expectPlainWords(card);
  });

  it('project deleted in Aurora: says so and offers Unlink, nothing else', async () => {
    const card = renderCard(fakeDeal(linked()), (host) =>
      host.failNext('aurora_deal_overview', userError('aurora_not_found', "This deal's Aurora project no longer exists in Aurora.", 'Unlink the deal to create a new Aurora project for it.', false)),
    );
    await card.waitFor(() => card.alert('This project no longer exists in Aurora'));
    expect(card.buttonLabels()).toEqual(['Unlink from Aurora']);
    expectPlainWords(card);
  });

  it('a create in flight elsewhere: creating, no Create button; an ended one: the Create button and what it will do', async () => {
    const creating = renderCard(fakeDeal(overview({ link: { state: 'creating', since: minutesAgo(0) } })));
    await creating.waitFor(() => creating.alert('Creating the Aurora project…'));
    expect(creating.buttonLabels()).toEqual([]);

    const ended = overview();
    if (ended.link.state !== 'not_linked') throw new Error('fixture');
    const card = renderCard(fakeDeal({ ...ended, link: { ...ended.link, unfinishedSince: minutesAgo(5) } }));
    await card.waitFor(() => card.alert('An earlier Create in Aurora did not finish'));
    expect(textOf(card.alert('An earlier Create in Aurora did not finish'))).toContain('It stopped 5 minutes ago.');
    expect(card.buttonLabels()).toEqual(['Create in Aurora']);
    expectPlainWords(card);
  });

  it('linked, all current: project, owner, status and the link to Aurora', async () => {
    const card = renderCard(fakeDeal(linked({ designs: [design(1)], dealDesign: { id: 'design-1', name: 'Option 1', reason: 'newest' } })));
    await card.waitFor(() => card.button('Sync'));
    expect(card.screen()).toContain(project().name!);
    expect(card.screen()).toContain('3 minutes ago');
    expect(card.screen()).toContain("The deal's figures come from Option 1, the newest design");
    expectPlainWords(card);
  });
});

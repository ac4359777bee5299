// The Deal card before it is linked: loading, not set up, not linked (with and without missing fields), creating the project.
import { Alert, DescriptionListItem, LoadingButton, LoadingSpinner, Link, StatusTag } from '@hubspot/ui-extensions';
import { renderCard, SETTINGS_URL } from './render';
import { fakeDeal, functionHost, overview, project, textOf, userError } from './support';

const MISSING = [
  { object: 'contact' as const, property: 'address', label: 'Street address', message: 'Aurora needs the site address.' },
  { object: 'deal' as const, property: 'dealname', label: 'Deal name', message: 'Give the deal a name.' },
];

describe('Deal card: loading and setup', () => {
  it('shows a spinner while loading, then the deal', async () => {
    let held: ReturnType<ReturnType<typeof functionHost>['holdNext']> | undefined;
    const card = renderCard(fakeDeal(overview()), (host) => (held = host.holdNext('aurora_deal_overview')));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(card.find(LoadingSpinner).props.label).toBe('Loading Aurora project');
    held!.open();
    await card.waitFor(() => expect(card.screen()).toContain('This deal is not linked to an Aurora project yet.'));
    expect(card.host.unhandled).toEqual([]);
  });

  it('when the installer has not run, says what an admin must do, links to the settings, and offers no buttons', async () => {
    const card = renderCard(
      fakeDeal(overview({ setup: { ready: false, problems: ['The Aurora Design object does not exist yet: run Set up HubSpot.'] } })),
    );
    await card.waitFor(() => card.alert('Aurora Solar is not set up yet'));
    expect(card.screen()).toContain('The Aurora Design object does not exist yet: run Set up HubSpot.');
    expect(card.screen()).toContain('Marketplace → Connected apps → Aurora Solar → Settings');
    expect(card.find(Link).props.href).toEqual({ url: SETTINGS_URL, external: true });
    expect(textOf(card.find(Link))).toBe('Open Connected apps to set up Aurora Solar');
    expect(card.buttonLabels()).toEqual([]);
  });

  it('when secrets are missing (the overview itself fails with not_configured), shows the same setup message', async () => {
    const card = renderCardFailingFirst('not_configured');
    await card.waitFor(() => card.alert('Aurora Solar is not set up yet'));
    expect(card.screen()).toContain('AURORA_API_KEY is missing.');
    expect(card.find(Link).props.href).toEqual({ url: SETTINGS_URL, external: true });
    expect(card.buttonLabels()).toEqual([]);
  });

  it('when the overview cannot be loaded, says why and retries on request', async () => {
    const failing = renderCardFailingFirst('hubspot_unavailable');
    await failing.waitFor(() => failing.alert('Could not load the Aurora project'));
    expect(failing.screen()).toContain('HubSpot did not answer.');
    expect(failing.screen()).toContain('Try again in a minute.');
    failing.button('Try again').trigger('onClick');
    await failing.waitFor(() => expect(failing.screen()).toContain('This deal is not linked'));
    expect(failing.maybeAlert('Could not load the Aurora project')).toBeNull();
  });
});

/** A card whose very first overview call fails with `code`. */
function renderCardFailingFirst(code: 'not_configured' | 'hubspot_unavailable') {
  const error =
    code === 'not_configured'
      ? userError('not_configured', 'The app is not set up: AURORA_API_KEY is missing.', 'Ask your admin.', false)
      : userError('hubspot_unavailable', 'HubSpot did not answer.');
  return renderCard(fakeDeal(overview()), (host) => host.failNext('aurora_deal_overview', error));
}

describe('Deal card: not linked', () => {
  it('shows what Create in Aurora will send, with the primary button', async () => {
    const card = renderCard(fakeDeal(overview()));
    await card.waitFor(() => card.button('Create in Aurora'));
    const items = card.findAll(DescriptionListItem).map((item) => [item.props.label, textOf(item)]);
    expect(items).toEqual([
      ['Customer', 'Ana Rivera (ana@example.com)'],
      ['Address', '901 Mears Ct, Stanford, CA 94305'],
    ]);
    expect(card.button('Create in Aurora').props.variant).toBe('primary');
  });

  it('lists missing fields by their HubSpot labels instead of offering the button, and checks again on request', async () => {
    const deal = fakeDeal(overview({ link: { state: 'not_linked', preflight: { ready: false, missing: MISSING, willSend: [] } } }));
    const card = renderCard(deal);
    await card.waitFor(() => card.alert('Fill in these fields before creating the Aurora project'));
    expect(card.screen()).toContain('Street address (primary contact): Aurora needs the site address.');
    expect(card.screen()).toContain('Deal name (deal): Give the deal a name.');
    expect(card.maybeButton('Create in Aurora')).toBeNull();

    // The rep fills the fields in HubSpot, then checks again.
    deal.state.overview.link = overview().link;
    card.button('Check again').trigger('onClick');
    await card.waitFor(() => card.button('Create in Aurora'));
    expect(card.maybeAlert('Fill in these fields before creating the Aurora project')).toBeNull();
  });

  it('creates the project: loading, then the project link and status without a page reload, and refreshes the record', async () => {
    const card = renderCard(fakeDeal(overview()));
    await card.waitFor(() => card.button('Create in Aurora'));
    const held = card.host.holdNext('aurora_create_project');
    card.button('Create in Aurora').trigger('onClick');
    await card.waitFor(() => expect(card.find(LoadingButton, { variant: 'primary' }).props.loading).toBe(true));
    held.open();

    await card.waitFor(() => expect(textOf(card.find(Link))).toBe('Open in Aurora'));
    expect(card.find(Link).props.href).toEqual({
      url: 'https://v2-sandbox.aurorasolar.com/projects/a09d77f4-c98c-4681-b172-07ba6cae39b3',
      external: true,
    });
    expect(textOf(card.find(StatusTag))).toBe('New');
    expect(card.screen()).toContain('Rivera residence');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.reloadPage.called).toBe(false);
    expect(card.mocks.actions.addAlert.calls).toEqual([
      [{ type: 'success', title: 'Aurora project ready', message: 'Created the Aurora project for this deal.' }],
    ]);
    expect(card.host.unhandled).toEqual([]);
  });

  it('shows the missing fields when the pre-flight at create time finds some', async () => {
    const deal = fakeDeal(overview());
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Create in Aurora'));
    // Someone cleared the address after the card loaded; the function's own pre-flight catches it.
    deal.state.overview.link = { state: 'not_linked', preflight: { ready: false, missing: MISSING.slice(0, 1), willSend: [] } };
    card.button('Create in Aurora').trigger('onClick');
    await card.waitFor(() => card.alert('Fill in these fields before creating the Aurora project'));
    expect(card.screen()).toContain('Street address (primary contact)');
    expect(card.maybeButton('Create in Aurora')).toBeNull();
  });

  it('says so when someone else is already creating the project', async () => {
    const deal = fakeDeal(overview());
    deal.handlers.aurora_create_project = () => ({ ok: true, outcome: 'in_progress' });
    const card = renderCard(deal);
    await card.press('Create in Aurora');
    await card.waitFor(() => card.alert('The Aurora project is already being created'));
    expect(card.maybeButton('Create in Aurora')).toBeNull();

    // The other create finishes; Check again shows the linked project.
    deal.state.overview.link = { state: 'linked', project: project({ name: 'Created elsewhere' }) };
    card.button('Check again').trigger('onClick');
    await card.waitFor(() => expect(card.screen()).toContain('Created elsewhere'));
  });

  it('shows a failed create in plain words with Try again, still refreshes the record, and succeeds on retry', async () => {
    const card = renderCard(fakeDeal(overview()));
    await card.waitFor(() => card.button('Create in Aurora'));
    card.host.failNext('aurora_create_project', userError('aurora_unavailable', 'Aurora is not answering right now.', 'Try again in a minute.'));
    card.button('Create in Aurora').trigger('onClick');

    await card.waitFor(() => card.alert('Could not create the Aurora project'));
    const alert = card.alert('Could not create the Aurora project');
    expect(alert.props.variant).toBe('danger');
    expect(textOf(alert)).toContain('Aurora is not answering right now.');
    expect(textOf(alert)).toContain('Try again in a minute.');
    expect(textOf(alert)).not.toMatch(/Error:|at .*\.ts|stack/);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);

    card.button('Try again').trigger('onClick');
    await card.waitFor(() => expect(textOf(card.find(Link))).toBe('Open in Aurora'));
    expect(card.maybeFind(Alert, { title: 'Could not create the Aurora project' })).toBeNull();
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(2);
  });

  it('offers no Try again when retrying cannot help', async () => {
    const card = renderCard(fakeDeal(overview()));
    await card.waitFor(() => card.button('Create in Aurora'));
    card.host.failNext(
      'aurora_create_project',
      userError('aurora_permission', 'The Aurora API key may not create projects.', 'Ask your HubSpot admin to check the key in the app settings.', false),
    );
    card.button('Create in Aurora').trigger('onClick');
    await card.waitFor(() => card.alert('Could not create the Aurora project'));
    expect(card.screen()).toContain('Ask your HubSpot admin to check the key in the app settings.');
    expect(card.maybeButton('Try again')).toBeNull();
  });
});

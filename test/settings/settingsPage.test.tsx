// The admin settings page rendered with HubSpot's testing renderer against a stateful stand-in for the app functions.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Button, DescriptionListItem, EmptyState, LoadingButton, LoadingSpinner, StatusTag, Table, TableBody, TableCell, TableRow } from '@hubspot/ui-extensions';
import { SettingsPage } from '../../src/app/settings/components/SettingsPage';
import type { ConnectionReport, FieldMapRow, InstallStep, SetupState, SyncProblem, WebhookRegistration } from '../../src/core/contract';
import { DEFAULT_SETTINGS } from '../../src/core/settings/model';
import { buttonPlacements, functionHost, minutesAgo, NOW, paginatedTable, stretchedButtons, summary, textOf, userError, type Handlers } from '../card/support';

const WEBHOOK_URL = 'https://123.hs-sites.com/hs/serverless/aurora-webhook';

const FEATURES: ConnectionReport['features'] = [
  { feature: 'projects', status: 'available', message: 'Read and create projects.' },
  { feature: 'design_requests', status: 'available', message: 'Create and accept design requests.' },
  { feature: 'pricing', status: 'available', message: 'Read design pricing.' },
  { feature: 'financings', status: 'available', message: 'Read financings.' },
  { feature: 'agreements', status: 'available', message: 'Read agreements.' },
  { feature: 'assets', status: 'available', message: 'Read design screenshots.' },
];

const HUBSPOT_CHECKS: ConnectionReport['hubspot'] = [
  { check: 'Custom objects (Enterprise)', ok: true, message: 'Available.' },
  { check: 'Private app scopes', ok: true, message: 'All required scopes granted.' },
];

const report = (features = FEATURES): ConnectionReport => ({
  aurora: { environment: 'sandbox', tenantId: 't-123', ok: true, message: 'The key works.' },
  features,
  hubspot: HUBSPOT_CHECKS,
});

const fieldMap = (count: number): FieldMapRow[] =>
  Array.from({ length: count }, (_, i) => ({
    direction: i % 2 === 0 ? 'to_hubspot' : 'to_aurora',
    hubspot: `aurora_field_${i + 1}`,
    hubspotLabel: `Field ${i + 1}`,
    aurora: `design.summary.field_${i + 1}`,
    conversion: i % 2 === 0 ? 'number, 2 decimals' : 'text',
  }));

const installSteps = (outcome: InstallStep['outcome'], count: number): InstallStep[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'property', name: `aurora_property_${i + 1}`, outcome, message: `${outcome}.` }));

/** The settings functions with state: the installer makes setup ready, a retried sync clears the deal's problem. */
function fakeSettings(options: { problems?: SyncProblem[]; fieldMapRows?: number } = {}) {
  const state = {
    setup: { ready: false, problems: ['The Aurora Design object does not exist yet.'] } as SetupState,
    problems: options.problems ?? [
      { dealId: '1001', dealName: 'Rivera solar', at: minutesAgo(5), message: 'Aurora did not answer in time.' },
      { dealId: '1002', dealName: null, at: minutesAgo(120), message: 'The deal has no primary contact.' },
    ],
    installRuns: 0,
  };
  const handlers: Handlers = {
    aurora_settings_overview: () => ({
      ok: true,
      environment: 'sandbox',
      tenantId: 't-123',
      webhookUrl: WEBHOOK_URL,
      setup: structuredClone(state.setup),
      fieldMap: fieldMap(options.fieldMapRows ?? 4),
      problems: structuredClone(state.problems),
    }),
    aurora_test_connection: () => ({ ok: true, report: report() }),
    aurora_install: () => {
      state.installRuns += 1;
      state.setup = { ready: true, problems: [] };
      const outcome = state.installRuns === 1 ? 'created' : 'unchanged';
      return { ok: true, report: { ready: true, writes: outcome === 'created' ? 12 : 0, steps: installSteps(outcome, 12) } };
    },
    aurora_register_webhooks: () => ({ ok: true, endpointUrl: WEBHOOK_URL, registrations: registrations() }),
    // The app settings section (its own tests run it on the real functions: test/settings/appSettings.test.tsx).
    aurora_get_settings: () => ({
      ok: true,
      state: { settings: DEFAULT_SETTINGS, source: 'defaults', savedAt: null, savedBy: null, problem: null, portalProblems: [], log: [] },
      choices: { pipelines: [], properties: { deal: [], contact: [], aurora_design: [] }, facts: [], toAuroraFields: [], owners: [], auroraUsers: [], peopleNote: null },
    }),
    aurora_sync_deal: ({ dealId }) => {
      state.problems = state.problems.filter((problem) => problem.dealId !== dealId);
      return { ok: true, sync: summary({ designs: 2 }) };
    },
  };
  return { state, handlers };
}

const registrations = (failed = false): WebhookRegistration[] => [
  { event: 'design_request_completed', outcome: 'created', message: 'Subscribed.' },
  { event: 'agreement_status_changed', outcome: failed ? 'failed' : 'unchanged', message: failed ? 'Aurora refused the URL template.' : 'Already subscribed.' },
];

function renderSettings(fake: ReturnType<typeof fakeSettings>, before?: (host: ReturnType<typeof functionHost>) => void) {
  const renderer = createRenderer('settings');
  const host = functionHost(fake.handlers);
  before?.(host);
  renderer.render(<SettingsPage call={host.call} actions={renderer.mocks.actions} now={() => NOW} />);
  const { find, maybeFind, findByTestId, getRootNode } = renderer;
  const button = (label: string) => maybeFind(LoadingButton, (node) => textOf(node) === label) ?? find(Button, (node) => textOf(node) === label);
  return {
    ...renderer,
    host,
    screen: () => textOf(getRootNode()),
    button,
    /** Waits for the button to be shown, then presses it. */
    press: async (label: string) => {
      await renderer.waitFor(() => button(label));
      button(label).trigger('onClick');
    },
    alert: (title: string) => find(Alert, { title }),
    maybeAlert: (title: string) => maybeFind(Alert, { title }),
    /** A table's body rows as the text of each cell. */
    rows: (testId: string) =>
      findByTestId(Table, testId)
        .find(TableBody)
        .findAll(TableRow)
        .map((row) => row.findAll(TableCell).map((cell) => textOf(cell))),
  };
}

describe('Settings page: what it shows', () => {
  it('shows the environment and tenant id (never the key), the webhook URL, the setup state, the field map and sync problems', async () => {
    const page = renderSettings(fakeSettings());
    expect(page.find(LoadingSpinner).props.label).toBe('Loading Aurora Solar settings');
    await page.waitFor(() => page.button('Test connection'));

    const items = Object.fromEntries(page.findAll(DescriptionListItem).map((item) => [item.props.label, textOf(item)]));
    expect(items).toEqual({ 'Aurora environment': 'Sandbox', 'Tenant id': 't-123', 'Endpoint URL': WEBHOOK_URL });
    expect(page.screen()).not.toMatch(/sk_|rk_|Bearer/);
    expect(page.find(StatusTag, (tag) => textOf(tag) === 'Not ready').props.variant).toBe('warning');
    expect(page.screen()).toContain('• The Aurora Design object does not exist yet.');

    expect(page.rows('field-map')[0]).toEqual(['Aurora → HubSpot', 'Field 1aurora_field_1', 'design.summary.field_1', 'number, 2 decimals']);
    expect(page.rows('field-map')[1]).toEqual(['HubSpot → Aurora', 'Field 2aurora_field_2', 'design.summary.field_2', 'text']);
    expect(page.rows('sync-problems')).toEqual([
      ['Rivera solarDeal id 1001', '5 minutes ago', 'Aurora did not answer in time.', 'Sync again'],
      ['Deal 1002Deal id 1002', '2 hours ago', 'The deal has no primary contact.', 'Sync again'],
    ]);
    expect(page.host.unhandled).toEqual([]);
  });

  it('pages a long field map', async () => {
    const page = renderSettings(fakeSettings({ fieldMapRows: 23 }));
    await page.waitFor(() => page.findByTestId(Table, 'field-map'));
    const table = paginatedTable(page.findByTestId(Table, 'field-map'));
    expect(table.props).toMatchObject({ paginated: true, pageCount: 3, page: 1 });
    expect(page.rows('field-map')).toHaveLength(10);
    // trigger() types its argument as the handler itself; at run time it is the handler's argument (the page).
    table.trigger('onPageChange', 3 as never);
    await page.waitFor(() => expect(page.rows('field-map')).toHaveLength(3));
    expect(page.rows('field-map')[2]![1]).toBe('Field 23aurora_field_23');
  });

  it('says so when there are no sync problems', async () => {
    const page = renderSettings(fakeSettings({ problems: [] }));
    await page.waitFor(() => page.find(EmptyState));
    expect(page.find(EmptyState).props.title).toBe('No sync problems');
  });

  it('when the overview fails, says why and still offers Test connection and Set up HubSpot', async () => {
    const page = renderSettings(fakeSettings(), (host) =>
      host.failNext('aurora_settings_overview', userError('hubspot_auth', 'HubSpot rejected the app token.', 'Reinstall the app.', false)),
    );
    await page.waitFor(() => page.alert('Could not load the Aurora Solar settings'));
    expect(textOf(page.alert('Could not load the Aurora Solar settings'))).toBe('HubSpot rejected the app token.Reinstall the app.');
    expect(page.button('Test connection')).toBeTruthy();
    expect(page.button('Set up HubSpot')).toBeTruthy();
  });
});

describe('Settings page: Test connection', () => {
  it('reports all features available and the HubSpot checks', async () => {
    const page = renderSettings(fakeSettings());
    await page.waitFor(() => page.button('Test connection'));
    const held = page.host.holdNext('aurora_test_connection');
    page.button('Test connection').trigger('onClick');
    await page.waitFor(() => expect(page.find(LoadingButton, (node) => textOf(node) === 'Test connection').props.loading).toBe(true));
    held.open();

    await page.waitFor(() => page.alert('Connected to Aurora'));
    expect(page.alert('Connected to Aurora').props.variant).toBe('success');
    expect(textOf(page.alert('Connected to Aurora'))).toBe('Sandbox tenant t-123: the key can use 6 of 6 checked features.');
    expect(page.rows('aurora-features').map((row) => [row[0], row[1]])).toEqual([
      ['Projects', 'Available'],
      ['Design requests', 'Available'],
      ['Pricing', 'Available'],
      ['Financings', 'Available'],
      ['Agreements', 'Available'],
      ['Assets (screenshots)', 'Available'],
    ]);
    expect(page.rows('hubspot-checks')).toEqual([
      ['Custom objects (Enterprise)', 'OK', 'Available.'],
      ['Private app scopes', 'OK', 'All required scopes granted.'],
    ]);
  });

  it('says which features the key lacks (pricing) and that the card works without them', async () => {
    const fake = fakeSettings();
    fake.handlers.aurora_test_connection = () => ({
      ok: true,
      report: report(FEATURES.map((f) => (f.feature === 'pricing' ? { ...f, status: 'unavailable', message: 'Aurora answered 403: the key is not provisioned for pricing.' } : f))),
    });
    const page = renderSettings(fake);
    await page.press('Test connection');

    await page.waitFor(() => page.alert('Connected to Aurora'));
    const alert = page.alert('Connected to Aurora');
    expect(alert.props.variant).toBe('warning');
    expect(textOf(alert)).toContain('the key can use 5 of 6 checked features.');
    expect(textOf(alert)).toContain('Not available with this key: Pricing.');
    const pricing = page.rows('aurora-features').find((row) => row[0] === 'Pricing');
    expect(pricing).toEqual(['Pricing', 'Not available', 'Aurora answered 403: the key is not provisioned for pricing.']);
    expect(page.findByTestId(Table, 'aurora-features').find(StatusTag, (tag) => textOf(tag) === 'Not available').props.variant).toBe('danger');
  });

  it('on a fresh tenant, counts only the checked features and says how to check the rest', async () => {
    const noProject = 'The tenant has no project yet: create a project with a design in Aurora, then test again.';
    const fake = fakeSettings();
    fake.handlers.aurora_test_connection = () => ({
      ok: true,
      report: report([
        { feature: 'projects', status: 'available', message: 'Available.' },
        { feature: 'design_requests', status: 'available', message: 'Available.' },
        ...(['pricing', 'financings', 'agreements', 'assets'] as const).map((feature) => ({ feature, status: 'not_checked' as const, message: noProject })),
        { feature: 'webhooks', status: 'available', message: 'Available.' },
      ]),
    });
    const page = renderSettings(fake);
    await page.press('Test connection');

    await page.waitFor(() => page.alert('Connected to Aurora'));
    const alert = page.alert('Connected to Aurora');
    expect(alert.props.variant).toBe('info');
    expect(textOf(alert)).toBe(
      'Sandbox tenant t-123: the key can use 3 of 3 checked features.' +
        `4 not checked yet (Pricing, Financings, Agreements, Assets (screenshots)). ${noProject}`,
    );
    expect(textOf(alert)).not.toContain('Not available');
    expect(page.rows('aurora-features').map((row) => [row[0], row[1]])).toEqual([
      ['Projects', 'Available'],
      ['Design requests', 'Available'],
      ['Pricing', 'Not checked'],
      ['Financings', 'Not checked'],
      ['Agreements', 'Not checked'],
      ['Assets (screenshots)', 'Not checked'],
      ['Webhooks', 'Available'],
    ]);
    const tags = page.findByTestId(Table, 'aurora-features').findAll(StatusTag);
    expect(tags.map((tag) => [textOf(tag), tag.props.variant])).toContainEqual(['Not checked', 'default']);
    expect(tags.some((tag) => tag.props.variant === 'danger')).toBe(false);
  });

  it('shows a key lacking a feature next to features it could not check', async () => {
    const fake = fakeSettings();
    fake.handlers.aurora_test_connection = () => ({
      ok: true,
      report: report([
        { feature: 'projects', status: 'available', message: 'Available.' },
        { feature: 'design_requests', status: 'unavailable', message: 'The API key is not provisioned for this (Aurora answered 403).' },
        { feature: 'pricing', status: 'not_checked', message: 'The newest project has no design yet: add a design to it in Aurora, then test again.' },
      ]),
    });
    const page = renderSettings(fake);
    await page.press('Test connection');

    await page.waitFor(() => page.alert('Connected to Aurora'));
    const alert = page.alert('Connected to Aurora');
    expect(alert.props.variant).toBe('warning');
    expect(textOf(alert)).toContain('the key can use 1 of 2 checked features.');
    expect(textOf(alert)).toContain('Not available with this key: Design requests.');
    expect(textOf(alert)).toContain('1 not checked yet (Pricing). The newest project has no design yet: add a design to it in Aurora, then test again.');
    expect(page.rows('aurora-features').map((row) => row[1])).toEqual(['Available', 'Not available', 'Not checked']);
  });

  it('reports a bad key in plain words, without a retry that cannot help', async () => {
    const page = renderSettings(fakeSettings());
    await page.waitFor(() => page.button('Test connection'));
    page.host.failNext(
      'aurora_test_connection',
      userError('aurora_auth', 'Aurora rejected the API key.', 'Check AURORA_API_KEY in the app secrets (hs secret update AURORA_API_KEY).', false),
    );
    page.button('Test connection').trigger('onClick');
    await page.waitFor(() => page.alert('The connection test failed'));
    expect(textOf(page.alert('The connection test failed'))).toBe(
      'Aurora rejected the API key.Check AURORA_API_KEY in the app secrets (hs secret update AURORA_API_KEY).',
    );
    expect(page.maybeFind(Button, (node) => textOf(node) === 'Try again')).toBeNull();
    expect(page.maybeFind(Table, { testId: 'aurora-features' })).toBeNull();
  });

  it('shows Aurora refusing the connection when the report says so', async () => {
    const fake = fakeSettings();
    fake.handlers.aurora_test_connection = () => ({
      ok: true,
      report: {
        ...report(FEATURES.map((f) => ({ ...f, status: 'not_checked', message: 'Aurora did not accept the API key.' }))),
        aurora: { environment: 'production', tenantId: 't-123', ok: false, message: 'Aurora answered 401: the key was rejected.' },
      },
    });
    const page = renderSettings(fake);
    await page.press('Test connection');
    await page.waitFor(() => page.alert('Aurora did not accept the connection'));
    expect(textOf(page.alert('Aurora did not accept the connection'))).toBe('Aurora answered 401: the key was rejected.');
  });
});

describe('Settings page: Set up HubSpot and webhooks', () => {
  it('runs the installer, shows its report, and the setup becomes ready; a second run changes nothing', async () => {
    const page = renderSettings(fakeSettings());
    await page.press('Set up HubSpot');

    await page.waitFor(() => page.alert('HubSpot is ready for Aurora Solar'));
    expect(textOf(page.alert('HubSpot is ready for Aurora Solar'))).toBe('Made 12 changes in HubSpot.');
    expect(page.rows('install-steps')[0]).toEqual(['Property', 'aurora_property_1', 'Created', 'created.']);
    expect(page.findByTestId(Table, 'install-steps').props).toMatchObject({ paginated: true, pageCount: 2 });
    expect(page.find(StatusTag, (tag) => textOf(tag) === 'Ready').props.variant).toBe('success');

    page.button('Set up HubSpot').trigger('onClick');
    await page.waitFor(() => expect(textOf(page.alert('HubSpot is ready for Aurora Solar'))).toBe('Everything was already in place; nothing was changed.'));
    expect(page.rows('install-steps')[0]).toEqual(['Property', 'aurora_property_1', 'Unchanged', 'unchanged.']);
  });

  it('lists what blocks the setup first when the installer finds a conflict', async () => {
    const fake = fakeSettings();
    fake.handlers.aurora_install = () => ({
      ok: true,
      report: {
        ready: false,
        writes: 3,
        steps: [
          ...installSteps('created', 3),
          {
            kind: 'property',
            name: 'aurora_system_size_kw',
            outcome: 'conflict',
            message: 'A property with this name exists with type string; the app needs number. Rename or delete it.',
          },
        ],
      },
    });
    const page = renderSettings(fake);
    await page.press('Set up HubSpot');
    await page.waitFor(() => page.alert('HubSpot is not ready yet'));
    expect(textOf(page.alert('HubSpot is not ready yet'))).toContain(
      '• aurora_system_size_kw: A property with this name exists with type string; the app needs number. Rename or delete it.',
    );
    expect(page.rows('install-steps')[0]!.slice(0, 3)).toEqual(['Property', 'aurora_system_size_kw', 'Conflict']);
  });

  it('shows a failed installer run with Try again', async () => {
    const page = renderSettings(fakeSettings());
    await page.waitFor(() => page.button('Set up HubSpot'));
    page.host.failNext('aurora_install', userError('hubspot_rate_limited', 'HubSpot asked us to slow down.', 'Try again in a minute.'));
    page.button('Set up HubSpot').trigger('onClick');
    await page.waitFor(() => page.alert('Setup did not finish'));
    page.button('Try again').trigger('onClick');
    await page.waitFor(() => page.alert('HubSpot is ready for Aurora Solar'));
  });

  it('speaks to the admin as the admin: what to do, never "ask your HubSpot admin"', async () => {
    const page = renderSettings(fakeSettings());
    await page.waitFor(() => page.button('Set up HubSpot'));
    page.host.failNext(
      'aurora_install',
      userError('hubspot_validation', 'HubSpot rejected the data: unknown property.', 'Ask your HubSpot admin to run the installer on the Aurora settings page, then try again.', false),
    );
    page.button('Set up HubSpot').trigger('onClick');
    await page.waitFor(() => page.alert('Setup did not finish'));
    expect(textOf(page.alert('Setup did not finish'))).toContain('Run the installer on the Aurora settings page, then try again.');
    expect(textOf(page.alert('Setup did not finish'))).not.toMatch(/HubSpot admin/);
  });

  it('registers the webhooks and shows each registration and the endpoint', async () => {
    const page = renderSettings(fakeSettings());
    await page.press('Register webhooks');
    await page.waitFor(() => page.alert('Webhooks registered'));
    expect(page.rows('webhook-registrations')).toEqual([
      ['Design request completed', 'Created', 'Subscribed.'],
      ['Agreement status changed', 'Unchanged', 'Already subscribed.'],
    ]);
    expect(page.screen()).toContain(WEBHOOK_URL);
  });

  it('says which webhooks failed and that Sync still works', async () => {
    const fake = fakeSettings();
    fake.handlers.aurora_register_webhooks = () => ({ ok: true, endpointUrl: WEBHOOK_URL, registrations: registrations(true) });
    const page = renderSettings(fake);
    await page.press('Register webhooks');
    await page.waitFor(() => page.alert('Some webhooks were not registered'));
    expect(textOf(page.alert('Some webhooks were not registered'))).toContain('• Agreement status changed: Aurora refused the URL template.');
    expect(textOf(page.alert('Some webhooks were not registered'))).toContain('Deals still update when reps press Sync.');
  });
});

describe('Settings page: sync problems', () => {
  it('syncs a deal again from its problem row; the fixed deal leaves the list', async () => {
    const fake = fakeSettings();
    const page = renderSettings(fake);
    await page.waitFor(() => expect(page.rows('sync-problems')).toHaveLength(2));
    const firstRow = page.findByTestId(Table, 'sync-problems').find(TableBody).findAll(TableRow)[0]!;
    firstRow.find(LoadingButton).trigger('onClick');

    await page.waitFor(() => expect(page.rows('sync-problems')).toHaveLength(1));
    expect(page.rows('sync-problems')[0]![0]).toBe('Deal 1002Deal id 1002');
    expect(fake.state.problems.map((problem) => problem.dealId)).toEqual(['1002']);
    expect(page.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Synced Rivera solar.' }]]);
  });

  it('shows why a retry failed in the row', async () => {
    const page = renderSettings(fakeSettings());
    await page.waitFor(() => expect(page.rows('sync-problems')).toHaveLength(2));
    page.host.failNext('aurora_sync_deal', userError('aurora_unavailable', 'Aurora is not answering right now.', 'Try again in a minute.'));
    page.findByTestId(Table, 'sync-problems').find(TableBody).findAll(TableRow)[0]!.find(LoadingButton).trigger('onClick');
    await page.waitFor(() => expect(page.rows('sync-problems')[0]![2]).toContain('Retry failed: Aurora is not answering right now. Try again in a minute.'));
    expect(page.rows('sync-problems')).toHaveLength(2);
  });
});

describe('Settings page: button layout', () => {
  it('keeps every button at its own width (in a row of buttons), also after each action and a failure', async () => {
    const page = renderSettings(fakeSettings());
    await page.press('Test connection');
    await page.waitFor(() => page.alert('Connected to Aurora'));
    page.button('Register webhooks').trigger('onClick');
    await page.waitFor(() => page.alert('Webhooks registered'));
    page.host.failNext('aurora_install', userError('hubspot_rate_limited', 'HubSpot asked us to slow down.', 'Try again in a minute.'));
    page.button('Set up HubSpot').trigger('onClick');
    await page.waitFor(() => page.alert('Setup did not finish'));

    const root = page.getRootNode();
    expect(buttonPlacements(root).map((placement) => placement.label)).toEqual(
      expect.arrayContaining(['Test connection', 'Set up HubSpot', 'Register webhooks', 'Try again', 'Sync again']),
    );
    expect(stretchedButtons(root)).toEqual([]);
  });
});

// The linked Deal card's writes: sync, unlink a deleted project, update customer details, design requests, blank design.
import { EmptyState, LoadingButton, StatusTag, TableBody, TableRow } from '@hubspot/ui-extensions';
import { renderCard } from './render';
import { design, fakeDeal, linked, minutesAgo, textOf, userError } from './support';

const THREE = [design(1), design(2, { isSold: true }), design(3)];

describe('Deal card: sync', () => {
  it('shows the Sync button loading, then the synced designs, the new time and status, and refreshes the record', async () => {
    const deal = fakeDeal(linked({ designs: [], sync: { status: 'never', lastSyncedAt: null, lastError: null, pending: [] } }), { auroraDesigns: THREE });
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Sync'));
    expect(card.find(EmptyState).props.title).toBe('No designs yet');

    const held = card.host.holdNext('aurora_sync_deal');
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => expect(card.loadingButton('Sync').props.loading).toBe(true));
    // While one write runs, the others wait.
    expect(card.button('Create blank design').props.disabled).toBe(true);
    held.open();

    await card.waitFor(() => expect(card.loadingButton('Sync').props.loading).toBe(false));
    expect(card.find(TableBody).findAll(TableRow)).toHaveLength(3);
    expect(card.screen()).toContain('just now');
    expect(textOf(card.find(StatusTag, (tag) => ['Synced', 'Not synced yet'].includes(textOf(tag))))).toBe('Synced');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Synced 3 designs from Aurora (3 changed).' }]]);
    expect(card.host.unhandled).toEqual([]);
  });

  it('says what a partial sync could not read', async () => {
    const deal = fakeDeal(linked({ designs: [] }), { auroraDesigns: THREE, skipped: ['pricing (the API key lacks access)', 'screenshot of Option 2 (download failed)'] });
    const card = renderCard(deal);
    await card.press('Sync');

    await card.waitFor(() => card.alert('Synced, without some Aurora data'));
    const alert = card.alert('Synced, without some Aurora data');
    expect(alert.props.variant).toBe('warning');
    expect(textOf(alert)).toContain('Synced 3 designs.');
    expect(textOf(alert)).toContain('• pricing (the API key lacks access)');
    expect(textOf(alert)).toContain('• screenshot of Option 2 (download failed)');
    expect(textOf(card.find(StatusTag, (tag) => textOf(tag) === 'Partly synced')).length).toBeGreaterThan(0);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    // A partial sync is not announced as a plain success.
    expect(card.mocks.actions.addAlert.called).toBe(false);
  });

  it('shows a failed sync with what to do and Try again, and the retry succeeds', async () => {
    const deal = fakeDeal(linked({ designs: [] }), { auroraDesigns: THREE });
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext('aurora_sync_deal', userError('aurora_rate_limited', 'Aurora is busy (too many requests).', 'Try again in a minute.'));
    card.button('Sync').trigger('onClick');

    await card.waitFor(() => card.alert('Sync failed'));
    expect(textOf(card.alert('Sync failed'))).toContain('Aurora is busy (too many requests).Try again in a minute.');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);

    card.button('Try again').trigger('onClick');
    await card.waitFor(() => expect(card.maybeFind(TableBody)?.findAll(TableRow)).toHaveLength(3));
    expect(card.maybeAlert('Sync failed')).toBeNull();
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(2);
  });

  it('offers Unlink when the project was deleted in Aurora, and then offers to create a new one', async () => {
    const card = renderCard(fakeDeal(linked({ designs: THREE })));
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext(
      'aurora_sync_deal',
      userError('aurora_not_found', 'Aurora has no project with this id any more.', 'Unlink the deal and create the project again.', false),
    );
    card.button('Sync').trigger('onClick');

    await card.waitFor(() => card.alert('This project no longer exists in Aurora'));
    expect(card.button('Unlink from Aurora').props.variant).toBe('destructive');
    card.button('Unlink from Aurora').trigger('onClick');

    await card.waitFor(() => card.button('Create in Aurora'));
    expect(card.screen()).toContain('This deal is not linked to an Aurora project yet.');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(2);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Unlinked this deal from the deleted Aurora project.' }]]);
  });

  it('offers Unlink when loading the overview finds the project deleted, and shows a failed unlink with Try again', async () => {
    const deal = fakeDeal(linked({ designs: THREE }));
    const overviewOf = deal.handlers.aurora_deal_overview!;
    // An overview that reads the project from Aurora fails for as long as the deal stays linked to the deleted project.
    deal.handlers.aurora_deal_overview = (params) =>
      deal.state.overview.link.state === 'linked'
        ? { ok: false, error: userError('aurora_not_found', 'Aurora has no project with this id any more.', 'Unlink the deal.', false) }
        : overviewOf(params);
    const card = renderCard(deal, (host) =>
      host.failNext('aurora_unlink_project', userError('hubspot_unavailable', 'HubSpot did not answer.', 'Try again in a minute.')),
    );
    await card.press('Unlink from Aurora');
    await card.waitFor(() => card.alert('Could not unlink the deal'));
    expect(textOf(card.alert('Could not unlink the deal'))).toContain('HubSpot did not answer.');
    card.button('Try again').trigger('onClick');
    await card.waitFor(() => card.button('Create in Aurora'));
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(2);
  });

  it('shows what the last sync left behind when the deal was synced elsewhere (webhook or another rep)', async () => {
    const card = renderCard(
      fakeDeal(
        linked({
          sync: {
            status: 'partial',
            lastSyncedAt: minutesAgo(90),
            lastError: 'Aurora did not answer for 2 designs.',
            pending: ['design:d-1', 'design:d-2', 'screenshot:d-1'],
          },
        }),
      ),
    );
    await card.waitFor(() => card.alert('Not everything from Aurora is in HubSpot yet'));
    expect(textOf(card.alert('Not everything from Aurora is in HubSpot yet'))).toContain('Aurora did not answer for 2 designs.');
    expect(textOf(card.alert('Not everything from Aurora is in HubSpot yet'))).toContain('Waiting for the next sync: 2 designs and 1 screenshot.');
    expect(card.screen()).toContain('2 hours ago');
  });

  it('keeps the card on screen and says so when reloading after a write fails', async () => {
    const deal = fakeDeal(linked({ designs: THREE }));
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext('aurora_deal_overview', userError('hubspot_unavailable', 'HubSpot did not answer.'));
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.alert('Could not refresh the Aurora project'));
    expect(card.find(TableBody).findAll(TableRow)).toHaveLength(3);
    card.button('Try again').trigger('onClick');
    await card.waitFor(() => expect(card.maybeAlert('Could not refresh the Aurora project')).toBeNull());
  });
});

describe('Deal card: customer details changed in HubSpot', () => {
  it('updates changed contact details in Aurora without asking', async () => {
    const deal = fakeDeal(linked({ outOfDate: [{ property: 'email', label: 'Email', confirmRequired: false }] }));
    const card = renderCard(deal);
    await card.waitFor(() => card.alert('Aurora has older customer details'));
    expect(textOf(card.alert('Aurora has older customer details'))).toContain('Changed in HubSpot since they were sent to Aurora: Email.');
    card.button('Update in Aurora').trigger('onClick');

    await card.waitFor(() => expect(card.maybeAlert('Aurora has older customer details')).toBeNull());
    expect(deal.state.overview.outOfDate).toEqual([]);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Updated in Aurora: Email.' }]]);
  });

  it('asks before changing the address (Aurora re-locates the site), and does nothing on Cancel', async () => {
    const deal = fakeDeal(linked({ outOfDate: [{ property: 'address', label: 'Street address', confirmRequired: true }] }));
    const card = renderCard(deal);
    await card.press('Update in Aurora');
    await card.waitFor(() => card.alert('Change the site address in Aurora?'));
    expect(textOf(card.alert('Change the site address in Aurora?'))).toContain('Aurora will locate the site again from the new address.');

    card.button('Cancel').trigger('onClick');
    await card.waitFor(() => card.alert('Aurora has older customer details'));
    expect(deal.state.overview.outOfDate).toHaveLength(1);
    expect(card.mocks.actions.refreshObjectProperties.called).toBe(false);

    card.button('Update in Aurora').trigger('onClick');
    await card.press('Update address in Aurora');
    await card.waitFor(() => expect(card.maybeAlert('Change the site address in Aurora?')).toBeNull());
    expect(deal.state.overview.outOfDate).toEqual([]);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Updated in Aurora: Street address.' }]]);
  });

  it('asks when the function finds an address change the card did not know about', async () => {
    const deal = fakeDeal(linked({ outOfDate: [{ property: 'phone', label: 'Phone', confirmRequired: false }] }));
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Update in Aurora'));
    // The address changed after the card loaded.
    deal.state.overview.outOfDate = [...deal.state.overview.outOfDate, { property: 'address', label: 'Street address', confirmRequired: true }];
    card.button('Update in Aurora').trigger('onClick');
    await card.waitFor(() => card.alert('Change the site address in Aurora?'));
    card.button('Update address in Aurora').trigger('onClick');
    await card.waitFor(() => expect(deal.state.overview.outOfDate).toEqual([]));
    await card.waitFor(() => expect(card.maybeAlert('Change the site address in Aurora?')).toBeNull());
  });
});

describe('Deal card: design requests', () => {
  it('creates a design request only after confirming it may use credits, then shows it submitted', async () => {
    const deal = fakeDeal(linked({ designs: THREE }));
    const card = renderCard(deal);
    await card.press('Request a design');
    await card.waitFor(() => card.alert('Request a roof model from Aurora?'));
    expect(textOf(card.alert('Request a roof model from Aurora?'))).toContain('This may use design credits on your Aurora account.');
    card.button('Cancel').trigger('onClick');
    await card.waitFor(() => expect(card.maybeAlert('Request a roof model from Aurora?')).toBeNull());
    expect(deal.state.overview.designRequest).toBeNull();

    card.button('Request a design').trigger('onClick');
    await card.press('Request design');
    await card.waitFor(() => card.button('Check status'));
    expect(card.screen()).toContain("Aurora's designers are working on the roof model.");
    expect(textOf(card.find(StatusTag, (tag) => textOf(tag) === 'Submitted'))).toBe('Submitted');
    expect(card.maybeButton('Request a design')).toBeNull();
    expect(card.button('Check status')).toBeTruthy();
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(deal.state.overview.designRequest?.status).toBe('submitted');
  });

  it('accepts a completed design request: the new design appears in the table', async () => {
    const deal = fakeDeal(
      linked({ designs: THREE, designRequest: { id: 'dr-1', status: 'designer_completed', rejectionReason: null, designId: null } }),
      { auroraDesigns: THREE },
    );
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Accept design'));
    expect(card.screen()).toContain('The roof model is ready.');
    expect(card.button('Accept design').props.variant).toBe('primary');

    card.button('Accept design').trigger('onClick');
    await card.waitFor(() => expect(textOf(card.find(StatusTag, (tag) => textOf(tag) === 'Accepted'))).toBe('Accepted'));
    expect(card.find(TableBody).findAll(TableRow)).toHaveLength(4);
    expect(card.screen()).toContain('Roof model design');
    expect(card.maybeButton('Accept design')).toBeNull();
    expect(card.button('Request another design')).toBeTruthy();
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  it('shows a rejected request with the reason and lets the rep request again', async () => {
    const card = renderCard(
      fakeDeal(
        linked({
          designRequest: { id: 'dr-1', status: 'designer_rejected', rejectionReason: 'The roof is hidden by trees in the imagery.', designId: null },
        }),
      ),
    );
    await card.waitFor(() => card.button('Request again'));
    expect(card.find(StatusTag, (tag) => textOf(tag) === 'Rejected').props.variant).toBe('danger');
    expect(card.screen()).toContain("Aurora's designers rejected the request: The roof is hidden by trees in the imagery.");
    card.button('Request again').trigger('onClick');
    await card.waitFor(() => card.alert('Request a roof model from Aurora?'));
  });

  it('shows a failed design request with what to do', async () => {
    const card = renderCard(fakeDeal(linked()));
    await card.waitFor(() => card.button('Request a design'));
    card.host.failNext(
      'aurora_design_request',
      userError('aurora_permission', 'The Aurora API key may not create design requests.', 'Ask your HubSpot admin to check the key in the app settings.', false),
    );
    card.button('Request a design').trigger('onClick');
    await card.press('Request design');
    await card.waitFor(() => card.alert('The design request did not go through'));
    expect(textOf(card.alert('The design request did not go through'))).toContain('Ask your HubSpot admin to check the key in the app settings.');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });
});

describe('Deal card: blank design', () => {
  it('creates a blank design in Aurora and shows it in the table', async () => {
    const deal = fakeDeal(linked({ designs: THREE }), { auroraDesigns: THREE });
    const card = renderCard(deal);
    await card.waitFor(() => card.button('Create blank design'));
    const held = card.host.holdNext('aurora_create_design');
    card.button('Create blank design').trigger('onClick');
    await card.waitFor(() => expect(card.find(LoadingButton, (node) => textOf(node) === 'Create blank design').props.loading).toBe(true));
    expect(card.button('Sync').props.disabled).toBe(true);
    held.open();

    await card.waitFor(() => expect(card.find(TableBody).findAll(TableRow)).toHaveLength(4));
    expect(card.screen()).toContain('Blank design');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Created a blank design in Aurora.' }]]);
  });
});

// The app settings on the settings page, run on the REAL functions against both simulators: an admin's change is
// checked against the portal, saved in HubSpot with who and when, and used by the very next call.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Button, Input, Link, LoadingButton, Select, Table, TableBody, TableCell, TableRow } from '@hubspot/ui-extensions';
import { SettingsPage } from '../../src/app/settings/components/SettingsPage';
import { DEMO } from '../../simulators/aurora';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { main as updateProject } from '../../src/core/functions/updateProject';
import { readHistory } from '../../src/core/mapping/history';
import { DEFAULT_SETTINGS, type AppSettings } from '../../src/core/settings/model';
import { SETTINGS_RECORD_ID } from '../../src/core/settings/store';
import { card, dealProps, linkedDeal, simulatedDesign, useWorld, type World } from '../functions/support';
import { NOW, paginatedTable, textOf } from '../card/support';
import { realFunctions } from './realFunctions';

const world = useWorld();
const ADMIN = 'admin@example.com';
/** The real functions make several HubSpot calls per answer: wait generously on a loaded machine. */
const WAIT = { timeoutInMs: 20_000 };

function renderPage() {
  const renderer = createRenderer('settings');
  const functions = realFunctions();
  renderer.render(<SettingsPage call={functions.call} actions={renderer.mocks.actions} now={() => NOW} changedBy={ADMIN} />);
  const { find, findAll, maybeFind, findByTestId } = renderer;
  return {
    ...renderer,
    functions,
    select: (label: string) => find(Select, { label }),
    input: (label: string) => find(Input, { label }),
    saveButton: () => find(LoadingButton, (node) => textOf(node) === 'Save settings'),
    button: (label: string) => find(Button, (node) => textOf(node) === label),
    alert: (title: string) => find(Alert, { title }),
    maybeAlert: (title: string) => maybeFind(Alert, { title }),
    alertTitles: () => findAll(Alert).map((alert) => alert.props.title),
    rows: (testId: string) =>
      findByTestId(Table, testId)
        .find(TableBody)
        .findAll(TableRow)
        .map((row) => row.findAll(TableCell).map((cell) => textOf(cell))),
  };
}

type Page = ReturnType<typeof renderPage>;

async function save(page: Page, outcome: string) {
  page.saveButton().trigger('onClick');
  await page.waitFor(() => page.alert(outcome), WAIT);
}

/** The settings record as HubSpot holds it (the one record of kind "settings"). */
function settingsRecord(w: World) {
  return w.hubspot.view.customRecords('aurora_design').find((record) => record.properties.aurora_design_id === SETTINGS_RECORD_ID);
}

/** A deal linked to a project whose one design has a signed contract. */
async function dealWithSignedContract(w: World) {
  const { dealId, projectId } = await linkedDeal(w);
  const design = simulatedDesign(w, projectId, { name: 'South roof', sizeKw: 8 });
  const agreement = w.aurora.control.createAgreement({ projectId, designId: design.id });
  w.aurora.control.moveAgreement(agreement.id, 'signed');
  return dealId;
}

describe('App settings: post-sale stage', () => {
  it('offers only the portal’s real stages, saves the choice with who and when, and the next sync hands off to that stage', async () => {
    const page = renderPage();
    await page.waitFor(() => page.select('Signed deals in Sales Pipeline move to'), WAIT);
    const chooser = page.select('Signed deals in Sales Pipeline move to');
    const realStages = world().hubspot.state.pipelines.find((p) => p.id === 'default')!.stages.map((s) => s.id);
    expect(chooser.props.options.map((o) => o.value)).toEqual(['__closed_won', 'none', ...realStages]);
    expect(chooser.props.options[0]!.label).toBe('Closed Won (the closed-won stage, default)');

    chooser.trigger('onChange', 'contractsent' as never);
    await save(page, 'Settings saved');
    expect(page.rows('settings-changes')).toEqual([['just now', ADMIN, 'Post-sale stage for Sales Pipeline: closed won (default) → Contract Sent']]);
    const stored = JSON.parse(settingsRecord(world())!.properties.aurora_settings!);
    expect(stored).toMatchObject({ savedBy: ADMIN, settings: { postSale: { moveStage: true, stageByPipeline: { default: 'contractsent' } } } });

    const dealId = await dealWithSignedContract(world());
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true });
    expect(dealProps(world(), dealId)).toMatchObject({ dealstage: 'contractsent', aurora_agreement_status: 'signed' });
  });

  it('"don\'t move" leaves a signed deal where it is; the note and the signed status are still written', async () => {
    const page = renderPage();
    await page.waitFor(() => page.select('Signed deals in Sales Pipeline move to'), WAIT);
    page.select('Signed deals in Sales Pipeline move to').trigger('onChange', 'none' as never);
    await save(page, 'Settings saved');

    const dealId = await dealWithSignedContract(world());
    await syncDeal(card({ dealId }));
    expect(dealProps(world(), dealId)).toMatchObject({ dealstage: 'appointmentscheduled', aurora_agreement_status: 'signed' });
    expect(world().hubspot.view.deal(dealId)!.notes).toHaveLength(1);
  });
});

describe('App settings: what is refused', () => {
  it('names each bad field and writes nothing', async () => {
    const page = renderPage();
    await page.waitFor(() => page.input('Freshness window (minutes)'), WAIT);
    page.input('Freshness window (minutes)').trigger('onChange', 'soon' as never);
    page.input('Extra asset hosts').trigger('onChange', 'files.example.com, not a host!' as never);
    await save(page, 'The settings were not saved');

    expect(textOf(page.alert('The settings were not saved'))).toBe(
      '• Extra asset host 2: "not a host!" is not a host name (files.example.com) or an https origin (https://files.example.com).' +
        '• Freshness window (minutes): must be a whole number of minutes',
    );
    expect(settingsRecord(world())).toBeUndefined();
  });

  it('refuses a stage that is not in the pipeline, naming the pipeline (a forged or stale request)', async () => {
    const { call } = realFunctions();
    const settings: AppSettings = { ...DEFAULT_SETTINGS, postSale: { moveStage: true, stageByPipeline: { default: 'installed', elsewhere: 'closedwon' } } };
    const result = await call('aurora_save_settings', { settings, basedOn: null });
    expect(result).toMatchObject({
      ok: true,
      outcome: 'invalid',
      problems: [
        { field: 'Post-sale stage for Sales Pipeline', message: 'The stage installed is not a stage of the pipeline Sales Pipeline.' },
        { field: 'Post-sale stage for pipeline elsewhere', message: 'HubSpot has no deal pipeline with the id elsewhere.' },
      ],
    });
    expect(settingsRecord(world())).toBeUndefined();
  });

  it('refuses a save based on settings another admin has changed since', async () => {
    const { call } = realFunctions();
    const first = await call('aurora_save_settings', { settings: { ...DEFAULT_SETTINGS, freshnessMinutes: 30 }, basedOn: null, changedBy: 'ana@example.com' });
    expect(first).toMatchObject({ ok: true, outcome: 'saved' });
    const second = await call('aurora_save_settings', { settings: { ...DEFAULT_SETTINGS, freshnessMinutes: 90 }, basedOn: null, changedBy: 'ben@example.com' });
    expect(second).toMatchObject({ ok: true, outcome: 'conflict', problems: [{ field: 'Settings', message: expect.stringContaining('by ana@example.com') }] });
    expect(JSON.parse(settingsRecord(world())!.properties.aurora_settings!).settings.freshnessMinutes).toBe(30);
  });
});

describe('App settings: a bad stored config', () => {
  it('never breaks a sync: the last good settings stay in force and the page says so', async () => {
    const { call } = realFunctions();
    const good = await call('aurora_save_settings', { settings: { ...DEFAULT_SETTINGS, postSale: { moveStage: true, stageByPipeline: { default: 'none' } } }, basedOn: null });
    expect(good).toMatchObject({ ok: true, outcome: 'saved' });
    // Someone edits the record by hand in HubSpot (or an older app version wrote it): unreadable settings.
    await world().store.upsertDesigns([{ aurora_design_id: SETTINGS_RECORD_ID, aurora_settings: '{"settings": {"version": 1, "freshnessMinutes": "often"}, "savedAt": "2026-11-28T11:00:00Z"}' }]);

    const dealId = await dealWithSignedContract(world());
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok' } });
    // The last good rule ("don't move") held.
    expect(dealProps(world(), dealId)).toMatchObject({ dealstage: 'appointmentscheduled', aurora_agreement_status: 'signed' });

    const page = renderPage();
    await page.waitFor(() => page.alert('Running on the last good settings'), WAIT);
    expect(textOf(page.alert('Running on the last good settings'))).toContain('The saved settings cannot be used (');
    expect(page.select('Signed deals in Sales Pipeline move to').props.value).toBe('none');
  });
});

/** Deal properties of the admin's own, as a portal would have them. */
async function customDealProperties(w: World) {
  await w.store.createProperties(
    'deals',
    [
      { name: 'lead_id', label: 'Lead ID', type: 'string', fieldType: 'text', description: 'The lead this deal came from.' },
      { name: 'ops_system_kw', label: 'Ops system kW', type: 'number', fieldType: 'number', description: 'For the install team.' },
    ],
    'dealinformation',
  );
}

describe('App settings: the field map', () => {
  it('an admin maps a lead id to external_provider_id and the system size to their own property; the very next Create and Sync use both', async () => {
    await customDealProperties(world());
    const dealId = world().hubspot.demo!.deals.sandbox;
    // The admin's own property, named by their mapping (data, not the app's data model).
    const leadId: Record<string, string> = { lead_id: 'LEAD-4711' };
    await world().store.updateDeal(dealId, leadId);

    const page = renderPage();
    await page.waitFor(() => page.select('Aurora field of row 2'), WAIT);
    expect(page.select('Aurora field of row 2').props.value).toBe('external_provider_id');
    page.select('HubSpot property of row 2').trigger('onChange', 'lead_id' as never);
    page.button('Add an Aurora → HubSpot property').trigger('onClick');
    await page.waitFor(() => page.select('Aurora value of extra row 1'));
    page.select('Aurora value of extra row 1').trigger('onChange', 'design.systemSizeWatts' as never);
    // Only writable properties whose type takes a number (number or text) are offered; never a date, HubSpot's own
    // read-only values or the app's aurora_ properties.
    const offered = page.select('HubSpot property of extra row 1').props.options.map((o) => String(o.value));
    expect(offered).toEqual(expect.arrayContaining(['amount', 'ops_system_kw', 'lead_id', 'description']));
    expect(offered.filter((name) => ['closedate', 'hs_object_id', 'createdate'].includes(name) || name.startsWith('aurora_'))).toEqual([]);
    page.select('HubSpot property of extra row 1').trigger('onChange', 'ops_system_kw' as never);
    await save(page, 'Settings saved');
    expect(page.rows('settings-changes')[0]).toEqual([
      'just now',
      ADMIN,
      'HubSpot → Aurora removed: deal.hs_object_id → external_provider_id, required' +
        'HubSpot → Aurora added: deal.lead_id → external_provider_id, required' +
        'Aurora → HubSpot added: design summary system_size_stc (W) → deal.ops_system_kw',
    ]);

    const { projectId } = await linkedDeal(world(), dealId);
    expect(world().aurora.state.projects.get(projectId)!.wire.external_provider_id).toBe('LEAD-4711');

    simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 8 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok' } });
    const deal = dealProps(world(), dealId);
    // The design's own size in kW (whole modules make it a little over the 8 kW asked for), also in the admin's property.
    expect(Number(deal.aurora_system_size_kw)).toBeGreaterThan(7);
    expect(deal.ops_system_kw).toBe(deal.aurora_system_size_kw);
  });

  it('refuses a map whose value does not fit the property, naming the row, and keeps the draft for correcting', async () => {
    await customDealProperties(world());
    const page = renderPage();
    await page.waitFor(() => page.button('Add an Aurora → HubSpot property'), WAIT);
    page.button('Add an Aurora → HubSpot property').trigger('onClick');
    await page.waitFor(() => page.select('Aurora value of extra row 1'));
    page.select('Aurora value of extra row 1').trigger('onChange', 'design.systemSizeWatts' as never);
    page.select('HubSpot property of extra row 1').trigger('onChange', 'ops_system_kw' as never);
    // The value changes afterwards to a text one: the chosen number property no longer fits.
    page.select('Aurora value of extra row 1').trigger('onChange', 'design.name' as never);
    await save(page, 'The settings were not saved');

    expect(textOf(page.alert('The settings were not saved'))).toBe(
      '• Aurora → HubSpot row 1 (design name): The deal property ops_system_kw (Ops system kW) is of type number; this needs string.',
    );
    expect(page.select('HubSpot property of extra row 1').props.value).toBe('ops_system_kw');
    expect(settingsRecord(world())).toBeUndefined();
  });
});

/** Sets one HubSpot → Aurora row on the settings page (the table pages itself past ten rows, as HubSpot's does). */
async function setToAuroraRow(page: Page, row: number, choice: { aurora: string; object: 'deal' | 'contact'; property: string }) {
  // trigger() types its argument as the handler itself; at run time it is the handler's argument (the page).
  paginatedTable(page.findByTestId(Table, 'to-aurora-rows')).trigger('onPageChange', Math.ceil(row / 10) as never);
  await page.waitFor(() => page.select(`Aurora field of row ${row}`));
  page.select(`Aurora field of row ${row}`).trigger('onChange', choice.aurora as never);
  page.select(`Object of row ${row}`).trigger('onChange', choice.object as never);
  page.select(`HubSpot property of row ${row}`).trigger('onChange', choice.property as never);
}

describe('App settings: more Aurora project fields', () => {
  it('an admin maps the salutation, a mailing address and the lead source (as a project tag); the next Create sends them, Update follows the salutation, tags stay create-only', async () => {
    await world().store.createProperties(
      'deals',
      [{ name: 'lead_source', label: 'Lead source', type: 'enumeration', fieldType: 'select', description: 'Where the lead came from.', options: [{ label: 'Referral', value: 'referral', displayOrder: 0 }, { label: 'Door knocking', value: 'door_knocking', displayOrder: 1 }] }],
      'dealinformation',
    );
    // Made by an admin in HubSpot's settings (the app may not define contact properties).
    world().hubspot.control.createProperty('contacts', { name: 'postal_mailing_address', label: 'Mailing address', type: 'string', fieldType: 'text', groupName: 'contactinformation' });
    const dealId = world().hubspot.demo!.deals.sandbox;
    const contactId = world().hubspot.demo!.contacts.jane;
    // The admin's own properties, named by their mapping (data, not the app's data model).
    const leadSource = (value: string): Record<string, string> => ({ lead_source: value });
    await world().store.updateDeal(dealId, leadSource('referral'));
    await world().store.updateRecord('contacts', contactId, { salutation: 'Ms.', postal_mailing_address: 'PO Box 12, Palo Alto, CA 94301' });

    const page = renderPage();
    await page.waitFor(() => page.button('Add a HubSpot → Aurora field'), WAIT);
    expect(page.select('Aurora field of row 1').props.options.map((o) => String(o.value))).toEqual(
      expect.arrayContaining(['customer_salutation', 'mailing_address', 'tags']),
    );
    for (let i = 0; i < 3; i++) page.button('Add a HubSpot → Aurora field').trigger('onClick');
    await setToAuroraRow(page, 12, { aurora: 'customer_salutation', object: 'contact', property: 'salutation' });
    await setToAuroraRow(page, 13, { aurora: 'mailing_address', object: 'contact', property: 'postal_mailing_address' });
    await setToAuroraRow(page, 14, { aurora: 'tags', object: 'deal', property: 'lead_source' });
    await save(page, 'Settings saved');

    // The rep sees what Create will send, tag included, before pressing it.
    const overview = await dealOverview(card({ dealId }));
    if (!overview.ok || overview.overview.link.state !== 'not_linked') throw new Error('expected an unlinked deal');
    expect(overview.overview.link.preflight.willSend).toEqual(
      expect.arrayContaining([
        { label: 'Customer salutation', value: 'Ms.' },
        { label: 'Mailing address', value: 'PO Box 12, Palo Alto, CA 94301' },
        { label: 'Project tag', value: 'referral' },
      ]),
    );

    const { projectId } = await linkedDeal(world(), dealId);
    expect(world().aurora.state.projects.get(projectId)!.wire).toMatchObject({
      customer_salutation: 'Ms.',
      mailing_address: 'PO Box 12, Palo Alto, CA 94301',
      tags: ['referral'],
      customer_first_name: 'Jane',
    });

    // Someone tags the project in Aurora; the salutation and lead source change in HubSpot.
    await world().client.projects.update(projectId, { tags: ['referral', 'vip'] });
    await world().store.updateRecord('contacts', contactId, { salutation: 'Dr.' });
    await world().store.updateDeal(dealId, leadSource('door_knocking'));
    expect(await updateProject(card({ dealId }))).toEqual({ ok: true, outcome: 'updated', sent: [{ label: 'Customer salutation', value: 'Dr.' }] });
    // Tags are sent on create only: a tag list on update would replace the tags people added in Aurora.
    expect(world().aurora.state.projects.get(projectId)!.wire).toMatchObject({ customer_salutation: 'Dr.', tags: ['referral', 'vip'] });
  });
});

describe('App settings: an extra target HubSpot refuses', () => {
  it('never breaks a sync: the app’s own properties are written without the admin’s targets, and the deal and the settings page say why', async () => {
    await customDealProperties(world());
    const { call } = realFunctions();
    const extra = { fact: 'design.systemSizeWatts', object: 'deal', property: 'ops_system_kw' } as const;
    const settings = { ...DEFAULT_SETTINGS, fieldMap: { ...DEFAULT_SETTINGS.fieldMap, toHubSpot: [extra] } };
    expect(await call('aurora_save_settings', { settings, basedOn: null })).toMatchObject({ ok: true, outcome: 'saved' });
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 8 });
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok' } });
    expect(dealProps(world(), dealId).ops_system_kw).toBe(dealProps(world(), dealId).aurora_system_size_kw);

    // An admin deletes the property in HubSpot; then a bigger design comes, so the sync has a new size to write.
    world().hubspot.control.archiveProperty('deals', 'ops_system_kw');
    simulatedDesign(world(), projectId, { name: 'Whole roof', sizeKw: 12 });
    const synced = await syncDeal(card({ dealId }));
    expect(synced).toMatchObject({ ok: true, sync: { status: 'partial', changedDesigns: 1 } });
    const deal = dealProps(world(), dealId);
    expect(Number(deal.aurora_system_size_kw)).toBeGreaterThan(11);
    expect(deal.aurora_sync_status).toBe('partial');
    expect(deal.aurora_last_error).toMatch(/^Not written: the field map's extra targets set on the app settings page \(HubSpot refused ops_system_kw: Property "ops_system_kw" does not exist\)\./);
    expect(readHistory(deal.aurora_history)[0]!.what).toMatch(/^Sync on the card: 1 design updated; .*not finished: Not written: the field map's extra targets/);

    // The settings page lists the deal with the reason, and says which setting no longer fits the portal.
    const page = renderPage();
    await page.waitFor(() => page.rows('sync-problems'), WAIT);
    expect(page.rows('sync-problems')[0]!.join(' ')).toContain('HubSpot refused ops_system_kw');
    await page.waitFor(() => page.alert('Some settings no longer fit this portal'), WAIT);
    expect(textOf(page.alert('Some settings no longer fit this portal'))).toContain('ops_system_kw');
  });

  it('once the admin corrects the map, the next Sync reads the designs again and writes the target, inside the freshness window too', async () => {
    await customDealProperties(world());
    const { call } = realFunctions();
    const withTarget = (property: string) => ({ ...DEFAULT_SETTINGS, fieldMap: { ...DEFAULT_SETTINGS.fieldMap, toHubSpot: [{ fact: 'design.systemSizeWatts', object: 'deal', property } as const] } });
    const saved = (await call('aurora_save_settings', { settings: withTarget('ops_system_kw'), basedOn: null })) as { outcome: string; state: { savedAt: string } };
    expect(saved.outcome).toBe('saved');
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 8 });
    world().hubspot.control.archiveProperty('deals', 'ops_system_kw');
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'partial' } });
    // Nothing changed in Aurora: inside the window the next Sync reads two lists and says the same.
    let sent = world().aurora.state.requests.length;
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'partial', changedDesigns: 0 } });
    expect(world().aurora.state.requests.length - sent).toBe(2);
    expect(dealProps(world(), dealId).aurora_last_error).toMatch(/^Not written: .*HubSpot refused ops_system_kw/);

    expect(await call('aurora_save_settings', { settings: withTarget('description'), basedOn: saved.state.savedAt })).toMatchObject({ ok: true, outcome: 'saved' });
    sent = world().aurora.state.requests.length;

    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok', skipped: [] } });
    const deal = dealProps(world(), dealId);
    expect(deal.description).toBe(deal.aurora_system_size_kw);
    expect(deal).toMatchObject({ aurora_sync_status: 'ok', aurora_last_error: '' });
    // The whole read: the project, its owner and every read of the one design.
    expect(world().aurora.state.requests.length - sent).toBeGreaterThan(2 + 4);
  });
});

describe('App settings: owner mapping', () => {
  const RILEY = { ownerId: '7001', auroraUserId: '5d3c1a2b-7e6f-4a8b-9c0d-1e2f3a4b5c6d' };

  it('with the mapping on, the deal owner’s Aurora user (same email) owns the created project and the pre-flight says so', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await world().store.updateDeal(dealId, { hubspot_owner_id: RILEY.ownerId });
    const page = renderPage();
    await page.waitFor(() => page.select('Deal owner → Aurora project owner'), WAIT);
    page.select('Deal owner → Aurora project owner').trigger('onChange', 'on' as never);
    await save(page, 'Settings saved');

    const overview = await dealOverview(card({ dealId }));
    if (!overview.ok || overview.overview.link.state !== 'not_linked') throw new Error('expected an unlinked deal');
    expect(overview.overview.link.preflight.willSend).toContainEqual({ label: 'Aurora project owner', value: 'Riley Rooftop' });

    const { projectId } = await linkedDeal(world(), dealId);
    expect(world().aurora.state.projects.get(projectId)!.wire.owner_id).toBe(RILEY.auroraUserId);
  });

  it('names a deal owner with no Aurora user in the pre-flight, and the project gets Aurora’s default owner', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await world().store.updateDeal(dealId, { hubspot_owner_id: '7002' });
    const { call } = realFunctions();
    const loaded = await call('aurora_get_settings', {});
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.choices.owners.map((owner) => owner.name)).toEqual(['Riley Rooftop', 'Pat Newhire']);
    expect(await call('aurora_save_settings', { settings: { ...loaded.state.settings, owners: { ...loaded.state.settings.owners, enabled: true } }, basedOn: null })).toMatchObject({ ok: true, outcome: 'saved' });

    const overview = await dealOverview(card({ dealId }));
    if (!overview.ok || overview.overview.link.state !== 'not_linked') throw new Error('expected an unlinked deal');
    expect(overview.overview.link.preflight.willSend).toContainEqual({
      label: 'Aurora project owner',
      value:
        "Not mapped: the deal owner Pat Newhire has no Aurora user (no Aurora user has the email pat.newhire@example.com). Aurora's default owner will own the project; an admin can map them on the app settings page.",
    });
    const { projectId } = await linkedDeal(world(), dealId);
    expect(world().aurora.state.projects.get(projectId)!.wire.owner_id).toBe(DEMO.user.id);
  });

  it('an override maps an owner to the Aurora user the admin chose; an Aurora user that does not exist is refused', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await world().store.updateDeal(dealId, { hubspot_owner_id: '7002' });
    const { call } = realFunctions();
    const owners = { ...DEFAULT_SETTINGS.owners, enabled: true };
    const refused = await call('aurora_save_settings', { settings: { ...DEFAULT_SETTINGS, owners: { ...owners, overrides: { '7002': 'no-such-user' } } }, basedOn: null });
    expect(refused).toMatchObject({ ok: true, outcome: 'invalid', problems: [{ field: 'Owner override for HubSpot owner 7002', message: 'Aurora has no user with the id no-such-user.' }] });
    const saved = await call('aurora_save_settings', { settings: { ...DEFAULT_SETTINGS, owners: { ...owners, overrides: { '7002': RILEY.auroraUserId } } }, basedOn: null });
    expect(saved).toMatchObject({ ok: true, outcome: 'saved' });

    const { projectId } = await linkedDeal(world(), dealId);
    expect(world().aurora.state.projects.get(projectId)!.wire.owner_id).toBe(RILEY.auroraUserId);
  });
});

describe('App settings: following owner changes into Aurora', () => {
  const RILEY = { ownerId: '7001', auroraUserId: DEMO.secondUser.id };
  const PAT = { ownerId: '7002' };
  const projectOwnerOf = (projectId: string) => world().aurora.state.projects.get(projectId)!.wire.owner_id;
  const ownerWrites = () => world().aurora.state.requests.filter((r) => r.method === 'PUT' && /\/projects\/[^/]+$/.test(r.path)).length;
  const ownerReads = () => world().hubspot.apiRequests().filter((r) => r.path.startsWith('/crm/v3/owners/')).length;
  const history = (dealId: string) => readHistory(dealProps(world(), dealId).aurora_history).map((entry) => entry.what);

  it('off, a changed deal owner leaves the project alone; on, the next Sync and Update in Aurora give it to the new owner’s Aurora user', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await world().store.updateDeal(dealId, { hubspot_owner_id: PAT.ownerId });
    const page = renderPage();
    await page.waitFor(() => page.select('Deal owner → Aurora project owner'), WAIT);
    page.select('Deal owner → Aurora project owner').trigger('onChange', 'on' as never);
    await save(page, 'Settings saved');
    const { projectId } = await linkedDeal(world(), dealId);
    expect(projectOwnerOf(projectId)).toBe(DEMO.user.id);

    // Following is off: a new deal owner changes nothing in Aurora, and costs no owner read.
    await world().store.updateDeal(dealId, { hubspot_owner_id: RILEY.ownerId });
    const readsBefore = ownerReads();
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true });
    expect(projectOwnerOf(projectId)).toBe(DEMO.user.id);
    expect(ownerReads()).toBe(readsBefore);

    // The admin turns following on: the very next Sync moves the project to Riley, and says so on the deal.
    page.select('When the deal owner changes').trigger('onChange', 'follow' as never);
    await save(page, 'Settings saved');
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true });
    expect(projectOwnerOf(projectId)).toBe(RILEY.auroraUserId);
    expect(dealProps(world(), dealId).aurora_project_owner).toBe('Riley Rooftop');
    expect(history(dealId)[0]).toMatch(/^Sync on the card: Aurora project owner: Riley Rooftop \(the deal owner changed\)/);

    // Nothing changed since: a second Sync neither reads the owner nor writes to Aurora.
    const [writes, reads] = [ownerWrites(), ownerReads()];
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true });
    expect([ownerWrites(), ownerReads()]).toEqual([writes, reads]);

    // Back to Pat, who has no Aurora user: Update in Aurora keeps Riley and the deal's history says why.
    await world().store.updateDeal(dealId, { hubspot_owner_id: PAT.ownerId });
    expect(await updateProject(card({ dealId }))).toMatchObject({ ok: true, outcome: 'unchanged', sent: [] });
    expect(projectOwnerOf(projectId)).toBe(RILEY.auroraUserId);
    expect(history(dealId)[0]).toBe('The deal owner Pat Newhire has no Aurora user (no Aurora user has the email pat.newhire@example.com): the Aurora project keeps its owner.');

    // The admin maps Pat to Sam: the next Update in Aurora sends the owner (settings saved since count as a change).
    const { call } = realFunctions();
    const loaded = await call('aurora_get_settings', {});
    if (!loaded.ok) throw new Error(loaded.error.message);
    const owners = { ...loaded.state.settings.owners, overrides: { [PAT.ownerId]: DEMO.user.id } };
    expect(await call('aurora_save_settings', { settings: { ...loaded.state.settings, owners }, basedOn: loaded.state.savedAt })).toMatchObject({ ok: true, outcome: 'saved' });
    expect(await updateProject(card({ dealId }))).toMatchObject({ ok: true, outcome: 'updated', sent: [{ label: 'Aurora project owner', value: 'Sam Sunny' }] });
    expect(projectOwnerOf(projectId)).toBe(DEMO.user.id);
    expect(dealProps(world(), dealId).aurora_project_owner).toBe('Sam Sunny');
  });
});

describe('Settings page: problems link into the deal history', () => {
  it('each deal in the problems list links to its record, where the Aurora card shows its history', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await world().store.updateDeal(dealId, { aurora_sync_status: 'error', aurora_last_error: 'Aurora did not answer in time.', aurora_last_synced_at: new Date().toISOString() });
    const renderer = createRenderer('settings');
    const { call } = realFunctions();
    renderer.render(<SettingsPage call={call} actions={renderer.mocks.actions} now={() => NOW} portalId={123456} />);
    await renderer.waitFor(() => renderer.find(Link, (node) => textOf(node) === "History on the deal's Aurora card"), WAIT);
    expect(renderer.find(Link, (node) => textOf(node) === "History on the deal's Aurora card").props.href).toEqual({
      url: `https://app.hubspot.com/contacts/123456/record/0-3/${dealId}`,
      external: true,
    });
  });
});

// The app settings on the settings page, run on the REAL functions against both simulators: an admin's change is
// checked against the portal, saved in HubSpot with who and when, and used by the very next call.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Input, LoadingButton, Select, Table, TableBody, TableCell, TableRow } from '@hubspot/ui-extensions';
import { SettingsPage } from '../../src/app/settings/components/SettingsPage';
import { main as createProject } from '../../src/core/functions/createProject';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { DEFAULT_SETTINGS, type AppSettings } from '../../src/core/settings/model';
import { SETTINGS_RECORD_ID } from '../../src/core/settings/store';
import { card, dealProps, simulatedDesign, useWorld, type World } from '../functions/support';
import { NOW, textOf } from '../card/support';
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
  const dealId = w.hubspot.demo!.deals.sandbox;
  const created = await createProject(card({ dealId }));
  if (!created.ok || !('project' in created)) throw new Error('create failed');
  const design = simulatedDesign(w, created.project.id, { name: 'South roof', sizeKw: 8 });
  const agreement = w.aurora.control.createAgreement({ projectId: created.project.id, designId: design.id });
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

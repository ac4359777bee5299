// The project as HubSpot's own parser sees it: the exact components, valid uids, built entrypoints, declared secrets.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTION_PARAM, outputsOf, WORKFLOW_ACTIONS } from '../../src/core/workflows/protocol';

const root = path.resolve(__dirname, '../..');
type Component = { uid: string; type: string; config: Record<string, unknown> & { entrypoint?: string } };
const parsed = JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts/check-project.mjs')], { encoding: 'utf8' })) as {
  projectConfig: { platformVersion: string; srcDir: string };
  components: Component[];
  skippedHsMetaFiles: unknown[];
  uidErrors: string[];
};

const expected: Record<string, string> = {
  aurora_solar_app: 'APPLICATION',
  aurora_deal_card: 'CARD',
  aurora_settings: 'SETTINGS',
  'hubspot-serverless-package-uid': 'SERVERLESS_PACKAGE',
  aurora_deal_overview: 'APP_FUNCTION',
  aurora_create_project: 'APP_FUNCTION',
  aurora_update_project: 'APP_FUNCTION',
  aurora_sync_deal: 'APP_FUNCTION',
  aurora_design_request: 'APP_FUNCTION',
  aurora_create_design: 'APP_FUNCTION',
  aurora_unlink_project: 'APP_FUNCTION',
  aurora_make_primary: 'APP_FUNCTION',
  aurora_test_connection: 'APP_FUNCTION',
  aurora_install: 'APP_FUNCTION',
  aurora_register_webhooks: 'APP_FUNCTION',
  aurora_settings_overview: 'APP_FUNCTION',
  aurora_get_settings: 'APP_FUNCTION',
  aurora_save_settings: 'APP_FUNCTION',
  aurora_webhook: 'APP_FUNCTION',
  aurora_workflow_action: 'APP_FUNCTION',
  aurora_create_project_action: 'WORKFLOW_ACTION',
  aurora_sync_deal_action: 'WORKFLOW_ACTION',
  aurora_update_project_action: 'WORKFLOW_ACTION',
};

describe('the HubSpot project', () => {
  it('targets platform 2026.03 with src as the source folder', () => {
    expect(parsed.projectConfig).toMatchObject({ platformVersion: '2026.03', srcDir: 'src' });
  });

  it('has exactly the expected components, and no hsmeta file is skipped', () => {
    const found = Object.fromEntries(parsed.components.map((c) => [c.uid, c.type]));
    expect(found).toEqual(expected);
    expect(parsed.skippedHsMetaFiles).toEqual([]);
    expect(parsed.uidErrors).toEqual([]);
  });

  it('points every entrypoint at a file that exists after the build', () => {
    const withEntrypoints = parsed.components.filter((c) => typeof c.config.entrypoint === 'string');
    expect(withEntrypoints.length).toBe(Object.values(expected).filter((t) => ['CARD', 'SETTINGS', 'APP_FUNCTION'].includes(t)).length);
    for (const component of withEntrypoints) {
      expect([component.uid, existsSync(path.join(root, 'src', component.config.entrypoint!))]).toEqual([component.uid, true]);
    }
  });

  it('builds each function into CommonJS that exports main', () => {
    for (const component of parsed.components.filter((c) => c.type === 'APP_FUNCTION')) {
      const fn = require(path.join(root, 'src', component.config.entrypoint!));
      expect([component.uid, typeof fn.main]).toEqual([component.uid, 'function']);
    }
  });

  it('exposes the webhook receiver (GET) and the workflow action endpoint (POST) publicly and keeps the others private', () => {
    const endpoints = parsed.components.filter((c) => c.config.endpoint).map((c) => [c.uid, c.config.endpoint]);
    expect(endpoints).toEqual([
      ['aurora_webhook', { path: 'aurora/webhook', methods: ['GET'] }],
      ['aurora_workflow_action', { path: 'aurora/workflow-action', methods: ['POST'] }],
    ]);
  });

  it('points each deal workflow action at the action endpoint with its own action, and declares the outputs the handler returns', () => {
    const actions = parsed.components.filter((c) => c.type === 'WORKFLOW_ACTION');
    const outputs = Object.keys(outputsOf(null, 'created')).sort();
    expect(actions.map((c) => new URL(String(c.config.actionUrl)).searchParams.get(ACTION_PARAM)).sort()).toEqual([...WORKFLOW_ACTIONS].sort());
    for (const action of actions) {
      expect([action.uid, new URL(String(action.config.actionUrl)).protocol]).toEqual([action.uid, 'https:']);
      expect([action.uid, action.config.objectTypes]).toEqual([action.uid, ['DEAL']]);
      const declared = (action.config.outputFields as { typeDefinition: { name: string } }[]).map((f) => f.typeDefinition.name).sort();
      expect([action.uid, declared]).toEqual([action.uid, outputs]);
    }
  });

  it('never lists the platform-provided token as a secret', () => {
    for (const component of parsed.components.filter((c) => c.type === 'APP_FUNCTION')) {
      expect(component.config.secretKeys).not.toContain('PRIVATE_APP_ACCESS_TOKEN');
    }
  });

  it('ships the same runtime package versions the tests run with', () => {
    const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const fnPkg = JSON.parse(readFileSync(path.join(root, 'src/app/functions/package.json'), 'utf8'));
    for (const [name, version] of Object.entries(fnPkg.dependencies)) expect([name, rootPkg.dependencies[name]]).toEqual([name, version]);
    for (const dir of ['cards', 'settings']) {
      const uiPkg = JSON.parse(readFileSync(path.join(root, `src/app/${dir}/package.json`), 'utf8'));
      for (const [name, version] of Object.entries(uiPkg.dependencies)) expect([name, rootPkg.dependencies[name]]).toEqual([name, version]);
    }
  });

  it('shares UI code through workspace packages that HubSpot and the root install alike', () => {
    const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const appPkg = JSON.parse(readFileSync(path.join(root, 'src/app/package.json'), 'utf8'));
    expect(appPkg.workspaces).toEqual(expect.arrayContaining(['cards', 'settings', 'packages/*']));
    const packagesDir = path.join(root, 'src/app/packages');
    const shared = readdirSync(packagesDir).map((dir) => JSON.parse(readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8')));
    expect(shared.length).toBeGreaterThan(0);
    for (const pkg of shared) {
      // The extensions depend on the version in the workspace, so the root must too.
      expect([pkg.name, rootPkg.dependencies[pkg.name]]).toEqual([pkg.name, pkg.version]);
      for (const [name, version] of Object.entries(pkg.peerDependencies ?? {})) expect([pkg.name, name, rootPkg.dependencies[name]]).toEqual([pkg.name, name, version]);
    }
  });

  it('has built the card and the settings page with remoteBuild', () => {
    expect(existsSync(path.join(root, 'src/app/cards/dist/AuroraDealCard.js'))).toBe(true);
    expect(existsSync(path.join(root, 'src/app/settings/dist/AuroraSettingsPage.js'))).toBe(true);
  });
});

// The admin functions against both simulators: Test connection (what the Aurora key may use, 401/403/404, HubSpot's
// token, custom objects and setup) and the settings overview (environment, tenant, webhook URL, setup, field map, sync
// problems newest first), in-process with their own config, and once each through the functions host as HubSpot runs them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createAuroraClient } from '../../src/core/aurora/client';
import { readConfig, requireAurora } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { testConnection } from '../../src/core/useCases/checkConnection';
import { settingsOverview } from '../../src/core/useCases/settingsPage';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { FIELD_MAP } from '../../src/core/mapping/fieldMap';
import { describeFieldMap } from '../../src/core/mapping/validate';
import { installPortal } from '../../src/core/useCases/install';
import { startFunctionsHost } from '../../workbench/functionsHost';
import { PROJECT_ROOT } from '../webhooks/support';

let aurora: AuroraSimulator;
let hubspot: HubSpotSimulator;

beforeAll(async () => {
  [aurora, hubspot] = await Promise.all([startAuroraSimulator({ seed: true, designRequestDelayMs: null }), startHubSpotSimulator({ seed: true })]);
});
afterAll(async () => {
  await Promise.all([aurora.close(), hubspot.close()]);
});
beforeEach(async () => {
  aurora.control.reset();
  hubspot.control.reset();
});
afterEach(() => {
  expect(aurora.server.unhandled.splice(0)).toEqual([]);
  expect(hubspot.server.unhandled.splice(0)).toEqual([]);
});

const install = async () => expect((await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) })).ready).toBe(true);

function envFor(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AURORA_API_KEY: DEMO.standardKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    AURORA_WEBHOOK_TOKEN: 'admin-test-webhook-token',
    AURORA_WEBHOOK_URL: 'https://portal.example.com/hs/serverless/aurora/webhook',
    PRIVATE_APP_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_BASE_URL: hubspot.url,
    ...overrides,
  };
}

async function connection(overrides: Record<string, string | undefined> = {}) {
  const config = readConfig(envFor(overrides));
  const deps = createDeps(config);
  return testConnection({ aurora: deps.aurora, hubspot: deps.hubspot }, requireAurora(config), { deadline: Date.now() + 10_000 });
}

const feature = (report: Awaited<ReturnType<typeof connection>>, name: string) => report.features.find((f) => f.feature === name);

const ADDRESS = '12 Elm St, Springfield, IL 62701';
const newProject = (name: string) =>
  createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url }).projects.create({ name, location: { property_address: ADDRESS } });

describe('Test connection', () => {
  /** A project with a laid-out design: what the per-design probes read. */
  async function seedDesign() {
    const created = await newProject('Probe');
    aurora.control.createDesign({ projectId: created.id, sizeKw: 5 });
    return created.id;
  }

  it('reports every feature available for the standard key, and HubSpot ready once installed', async () => {
    await install();
    await seedDesign();
    const writes = hubspot.state.writes;
    const auroraWrites = () => aurora.server.log.filter((entry) => entry.path.startsWith('/tenants/') && entry.method !== 'GET').length;
    const created = auroraWrites();
    const report = await connection();
    expect(report.aurora).toEqual({ environment: 'custom', tenantId: DEMO.tenantId, ok: true, message: `Connected to the custom tenant ${DEMO.tenantId}.` });
    expect(report.features.map((f) => [f.feature, f.status])).toEqual([
      ['projects', 'available'],
      ['design_requests', 'available'],
      ['pricing', 'available'],
      ['financings', 'available'],
      ['agreements', 'available'],
      ['assets', 'available'],
      ['webhooks', 'available'],
    ]);
    expect(report.hubspot.map((c) => [c.check, c.ok])).toEqual([
      ['Access token', true],
      ['Custom objects', true],
      ['HubSpot setup', true],
    ]);
    // Reads only: nothing written on either side.
    expect(hubspot.state.writes).toBe(writes);
    expect(auroraWrites()).toBe(created);
  });

  it('names the features a restricted key is not provisioned for (403)', async () => {
    await seedDesign();
    const report = await connection({ AURORA_API_KEY: DEMO.restrictedKey });
    expect(report.aurora.ok).toBe(true);
    expect(feature(report, 'pricing')).toMatchObject({ status: 'unavailable', message: expect.stringContaining('not provisioned') });
    expect(feature(report, 'financings')).toMatchObject({ status: 'unavailable', message: expect.stringContaining('403') });
    expect(feature(report, 'projects')?.status).toBe('available');
    expect(feature(report, 'webhooks')?.status).toBe('available');
  });

  it('says when a route the app relies on does not exist on this Aurora (404), naming it and the probe, instead of "none"', async () => {
    const other = await startAuroraSimulator({ seed: true, designRequestDelayMs: null, deviations: { omitOperations: ['listAgreements'] } });
    try {
      const created = await createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: other.url }).projects.create({ name: 'Probe', location: { property_address: ADDRESS } });
      other.control.createDesign({ projectId: created.id, sizeKw: 5 });
      const report = await connection({ AURORA_BASE_URL: other.url });

      expect(feature(report, 'agreements')).toMatchObject({
        status: 'unavailable',
        message: expect.stringMatching(/404: this route does not exist.*GET \/tenants\/:tenantId\/projects\/:projectId\/agreements.*npm run probe/),
      });
      expect(feature(report, 'pricing')?.status).toBe('available');
      expect(other.server.unhandled.map((entry) => entry.method)).toEqual(['GET']);
    } finally {
      await other.close();
    }
  });

  it('reports the design features as not checked (not as unavailable) on a tenant without a project or design', async () => {
    const report = await connection();
    const byStatus = (r: typeof report) => r.features.map((f) => [f.feature, f.status]);
    expect(byStatus(report)).toEqual([
      ['projects', 'available'],
      ['design_requests', 'available'],
      ['pricing', 'not_checked'],
      ['financings', 'not_checked'],
      ['agreements', 'not_checked'],
      ['assets', 'not_checked'],
      ['webhooks', 'available'],
    ]);
    expect(feature(report, 'pricing')?.message).toBe('The tenant has no project yet: create a project with a design in Aurora, then test again.');

    await newProject('Empty');
    const empty = await connection();
    expect(byStatus(empty)).toEqual(byStatus(report));
    expect(feature(empty, 'assets')?.message).toBe('The newest project has no design yet: add a design to it in Aurora, then test again.');
  });

  it('reports a wrong key (401) and a wrong tenant (404) without checking features, and never shows the key', async () => {
    const badKey = await connection({ AURORA_API_KEY: 'sk_sand_wrong0000000000000000000' });
    expect(badKey.aurora).toMatchObject({ ok: false, message: expect.stringContaining('did not accept the API key') });
    // The settings page is the admin's own: it says what to do, never "ask your HubSpot admin" (issue 14, defect 8).
    expect(badKey.aurora.message).toMatch(/Check the AURORA_API_KEY secret/);
    expect(badKey.aurora.message).not.toMatch(/HubSpot admin/i);
    expect(badKey.features.map((f) => [f.status, f.message])).toEqual(Array(7).fill(['not_checked', 'Aurora did not accept the API key.']));
    expect(JSON.stringify(badKey)).not.toContain('sk_sand_wrong');

    const badTenant = await connection({ AURORA_TENANT_ID: '00000000-0000-4000-8000-000000000000' });
    expect(badTenant.aurora).toMatchObject({ ok: false, message: expect.stringContaining('AURORA_TENANT_ID') });
    expect(badTenant.features.every((f) => f.status === 'not_checked')).toBe(true);
    expect(JSON.stringify(badTenant)).not.toContain(DEMO.standardKey);
  });

  it('reports HubSpot before setup, without custom objects, and with a rejected token', async () => {
    const before = await connection();
    expect(before.hubspot.find((c) => c.check === 'HubSpot setup')).toMatchObject({ ok: false, message: expect.stringContaining('Run Set up HubSpot') });

    hubspot.control.setCustomObjects(false);
    const noObjects = await connection();
    expect(noObjects.hubspot.find((c) => c.check === 'Custom objects')).toMatchObject({ ok: false, message: expect.stringContaining('Enterprise') });
    hubspot.control.setCustomObjects(true);

    const badToken = await connection({ PRIVATE_APP_ACCESS_TOKEN: 'not-a-token' });
    expect(badToken.hubspot).toEqual([{ check: 'Access token', ok: false, message: expect.stringContaining("did not accept the app's access token") }]);
  });
});

describe('Settings overview', () => {
  const overview = (overrides: Record<string, string | undefined> = {}) => {
    const config = readConfig(envFor(overrides));
    return settingsOverview({ hubspot: createDeps(config).hubspot }, config, { deadline: Date.now() + 10_000 });
  };

  it('shows the environment, tenant, webhook URL, a ready setup, the field map and no problems', async () => {
    await install();
    const result = await overview({ AURORA_BASE_URL: undefined, AURORA_API_KEY: DEMO.standardKey });
    expect(result).toMatchObject({
      ok: true,
      environment: 'sandbox',
      tenantId: DEMO.tenantId,
      webhookUrl: 'https://portal.example.com/hs/serverless/aurora/webhook',
      setup: { ready: true, problems: [] },
      problems: [],
    });
    expect(result.fieldMap).toEqual(describeFieldMap(FIELD_MAP));
    expect(JSON.stringify(result)).not.toContain(DEMO.standardKey);
    expect(JSON.stringify(result)).not.toContain('admin-test-webhook-token');
  });

  it('lists deals whose last sync failed or was partial, newest first, in the words the sync stored', async () => {
    await install();
    const deal = (name: string, status: string, at: string, error: string) =>
      hubspot.control.createRecord('deals', { dealname: name, aurora_sync_status: status, aurora_last_synced_at: at, aurora_last_error: error });
    const older = deal('Older', 'error', '2026-11-20T10:00:00.000Z', 'Aurora did not accept the API key.');
    const newer = deal('Newer', 'partial', '2026-11-27T10:00:00.000Z', 'Pricing (the Aurora API key is not allowed to read pricing)');
    deal('Fine', 'ok', '2026-11-28T10:00:00.000Z', '');
    const result = await overview();
    expect(result.problems).toEqual([
      { dealId: newer, dealName: 'Newer', at: '2026-11-27T10:00:00.000Z', message: 'Pricing (the Aurora API key is not allowed to read pricing)' },
      { dealId: older, dealName: 'Older', at: '2026-11-20T10:00:00.000Z', message: 'Aurora did not accept the API key.' },
    ]);
  });

  it('says what is missing: secrets, and the HubSpot setup before the installer ran', async () => {
    const result = await overview({ AURORA_API_KEY: undefined, AURORA_WEBHOOK_URL: undefined, AURORA_WEBHOOK_TOKEN: undefined });
    expect(result.environment).toBeNull();
    expect(result.webhookUrl).toBeNull();
    expect(result.setup.ready).toBe(false);
    expect(result.setup.problems).toEqual([
      expect.stringContaining('AURORA_API_KEY is missing'),
      expect.stringContaining('AURORA_WEBHOOK_TOKEN is missing'),
      expect.stringContaining('AURORA_WEBHOOK_URL is missing'),
      expect.stringContaining('run Set up HubSpot'),
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('through the functions host, as HubSpot calls them from the settings page', () => {
  it('aurora_test_connection, aurora_settings_overview and aurora_register_webhooks answer the contract', async () => {
    await install();
    const host = await startFunctionsHost({ projectRoot: PROJECT_ROOT, env: envFor({ AURORA_WEBHOOK_URL: 'https://portal.example.com/hs/serverless/aurora/webhook' }) });
    try {
      const tested = await host.callCardFunction('aurora_test_connection', {});
      expect(tested).toMatchObject({ ok: true, result: { ok: true, report: { aurora: { ok: true }, hubspot: expect.any(Array) } } });
      const shown = await host.callCardFunction('aurora_settings_overview', {});
      expect(shown).toMatchObject({ ok: true, result: { ok: true, setup: { ready: true }, fieldMap: expect.any(Array), problems: [] } });
      const registered = await host.callCardFunction('aurora_register_webhooks', {});
      expect(registered).toMatchObject({ ok: true, result: { ok: true, endpointUrl: 'https://portal.example.com/hs/serverless/aurora/webhook' } });
      const again = await host.callCardFunction('aurora_register_webhooks', {});
      expect((again as { result: { registrations: { outcome: string }[] } }).result.registrations.every((r) => r.outcome === 'unchanged')).toBe(true);
      for (const outcome of [tested, shown, registered]) {
        expect(JSON.stringify(outcome)).not.toContain(DEMO.standardKey);
        expect(JSON.stringify(outcome)).not.toContain('admin-test-webhook-token');
      }
    } finally {
      await host.close();
    }
  });

  it('register webhooks says which setting is missing', async () => {
    const host = await startFunctionsHost({ projectRoot: PROJECT_ROOT, env: envFor({ AURORA_WEBHOOK_URL: undefined }) });
    try {
      const outcome = await host.callCardFunction('aurora_register_webhooks', {});
      expect(outcome).toMatchObject({ ok: true, result: { ok: false, error: { code: 'not_configured', message: expect.stringContaining('AURORA_WEBHOOK_URL') } } });
    } finally {
      await host.close();
    }
  });
});

describe('the functions’ secrets', () => {
  // HubSpot injects only the secrets an app function lists in its hsmeta `secretKeys` (docs/hubspot-platform.md#secrets).
  const secretKeys = (file: string): string[] => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'src/app/functions', file), 'utf8')).config.secretKeys;

  it('list every setting the admin and webhook functions read', () => {
    expect(secretKeys('settings-overview-hsmeta.json')).toEqual(expect.arrayContaining(['AURORA_API_KEY', 'AURORA_TENANT_ID', 'AURORA_WEBHOOK_TOKEN', 'AURORA_WEBHOOK_URL']));
    expect(secretKeys('register-webhooks-hsmeta.json')).toEqual(expect.arrayContaining(['AURORA_API_KEY', 'AURORA_TENANT_ID', 'AURORA_WEBHOOK_TOKEN', 'AURORA_WEBHOOK_URL']));
    expect(secretKeys('test-connection-hsmeta.json')).toEqual(expect.arrayContaining(['AURORA_API_KEY', 'AURORA_TENANT_ID']));
    // The public endpoint gets no app token from HubSpot: it reads its own.
    expect(secretKeys('aurora-webhook-hsmeta.json')).toEqual(expect.arrayContaining(['AURORA_API_KEY', 'AURORA_TENANT_ID', 'AURORA_WEBHOOK_TOKEN', 'HUBSPOT_ACCESS_TOKEN']));
  });
});

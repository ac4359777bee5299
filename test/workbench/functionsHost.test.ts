// The local functions host runs built functions with HubSpot's main(context) contract: card calls, public endpoints,
// deadline, JSON round trip, HubSpot-shaped failures, and secrets in process.env only while it runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { discoverFunctions, startFunctionsHost, type FunctionsHost } from '../../workbench/functionsHost';

const projectRoot = path.resolve(__dirname, '../..');

/** A throwaway 2026.03 project whose functions report what they received. */
function fixtureProject(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'functions-host-'));
  const functionsDir = path.join(root, 'src', 'app', 'functions');
  mkdirSync(path.join(functionsDir, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'hsproject.json'), JSON.stringify({ name: 'fixture', srcDir: 'src', platformVersion: '2026.03' }));
  writeFileSync(path.join(root, 'package.json'), '{}');
  const fn = (file: string, meta: object, source: string) => {
    writeFileSync(path.join(functionsDir, `${file}-hsmeta.json`), JSON.stringify(meta));
    writeFileSync(path.join(functionsDir, 'dist', `${file}.js`), source);
  };
  const config = (file: string, extra: object = {}) => ({ entrypoint: `/app/functions/dist/${file}.js`, secretKeys: ['FIXTURE_SECRET'], ...extra });
  fn('echo', { uid: 'echo', type: 'app-function', config: config('echo') }, 'exports.main = async (context) => ({ context, secret: process.env.FIXTURE_SECRET, at: new Date(0) });');
  fn('slow', { uid: 'slow', type: 'app-function', config: config('slow') }, 'exports.main = () => new Promise(() => {});');
  fn('broken', { uid: 'broken', type: 'app-function', config: config('broken') }, "exports.main = async () => { throw new TypeError('cannot read x'); };");
  fn('shapeless', { uid: 'shapeless', type: 'app-function', config: config('shapeless') }, 'exports.main = async () => () => 1;');
  fn('nothing', { uid: 'nothing', type: 'app-function', config: config('nothing') }, 'exports.main = async () => undefined;');
  fn('nomain', { uid: 'nomain', type: 'app-function', config: config('nomain') }, 'exports.handler = async () => 1;');
  fn(
    'hook',
    { uid: 'hook', type: 'app-function', config: config('hook', { endpoint: { path: 'fixture/hook', methods: ['GET', 'POST'] } }) },
    "exports.main = async (context) => ({ statusCode: 202, headers: { 'Content-Type': 'application/json', 'X-Seen': 'yes' }, body: JSON.stringify(context) });",
  );
  writeFileSync(path.join(functionsDir, 'not-a-function-hsmeta.json'), JSON.stringify({ uid: 'card', type: 'card', config: { entrypoint: '/app/cards/X.tsx' } }));
  return root;
}

describe('functions host', () => {
  let root: string;
  let host: FunctionsHost;
  let hubspot: HubSpotSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = fixtureProject();
    delete process.env.FIXTURE_SECRET;
    hubspot = await startHubSpotSimulator({ seed: true });
    env = { FIXTURE_SECRET: 's3cret', HUBSPOT_BASE_URL: hubspot.url, PRIVATE_APP_ACCESS_TOKEN: hubspot.accessToken };
    host = await startFunctionsHost({ projectRoot: root, env, timeoutMs: 300, accountId: 4242 });
  });

  afterAll(async () => {
    await host.close();
    await hubspot.close();
    rmSync(root, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(host.server.unhandled).toEqual([]);
    expect(hubspot.server.unhandled).toEqual([]);
  });

  it('discovers the real project functions from their hsmeta files, with the webhook endpoint', () => {
    const functions = discoverFunctions(projectRoot);
    expect(functions.map((fn) => fn.uid)).toEqual(expect.arrayContaining(['aurora_deal_overview', 'aurora_create_project', 'aurora_sync_deal', 'aurora_webhook']));
    const webhook = functions.find((fn) => fn.uid === 'aurora_webhook');
    expect(webhook?.endpoint).toEqual({ path: 'aurora/webhook', methods: ['GET'] });
    expect(webhook?.file).toBe(path.join(projectRoot, 'src/app/functions/dist/auroraWebhook.js'));
  });

  it('ignores hsmeta files of other component types', () => {
    expect(host.functions.map((fn) => fn.uid).sort()).toEqual(['broken', 'echo', 'hook', 'nomain', 'nothing', 'shapeless', 'slow']);
  });

  it('calls a card function with parameters and empty propertiesToSend, and round-trips the result through JSON', async () => {
    const outcome = await host.callCardFunction('echo', { parameters: { dealId: '42' } });
    expect(outcome).toMatchObject({
      ok: true,
      result: { context: { parameters: { dealId: '42' }, propertiesToSend: {} }, secret: 's3cret', at: '1970-01-01T00:00:00.000Z' },
    });
  });

  it("reads propertiesToSend from HubSpot for the card's record: the requested names only, null when unset", async () => {
    const dealId = hubspot.demo!.deals.sandbox;
    const outcome = await host.callCardFunction('echo', { parameters: {}, propertiesToSend: ['dealname', 'amount', 'closedate'], objectId: Number(dealId), objectTypeId: '0-3' });
    expect(outcome).toMatchObject({ ok: true, result: { context: { propertiesToSend: { dealname: 'Jane Homeowner – 901 Mears Ct solar', amount: '41200', closedate: null } } } });
    expect(Object.keys((outcome as { result: { context: { propertiesToSend: object } } }).result.context.propertiesToSend).sort()).toEqual(['amount', 'closedate', 'dealname']);
  });

  it('returns null for undefined and refuses a result JSON cannot carry', async () => {
    expect(await host.callCardFunction('nothing', {})).toMatchObject({ ok: true, result: null });
    const shapeless = await host.callCardFunction('shapeless', {});
    expect(shapeless).toMatchObject({ ok: false, failure: { status: 'error', errors: [{ context: { reason: 'INVALID_RESPONSE', serverlessFunction: 'shapeless' } }] } });
  });

  it('fails like HubSpot when a function throws, times out, has no main or does not exist', async () => {
    const broken = await host.callCardFunction('broken', {});
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.failure.message).toBe("There was a problem reaching the app's API. Contact the app developer for more information.");
    expect(broken.failure.errors[0]).toMatchObject({ message: "The serverless function 'broken' failed to execute: TypeError: cannot read x.", context: { reason: 'UNCAUGHT_ERROR' } });

    const started = Date.now();
    expect(await host.callCardFunction('slow', {})).toMatchObject({ ok: false, failure: { errors: [{ context: { reason: 'TIMEOUT' } }] } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await host.callCardFunction('nomain', {})).toMatchObject({ ok: false, failure: { errors: [{ context: { reason: 'INVALID_FUNCTION' } }] } });
    expect(await host.callCardFunction('nope', {})).toMatchObject({ ok: false, failure: { errors: [{ context: { reason: 'FUNCTION_NOT_FOUND' } }] } });
  });

  it('serves an endpoint function: query values as arrays, standard headers only, its status, headers and body', async () => {
    const url = `${host.endpointUrl('hook')}?evt=design_request_completed&token=t0k&id=1&id=2`;
    const response = await fetch(url, { headers: { 'X-Aurora-Webhook-Token': 'secret-header', 'User-Agent': 'aurora-webhooks', Accept: 'application/json' } });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-seen')).toBe('yes');
    const context = (await response.json()) as { params: unknown; headers: Record<string, string>; method: string; body: unknown; accountId: number };
    expect(context.params).toEqual({ evt: ['design_request_completed'], token: ['t0k'], id: ['1', '2'] });
    expect(context.method).toBe('GET');
    expect(context.accountId).toBe(4242);
    expect(context.body).toBeUndefined();
    expect(context.headers['user-agent']).toBe('aurora-webhooks');
    expect(context.headers.accept).toBe('application/json');
    expect(Object.keys(context.headers)).not.toContain('x-aurora-webhook-token');
  });

  it('passes a JSON POST body to an endpoint and refuses other content types before running it', async () => {
    const posted = await fetch(host.endpointUrl('hook'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(((await posted.json()) as { body: unknown }).body).toEqual({ a: 1 });
    const xml = await fetch(host.endpointUrl('hook'), { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(xml.status).toBe(415);
  });

  it('answers 405 for a method the endpoint does not declare', async () => {
    expect((await fetch(host.endpointUrl('hook'), { method: 'DELETE' })).status).toBe(405);
  });

  it('refuses a second host in the same process, and restores process.env when closed', async () => {
    await expect(startFunctionsHost({ projectRoot: root, env: {} })).rejects.toThrow(/already running/);
    expect(process.env.FIXTURE_SECRET).toBe('s3cret');
    await host.close();
    expect(process.env.FIXTURE_SECRET).toBeUndefined();
    host = await startFunctionsHost({ projectRoot: root, env, timeoutMs: 300 });
  });
});

// The standalone workflow action host with the app's client secret: HubSpot's v3 (and v2) signatures are checked, so a
// signed call acts without the deal's opt-in, and a tampered, stale or unsigned call is refused before anything happens.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DEMO } from '../../simulators/aurora';
import { readConfig } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { createWorkflowActionServer } from '../../src/core/workflows/standalone';
import { signatureV2, signedHeaders, SIGNATURE_HEADER, SIGNATURE_VERSION_HEADER } from '../../src/core/workflows/signature';
import { executionRequest, useActionWorld, type ActionAnswer } from './support';

const CLIENT_SECRET = 'cs_test_0b9e7c5a3f1d4e2b8a6c4e2f0d8b6a4c';
const world = useActionWorld();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createWorkflowActionServer({
    clientSecret: CLIENT_SECRET,
    services: () =>
      createDeps(
        readConfig({
          AURORA_API_KEY: DEMO.standardKey,
          AURORA_TENANT_ID: DEMO.tenantId,
          AURORA_BASE_URL: world().aurora.url,
          HUBSPOT_ACCESS_TOKEN: world().hubspot.accessToken,
          HUBSPOT_BASE_URL: world().hubspot.url,
        }),
      ),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hs/serverless/aurora/workflow-action`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(uri: string, body: string, headers: Record<string, string>): Promise<ActionAnswer> {
  const response = await fetch(uri, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as ActionAnswer['body'] };
}

describe('HubSpot signatures on the standalone host', () => {
  it('accepts a v3-signed Create for a deal without the opt-in, and a signed re-run creates nothing more', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const uri = `${base}?action=create_project`;
    const body = JSON.stringify(executionRequest(world(), dealId));

    const first = await send(uri, body, signedHeaders(CLIENT_SECRET, { method: 'POST', uri, body }, Date.now()));
    const second = await send(uri, body, signedHeaders(CLIENT_SECRET, { method: 'POST', uri, body }, Date.now()));

    expect(first.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', outcome: 'created' });
    expect(second.body.outputFields).toMatchObject({ outcome: 'already_linked', aurora_project_id: first.body.outputFields!.aurora_project_id });
    expect(world().aurora.state.projects.size).toBe(1);
  });

  it('accepts the v2 signature the custom action guide describes', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const uri = `${base}?action=create_project`;
    const body = JSON.stringify(executionRequest(world(), dealId));

    const answer = await send(uri, body, { [SIGNATURE_HEADER]: signatureV2(CLIENT_SECRET, { method: 'POST', uri, body }), [SIGNATURE_VERSION_HEADER]: 'v2' });

    expect(answer.body.outputFields).toMatchObject({ outcome: 'created' });
  });

  it('refuses a tampered body, another action in the URL, a stale or a wrong-key signature, and no signature, touching nothing', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const uri = `${base}?action=sync_deal`;
    const body = JSON.stringify(executionRequest(world(), dealId));
    const signed = signedHeaders(CLIENT_SECRET, { method: 'POST', uri, body }, Date.now());
    const otherDeal = body.replace(`"objectId":${dealId}`, `"objectId":${world().hubspot.demo!.deals.rejection}`);
    const writes = world().hubspot.state.writes;

    const answers = await Promise.all([
      send(uri, otherDeal, signed),
      send(`${base}?action=create_project`, body, signed),
      send(uri, body, signedHeaders(CLIENT_SECRET, { method: 'POST', uri, body }, Date.now() - 6 * 60_000)),
      send(uri, body, signedHeaders('another-apps-secret', { method: 'POST', uri, body }, Date.now())),
      send(uri, body, {}),
    ]);

    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.map((a) => a.body.message)).toEqual([
      'Wrong HubSpot signature.',
      'Wrong HubSpot signature.',
      'The HubSpot signature is older than 5 minutes.',
      'Wrong HubSpot signature.',
      'Missing HubSpot signature.',
    ]);
    expect(world().aurora.state.requests).toEqual([]);
    expect(world().hubspot.state.writes).toBe(writes);
  });

  it('refuses an oversized body and a body that is not JSON before anything is read or written', async () => {
    const uri = `${base}?action=sync_deal`;
    const huge = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });
    const writes = world().hubspot.state.writes;

    const answers = await Promise.all([send(uri, huge, signedHeaders(CLIENT_SECRET, { method: 'POST', uri, body: huge }, Date.now())), send(uri, 'not json', signedHeaders(CLIENT_SECRET, { method: 'POST', uri, body: 'not json' }, Date.now()))]);

    expect(answers.map((a) => a.status)).toEqual([413, 400]);
    expect(world().aurora.state.requests).toEqual([]);
    expect(world().hubspot.state.writes).toBe(writes);
  });
});

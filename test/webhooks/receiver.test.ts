// The host-independent handler in-process, with small time windows: work that cannot finish before the deadline is
// recorded on the deal and answered 503, so Aurora delivers again; 405, an unset secret, and the
// same handler behind the plain Node server (where the auth header does arrive).
import { randomUUID } from 'node:crypto';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createAuroraClient } from '../../src/core/aurora/client';
import { readConfig } from '../../src/core/config';
import { createDeps, type Deps } from '../../src/core/deps';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';
import { syncDeal } from '../../src/core/useCases/sync';
import { urlTemplateFor } from '../../src/core/aurora/webhookDeliveries';
import { handleAuroraWebhook, type WebhookLogEntry, type WebhookRequest } from '../../src/core/webhooks/receiver';
import { startStandaloneReceiver } from '../../src/core/webhooks/standalone';
import { captureDeliveryLogs } from './support';

const TOKEN = 'receiver-test-token-0123456789';
let aurora: AuroraSimulator;
let hubspot: HubSpotSimulator;
let env: Record<string, string>;
let deps: Deps;
const logs: WebhookLogEntry[] = [];

beforeAll(async () => {
  captureDeliveryLogs();
  [aurora, hubspot] = await Promise.all([
    startAuroraSimulator({ seed: true, designRequestDelayMs: null, rateLimit: { requests: 10_000, perMs: 60_000 } }),
    startHubSpotSimulator({ seed: true }),
  ]);
  expect((await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) })).ready).toBe(true);
  env = {
    AURORA_API_KEY: DEMO.standardKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    AURORA_WEBHOOK_TOKEN: TOKEN,
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_BASE_URL: hubspot.url,
  };
  deps = createDeps(readConfig(env));
});
afterAll(async () => {
  await Promise.all([aurora.close(), hubspot.close()]);
});
afterEach(() => {
  aurora.control.clearFaults();
  hubspot.server.clearFaults();
  expect(aurora.server.unhandled.splice(0)).toEqual([]);
  expect(hubspot.server.unhandled.splice(0)).toEqual([]);
});

const fast = { answerWithinMs: 1_500, reserveMs: 500 };
const handle = (request: WebhookRequest, timing = fast) => handleAuroraWebhook({ webhookToken: TOKEN, services: deps, timing, log: (entry) => logs.push(entry) }, request);

/** The query Aurora would send for the event, from the registered URL template with its placeholders filled. */
function delivery(event: Parameters<typeof urlTemplateFor>[2], values: Record<string, string>): WebhookRequest {
  const url = new URL(urlTemplateFor('https://hooks.example.com/aurora', TOKEN, event).replace(/<([A-Z_]+)>/g, (_m, name: string) => values[name] ?? ''));
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return { method: 'GET', query, headers: {} };
}

async function linkedDesign() {
  const client = createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url });
  const dealId = hubspot.control.createRecord('deals', { dealname: 'Deadline', pipeline: 'default', dealstage: 'qualifiedtobuy' });
  const project = await client.projects.create({ name: 'Deadline', location: { property_address: '12 Elm St, Springfield, IL 62701' } });
  await deps.hubspot.updateDeal(dealId, { aurora_project_id: project.id });
  const design = aurora.control.createDesign({ projectId: project.id, name: 'Slow one', sizeKw: 6 });
  return { dealId, projectId: project.id, designId: design.id };
}

describe('the deadline', () => {
  it('answers 503 before Aurora does (so Aurora delivers again), with the work recorded on the design; the next sync finishes it', async () => {
    const { dealId, projectId, designId } = await linkedDesign();
    // The sync's read of the project answers after the work's deadline (1 000 ms here).
    aurora.control.injectFault({ path: `/projects/${projectId}`, method: 'GET', delayMs: 1_200, times: 1 });
    const response = await handle(delivery('performance_simulation_job_completed', { DESIGN_ID: designId, JOB_ID: randomUUID(), STATUS: 'succeeded' }));

    expect(response).toEqual({ statusCode: 503, body: expect.objectContaining({ ok: false, outcome: 'deferred', dealId }) });
    // HubSpot had no record of the design: one holding its marks is made for it (docs/pending-work.md#where-marks-live).
    const marked = () => hubspot.view.customRecords('aurora_design').find((r) => r.properties.aurora_design_id === designId)?.properties.aurora_sync_pending ?? '';
    expect(marked()).toContain(`design:${designId}`);

    aurora.control.clearFaults();
    await syncDeal(deps, { dealId }, Date.now() + 10_000);
    expect(hubspot.view.deal(dealId)?.properties.aurora_sync_pending ?? '').toBe('');
    expect(marked()).toBe('');
    expect((hubspot.view.deal(dealId)?.custom.aurora_design ?? []).map((r) => r.properties.aurora_design_id)).toEqual([designId]);
  });

  it('answers 503 when HubSpot cannot even be asked which deal it is, so Aurora delivers again', async () => {
    const { projectId } = await linkedDesign();
    // The deal is read by its project (the unique aurora_project_id).
    hubspot.control.failNext({ status: 503, path: new RegExp(`/objects/deals/${projectId}$`), times: 10 });
    const response = await handle(delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Project Sold' }));
    expect(response).toEqual({ statusCode: 503, body: expect.objectContaining({ ok: false, outcome: 'failed' }) });
  });
});

describe('requests the handler refuses', () => {
  it('405 for anything but GET, 503 while the secret is not set, and the log never holds the secret', async () => {
    expect((await handle({ method: 'POST', query: { t: TOKEN, evt: 'design_created' }, headers: {} })).statusCode).toBe(405);
    const unset = await handleAuroraWebhook({ webhookToken: undefined, services: deps }, { method: 'GET', query: { t: '' }, headers: {} });
    expect(unset).toEqual({ statusCode: 503, body: expect.objectContaining({ outcome: 'not_configured' }) });
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });

  it('does not build the services for a call it refuses', async () => {
    const services = () => {
      throw new Error('must not be built');
    };
    const forged = await handleAuroraWebhook({ webhookToken: TOKEN, services }, { method: 'GET', query: { t: 'guess', evt: 'design_created' }, headers: {} });
    expect(forged.statusCode).toBe(401);
  });
});

describe('behind a plain Node HTTP server', () => {
  it('serves the same handler, and there the auth header works too; the query is a doorbell, Aurora the source', async () => {
    const { projectId } = await linkedDesign();
    const receiver = await startStandaloneReceiver(0, env);
    try {
      aurora.control.setProjectStatus(projectId, 'Permit');
      // The query's status is not trusted: the handler writes what Aurora says.
      const query = new URLSearchParams({ evt: 'project_status_changed', project_id: projectId, status: 'Installed' });
      const withHeader = await fetch(`${receiver.url}/aurora?${query}`, { headers: { 'X-Aurora-Webhook-Token': TOKEN } });
      expect(withHeader.status).toBe(200);
      expect(await withHeader.json()).toMatchObject({ ok: true, outcome: 'applied' });
      expect((await fetch(`${receiver.url}/aurora?${query}`)).status).toBe(401);
      expect(hubspot.view.deals().find((deal) => deal.properties.aurora_project_id === projectId)?.properties.aurora_project_status).toBe('Permit');
    } finally {
      await receiver.close();
    }
  });
});

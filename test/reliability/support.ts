// Shared set-up for the reliability and security suite: both simulators in-process, the portal installed, the app's
// deps built from its own config reader, and helpers that play Aurora (deliveries from the registered template) and a rep.
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { DEMO, startAuroraSimulator, type AuroraSimulator, type AuroraSimulatorOptions } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { createAuroraClient, type AuroraClient } from '../../src/core/aurora/client';
import { readConfig } from '../../src/core/config';
import { AURORA_CONCURRENCY, createDeps, type Deps } from '../../src/core/deps';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';
import { syncDeal } from '../../src/core/useCases/sync';
import { urlTemplateFor, type HandledEvent } from '../../src/core/aurora/webhookDeliveries';
import { handleAuroraWebhook, type WebhookLogEntry, type WebhookRequest, type WebhookResponse, type WebhookTiming } from '../../src/core/webhooks/receiver';

export const WEBHOOK_TOKEN = 'whk_reliability_5c1d9e7a3b2f4e6d8a0c1e3f5a7b9d2c';

export interface Rig {
  aurora: AuroraSimulator;
  hubspot: HubSpotSimulator;
  deps: Deps;
  /** The app's environment (secrets included): what the edges read. */
  env: Record<string, string>;
  /** Aurora as a rep in Aurora's app uses it (demo key, no rate limit of its own). */
  client: AuroraClient;
  /** Every receiver log line of the file, for the secrets check. */
  logs: WebhookLogEntry[];
  close(): Promise<void>;
}

export async function startRig(options: { aurora?: AuroraSimulatorOptions } = {}): Promise<Rig> {
  const [aurora, hubspot] = await Promise.all([
    startAuroraSimulator({ seed: true, designRequestDelayMs: null, simulationDelayMs: null, rateLimit: { requests: 100_000, perMs: 60_000 }, ...options.aurora }),
    startHubSpotSimulator({ seed: true, rateLimit: { max: 100_000, windowMs: 10_000 } }),
  ]);
  const report = await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) });
  if (!report.ready) throw new Error('the installer did not finish');
  const env = {
    AURORA_API_KEY: DEMO.standardKey,
    AURORA_TENANT_ID: DEMO.tenantId,
    AURORA_BASE_URL: aurora.url,
    AURORA_APP_URL: aurora.url,
    AURORA_ASSET_HOSTS: aurora.url,
    AURORA_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
    HUBSPOT_BASE_URL: hubspot.url,
  };
  return {
    aurora,
    hubspot,
    env,
    // Aurora's 90 requests a minute is scaled up on both sides (simulator and client) so hundreds of deals fit a test.
    deps: createDeps(readConfig(env), {
      aurora: createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, maxConcurrency: AURORA_CONCURRENCY, rateLimit: { requests: 100_000, perMs: 60_000 } }),
    }),
    client: createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: aurora.url, rateLimit: { requests: 100_000, perMs: 60_000 } }),
    logs: [],
    close: async () => {
      await Promise.all([aurora.server.idle(), hubspot.server.idle()]);
      await Promise.all([aurora.close(), hubspot.close()]);
    },
  };
}

/** The query Aurora sends for `event` (the registered template with its placeholders filled in). */
export function delivery(event: HandledEvent, values: Record<string, string>, token = WEBHOOK_TOKEN): WebhookRequest {
  const url = new URL(urlTemplateFor('https://hooks.example.com/aurora', token, event).replace(/<([A-Z_]+)>/g, (_m, name: string) => values[name] ?? ''));
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return { method: 'GET', query, headers: {} };
}

export function handle(rig: Rig, request: WebhookRequest, timing?: Partial<WebhookTiming>): Promise<WebhookResponse> {
  return handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: rig.deps, timing, log: (entry) => rig.logs.push(entry) }, request);
}

/** A HubSpot deal linked to a new Aurora project, as Create in Aurora leaves it. */
export async function linkedDeal(rig: Rig, name = `Deal ${randomUUID().slice(0, 8)}`): Promise<{ dealId: string; projectId: string }> {
  const dealId = rig.hubspot.control.createRecord('deals', { dealname: name, pipeline: 'default', dealstage: 'contractsent', amount: '30000' });
  const project = await rig.client.projects.create({ name, external_provider_id: dealId, location: { property_address: '1234 Cowper St, Palo Alto, CA 94301' } });
  await rig.deps.hubspot.updateDeal(dealId, { aurora_project_id: project.id, aurora_project_status: project.status ?? '' });
  return { dealId, projectId: project.id };
}

export const dealProps = (rig: Rig, dealId: string): Record<string, string> => rig.hubspot.view.deal(dealId)?.properties ?? {};
export const dealNotes = (rig: Rig, dealId: string) => rig.hubspot.view.deal(dealId)?.notes ?? [];
export const dealDesigns = (rig: Rig, dealId: string) =>
  (rig.hubspot.view.deal(dealId)?.custom.aurora_design ?? []).filter((r) => r.properties.aurora_record_kind !== 'project_claim');

/** A deadline far enough away for a use case under no time pressure. */
export const soon = () => Date.now() + 10_000;

/** A simulated design of the deal's project with an agreement Aurora sent, synced into HubSpot (agreement status `sent`). */
export async function sentAgreement(rig: Rig, deal: { dealId: string; projectId: string }, design: { name: string; sizeKw: number }) {
  const made = rig.aurora.control.createDesign({ projectId: deal.projectId, ...design });
  rig.aurora.control.finishSimulation(made.id);
  const agreementId = String(rig.aurora.control.createAgreement({ projectId: deal.projectId, designId: made.id }).id);
  await syncDeal(rig.deps, { dealId: deal.dealId }, soon());
  return { design: made, agreementId };
}

/** A real 1×1 PNG, chunk by chunk, with correct CRCs. */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_v, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 128, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The secrets check: no Aurora key, HubSpot token or webhook token in anything the rig's app left behind: deal, contact,
 * design and note properties, file names and contents, receiver log lines, Aurora's records.
 */
/** A rig for the enclosing file or describe: after each test no fault is left and no unknown route was called; at the end no secret leaked. */
export function useRig(): () => Rig {
  let rig: Rig | undefined;
  const current = (): Rig => {
    if (!rig) throw new Error('the rig is not started yet');
    return rig;
  };
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    if (!rig) return;
    assertNoSecrets(rig);
    await rig.close();
  });
  afterEach(() => {
    current().aurora.control.clearFaults();
    expect(current().aurora.server.unhandled.splice(0)).toEqual([]);
    expect(current().hubspot.server.unhandled.splice(0)).toEqual([]);
  });
  return current;
}

export function assertNoSecrets(rig: Rig, extra: unknown[] = []): void {
  const secrets = [rig.env.AURORA_API_KEY, rig.env.HUBSPOT_ACCESS_TOKEN, WEBHOOK_TOKEN].filter((s): s is string => Boolean(s));
  const { view, state } = rig.hubspot;
  const places: [string, unknown][] = [
    ['deals', view.deals()],
    ['deal notes and designs', view.deals().map((deal) => view.deal(deal.id))],
    ['design records', view.customRecords('aurora_design')],
    ['files', view.files()],
    ['file contents', [...(state.files?.values?.() ?? [])].map((file: { data?: Buffer }) => file.data?.toString('latin1') ?? '')],
    ['receiver log', rig.logs],
    // Aurora holds its own keys and the registered webhook URL (with its token) by design; everything else is checked.
    ['Aurora', (rig.aurora.control.snapshot().tenants as Record<string, unknown>[]).map(({ keys: _keys, webhooks: _webhooks, ...rest }) => rest)],
    ['extra', extra],
  ];
  const found = places.flatMap(([where, value]) => secrets.filter((secret) => JSON.stringify(value)?.includes(secret)).map((secret) => `${where} holds ${secret.slice(0, 6)}…`));
  if (found.length > 0) throw new Error(`secrets leaked: ${found.join('; ')}`);
}

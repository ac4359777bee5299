// Starts the whole product locally: the Aurora and HubSpot simulators (or real services), the functions host that
// runs the built app functions, and the page that renders the real card and settings page.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { buildBrowserBundle } from './browserBundle';
import { startFunctionsHost, type FunctionsHost } from './functionsHost';
import { hubspotReader, restSource } from './hubspotReader';
import type { WorkbenchInfo } from './protocol';
import { startPageServer } from './server';
import { workflowActionRunner } from './workflowActions';
import { PORT_VARIABLES, type Env, type WorkbenchPorts, type WorkbenchSettings } from './settings';
import { startEmbeddedAurora, startEmbeddedHubSpot, type EmbeddedAurora, type EmbeddedHubSpot } from './simulators';

export interface WorkbenchOptions {
  projectRoot: string;
  settings: WorkbenchSettings;
  /** The environment the settings came from: a remote service's optional variables (AURORA_APP_URL, ...) pass through. */
  env?: Env;
  /** One line per function call and per setup step. */
  log?: (line: string) => void;
  /** Where the browser bundle is built (default workbench/dist/assets); tests use their own folder. */
  assetsDir?: string;
}

export interface WorkbenchPart {
  name: string;
  url: string;
  detail: string;
}

export interface Workbench {
  /** The page to open. */
  url: string;
  parts: WorkbenchPart[];
  functionsHost: FunctionsHost;
  /** The embedded simulators, when they stand in for the real services. */
  aurora: EmbeddedAurora | undefined;
  hubspot: EmbeddedHubSpot | undefined;
  /** What the first-run setup (installer, webhook registration) did, in one line each. */
  setup: string[];
  close(): Promise<void>;
}

/** A port the workbench needs is taken; the message says which variable moves it. */
export class PortInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortInUseError';
  }
}

const PART_NAMES: Record<keyof WorkbenchPorts, string> = {
  workbench: 'the workbench page',
  aurora: 'the Aurora simulator',
  hubspot: 'the HubSpot simulator',
  functions: 'the functions host',
};

function portsTaken(taken: { part: keyof WorkbenchPorts; port: number }[]) {
  const which = taken.map(({ part, port }) => `Port ${port} (${PART_NAMES[part]}) is already in use.`).join(' ');
  const fix = taken.map(({ part, port }) => `${PORT_VARIABLES[part]}=${port + 100}`).join(' ');
  const them = taken.length === 1 ? 'it' : 'them';
  return new PortInUseError(`${which} Stop what is using ${them}, or pick ${taken.length === 1 ? 'another port' : 'other ports'}: ${fix} npm start`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function assertPortsFree(ports: WorkbenchPorts, used: (keyof WorkbenchPorts)[]) {
  const taken: { part: keyof WorkbenchPorts; port: number }[] = [];
  for (const part of used) {
    if (ports[part] !== 0 && !(await portIsFree(ports[part]))) taken.push({ part, port: ports[part] });
  }
  if (taken.length > 0) throw portsTaken(taken);
}

const hsMetaSchema = z.looseObject({ config: z.looseObject({ name: z.string().optional() }) });
const appMetaSchema = z.looseObject({ config: z.looseObject({ name: z.string().optional() }) });

function titles(projectRoot: string) {
  const read = <T>(file: string, schema: z.ZodType<T>) => schema.parse(JSON.parse(readFileSync(path.join(projectRoot, 'src', 'app', file), 'utf8')));
  return {
    cardTitle: read('cards/aurora-deal-card-hsmeta.json', hsMetaSchema).config.name ?? 'Aurora Solar',
    appName: read('app-hsmeta.json', appMetaSchema).config.name ?? 'Aurora Solar for HubSpot',
  };
}

const passThrough = (env: Env, prefix: string) => Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith(prefix)));

/** Starts every part; on any failure, stops what already started and rethrows. */
export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const { projectRoot, settings, env = {}, log = () => {} } = options;
  const used: (keyof WorkbenchPorts)[] = ['workbench', 'functions'];
  if (settings.aurora.mode === 'simulator') used.push('aurora');
  if (settings.hubspot.mode === 'simulator') used.push('hubspot');
  await assertPortsFree(settings.ports, used);

  const started: { close(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.close().catch(() => {});
  };
  try {
    const aurora = settings.aurora.mode === 'simulator' ? await startEmbeddedAurora(settings.ports.aurora) : undefined;
    if (aurora) started.push(aurora);
    const hubspot = settings.hubspot.mode === 'simulator' ? await startEmbeddedHubSpot(settings.ports.hubspot) : undefined;
    if (hubspot) started.push(hubspot);

    const webhookToken = settings.webhookToken ?? randomBytes(24).toString('hex');
    const hubspotBase = hubspot?.url ?? (settings.hubspot.mode === 'remote' ? (settings.hubspot.baseUrl ?? 'https://api.hubapi.com') : '');
    const hubspotToken = hubspot?.accessToken ?? (settings.hubspot.mode === 'remote' ? settings.hubspot.accessToken : '');

    const functionsHost = await startFunctionsHost({
      projectRoot,
      port: settings.ports.functions,
      accountId: hubspot?.portalId ?? (settings.hubspot.mode === 'remote' ? settings.hubspot.portalId : 0),
      log,
      env: (hostUrl) => ({
        ...(aurora
          ? { AURORA_BASE_URL: aurora.url, AURORA_API_KEY: aurora.apiKey, AURORA_TENANT_ID: aurora.tenantId, AURORA_ASSET_HOSTS: aurora.assetHosts.join(',') }
          : passThrough(env, 'AURORA_')),
        ...(hubspot ? {} : passThrough(env, 'HUBSPOT_')),
        HUBSPOT_BASE_URL: hubspot?.url ?? (settings.hubspot.mode === 'remote' ? settings.hubspot.baseUrl : undefined),
        HUBSPOT_ACCESS_TOKEN: hubspotToken,
        PRIVATE_APP_ACCESS_TOKEN: hubspotToken,
        AURORA_WEBHOOK_TOKEN: webhookToken,
        AURORA_WEBHOOK_URL: settings.webhookUrl ?? `${hostUrl}/hs/serverless/aurora/webhook`,
      }),
    });
    started.push(functionsHost);

    // First run against the simulators: what an admin does once on the settings page (installer, webhooks).
    const setup: string[] = [];
    if (hubspot) setup.push(await runSetupStep(functionsHost, 'aurora_install', 'HubSpot setup'));
    if (aurora) setup.push(await runSetupStep(functionsHost, 'aurora_register_webhooks', 'Aurora webhooks'));

    const assetsDir = options.assetsDir ?? path.join(projectRoot, 'workbench', 'dist', 'assets');
    await buildBrowserBundle({ projectRoot, outdir: assetsDir });
    const portalId = hubspot?.portalId ?? (settings.hubspot.mode === 'remote' ? settings.hubspot.portalId : 0);
    const info: WorkbenchInfo = {
      aurora: { mode: aurora ? 'simulator' : 'remote', url: aurora?.url ?? (settings.aurora.mode === 'remote' ? (settings.aurora.baseUrl ?? 'the Aurora API') : '') },
      hubspot: { mode: hubspot ? 'simulator' : 'remote', url: hubspotBase, portalId },
      webhookUrl: settings.webhookUrl ?? functionsHost.endpointUrl('aurora_webhook'),
      pollMs: settings.pollMs,
      ...titles(projectRoot),
    };
    const page = await startPageServer({
      port: settings.ports.workbench,
      pageDir: path.join(projectRoot, 'workbench', 'page'),
      assetsDir,
      info,
      hubspot: hubspotReader(hubspot?.source ?? restSource({ baseUrl: hubspotBase, accessToken: hubspotToken })),
      functions: functionsHost,
      aurora: aurora?.panel,
      workflowActions: workflowActionRunner({ endpoint: functionsHost.endpointUrl('aurora_workflow_action'), portalId, hubspot: { baseUrl: hubspotBase, accessToken: hubspotToken } }),
    });
    started.push(page);

    const parts: WorkbenchPart[] = [];
    if (aurora) parts.push({ name: 'Aurora simulator', url: aurora.url, detail: aurora.describe });
    else parts.push({ name: 'Aurora', url: info.aurora.url, detail: 'the real Aurora API (AURORA_API_KEY is set)' });
    if (hubspot) parts.push({ name: 'HubSpot simulator', url: hubspot.url, detail: hubspot.describe });
    else parts.push({ name: 'HubSpot', url: hubspotBase, detail: 'a real HubSpot portal (HUBSPOT_ACCESS_TOKEN is set)' });
    parts.push({ name: 'Functions host', url: functionsHost.url, detail: `${functionsHost.functions.length} app functions; webhook endpoint ${info.webhookUrl}` });
    parts.push({ name: 'Workbench', url: page.url, detail: 'open this page' });

    return { url: page.url, parts, functionsHost, aurora, hubspot, setup, close: stopAll };
  } catch (error) {
    await stopAll();
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    if (code === 'EADDRINUSE') {
      const part = used.find((candidate) => settings.ports[candidate] === port);
      throw part ? portsTaken([{ part, port: settings.ports[part] }]) : new PortInUseError(`A port the workbench needs was taken while it started: ${(error as Error).message}`);
    }
    throw error;
  }
}

const resultSchema = z.looseObject({ ok: z.boolean(), error: z.looseObject({ message: z.string() }).optional() });

async function runSetupStep(host: FunctionsHost, uid: string, label: string): Promise<string> {
  const outcome = await host.callCardFunction(uid, { parameters: {} });
  if (!outcome.ok) return `${label}: ${uid} failed (${outcome.failure.errors[0]?.message ?? outcome.failure.message})`;
  const result = resultSchema.safeParse(outcome.result);
  if (!result.success) return `${label}: ${uid} returned an unexpected result`;
  return result.data.ok ? `${label}: done` : `${label}: ${result.data.error?.message ?? 'failed'}`;
}

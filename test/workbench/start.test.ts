// `npm start` and startWorkbench: every part up with its URL, the page's API reading the HubSpot simulator, a clear
// refusal when a port is taken, and a clean stop on Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../../src/core/config';
import { startAuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator } from '../../simulators/hubspot';
import { PortInUseError, startWorkbench, type Workbench } from '../../workbench';
import { readWorkbenchSettings } from '../../workbench/settings';
import type { DealDetail, DealSummary } from '../../workbench/protocol';

const projectRoot = path.resolve(__dirname, '../..');
const anyPorts = { WORKBENCH_PORT: '0', AURORA_SIM_PORT: '0', HUBSPOT_SIM_PORT: '0', FUNCTIONS_PORT: '0' };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('startWorkbench', () => {
  let workbench: Workbench;
  let tempDir: string;

  beforeAll(async () => {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'workbench-start-'));
    workbench = await startWorkbench({ projectRoot, settings: readWorkbenchSettings(anyPorts), assetsDir: path.join(tempDir, 'assets') });
  }, 30_000);

  afterAll(async () => {
    await workbench?.close();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('starts the simulators, the functions host and the page, each with its URL', async () => {
    expect(workbench.parts.map((part) => part.name)).toEqual(['Aurora simulator', 'HubSpot simulator', 'Functions host', 'Workbench']);
    for (const part of workbench.parts) expect(part.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(workbench.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/assets/main.js');
    expect((await fetch(`${workbench.url}/assets/main.js`)).status).toBe(200);
  });

  it('lists the HubSpot simulator deals, including the sandbox address, a missing street and the workbench deal', async () => {
    const deals = (await (await fetch(`${workbench.url}/api/deals`)).json()) as DealSummary[];
    const sim = workbench.hubspot!.sim;
    expect(deals.map((deal) => deal.id).sort()).toEqual(sim.view.deals().map((deal) => deal.id).sort());
    expect(deals.find((deal) => deal.id === sim.demo!.deals.sandbox)?.name).toContain('901 Mears Ct');
    expect(deals.find((deal) => deal.id === workbench.hubspot!.ordinaryDealId)?.stageLabel).toBe('Qualified To Buy');

    const detail = (await (await fetch(`${workbench.url}/api/deals/${sim.demo!.deals.missingStreet}`)).json()) as DealDetail;
    expect(detail.contacts).toHaveLength(1);
    expect(detail.contacts[0]?.properties.address ?? null).toBeNull();
    expect(detail.core.map((p) => p.name)).toContain('dealstage');
    expect(sim.server.unhandled).toEqual([]);
  });

  it('answers card calls through the functions host, and 404s a deal HubSpot does not have', async () => {
    const call = await fetch(`${workbench.url}/api/functions/no_such_function`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"parameters":{}}' });
    expect(call.status).toBe(400);
    expect(((await call.json()) as { errors: { context: { reason: string } }[] }).errors[0]?.context.reason).toBe('FUNCTION_NOT_FOUND');
    expect((await fetch(`${workbench.url}/api/deals/999999`)).status).toBe(404);
  });

  it('refuses to start, naming the variable to change, when a port is taken', async () => {
    const taken = workbench.hubspot!.sim.server.port;
    const attempt = startWorkbench({ projectRoot, settings: readWorkbenchSettings({ ...anyPorts, WORKBENCH_PORT: String(taken) }), assetsDir: path.join(tempDir, 'other') });
    await expect(attempt).rejects.toThrow(PortInUseError);
    await expect(attempt).rejects.toThrow(`Port ${taken} (the workbench page) is already in use. Stop what is using it, or pick another port: WORKBENCH_PORT=`);
  });
});

describe('startWorkbench with credentials', () => {
  it('talks to the Aurora and HubSpot they name instead of starting simulators', async () => {
    // Stand-ins for a real Aurora sandbox and a real portal: the simulators, started on their own.
    const aurora = await startAuroraSimulator({ seed: true });
    const hubspot = await startHubSpotSimulator({ seed: true });
    const tempDir = mkdtempSync(path.join(os.tmpdir(), 'workbench-remote-'));
    const env = {
      ...anyPorts,
      AURORA_API_KEY: aurora.demo!.standardKey,
      AURORA_TENANT_ID: aurora.demo!.tenantId,
      AURORA_BASE_URL: aurora.url,
      HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
      HUBSPOT_BASE_URL: hubspot.url,
    };
    const workbench = await startWorkbench({ projectRoot, settings: readWorkbenchSettings(env), env, assetsDir: path.join(tempDir, 'assets') });
    try {
      expect(workbench.aurora).toBeUndefined();
      expect(workbench.hubspot).toBeUndefined();
      expect(workbench.parts.map((part) => [part.name, part.url])).toEqual([
        ['Aurora', aurora.url],
        ['HubSpot', hubspot.url],
        ['Functions host', workbench.functionsHost.url],
        ['Workbench', workbench.url],
      ]);
      // What the functions will read: the given services, and never a simulator of the workbench's own.
      expect(readConfig(process.env)).toMatchObject({
        aurora: { baseUrl: aurora.url, tenantId: aurora.demo!.tenantId, apiKey: aurora.demo!.standardKey },
        hubspot: { baseUrl: hubspot.url, accessToken: hubspot.accessToken },
        webhookUrl: `${workbench.functionsHost.url}/hs/serverless/aurora/webhook`,
      });
      const deals = (await (await fetch(`${workbench.url}/api/deals`)).json()) as DealSummary[];
      expect(deals.map((deal) => deal.id).sort()).toEqual(hubspot.view.deals().map((deal) => deal.id).sort());
      expect((await fetch(`${workbench.url}/api/simulator/projects/any`)).status).toBe(404);
      expect(hubspot.server.unhandled).toEqual([]);
    } finally {
      await workbench.close();
      await aurora.close();
      await hubspot.close();
      rmSync(tempDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('npm start', () => {
  const run = (env: Record<string, string>) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'start.cjs')], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', WORKBENCH_ENV_FILE: 'no-such-file.env', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const printed = async (text: string, timeoutMs = 20_000) => {
      const until = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (Date.now() > until) throw new Error(`npm start never printed "${text}". It printed:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return { child, exited, printed, output: () => output };
  };

  it('prints one line per part with its URL, and stops cleanly on Ctrl-C', async () => {
    const ports = { WORKBENCH_PORT: await freePort(), AURORA_SIM_PORT: await freePort(), HUBSPOT_SIM_PORT: await freePort(), FUNCTIONS_PORT: await freePort() };
    const started = run(Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)])));
    try {
      await started.printed('Press Ctrl-C to stop.');
      const lines = started.output().split('\n');
      for (const [name, port] of [
        ['Aurora simulator', ports.AURORA_SIM_PORT],
        ['HubSpot simulator', ports.HUBSPOT_SIM_PORT],
        ['Functions host', ports.FUNCTIONS_PORT],
        ['Workbench', ports.WORKBENCH_PORT],
      ] as const) {
        expect(lines.filter((line) => line.startsWith(name) && line.includes(`http://127.0.0.1:${port}`))).toHaveLength(1);
      }
      expect((await fetch(`http://127.0.0.1:${ports.WORKBENCH_PORT}/api/info`)).status).toBe(200);
      started.child.kill('SIGINT');
      expect(await started.exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${ports.WORKBENCH_PORT}/api/info`)).rejects.toThrow();
    } finally {
      started.child.kill('SIGKILL');
    }
  }, 40_000);

  it('refuses with a clear message when a port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const started = run({ WORKBENCH_PORT: String(await freePort()), AURORA_SIM_PORT: String(port), HUBSPOT_SIM_PORT: String(await freePort()), FUNCTIONS_PORT: String(await freePort()) });
    try {
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`Port ${port} (the Aurora simulator) is already in use. Stop what is using it, or pick another port: AURORA_SIM_PORT=${port + 100} npm start`);
    } finally {
      started.child.kill('SIGKILL');
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 40_000);
});

// `npm run probe` against the embedded Aurora simulator: all confirmed where Aurora answers as documented; against a
// deliberately different Aurora, each difference reported; the endpoint check against a local receiver; no key printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO, startAuroraSimulator, type AuroraSimulator, type AuroraSimulatorOptions } from '../../simulators/aurora';
import { readConfig } from '../../src/core/config';
import { runProbe, type ProbeReport } from '../../src/core/probe/runProbe';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';

const TOKEN = 'whk_probe_0123456789abcdef';

async function withSim<T>(options: AuroraSimulatorOptions, run: (sim: AuroraSimulator) => Promise<T>): Promise<T> {
  const sim = await startAuroraSimulator({ seed: true, designRequestDelayMs: null, ...options });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

const envFor = (sim: AuroraSimulator, key: string = DEMO.standardKey) => ({ AURORA_API_KEY: key, AURORA_TENANT_ID: DEMO.tenantId, AURORA_BASE_URL: sim.url });
const byRoute = (report: ProbeReport) => report.findings.map((finding) => `${finding.status} ${finding.route} (${finding.check})`);
const statusOf = (report: ProbeReport, route: string, check?: string) =>
  report.findings.filter((finding) => finding.route === route && (!check || finding.check.includes(check))).map((finding) => finding.status);

/** The app's receiver on a local port, as the deployed endpoint function would run it. */
async function startEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    void handleAuroraWebhook({ webhookToken: TOKEN, services: () => { throw new Error('not needed for the probe event'); } }, { method: req.method ?? 'GET', query, headers: {} }).then((answer) => {
      res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hs/serverless/aurora/webhook`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('npm run probe', () => {
  it('confirms every route and field against the documented Aurora, creating only what a sandbox key may', async () => {
    await withSim({}, async (sim) => {
      const before = sim.state.projects.size;
      const report = await runProbe(readConfig(envFor(sim)));

      expect(report.stopped).toBeNull();
      expect(report.findings.filter((finding) => finding.status === 'different' || finding.status === 'unavailable')).toEqual([]);
      expect(report.counts.confirmed).toBeGreaterThanOrEqual(25);
      // The sandbox project sits at Aurora's test address; every probe subscription is gone again.
      expect(sim.state.projects.size).toBe(before + 1);
      expect([...sim.state.projects.values()].at(-1)?.wire.location).toMatchObject({ property_address: expect.stringContaining('901 Mears Ct') });
      expect(sim.state.webhooks.size).toBe(0);
      expect(sim.server.unhandled).toEqual([]);
      console.log(`probe against the documented simulator:\n${byRoute(report).join('\n')}`);
    });
  });

  it('reports each difference of a deliberately different Aurora', async () => {
    const deviations = {
      omitOperations: ['listAgreements' as const, 'createDesign' as const],
      refuseEvents: ['milestone_created'],
      dropFields: { retrieveProject: ['id'] },
    };
    await withSim({ deviations }, async (sim) => {
      const report = await runProbe(readConfig(envFor(sim)));

      expect(statusOf(report, 'GET /tenants/:tenantId/projects/:projectId/agreements')).toEqual(['different']);
      expect(statusOf(report, 'POST /tenants/:tenantId/designs')).toEqual(['different']);
      expect(statusOf(report, 'POST /tenants/:tenantId/webhooks', 'milestone_created')).toEqual(['different']);
      expect(report.findings.find((finding) => finding.route === 'GET /tenants/:tenantId/projects/:projectId')).toMatchObject({
        status: 'different',
        detail: expect.stringContaining('project.id'),
      });
      expect(report.counts.different).toBe(4);
      // The two omitted routes were asked for and answered 404, as a real server would.
      expect(sim.server.unhandled.splice(0).map((entry) => entry.method).sort()).toEqual(['GET', 'POST']);
      console.log(`probe against a deliberately different simulator:\n${byRoute(report).join('\n')}`);
    });
  });

  it('says what a restricted key may not use, and never prints or saves a key', async () => {
    await withSim({}, async (sim) => {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'probe-')), 'findings.json');
      const endpoint = await startEndpoint();
      try {
        const env = { ...process.env, ...envFor(sim, DEMO.restrictedKey), AURORA_WEBHOOK_URL: endpoint.url, AURORA_WEBHOOK_TOKEN: TOKEN };
        const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/probe.ts', '--endpoint', '--out', out], { env, cwd: path.join(__dirname, '../..') });
        let printed = '';
        child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        const saved = readFileSync(out, 'utf8');
        const report = JSON.parse(saved) as ProbeReport;

        expect(code).toBe(0);
        expect(statusOf(report, 'GET /tenants/:tenantId/designs/:designId/pricing')).toEqual(['unavailable']);
        expect(statusOf(report, 'GET /tenants/:tenantId/designs/:designId/financings')).toEqual(['unavailable']);
        expect(report.findings.filter((finding) => finding.area === 'hubspot').map((finding) => [finding.check, finding.status])).toEqual([
          ['the endpoint receives the query token', 'confirmed'],
          ['a call without the token is refused', 'confirmed'],
          ['the endpoint answers in time', 'confirmed'],
        ]);
        expect(printed).toContain('unavailable to this key');
        for (const secret of [DEMO.restrictedKey, TOKEN]) {
          expect(printed).not.toContain(secret);
          expect(saved).not.toContain(secret);
        }
      } finally {
        await endpoint.close();
      }
    });
  });
});

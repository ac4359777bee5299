// Shared test helpers: start the Aurora simulator, build a real client for it, a local webhook receiver, PNG decoding.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateSync } from 'node:zlib';
import { createAuroraClient, type AuroraClient, type AuroraClientOptions } from '../../src/core/aurora/client';
import { DEMO, startAuroraSimulator, type AuroraSimulator, type AuroraSimulatorOptions } from '../../simulators/aurora';

/** A seeded simulator that completes design requests only when told to (deterministic). */
export function startSim(options: AuroraSimulatorOptions = {}): Promise<AuroraSimulator> {
  return startAuroraSimulator({ seed: true, designRequestDelayMs: null, ...options });
}

/** The real client pointed at the simulator with the demo tenant's standard key. */
export function clientFor(sim: AuroraSimulator, overrides: Partial<AuroraClientOptions> = {}): AuroraClient {
  return createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: sim.url, ...overrides });
}

/** Takes the unhandled requests (unknown routes), so an afterEach can fail on any the test did not expect. */
export function takeUnhandled(sim: AuroraSimulator): string[] {
  return sim.server.unhandled.splice(0).map((entry) => `${entry.method} ${entry.path}`);
}

/** The address Aurora's mock modelling service completes at once ([DOCS]). */
export const INSTANT_ADDRESS = '901 Mears Ct, Stanford, CA 94305, USA';
export const ORDINARY_ADDRESS = '12 Elm St, Springfield, IL 62701';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A plain node HTTP server that records what it receives; `fail(path, n)` makes the next n requests to a path answer 500. */
export async function startReceiver(): Promise<{ url: string; received: Received[]; fail(path: string, times: number): void; close(): Promise<void> }> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const left = failures.get(path) ?? 0;
    if (left > 0) {
      failures.set(path, left - 1);
      res.writeHead(500).end('not now');
      return;
    }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    fail: (path, times) => void failures.set(path, times),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Decodes an 8-bit RGB PNG (the simulator's screenshots): size and raw pixels. */
export function decodePng(png: Buffer): { width: number; height: number; pixels: (x: number, y: number) => [number, number, number] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 2]);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  expect(raw.length).toBe((width * 3 + 1) * height);
  return {
    width,
    height,
    pixels: (x, y) => {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      return [raw[at]!, raw[at + 1]!, raw[at + 2]!];
    },
  };
}

/** Polls until `check` stops throwing (up to 2 s), for state the simulator changes on a timer. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

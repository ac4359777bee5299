// The same webhook receiver behind a plain Node HTTP server, for portals without Content Hub Enterprise (no public
// endpoint functions): run it on any host behind a TLS proxy and register its URL as AURORA_WEBHOOK_URL. Built for the
// open internet: nothing a client sends can throw past the request handler, every phase of a request has a time limit,
// connections are capped, `GET /healthz` answers without the secret, and SIGTERM drains in-flight deliveries first.
// Usage: npx tsx src/core/webhooks/standalone.ts [port] [host]   (or AURORA_WEBHOOK_LISTEN_PORT / _HOST; secrets from the environment)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../config';
import { loadDeps } from '../deps';
import { handleAuroraWebhook, WEBHOOK_TIMING, type WebhookRequest, type WebhookResponse } from './receiver';

export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

export interface ReceiverLimits {
  /** Open connections at once; more are refused at accept time. */
  maxConnections: number;
  /** The whole request (line, headers, any body) must arrive within this. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Longest request target accepted (Aurora's URLs are a few hundred characters). */
  maxUrlLength: number;
  /** Aurora sends no body; a larger one is refused and the connection closed. */
  maxBodyBytes: number;
  /** How long a shutdown waits for deliveries in flight. */
  drainMs: number;
}

export const RECEIVER_LIMITS: ReceiverLimits = {
  maxConnections: 256,
  requestTimeoutMs: 15_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxUrlLength: 8_192,
  maxBodyBytes: 64 * 1024,
  drainMs: WEBHOOK_TIMING.answerWithinMs + 1_000,
};

const HEALTH_PATH = '/healthz';
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** The query as the receiver reads it, in an object without a prototype (so `__proto__` is just a key); null if unreadable. */
export function parseTarget(target: string | undefined): { path: string; query: Record<string, string[]> } | null {
  try {
    const url = new URL(target ?? '/', 'http://receiver.invalid');
    const query = Object.create(null) as Record<string, string[]>;
    for (const [key, value] of url.searchParams) {
      if (!Object.prototype.hasOwnProperty.call(query, key)) query[key] = [];
      query[key]!.push(value);
    }
    return { path: url.pathname, query };
  } catch {
    return null;
  }
}

function send(res: http.ServerResponse, statusCode: number, body: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(statusCode, close ? { ...JSON_HEADERS, connection: 'close' } : JSON_HEADERS).end(JSON.stringify(body));
}

const refusal = (message: string) => ({ ok: false, outcome: 'invalid', message });

/** Answers one request; never throws (every failure becomes an answer). */
async function serve(handle: WebhookHandler, limits: ReceiverLimits, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if ((req.url?.length ?? 0) > limits.maxUrlLength) return send(res, 414, refusal('The request URL is too long.'), true);
  if (!(Number(req.headers['content-length'] ?? 0) <= limits.maxBodyBytes)) return send(res, 413, refusal('Aurora webhooks carry no body.'), true);
  const target = parseTarget(req.url);
  if (!target) return send(res, 400, refusal('The request URL cannot be read.'), true);
  // Aurora sends no body; what is sent is drained up to the limit (an endless one is cut off) and ignored.
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > limits.maxBodyBytes) req.socket.destroy();
  });
  req.on('error', () => undefined);
  if (target.path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) return send(res, 200, { ok: true });
  try {
    const response = await handle({ method: req.method ?? 'GET', query: target.query, headers: req.headers as WebhookRequest['headers'] });
    send(res, response.statusCode, response.body);
  } catch {
    send(res, 500, { ok: false, outcome: 'failed', message: 'The webhook could not be handled.' });
  }
}

/** An HTTP server that hands every request to `handle` and writes its JSON answer, within `limits`. */
export function createWebhookServer(handle: WebhookHandler, limits: Partial<ReceiverLimits> = {}): http.Server {
  const applied = { ...RECEIVER_LIMITS, ...limits };
  const server = http.createServer({ requestTimeout: applied.requestTimeoutMs, headersTimeout: applied.headersTimeoutMs, maxHeaderSize: 16 * 1024 }, (req, res) => {
    res.on('error', () => undefined);
    serve(handle, applied, req, res).catch(() => send(res, 500, { ok: false, outcome: 'failed', message: 'The webhook could not be handled.' }));
  });
  server.maxConnections = applied.maxConnections;
  server.keepAliveTimeout = applied.keepAliveTimeoutMs;
  server.maxRequestsPerSocket = 100;
  // A malformed request line or header: 400 and close (Node's own parser refused it; nothing reached the handler).
  server.on('clientError', (_error, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

export interface StandaloneReceiver {
  url: string;
  /** Stops accepting, lets deliveries in flight finish (up to the drain time), then closes every connection. */
  close(): Promise<void>;
}

/** Starts the receiver with the app's own config (AURORA_*, HUBSPOT_ACCESS_TOKEN) on host:port. */
export async function startStandaloneReceiver(
  port?: number,
  env?: Record<string, string | undefined>,
  options: { host?: string; limits?: Partial<ReceiverLimits>; log?: (line: string) => void } = {},
): Promise<StandaloneReceiver> {
  const config = readConfig(env);
  const log = options.log ?? ((line: string) => console.log(line));
  const server = createWebhookServer(
    (request) => handleAuroraWebhook({ webhookToken: config.webhookToken, services: () => loadDeps(config, {}, { priority: 'background' }), log: (entry) => log(JSON.stringify({ aurora_webhook: entry })) }, request),
    options.limits,
  );
  const host = options.host ?? config.webhookListen.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? config.webhookListen.port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const drainMs = options.limits?.drainMs ?? RECEIVER_LIMITS.drainMs;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), drainMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

if (require.main === module) {
  const [portArg, hostArg] = process.argv.slice(2);
  void startStandaloneReceiver(portArg === undefined ? undefined : Number(portArg), undefined, { host: hostArg }).then((receiver) => {
    console.log(`Aurora webhook receiver listening on ${receiver.url} (health: ${receiver.url}${HEALTH_PATH})`);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void receiver.close().then(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

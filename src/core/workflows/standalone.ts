// The workflow action handler behind a plain Node HTTP server, for portals without Content Hub Enterprise (no public
// endpoint functions) or that want HubSpot's signatures checked: with HUBSPOT_CLIENT_SECRET set, every call must be signed.
// The webhook receiver's limits apply (time limits per phase, capped connections and URL length, a bounded body).
// Usage: npx tsx src/core/workflows/standalone.ts [port]   (secrets come from the environment, as on HubSpot)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../config';
import { loadDeps } from '../deps';
import { parseTarget, RECEIVER_LIMITS, type ReceiverLimits } from '../webhooks/standalone';
import { handleWorkflowAction, type WorkflowActionDeps } from './handler';

/** Request bodies larger than this are refused (HubSpot's execution requests are a few kilobytes). */
const MAX_BODY_BYTES = 256 * 1024;

/** The body, or null when it is larger than allowed (the rest is not read; the connection is closed after the answer). */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.pause();
      resolve(null);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The URL HubSpot called (what it signed): behind a TLS proxy, the forwarded scheme and host. */
function calledUri(req: http.IncomingMessage): string {
  const proto = String(req.headers['x-forwarded-proto'] ?? 'http').split(',')[0]!.trim();
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost').split(',')[0]!.trim();
  return `${proto}://${host}${req.url ?? '/'}`;
}

/** An HTTP server that hands every call to the workflow action handler and writes its answer. */
export function createWorkflowActionServer(deps: WorkflowActionDeps, limits: Partial<ReceiverLimits> = {}): http.Server {
  const applied = { ...RECEIVER_LIMITS, ...limits };
  const server = http.createServer({ requestTimeout: applied.requestTimeoutMs, headersTimeout: applied.headersTimeoutMs, maxHeaderSize: 16 * 1024 }, (req, res) => {
    const send = (statusCode: number, headers: Record<string, string>, body: unknown, close = false) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(statusCode, close ? { ...headers, connection: 'close' } : headers).end(JSON.stringify(body));
    };
    const target = parseTarget(req.url);
    if (!target || (req.url ?? '').length > applied.maxUrlLength) return send(400, { 'content-type': 'application/json' }, { message: 'Unreadable request target.' }, true);
    void readBody(req)
      .then(async (raw) => {
        if (raw === null) return send(413, { 'content-type': 'application/json' }, { message: 'Request body too large.' }, true);
        const { query } = target;
        let body: unknown;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = undefined;
        }
        const answer = await handleWorkflowAction(deps, { method: req.method ?? 'GET', query, headers: req.headers, body, raw: { body: raw, uri: calledUri(req) } });
        send(answer.statusCode, answer.headers, answer.body);
      })
      .catch(() => send(500, { 'content-type': 'application/json' }, { message: 'The workflow action could not be handled.' }));
  });
  server.keepAliveTimeout = applied.keepAliveTimeoutMs;
  server.maxConnections = applied.maxConnections;
  return server;
}

/** Starts the host with the app's own config on 0.0.0.0:port. */
export async function startWorkflowActionHost(port: number, env?: Record<string, string | undefined>): Promise<{ url: string; close(): Promise<void> }> {
  const config = readConfig(env);
  const server = createWorkflowActionServer({
    services: () => loadDeps(config, {}, { priority: 'background' }),
    clientSecret: config.hubspotClientSecret,
    log: (entry) => console.log(JSON.stringify({ aurora_workflow_action: entry })),
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address() as AddressInfo;
  return { url: `http://localhost:${address.port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 8081);
  void startWorkflowActionHost(port).then(({ url }) => console.log(`Aurora workflow actions listening on ${url}/hs/serverless/aurora/workflow-action`));
}

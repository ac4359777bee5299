// The same webhook receiver behind a plain Node HTTP server, for portals without Content Hub Enterprise (no public
// endpoint functions): run it on any HTTPS host (behind its TLS proxy) and register its URL as AURORA_WEBHOOK_URL.
// Usage: npx tsx src/core/webhooks/standalone.ts [port]   (secrets come from the environment, as on HubSpot)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../config';
import { loadDeps } from '../deps';
import { handleAuroraWebhook, type WebhookRequest, type WebhookResponse } from './receiver';

export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

/** An HTTP server that hands every request to `handle` and writes its JSON answer. */
export function createWebhookServer(handle: WebhookHandler): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver.local');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
    // Aurora sends no body; anything sent is drained and ignored.
    req.resume();
    handle({ method: req.method ?? 'GET', query, headers: req.headers as WebhookRequest['headers'] })
      .then((response) => res.writeHead(response.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(response.body)))
      .catch(() => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, outcome: 'failed', message: 'The webhook could not be handled.' })));
  });
}

/** Starts the receiver with the app's own config (AURORA_*, HUBSPOT_ACCESS_TOKEN) on 0.0.0.0:port. */
export async function startStandaloneReceiver(port: number, env?: Record<string, string | undefined>): Promise<{ url: string; close(): Promise<void> }> {
  const config = readConfig(env);
  const server = createWebhookServer((request) =>
    handleAuroraWebhook({ webhookToken: config.webhookToken, services: () => loadDeps(config, {}, { priority: 'background' }), log: (entry) => console.log(JSON.stringify({ aurora_webhook: entry })) }, request),
  );
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://localhost:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 8080);
  void startStandaloneReceiver(port).then(({ url }) => console.log(`Aurora webhook receiver listening on ${url}`));
}

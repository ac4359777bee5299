// Public endpoint edge for Aurora webhooks: turns HubSpot's endpoint context into the host-independent request, and the
// receiver's answer into `{ statusCode, headers, body: JSON }` (docs/hubspot-platform.md#public-endpoint-functions).
import { z } from 'zod';
import { readConfig, type Config } from '../config';
import type { WebhookEvent } from '../aurora/webhookDeliveries';
import { recordsReadFirst } from '../useCases/webhookEvents';
import { loadDeps } from '../deps';
import { handleAuroraWebhook, type WebhookLogEntry, type WebhookRequest } from '../webhooks/receiver';

/** HubSpot's endpoint context: `params` (query values as arrays), maybe `query`, the standard `headers`, `method`. */
const endpointContext = z.looseObject({
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  method: z.string().optional(),
});

/** The request as the receiver reads it; an unreadable context is an empty GET (it then fails authentication). */
export function requestFromContext(context: unknown): WebhookRequest {
  const parsed = endpointContext.safeParse(context ?? {});
  const data = parsed.success ? parsed.data : {};
  return { method: data.method ?? 'GET', query: { ...data.query, ...data.params }, headers: data.headers ?? {} };
}

/** One JSON line per delivery in the function log (ids and outcomes; the query, which holds the token, never). */
const logDelivery = (entry: WebhookLogEntry) => console.log(JSON.stringify({ aurora_webhook: entry }));

/** Each delivery's dependencies: the settings record and the design record its event names, read in one call. */
export const webhookServices = (config: Config) => (event: WebhookEvent) => loadDeps(config, {}, { priority: 'background', alsoRead: recordsReadFirst(event) });

export const main = async (context: unknown) => {
  const config = readConfig();
  const response = await handleAuroraWebhook(
    { webhookToken: config.webhookToken, services: webhookServices(config), log: logDelivery },
    requestFromContext(context),
  );
  return { statusCode: response.statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(response.body) };
};

// App function edge for aurora_register_webhooks: subscribes Aurora's events to the public webhook endpoint, idempotently.
import { z } from 'zod';
import { createAuroraClient } from '../aurora/client';
import { ConfigError, readConfig, requireAurora } from '../config';
import type { ResultOf } from '../contract';
import { registerWebhooks } from '../webhooks/registration';
import { runCardFunction, type CardContext } from './edge';

/** Well inside HubSpot's ~15 s limit: one list plus at most one write per event, 4 at a time. */
const BUDGET_MS = 12_000;

export const main = (context: CardContext): Promise<ResultOf<'aurora_register_webhooks'>> =>
  runCardFunction(context, z.looseObject({}), async () => {
    const config = readConfig();
    const aurora = requireAurora(config);
    const missing = [
      ...(config.webhookUrl ? [] : [{ name: 'AURORA_WEBHOOK_URL', why: 'the public URL of the webhook endpoint (hs secret add AURORA_WEBHOOK_URL)' }]),
      ...(config.webhookToken ? [] : [{ name: 'AURORA_WEBHOOK_TOKEN', why: 'the secret Aurora’s calls carry (hs secret add AURORA_WEBHOOK_TOKEN)' }]),
    ];
    if (!config.webhookUrl || !config.webhookToken) throw new ConfigError(missing);
    const client = createAuroraClient({ apiKey: aurora.apiKey, tenantId: aurora.tenantId, baseUrl: aurora.baseUrl, apiVersion: aurora.apiVersion });
    const registrations = await registerWebhooks({ aurora: client }, { endpointUrl: config.webhookUrl, token: config.webhookToken, deadline: Date.now() + BUDGET_MS });
    // The endpoint is shown to the admin; the token stays in the secret.
    return { ok: true as const, endpointUrl: config.webhookUrl, registrations };
  });

// App function edge for aurora_register_webhooks: subscribes Aurora's events to the public webhook endpoint, idempotently.
import { z } from 'zod';
import { ConfigError, readConfig, requireAurora } from '../config';
import type { ResultOf } from '../contract';
import { auroraClientFor, CARD_DEADLINE_MS } from '../deps';
import { registerWebhooks } from '../useCases/webhookRegistration';
import { runCardFunction, type CardContext } from './edge';

export const main = (context: CardContext): Promise<ResultOf<'aurora_register_webhooks'>> =>
  runCardFunction(context, z.looseObject({}), async () => {
    const config = readConfig();
    requireAurora(config);
    const missing = [
      ...(config.webhookUrl ? [] : [{ name: 'AURORA_WEBHOOK_URL', why: 'the public URL of the webhook endpoint (hs secret add AURORA_WEBHOOK_URL)' }]),
      ...(config.webhookToken ? [] : [{ name: 'AURORA_WEBHOOK_TOKEN', why: 'the secret Aurora’s calls carry (hs secret add AURORA_WEBHOOK_TOKEN)' }]),
    ];
    if (!config.webhookUrl || !config.webhookToken) throw new ConfigError(missing);
    // One list plus at most one write per event, under the client's concurrency cap: well inside the card deadline.
    const registrations = await registerWebhooks({ aurora: auroraClientFor(config) }, { endpointUrl: config.webhookUrl, token: config.webhookToken, deadline: Date.now() + CARD_DEADLINE_MS });
    // The endpoint is shown to the admin; the token stays in the secret.
    return { ok: true as const, endpointUrl: config.webhookUrl, registrations };
  });

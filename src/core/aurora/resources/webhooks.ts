// Aurora webhook subscriptions: list, create, update, delete (docs/aurora-api.md#webhook-subscriptions; create is [DOCS], the rest in inferred.ts).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { withoutNulls } from '../caller';
import { INFERRED_ROOT_KEYS } from '../inferred';
import { auroraWebhookSchema, type AuroraWebhook, type AuroraWebhookInput } from '../schemas';

export class Webhooks {
  constructor(private readonly client: AuroraCaller) {}

  list(options: RequestOptions = {}): Promise<AuroraWebhook[]> {
    return this.client.call('listWebhooks', { ...options, root: INFERRED_ROOT_KEYS.webhooks, schema: z.array(auroraWebhookSchema) });
  }

  /** POST /tenants/{tenant_id}/webhooks with `{"webhook": {event, url_template, …}}`; not retried blindly. */
  create(webhook: AuroraWebhookInput, options: RequestOptions = {}): Promise<AuroraWebhook> {
    return this.client.call('createWebhook', { ...options, body: { webhook: withoutNulls(webhook) }, root: 'webhook', schema: auroraWebhookSchema });
  }

  /** Changes only the fields given, e.g. `{ enabled: false }`. */
  update(webhookId: string, changes: Partial<AuroraWebhookInput>, options: RequestOptions = {}): Promise<AuroraWebhook> {
    return this.client.call('updateWebhook', {
      ...options,
      params: { webhookId },
      body: { webhook: withoutNulls(changes) },
      root: 'webhook',
      schema: auroraWebhookSchema,
    });
  }

  /** Deletes a subscription; deleting one that is already gone after a retry counts as done. */
  async delete(webhookId: string, options: RequestOptions = {}): Promise<void> {
    await this.client.call('deleteWebhook', { ...options, params: { webhookId }, schema: z.unknown() });
  }
}

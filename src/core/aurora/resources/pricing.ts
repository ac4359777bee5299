// Aurora design pricing (docs/aurora-api.md#pricing).
import type { AuroraCaller, RequestOptions } from '../caller';
import { auroraPricingSchema, type AuroraPricing } from '../schemas';

export class Pricing {
  constructor(private readonly client: AuroraCaller) {}

  /** GET /tenants/{tenant_id}/designs/{design_id}/pricing */
  retrieve(designId: string, options: RequestOptions = {}): Promise<AuroraPricing> {
    return this.client.call('retrievePricing', { ...options, params: { designId }, root: 'pricing', schema: auroraPricingSchema });
  }
}

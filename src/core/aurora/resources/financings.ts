// Aurora financings, design-scoped: the list, one detail, and the detail of the one selected in Sales Mode (docs/aurora-api.md#financings).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { auroraFinancingSchema, auroraFinancingSummarySchema, type AuroraFinancing, type AuroraFinancingSummary } from '../schemas';

export class Financings {
  constructor(private readonly client: AuroraCaller) {}

  /** GET /tenants/{tenant_id}/designs/{design_id}/financings */
  list(designId: string, options: RequestOptions = {}): Promise<AuroraFinancingSummary[]> {
    return this.client.call('listFinancings', { ...options, params: { designId }, root: 'financings', schema: z.array(auroraFinancingSummarySchema) });
  }

  /** GET /tenants/{tenant_id}/designs/{design_id}/financings/{financing_id} */
  retrieve(designId: string, financingId: string, options: RequestOptions = {}): Promise<AuroraFinancing> {
    return this.client.call('retrieveFinancing', { ...options, params: { designId, financingId }, root: 'financing', schema: auroraFinancingSchema });
  }

  /** The financing marked `selected_in_sales_mode`, in detail, or null when none is selected (two calls). */
  async selected(designId: string, options: RequestOptions = {}): Promise<AuroraFinancing | null> {
    const chosen = (await this.list(designId, options)).find((financing) => financing.selected_in_sales_mode === true);
    return chosen ? this.retrieve(designId, chosen.id, options) : null;
  }
}

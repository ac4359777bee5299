// Aurora agreements (e-signature contracts): retrieve one, list a project's (docs/aurora-api.md#agreements).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { INFERRED_ROOT_KEYS } from '../inferred';
import { auroraAgreementSchema, type AuroraAgreement } from '../schemas';

export class Agreements {
  constructor(private readonly client: AuroraCaller) {}

  /** GET /tenants/{tenant_id}/agreements/{agreement_id} */
  retrieve(agreementId: string, options: RequestOptions = {}): Promise<AuroraAgreement> {
    return this.client.call('retrieveAgreement', { ...options, params: { agreementId }, root: 'agreement', schema: auroraAgreementSchema });
  }

  /** A project's agreements (path and root key in inferred.ts). */
  listForProject(projectId: string, options: RequestOptions = {}): Promise<AuroraAgreement[]> {
    return this.client.call('listAgreements', {
      ...options,
      params: { projectId },
      root: INFERRED_ROOT_KEYS.agreements,
      schema: z.array(auroraAgreementSchema),
    });
  }
}

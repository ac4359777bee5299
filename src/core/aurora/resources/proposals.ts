// Aurora proposals: the public web proposal URL (get, regenerate) and the design's default proposal (docs/aurora-api.md#proposals).
import type { AuroraCaller, RequestOptions } from '../caller';
import { auroraProposalSchema, auroraWebProposalSchema, type AuroraProposal, type AuroraWebProposal } from '../schemas';

export class Proposals {
  constructor(private readonly client: AuroraCaller) {}

  /** GET /tenants/{tenant_id}/designs/{design_id}/web_proposal → `{url, url_expired}` ([DOCS], not wrapped). */
  webProposal(designId: string, options: RequestOptions = {}): Promise<AuroraWebProposal> {
    return this.client.call('retrieveWebProposal', { ...options, params: { designId }, schema: auroraWebProposalSchema });
  }

  /** POST …/web_proposal/generate_url ([DOCS]): a new public link, e.g. when the old one expired. */
  regenerateWebProposalUrl(designId: string, options: RequestOptions = {}): Promise<AuroraWebProposal> {
    return this.client.call('generateWebProposalUrl', { ...options, params: { designId }, schema: auroraWebProposalSchema });
  }

  /** GET /tenants/{tenant_id}/designs/{design_id}/proposals/default */
  defaultProposal(designId: string, options: RequestOptions = {}): Promise<AuroraProposal> {
    return this.client.call('retrieveDefaultProposal', { ...options, params: { designId }, root: 'proposal', schema: auroraProposalSchema });
  }
}

// Aurora designs: create a blank one, retrieve, list a project's designs, and the design summary (docs/aurora-api.md#designs).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { withoutNulls } from '../caller';
import { auroraDesignSchema, auroraDesignSummarySchema, type AuroraDesign, type AuroraDesignCreate, type AuroraDesignSummary } from '../schemas';

export class Designs {
  constructor(private readonly client: AuroraCaller) {}

  /** Creates a blank design in a project (path and body in inferred.ts); not retried blindly. */
  create(design: AuroraDesignCreate, options: RequestOptions = {}): Promise<AuroraDesign> {
    return this.client.call('createDesign', { ...options, body: { design: withoutNulls(design) }, root: 'design', schema: auroraDesignSchema });
  }

  /** GET /tenants/{tenant_id}/designs/{design_id} */
  retrieve(designId: string, options: RequestOptions = {}): Promise<AuroraDesign> {
    return this.client.call('retrieveDesign', { ...options, params: { designId }, root: 'design', schema: auroraDesignSchema });
  }

  /** GET /tenants/{tenant_id}/projects/{project_id}/designs */
  listForProject(projectId: string, options: RequestOptions = {}): Promise<AuroraDesign[]> {
    return this.client.call('listDesigns', { ...options, params: { projectId }, root: 'designs', schema: z.array(auroraDesignSchema) });
  }

  /** GET /tenants/{tenant_id}/designs/{design_id}/summary ([DOCS] retrievedesignsummary). */
  summary(designId: string, options: RequestOptions = {}): Promise<AuroraDesignSummary> {
    return this.client.call('retrieveDesignSummary', { ...options, params: { designId }, root: 'design', schema: auroraDesignSummarySchema });
  }
}

// Aurora design requests (expert roof modelling): create, retrieve, list, accept (docs/aurora-api.md#design-requests).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { INFERRED_ROOT_KEYS } from '../inferred';
import { auroraDesignRequestSchema, type AuroraDesignRequest, type AuroraDesignRequestCreate } from '../schemas';

export class DesignRequests {
  constructor(private readonly client: AuroraCaller) {}

  /** POST /tenants/{tenant_id}/design_requests with `{"design_request": {"project_id"}}` ([DOCS]); not retried blindly. */
  create(request: AuroraDesignRequestCreate, options: RequestOptions = {}): Promise<AuroraDesignRequest> {
    return this.client.call('createDesignRequest', {
      ...options,
      body: { design_request: { project_id: request.project_id } },
      root: 'design_request',
      schema: auroraDesignRequestSchema,
    });
  }

  /** GET /tenants/{tenant_id}/design_requests/{design_request_id} */
  retrieve(designRequestId: string, options: RequestOptions = {}): Promise<AuroraDesignRequest> {
    return this.client.call('retrieveDesignRequest', { ...options, params: { designRequestId }, root: 'design_request', schema: auroraDesignRequestSchema });
  }

  /** GET /tenants/{tenant_id}/design_requests (path in inferred.ts). */
  list(options: RequestOptions = {}): Promise<AuroraDesignRequest[]> {
    return this.client.call('listDesignRequests', { ...options, root: 'design_requests', schema: z.array(auroraDesignRequestSchema) });
  }

  /** POST …/design_requests/{id}/accept ([DOCS]): Aurora creates a design from the model and records its id. */
  accept(designRequestId: string, options: RequestOptions = {}): Promise<AuroraDesignRequest> {
    return this.client.call('acceptDesignRequest', {
      ...options,
      params: { designRequestId },
      root: INFERRED_ROOT_KEYS.acceptedDesignRequest,
      schema: auroraDesignRequestSchema,
    });
  }
}

// The Aurora endpoints this app calls: method, tenant-scoped path template, retry safety and the words used in errors.
// The simulator keeps its own table written from Aurora's documentation (simulators/aurora/api.ts); test/aurora/routeTables.test.ts compares the two.
import { INFERRED_ENDPOINTS } from './inferred';

/** The features a key can be provisioned for, as the settings page reports them. */
export type AuroraFeature =
  | 'projects'
  | 'design_requests'
  | 'designs'
  | 'pricing'
  | 'financings'
  | 'assets'
  | 'proposals'
  | 'agreements'
  | 'users'
  | 'webhooks';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template with `:params`; every path starts with `/tenants/:tenantId` ([DOCS] docs/aurora-api.md#hosts-and-paths). */
  path: string;
  /** Safe to send twice: a non-idempotent create is retried only when it provably never reached Aurora. */
  idempotent: boolean;
  feature: AuroraFeature;
  /** What the call does, for messages such as "The Aurora API key is not allowed to read pricing." */
  action: string;
  /** The thing it reads or writes, for messages such as "Aurora could not find this design." */
  noun: string;
}

export const ENDPOINTS = {
  // [DOCS] create-project tutorial; returns 200.
  createProject: { method: 'POST', path: '/tenants/:tenantId/projects', idempotent: false, feature: 'projects', action: 'create projects', noun: 'project' },
  // [DOCS]/[CODE]
  retrieveProject: { method: 'GET', path: '/tenants/:tenantId/projects/:projectId', idempotent: true, feature: 'projects', action: 'read projects', noun: 'project' },
  // [DOCS] path; paging in inferred.ts
  listProjects: { method: 'GET', path: '/tenants/:tenantId/projects', idempotent: true, feature: 'projects', action: 'list projects', noun: 'project list' },
  updateProject: { ...INFERRED_ENDPOINTS.updateProject, idempotent: true, feature: 'projects', action: 'update projects', noun: 'project' },

  // [DOCS] createdesignrequest
  createDesignRequest: { method: 'POST', path: '/tenants/:tenantId/design_requests', idempotent: false, feature: 'design_requests', action: 'create design requests', noun: 'design request' },
  // [CODE] KinOS
  retrieveDesignRequest: { method: 'GET', path: '/tenants/:tenantId/design_requests/:designRequestId', idempotent: true, feature: 'design_requests', action: 'read design requests', noun: 'design request' },
  listDesignRequests: { ...INFERRED_ENDPOINTS.listDesignRequests, idempotent: true, feature: 'design_requests', action: 'list design requests', noun: 'design request list' },
  // [DOCS] acceptdesignrequest; accepting creates a design, so a blind retry is not safe.
  acceptDesignRequest: { method: 'POST', path: '/tenants/:tenantId/design_requests/:designRequestId/accept', idempotent: false, feature: 'design_requests', action: 'accept design requests', noun: 'design request' },

  createDesign: { ...INFERRED_ENDPOINTS.createDesign, idempotent: false, feature: 'designs', action: 'create designs', noun: 'design' },
  // [CODE] aurora-zoho-sync
  retrieveDesign: { method: 'GET', path: '/tenants/:tenantId/designs/:designId', idempotent: true, feature: 'designs', action: 'read designs', noun: 'design' },
  // [CODE] python client, aurora-zoho-sync
  listDesigns: { method: 'GET', path: '/tenants/:tenantId/projects/:projectId/designs', idempotent: true, feature: 'designs', action: 'list designs', noun: 'design list' },
  // [DOCS] retrievedesignsummary
  retrieveDesignSummary: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/summary', idempotent: true, feature: 'designs', action: 'read design summaries', noun: 'design' },

  // [CODE] aurora-zoho-sync
  retrievePricing: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/pricing', idempotent: true, feature: 'pricing', action: 'read pricing', noun: 'design pricing' },

  // [CODE] aurora-zoho-sync; design-scoped
  listFinancings: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/financings', idempotent: true, feature: 'financings', action: 'read financings', noun: 'financing list' },
  // [CODE] + [3P-NOTES]
  retrieveFinancing: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/financings/:financingId', idempotent: true, feature: 'financings', action: 'read financings', noun: 'financing' },

  // [CODE] python client, KinOS; the root key of its answer is in inferred.ts
  listAssets: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/assets', idempotent: true, feature: 'assets', action: 'read design assets', noun: 'design asset list' },
  // [DOCS] "Retrieve auto-saved design screenshot" tutorial: GET /tenants/{tenant_id}/assets/{asset_id} → {"asset": {asset_type, design_id, url}}
  retrieveAsset: { method: 'GET', path: '/tenants/:tenantId/assets/:assetId', idempotent: true, feature: 'assets', action: 'read design assets', noun: 'design asset' },

  // [DOCS] retrieve-web-proposal-url
  retrieveWebProposal: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/web_proposal', idempotent: true, feature: 'proposals', action: 'read web proposals', noun: 'web proposal' },
  // [DOCS]; a repeat only makes a newer link, so retrying is harmless.
  generateWebProposalUrl: { method: 'POST', path: '/tenants/:tenantId/designs/:designId/web_proposal/generate_url', idempotent: true, feature: 'proposals', action: 'create web proposal links', noun: 'web proposal' },
  // [CODE] aurora-quickbase-integration, sundial-core
  retrieveDefaultProposal: { method: 'GET', path: '/tenants/:tenantId/designs/:designId/proposals/default', idempotent: true, feature: 'proposals', action: 'read proposals', noun: 'proposal' },

  // [3P-NOTES/CODE] sundial-core lib/aurora.js
  retrieveAgreement: { method: 'GET', path: '/tenants/:tenantId/agreements/:agreementId', idempotent: true, feature: 'agreements', action: 'read agreements', noun: 'agreement' },
  listAgreements: { ...INFERRED_ENDPOINTS.listAgreements, idempotent: true, feature: 'agreements', action: 'list agreements', noun: 'agreement list' },

  // [CODE] aurora-zoho-sync, sundial-core
  retrieveUser: { method: 'GET', path: '/tenants/:tenantId/users/:userId', idempotent: true, feature: 'users', action: 'read users', noun: 'user' },
  listUsers: { method: 'GET', path: '/tenants/:tenantId/users', idempotent: true, feature: 'users', action: 'list users', noun: 'user list' },

  listWebhooks: { ...INFERRED_ENDPOINTS.listWebhooks, idempotent: true, feature: 'webhooks', action: 'list webhook subscriptions', noun: 'webhook subscription list' },
  // [DOCS] tutorials
  createWebhook: { method: 'POST', path: '/tenants/:tenantId/webhooks', idempotent: false, feature: 'webhooks', action: 'create webhook subscriptions', noun: 'webhook subscription' },
  updateWebhook: { ...INFERRED_ENDPOINTS.updateWebhook, idempotent: true, feature: 'webhooks', action: 'change webhook subscriptions', noun: 'webhook subscription' },
  deleteWebhook: { ...INFERRED_ENDPOINTS.deleteWebhook, idempotent: true, feature: 'webhooks', action: 'delete webhook subscriptions', noun: 'webhook subscription' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Every endpoint name, e.g. to grant a restricted key all operations but a few. */
export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

/** Fills `:params` in a path template, URL-encoding each value; a missing or empty value is a programming error. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/:([A-Za-z_]+)/g, (_match, key: string) => {
    const value = params[key];
    if (!value) throw new Error(`Aurora path ${template} needs a value for ${key}`);
    return encodeURIComponent(value);
  });
}

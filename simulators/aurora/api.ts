// Aurora's API as Aurora's documentation (and code that calls the real API) describes it: the simulator's own route
// table, written from docs/aurora-api.md and never from the app's client, so a wrong client path fails the tests.
// Each operation names its source (docs/simulators.md#aurora-simulator): 'docs' = Aurora's pages, 'code' = public
// integrations calling the real API, 'inferred' = no source found (the same guess as the client's, on purpose, and
// listed as such by test/aurora/routeTables.test.ts).

export type AuroraSource = 'docs' | 'code' | 'inferred';

export interface AuroraOperationSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  source: AuroraSource;
  /** What a restricted key lacking this operation is refused, in Aurora's 403 words. */
  action: string;
}

const op = (method: AuroraOperationSpec['method'], path: string, source: AuroraSource, action: string): AuroraOperationSpec => ({ method, path, source, action });

/** Every operation the simulator serves, by the name restricted-key deny lists use. */
export const AURORA_OPERATIONS = {
  // docs.aurorasolar.com/reference/projects (create tutorial answers 200), list; retrieve in several integrations.
  createProject: op('POST', '/tenants/:tenantId/projects', 'docs', 'create projects'),
  listProjects: op('GET', '/tenants/:tenantId/projects', 'docs', 'list projects'),
  retrieveProject: op('GET', '/tenants/:tenantId/projects/:projectId', 'docs', 'read projects'),
  // KinOS research notes name PUT; no Aurora page shows the update route.
  updateProject: op('PUT', '/tenants/:tenantId/projects/:projectId', 'inferred', 'update projects'),

  // docs.aurorasolar.com/reference/createdesignrequest, acceptdesignrequest; retrieve in KinOS's client; list in KinOS notes.
  createDesignRequest: op('POST', '/tenants/:tenantId/design_requests', 'docs', 'create design requests'),
  listDesignRequests: op('GET', '/tenants/:tenantId/design_requests', 'inferred', 'list design requests'),
  retrieveDesignRequest: op('GET', '/tenants/:tenantId/design_requests/:designRequestId', 'code', 'read design requests'),
  acceptDesignRequest: op('POST', '/tenants/:tenantId/design_requests/:designRequestId/accept', 'docs', 'accept design requests'),

  // "Designs can be created directly via the API" (entity hierarchy) names no route.
  createDesign: op('POST', '/tenants/:tenantId/designs', 'inferred', 'create designs'),
  retrieveDesign: op('GET', '/tenants/:tenantId/designs/:designId', 'code', 'read designs'),
  listDesigns: op('GET', '/tenants/:tenantId/projects/:projectId/designs', 'code', 'list designs'),
  retrieveDesignSummary: op('GET', '/tenants/:tenantId/designs/:designId/summary', 'docs', 'read design summaries'),
  retrievePricing: op('GET', '/tenants/:tenantId/designs/:designId/pricing', 'code', 'read pricing'),
  listFinancings: op('GET', '/tenants/:tenantId/designs/:designId/financings', 'code', 'read financings'),
  retrieveFinancing: op('GET', '/tenants/:tenantId/designs/:designId/financings/:financingId', 'code', 'read financings'),

  // Design assets list in the python client and KinOS; retrieve one in the "auto-saved design screenshot" tutorial.
  listAssets: op('GET', '/tenants/:tenantId/designs/:designId/assets', 'code', 'read design assets'),
  retrieveAsset: op('GET', '/tenants/:tenantId/assets/:assetId', 'docs', 'read design assets'),

  // docs.aurorasolar.com/docs/retrieve-web-proposal-url; default proposal in aurora-quickbase-integration, sundial-core.
  retrieveWebProposal: op('GET', '/tenants/:tenantId/designs/:designId/web_proposal', 'docs', 'read web proposals'),
  generateWebProposalUrl: op('POST', '/tenants/:tenantId/designs/:designId/web_proposal/generate_url', 'docs', 'create web proposal links'),
  retrieveDefaultProposal: op('GET', '/tenants/:tenantId/designs/:designId/proposals/default', 'code', 'read proposals'),

  // Retrieve in sundial-core; "a list exists" per one catalogue, path never seen: the project-scoped guess.
  retrieveAgreement: op('GET', '/tenants/:tenantId/agreements/:agreementId', 'code', 'read agreements'),
  listAgreements: op('GET', '/tenants/:tenantId/projects/:projectId/agreements', 'inferred', 'list agreements'),

  // aurora-zoho-sync, sundial-core.
  retrieveUser: op('GET', '/tenants/:tenantId/users/:userId', 'code', 'read users'),
  listUsers: op('GET', '/tenants/:tenantId/users', 'code', 'list users'),

  // Create is in Aurora's tutorials; list/retrieve/update/delete by analogy with the documented partner webhook routes.
  createWebhook: op('POST', '/tenants/:tenantId/webhooks', 'docs', 'create webhook subscriptions'),
  listWebhooks: op('GET', '/tenants/:tenantId/webhooks', 'inferred', 'list webhook subscriptions'),
  retrieveWebhook: op('GET', '/tenants/:tenantId/webhooks/:webhookId', 'inferred', 'read webhook subscriptions'),
  updateWebhook: op('PUT', '/tenants/:tenantId/webhooks/:webhookId', 'inferred', 'change webhook subscriptions'),
  deleteWebhook: op('DELETE', '/tenants/:tenantId/webhooks/:webhookId', 'inferred', 'delete webhook subscriptions'),
} as const satisfies Record<string, AuroraOperationSpec>;

export type AuroraOperation = keyof typeof AURORA_OPERATIONS;

export const AURORA_OPERATION_NAMES = Object.keys(AURORA_OPERATIONS) as AuroraOperation[];

/** Aurora's webhook events ([DOCS] events page + [3P-NOTES] KinOS list, docs/aurora-api.md#webhook-events-and-placeholders): another name is refused (422). */
export const AURORA_EVENT_NAMES: readonly string[] = [
  'agreement_status_changed', 'agreement_download_url_job_completed', 'ahj_lookup_completed', 'ai_roof_job_completed', 'app_status_changed',
  'asset_created', 'auto_designer_job_completed', 'consumption_profile_changed', 'design_created', 'design_deleted', 'design_request_completed',
  'design_request_created', 'design_request_rejected', 'eagleview_design_request_created', 'eagleview_design_request_status_changed',
  'financier_contract_status_changed', 'fire_pathway_placement_job_completed', 'imagery_lidar_completed', 'irradiance_analysis_job_completed',
  'lead_changed', 'lead_converted', 'lead_created', 'milestone_created', 'milestone_shared', 'order_created', 'panel_irradiance_analysis_job_completed',
  'performance_simulation_job_completed', 'plan_set_request_status_changed', 'project_changed', 'project_created', 'project_deleted',
  'project_status_changed', 'proposal_pdf_generation_job_completed', 'site_survey_requested', 'site_survey_status_changed', 'web_proposal_url_created',
  // The spellings one version of Aurora's reference uses.
  'design_request_completion', 'design_request_rejection', 'auto_designer_job_completion',
];

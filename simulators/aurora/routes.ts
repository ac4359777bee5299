// HTTP routes of the Aurora simulator: the Aurora API (from the simulator's own table in api.ts, written from Aurora's
// documentation), signed asset files, the public web proposal page, and the /__sim/ control endpoints.
/*
 * API  — every operation of api.ts (AURORA_OPERATIONS), minus those a deviation omits. Each request needs
 *        `Authorization: Bearer <key>` (401), counts against the key's rolling rate limit (429 + Retry-After), must
 *        name the key's own tenant (404), and a restricted key must be provisioned for the operation (403). Bodies are
 *        root-wrapped (`{"project": {...}}`); invalid ones get 422 `{"errors":[{"message"}]}`, malformed JSON 400.
 *        An `Aurora-API-Version` header other than the latest is 400. A known path with another verb is 405; an
 *        unknown path 404 like a real server (and recorded in `server.unhandled`, which tests assert empty).
 *
 * Files (no key, signed and expiring like a storage bucket):
 *   GET /__files/:file?expires=&signature=   an asset's PNG screenshot, DXF layout or text file (403 expired/forged)
 *   GET /e-proposal/:token                    the public web proposal page
 *   GET /projects/:id/overview/dashboard      a stand-in for the Aurora web app page a deep link opens
 *   GET /projects/:id/designs/:designId/cad   (set AURORA_APP_URL to the simulator's URL to use them)
 *
 * Control (no key, never rate limited or faulted; JSON in and out; errors are `{"error": "..."}`; CORS open, so the
 * workbench's browser panel can call it directly):
 *   GET    /__sim                                   this list
 *   GET    /__sim/state                             everything held, per tenant (keys, projects, designs, …)
 *   POST   /__sim/reset                 {seed?}     forget everything; seed recreates the demo tenant
 *   POST   /__sim/tenants               {id?, name?, pricePerWatt?, keys?: [{key?, kind?, deny?: [operation]}], users?}
 *   POST   /__sim/design_requests/:id/complete      designers finished the model (designer_completed)
 *   POST   /__sim/design_requests/:id/reject {reason?}  designers rejected it (designer_rejected)
 *   POST   /__sim/designs               {projectId, name?, sizeKw?, externalProviderId?}  a design made in the app
 *   POST   /__sim/designs/:id/simulate              finish a performance simulation (+ screenshot and DXF assets)
 *   POST   /__sim/designs/:id/assets    {assetType?}  save an asset ("CAD Screenshot", "Design DXF", …)
 *   POST   /__sim/designs/:id/milestone {milestone?}  record a milestone (default "sold")
 *   POST   /__sim/designs/:id/financing {financingId}  select another financing in Sales Mode
 *   POST   /__sim/projects/:id/status   {status}    change the project status in the app
 *   POST   /__sim/projects/:id/consumption {annualKwh}  the yearly consumption new designs are sized against
 *   POST   /__sim/agreements            {projectId, designId?, templateName?}  send an agreement (status sent)
 *   POST   /__sim/agreements/:id/status {status, force?}  move it: viewed, signed, declined, cancel_pending, canceled, error
 *   POST   /__sim/faults                {path?, method?, status?, retryAfterSeconds?, drop?, delayMs?, times?}  one-shot faults
 *   PUT    /__sim/chaos                 {latencyMs?, errorRatio?, errorStatus?}  standing latency / error ratio
 *   DELETE /__sim/faults                            clear faults and chaos
 *   PUT    /__sim/rate_limit            {requests, perMs}  change the per-key limit
 *   GET    /__sim/log                               request log, unhandled requests, API arrivals per key
 *   GET    /__sim/webhooks/deliveries               webhook delivery log (url, statuses, attempts, outcome)
 *   POST   /__sim/webhooks/idle                     wait until no delivery is pending, then the delivery log
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { auroraErrorBody, INFERRED_ROOT_KEYS, LATEST_API_VERSION, PAGINATION, WEBHOOK_AUTH_FIELDS, WEBHOOK_DELIVERY } from '../../src/core/aurora/inferred';
import { Router, type SimRequest, type SimResponse } from '../shared/httpServer';
import { AURORA_OPERATION_NAMES, AURORA_OPERATIONS, type AuroraOperation } from './api';
import type { SimControl } from './control';
import { geocode, reverseGeocode, sizesOf } from './model';
import type { KeyRateLimiter } from './rateLimit';
import { fillTemplate } from './webhooks';
import { SimError, type AuroraWorld, type SimWebhook } from './world';

/** A 422 with several of Aurora's `errors[].message`. */
class ValidationFailure extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

type Body = Record<string, unknown>;
const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const ok = (body: unknown): SimResponse => ({ status: 200, body });
const auroraError = (status: number, ...messages: string[]): SimResponse => ({ status, body: auroraErrorBody(...messages) });

/** `{"<root>": {...}}` from the body; 400 for malformed JSON, 422 when the root object is missing. */
function rootObject(req: SimRequest, root: string): Body {
  if (req.rawBody.length > 0 && req.body === undefined) throw new SimError(400, 'The request body is not valid JSON');
  const body = req.body;
  if (!isObject(body) || !isObject(body[root])) throw new ValidationFailure([`${root} is required`]);
  return body[root];
}

const PROJECT_STRING_FIELDS = [
  'external_provider_id',
  'name',
  'status',
  'customer_salutation',
  'customer_first_name',
  'customer_last_name',
  'customer_email',
  'customer_phone',
  'mailing_address',
] as const;

/** Project fields as Aurora validates them: optional strings reject null ([3P-NOTES] sundial-core, docs/aurora-api.md#request-and-response-bodies). */
function projectFields(input: Body, creating: boolean): { fields: Body; location: Body | undefined } {
  const errors: string[] = [];
  const fields: Body = {};
  for (const field of PROJECT_STRING_FIELDS) {
    if (!(field in input)) continue;
    if (typeof input[field] === 'string') fields[field] = input[field];
    else errors.push(`${field} must be a string`);
  }
  if ('project_type' in input) {
    if (input.project_type === 'residential' || input.project_type === 'commercial') fields.project_type = input.project_type;
    else errors.push('project_type must be one of residential, commercial');
  }
  // [DOCS] Create and Update Project take `tags`, a list of strings (docs.aurorasolar.com/reference/project-based-tags).
  if ('tags' in input) {
    if (Array.isArray(input.tags) && input.tags.every((tag) => typeof tag === 'string')) fields.tags = input.tags;
    else errors.push('tags must be an array of strings');
  }
  const location = resolveLocation(input, errors);
  if (creating && !location && errors.length === 0) errors.push('location must include a property_address, or a latitude and a longitude');
  if (errors.length) throw new ValidationFailure(errors);
  return { fields, location };
}

/** `location.property_address` and/or `location.latitude`+`longitude`; the legacy flat `address` of the docs tutorial too. */
function resolveLocation(input: Body, errors: string[]): Body | undefined {
  let raw: Body | undefined;
  if ('location' in input) {
    if (!isObject(input.location)) {
      errors.push('location must be an object');
      return undefined;
    }
    raw = input.location;
  } else if ('address' in input || 'latitude' in input || 'longitude' in input) {
    raw = { property_address: input.address, latitude: input.latitude, longitude: input.longitude };
    for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  }
  if (!raw) return undefined;
  const { property_address: address, latitude, longitude } = raw;
  if (address !== undefined && typeof address !== 'string') errors.push('location.property_address must be a string');
  const hasPin = latitude !== undefined || longitude !== undefined;
  if (hasPin) {
    if (typeof latitude !== 'number' || latitude < -90 || latitude > 90) errors.push('location.latitude must be a number between -90 and 90');
    if (typeof longitude !== 'number' || longitude < -180 || longitude > 180) errors.push('location.longitude must be a number between -180 and 180');
  }
  if (errors.length) return undefined;
  if (typeof address === 'string' && address.trim()) {
    const found = geocode(address);
    if (!found) {
      errors.push('location.property_address could not be geocoded');
      return undefined;
    }
    // Both given: stored exactly as passed ([DOCS] createproject).
    return hasPin ? { ...found, property_address: address, latitude, longitude } : { ...found };
  }
  if (hasPin) return { ...reverseGeocode(latitude as number, longitude as number) };
  return undefined;
}

/** Webhook fields: event and url_template required on create; auth header key and value come together. */
function webhookFields(world: AuroraWorld, tenantId: string, input: Body, existing: SimWebhook | undefined): Body {
  const errors: string[] = [];
  const fields: Body = {};
  const merged = { ...(existing?.wire ?? {}), ...input };
  if (existing === undefined || 'event' in input) {
    if (typeof input.event !== 'string' || !world.acceptsEvent(input.event)) errors.push('event must be a valid webhook event');
    else fields.event = input.event;
  }
  if (existing === undefined || 'url_template' in input) {
    if (typeof input.url_template !== 'string' || !isHttpUrl(fillTemplate(input.url_template, {}))) errors.push('url_template must be a valid URL');
    else fields.url_template = input.url_template;
  }
  if ('description' in input) {
    if (typeof input.description === 'string') fields.description = input.description;
    else errors.push('description must be a string');
  }
  if ('enabled' in input) {
    if (typeof input.enabled === 'boolean') fields.enabled = input.enabled;
    else errors.push('enabled must be true or false');
  }
  for (const field of [WEBHOOK_AUTH_FIELDS.headerKey, WEBHOOK_AUTH_FIELDS.headerValue]) {
    if (!(field in input)) continue;
    if (typeof input[field] === 'string') fields[field] = input[field];
    else errors.push(`${field} must be a string`);
  }
  const hasKey = typeof merged[WEBHOOK_AUTH_FIELDS.headerKey] === 'string';
  const hasValue = typeof merged[WEBHOOK_AUTH_FIELDS.headerValue] === 'string';
  if (hasKey !== hasValue) errors.push(`${WEBHOOK_AUTH_FIELDS.headerKey} and ${WEBHOOK_AUTH_FIELDS.headerValue} go together`);
  const event = fields.event ?? existing?.wire.event;
  const sameEvent = world.webhooksOf(tenantId).filter((webhook) => webhook.wire.event === event && webhook !== existing);
  if (sameEvent.length >= WEBHOOK_DELIVERY.maxSubscriptionsPerEvent) errors.push(`At most ${WEBHOOK_DELIVERY.maxSubscriptionsPerEvent} subscriptions per event`);
  if (errors.length) throw new ValidationFailure(errors);
  return fields;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Leaves the named fields out of a root object or of each item of a root list (a deviation). */
function withoutDroppedFields(response: SimResponse, fields: readonly string[] | undefined): SimResponse {
  if (!fields?.length || !isObject(response.body)) return response;
  const strip = (value: unknown): unknown => (isObject(value) ? Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key))) : value);
  const body = Object.fromEntries(Object.entries(response.body).map(([root, value]) => [root, Array.isArray(value) ? value.map(strip) : strip(value)]));
  return { ...response, body };
}

const keyLabel = (key: string) => `…${key.slice(-4)}`;

const pageNumber = (value: string | null, fallback: number) => {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 1 ? parsed : fallback;
};

export interface RouteDeps {
  world: AuroraWorld;
  limiter: KeyRateLimiter;
  /** The control is built after the server listens, so routes look it up per request. */
  control: () => SimControl;
}

export function buildRoutes({ world, limiter, control }: RouteDeps): Router {
  const router = new Router();

  /** Registers an API operation behind auth, rate limit, tenant scope and provisioning checks. */
  const api = (name: AuroraOperation, handler: (req: SimRequest, tenantId: string) => SimResponse) => {
    if (world.deviations.omitOperations?.includes(name)) return;
    const endpoint = AURORA_OPERATIONS[name];
    router.add(endpoint.method, endpoint.path, (req) => {
      const token = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
      const key = token ? world.keys.get(token) : undefined;
      if (!key) return auroraError(401, 'Unauthorized: the API key is missing or not valid');
      const version = req.headers['aurora-api-version'];
      if (version !== undefined && version !== LATEST_API_VERSION) return auroraError(400, `Aurora-API-Version must be ${LATEST_API_VERSION}`);
      const waitMs = limiter.hit(key.key);
      world.recordRequest({ at: Date.now(), key: keyLabel(key.key), method: req.method, path: req.path, limited: waitMs !== undefined });
      if (waitMs !== undefined) {
        return { ...auroraError(429, 'Rate limit exceeded: 90 requests per minute per API key'), headers: { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } };
      }
      // [DOCS] 404 covers resources of another tenant; a key used with another tenant's id finds nothing either.
      if (req.params.tenantId !== key.tenantId) return auroraError(404, 'Tenant not found');
      if (key.denied.has(name)) return auroraError(403, `This API key is not provisioned to ${endpoint.action}. Contact your Aurora account team.`);
      try {
        return withoutDroppedFields(handler(req, key.tenantId), world.deviations.dropFields?.[name]);
      } catch (error) {
        if (error instanceof ValidationFailure) return auroraError(422, ...error.messages);
        if (error instanceof SimError) return auroraError(error.status, error.message);
        throw error;
      }
    });
  };

  /**
   * The owner: one of the tenant's users. [DOCS] Create Project takes owner_id (docs.aurorasolar.com/reference/partners);
   * [INFERRED] Update Project takes it too, as the project object carries it.
   */
  const ownerField = (body: Body, tenantId: string): Body => {
    if (!('owner_id' in body)) return {};
    const owner = typeof body.owner_id === 'string' ? world.users.get(body.owner_id) : undefined;
    if (!owner || owner.tenantId !== tenantId) throw new ValidationFailure(['owner_id must be the id of a user of this tenant']);
    return { owner_id: owner.wire.id };
  };

  // ---- projects
  api('createProject', (req, tenantId) => {
    const body = rootObject(req, 'project');
    const { fields, location } = projectFields(body, true);
    return ok({ project: world.addProject(tenantId, { ...fields, ...ownerField(body, tenantId) }, location!).wire });
  });
  api('retrieveProject', (req, tenantId) => ok({ project: world.project(tenantId, req.params.projectId!).wire }));
  api('updateProject', (req, tenantId) => {
    const project = world.project(tenantId, req.params.projectId!);
    const body = rootObject(req, 'project');
    const { fields, location } = projectFields(body, false);
    return ok({ project: world.updateProject(project, { ...fields, ...ownerField(body, tenantId) }, location).wire });
  });
  api('listProjects', (req, tenantId) => {
    const page = pageNumber(req.query.get(PAGINATION.pageParam), 1);
    const perPage = Math.min(pageNumber(req.query.get(PAGINATION.perPageParam), PAGINATION.defaultPerPage), PAGINATION.maxPerPage);
    const projects = world.projectsOf(tenantId).slice((page - 1) * perPage, page * perPage);
    return ok({ projects: projects.map((project) => project.wire) });
  });

  // ---- design requests
  api('createDesignRequest', (req, tenantId) => {
    const input = rootObject(req, 'design_request');
    if (typeof input.project_id !== 'string') throw new ValidationFailure(['project_id must be a string']);
    const project = world.project(tenantId, input.project_id);
    // [DOCS] the expert modelling service is for residential projects only.
    if (project.wire.project_type === 'commercial') throw new ValidationFailure(['Design requests are only available for residential projects']);
    return ok({ design_request: world.addDesignRequest(tenantId, project).wire });
  });
  api('retrieveDesignRequest', (req, tenantId) => ok({ design_request: world.designRequest(tenantId, req.params.designRequestId!).wire }));
  api('listDesignRequests', (req, tenantId) => {
    const projectId = req.query.get('project_id');
    const requests = [...world.designRequests.values()].filter((request) => request.tenantId === tenantId && (!projectId || request.wire.project_id === projectId));
    return ok({ design_requests: requests.map((request) => request.wire) });
  });
  api('acceptDesignRequest', (req, tenantId) => {
    const request = world.acceptDesignRequest(world.designRequest(tenantId, req.params.designRequestId!));
    return ok({ [INFERRED_ROOT_KEYS.acceptedDesignRequest]: request.wire });
  });

  // ---- designs
  api('createDesign', (req, tenantId) => {
    const input = rootObject(req, 'design');
    const errors: string[] = [];
    if (typeof input.project_id !== 'string') errors.push('project_id must be a string');
    for (const field of ['name', 'external_provider_id']) if (field in input && typeof input[field] !== 'string') errors.push(`${field} must be a string`);
    if (errors.length) throw new ValidationFailure(errors);
    const project = world.project(tenantId, input.project_id as string);
    const design = world.addDesign(project, {
      withLayout: false,
      source: 'api',
      ...(typeof input.name === 'string' ? { name: input.name } : {}),
      externalProviderId: typeof input.external_provider_id === 'string' ? input.external_provider_id : null,
    });
    return ok({ design: world.designWire(design) });
  });
  api('retrieveDesign', (req, tenantId) => ok({ design: world.designWire(world.design(tenantId, req.params.designId!)) }));
  api('listDesigns', (req, tenantId) => {
    const project = world.project(tenantId, req.params.projectId!);
    return ok({ designs: world.designsOf(project.wire.id).map((design) => world.designWire(design)) });
  });
  api('retrieveDesignSummary', (req, tenantId) => ok({ design: world.summaryWire(world.design(tenantId, req.params.designId!)) }));
  api('retrievePricing', (req, tenantId) => ok({ pricing: world.pricingWire(world.design(tenantId, req.params.designId!)) }));
  api('listFinancings', (req, tenantId) => ok({ financings: world.financingSummaries(world.design(tenantId, req.params.designId!)) }));
  api('retrieveFinancing', (req, tenantId) => {
    const design = world.design(tenantId, req.params.designId!);
    const plan = design.financings.find((candidate) => candidate.id === req.params.financingId);
    if (!plan) throw new SimError(404, 'Financing not found');
    return ok({ financing: world.financingWire(design, plan) });
  });

  // ---- assets
  api('listAssets', (req, tenantId) => {
    const design = world.design(tenantId, req.params.designId!);
    const assets = [...world.assets.values()].filter((asset) => asset.designId === design.id);
    return ok({ [INFERRED_ROOT_KEYS.assets]: assets.map((asset) => world.assetWire(asset)) });
  });
  api('retrieveAsset', (req, tenantId) => {
    const asset = world.assets.get(req.params.assetId!);
    if (!asset || asset.tenantId !== tenantId) throw new SimError(404, 'Asset not found');
    return ok({ asset: world.assetWire(asset) });
  });

  // ---- proposals
  api('retrieveWebProposal', (req, tenantId) => ok(world.webProposalWire(world.design(tenantId, req.params.designId!))));
  api('generateWebProposalUrl', (req, tenantId) => ok(world.regenerateWebProposal(world.design(tenantId, req.params.designId!))));
  api('retrieveDefaultProposal', (req, tenantId) => ok({ proposal: world.proposalWire(world.design(tenantId, req.params.designId!)) }));

  // ---- agreements
  api('retrieveAgreement', (req, tenantId) => {
    const agreement = world.agreements.get(req.params.agreementId!);
    if (!agreement || agreement.tenantId !== tenantId) throw new SimError(404, 'Agreement not found');
    return ok({ agreement: agreement.wire });
  });
  api('listAgreements', (req, tenantId) => {
    const project = world.project(tenantId, req.params.projectId!);
    return ok({ [INFERRED_ROOT_KEYS.agreements]: world.agreementsOf(project.wire.id).map((agreement) => agreement.wire) });
  });

  // ---- users
  api('listUsers', (_req, tenantId) => ok({ users: [...world.users.values()].filter((user) => user.tenantId === tenantId).map((user) => user.wire) }));
  api('retrieveUser', (req, tenantId) => {
    const user = world.users.get(req.params.userId!);
    if (!user || user.tenantId !== tenantId) throw new SimError(404, 'User not found');
    return ok({ user: user.wire });
  });

  // ---- webhooks
  const webhook = (tenantId: string, id: string) => {
    const found = world.webhooks.get(id);
    if (!found || found.tenantId !== tenantId) throw new SimError(404, 'Webhook not found');
    return found;
  };
  api('listWebhooks', (_req, tenantId) => ok({ [INFERRED_ROOT_KEYS.webhooks]: world.webhooksOf(tenantId).map((found) => found.wire) }));
  api('retrieveWebhook', (req, tenantId) => ok({ webhook: webhook(tenantId, req.params.webhookId!).wire }));
  api('createWebhook', (req, tenantId) => {
    const fields = webhookFields(world, tenantId, rootObject(req, 'webhook'), undefined);
    const wire: SimWebhook['wire'] = {
      description: null,
      ...fields,
      id: randomUUID(),
      event: String(fields.event),
      url_template: String(fields.url_template),
      enabled: fields.enabled !== false,
    };
    world.webhooks.set(wire.id, { tenantId, wire });
    return ok({ webhook: wire });
  });
  api('updateWebhook', (req, tenantId) => {
    const found = webhook(tenantId, req.params.webhookId!);
    Object.assign(found.wire, webhookFields(world, tenantId, rootObject(req, 'webhook'), found));
    return ok({ webhook: found.wire });
  });
  api('deleteWebhook', (req, tenantId) => {
    world.webhooks.delete(webhook(tenantId, req.params.webhookId!).wire.id);
    return { status: 204 };
  });

  // ---- files and the public proposal page
  router.get('/__files/:file', (req): SimResponse => {
    try {
      const file = world.assetFile(req.params.file!, req.query.get('expires'), req.query.get('signature'));
      return { status: 200, raw: file.body, headers: { 'content-type': file.contentType, 'cache-control': 'private, max-age=60' } };
    } catch (error) {
      if (error instanceof SimError) return { status: error.status, raw: Buffer.from(error.message), headers: { 'content-type': 'text/plain' } };
      throw error;
    }
  });
  router.get('/e-proposal/:token', (req): SimResponse => {
    const design = world.designByProposalToken(req.params.token!);
    if (!design) return { status: 404, raw: Buffer.from('<!doctype html><title>Not found</title><p>This proposal link is not valid.</p>'), headers: { 'content-type': 'text/html' } };
    const kw = (sizesOf(design.layout).stc / 1000).toFixed(2);
    const html = `<!doctype html><title>Solar proposal</title><h1>Your solar proposal</h1><p>${escapeHtml(design.name)}: ${kw} kW</p>`;
    return { status: 200, raw: Buffer.from(html), headers: { 'content-type': 'text/html; charset=utf-8' } };
  });

  // Stand-ins for the Aurora web app pages deep links open (links.ts), so links from the card work against the simulator.
  const appPage = (title: string, body: string): SimResponse => ({
    status: 200,
    raw: Buffer.from(`<!doctype html><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>`),
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
  router.get('/projects/:projectId/overview/dashboard', (req) => {
    const project = world.projects.get(req.params.projectId!);
    return project ? appPage(`Aurora project ${String(project.wire.name ?? project.wire.id)}`, String((project.wire.location as { property_address?: string } | null)?.property_address ?? '')) : appPage('Project not found', '');
  });
  router.get('/projects/:projectId/designs/:designId/cad', (req) => {
    const design = world.designs.get(req.params.designId!);
    return design ? appPage(`Aurora design ${design.name}`, `${(sizesOf(design.layout).stc / 1000).toFixed(2)} kW`) : appPage('Design not found', '');
  });

  // ---- control
  // The workbench's browser panel calls these from another origin: answer CORS preflights and allow any origin.
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, PUT, DELETE', 'access-control-allow-headers': 'content-type' };
  const preflighted = new Set<string>();
  const controlRoute = <S extends z.ZodType>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, schema: S, run: (input: z.infer<S>, req: SimRequest) => unknown) => {
    if (!preflighted.has(path)) {
      preflighted.add(path);
      router.add('OPTIONS', path, () => ({ status: 204, headers: cors }));
    }
    router.add(method, path, async (req) => {
      try {
        if (req.rawBody.length > 0 && req.body === undefined) throw new SimError(400, 'The request body is not valid JSON');
        const parsed = schema.safeParse(req.body ?? {});
        if (!parsed.success) throw new SimError(400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
        return { status: 200, body: (await run(parsed.data, req)) ?? { ok: true }, headers: cors };
      } catch (error) {
        if (error instanceof SimError) return { status: error.status, body: { error: error.message }, headers: cors };
        throw error;
      }
    });
  };
  const none = z.object({});
  const id = (req: SimRequest) => req.params.id!;

  controlRoute('GET', '/__sim', none, () => ({ routes: CONTROL_ROUTES }));
  controlRoute('GET', '/__sim/state', none, () => control().snapshot());
  controlRoute('POST', '/__sim/reset', z.object({ seed: z.boolean().optional() }), (input) => control().reset(input));
  controlRoute('POST', '/__sim/tenants', tenantInput, (input) => control().createTenant(input));
  controlRoute('POST', '/__sim/design_requests/:id/complete', none, (_input, req) => control().completeDesignRequest(id(req)));
  controlRoute('POST', '/__sim/design_requests/:id/reject', z.object({ reason: z.string().min(1).optional() }), (input, req) => control().rejectDesignRequest(id(req), input.reason));
  controlRoute(
    'POST',
    '/__sim/designs',
    z.object({ projectId: z.string().min(1), name: z.string().min(1).optional(), sizeKw: z.number().positive().max(1000).optional(), externalProviderId: z.string().optional() }),
    (input) => control().createDesign(input),
  );
  controlRoute('POST', '/__sim/designs/:id/simulate', none, (_input, req) => control().finishSimulation(id(req)));
  controlRoute('POST', '/__sim/designs/:id/assets', z.object({ assetType: z.string().min(1).optional() }), (input, req) => control().createAsset(id(req), input.assetType));
  controlRoute('POST', '/__sim/designs/:id/milestone', z.object({ milestone: z.string().min(1).optional() }), (input, req) => control().recordMilestone(id(req), input.milestone));
  controlRoute('POST', '/__sim/designs/:id/financing', z.object({ financingId: z.string().min(1) }), (input, req) => control().selectFinancing(id(req), input.financingId));
  controlRoute('POST', '/__sim/projects/:id/status', z.object({ status: z.string().min(1) }), (input, req) => control().setProjectStatus(id(req), input.status));
  controlRoute('POST', '/__sim/projects/:id/consumption', z.object({ annualKwh: z.number().positive() }), (input, req) => control().setConsumption(id(req), input.annualKwh));
  controlRoute(
    'POST',
    '/__sim/agreements',
    z.object({ projectId: z.string().min(1), designId: z.string().min(1).optional(), templateName: z.string().min(1).optional() }),
    (input) => control().createAgreement(input),
  );
  controlRoute('POST', '/__sim/agreements/:id/status', z.object({ status: z.string().min(1), force: z.boolean().optional() }), (input, req) =>
    control().moveAgreement(id(req), input.status, { force: input.force ?? false }),
  );
  controlRoute(
    'POST',
    '/__sim/faults',
    z.object({
      path: z.string().optional(),
      method: z.string().optional(),
      status: z.number().int().min(400).max(599).optional(),
      retryAfterSeconds: z.number().min(0).optional(),
      drop: z.boolean().optional(),
      delayMs: z.number().min(0).optional(),
      times: z.number().int().min(1).optional(),
    }),
    (input) => control().injectFault(input),
  );
  controlRoute(
    'PUT',
    '/__sim/chaos',
    z.object({ latencyMs: z.number().min(0).optional(), errorRatio: z.number().min(0).max(1).optional(), errorStatus: z.number().int().min(400).max(599).optional() }),
    (input) => control().setChaos(input),
  );
  controlRoute('DELETE', '/__sim/faults', none, () => control().clearFaults());
  controlRoute('PUT', '/__sim/rate_limit', z.object({ requests: z.number().int().min(1), perMs: z.number().positive() }), (input) => control().setRateLimit(input));
  controlRoute('GET', '/__sim/log', none, () => control().requestLog());
  controlRoute('GET', '/__sim/webhooks/deliveries', none, () => control().deliveries());
  controlRoute('POST', '/__sim/webhooks/idle', none, () => control().webhooksIdle());

  return router;
}

const tenantInput = z.object({
  id: z.string().min(1).optional(),
  name: z.string().optional(),
  pricePerWatt: z.number().positive().optional(),
  keys: z
    .array(z.object({ key: z.string().min(8).optional(), kind: z.enum(['standard', 'restricted']).optional(), deny: z.array(z.enum(AURORA_OPERATION_NAMES)).optional() }))
    .optional(),
  users: z.array(z.object({ id: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional(), email: z.string().optional() })).optional(),
});

const CONTROL_ROUTES = [
  'GET /__sim/state',
  'POST /__sim/reset {seed?}',
  'POST /__sim/tenants {id?, name?, pricePerWatt?, keys?, users?}',
  'POST /__sim/design_requests/:id/complete',
  'POST /__sim/design_requests/:id/reject {reason?}',
  'POST /__sim/designs {projectId, name?, sizeKw?, externalProviderId?}',
  'POST /__sim/designs/:id/simulate',
  'POST /__sim/designs/:id/assets {assetType?}',
  'POST /__sim/designs/:id/milestone {milestone?}',
  'POST /__sim/designs/:id/financing {financingId}',
  'POST /__sim/projects/:id/status {status}',
  'POST /__sim/projects/:id/consumption {annualKwh}',
  'POST /__sim/agreements {projectId, designId?, templateName?}',
  'POST /__sim/agreements/:id/status {status, force?}',
  'POST /__sim/faults {path?, method?, status?, retryAfterSeconds?, drop?, delayMs?, times?}',
  'PUT /__sim/chaos {latencyMs?, errorRatio?, errorStatus?}',
  'DELETE /__sim/faults',
  'PUT /__sim/rate_limit {requests, perMs}',
  'GET /__sim/log',
  'GET /__sim/webhooks/deliveries',
  'POST /__sim/webhooks/idle',
];

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

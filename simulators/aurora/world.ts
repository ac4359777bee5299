// The simulator's state and lifecycle: tenants and keys, projects, design requests, designs (with summary, pricing,
// financings, assets, proposals, milestones), agreements and webhook subscriptions, plus the events they fire.
// Routes (HTTP) and the programmatic control both call into this one place.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { AURORA_EVENT_NAMES, type AuroraOperation } from './api';
import {
  AGREEMENT_STATUSES,
  ASSET_FIELDS,
  AURORA_EVENTS,
  DESIGN_REQUEST_FIELDS,
  DESIGN_REQUEST_STATUSES,
  SANDBOX_ADDRESSES,
  WEBHOOK_AUTH_FIELDS,
  WEBHOOK_PLACEHOLDERS,
  type AuroraEventKey,
} from '../../src/core/aurora/inferred';
import { formatAuroraDate } from '../../src/core/aurora/parse';
import { renderLayoutDxf, renderScreenshotPng } from './files';
import {
  defaultConsumptionKwh,
  defaultFinancingPlans,
  designPricing,
  designSummary,
  financingDetail,
  financingSummary,
  normalizeAddress,
  planLayout,
  sizesOf,
  type FinancingPlan,
  type Layout,
  type SummaryOptions,
} from './model';
import { fillTemplate, WebhookDispatcher, type DeliveryOptions } from './webhooks';

export type Wire = Record<string, unknown> & { id: string };

export interface SimTenant {
  id: string;
  name: string;
  /** Price per watt used for pricing and financings. */
  pricePerWatt: number;
}

export interface SimKey {
  key: string;
  tenantId: string;
  kind: 'standard' | 'restricted';
  /** Operations a restricted key is not provisioned for (403). */
  denied: ReadonlySet<AuroraOperation>;
}

export interface SimUser {
  tenantId: string;
  wire: Wire;
}

export interface SimProject {
  tenantId: string;
  createdAtMs: number;
  /** Drives the design size and the offset figure. */
  annualConsumptionKwh: number;
  wire: Wire;
}

export interface SimDesignRequest {
  tenantId: string;
  wire: Wire & { status: string };
}

export interface SimDesign {
  id: string;
  tenantId: string;
  projectId: string;
  name: string;
  externalProviderId: string | null;
  createdAt: string;
  layout: Layout | null;
  /** A performance simulation has run since the layout was made. */
  simulated: boolean;
  milestone: { id: string; milestone: string; notes: string | null; recorded_at: string } | null;
  financings: FinancingPlan[];
  selectedFinancingId: string | null;
  webProposal: { token: string; createdAtMs: number } | null;
  proposalId: string;
}

export interface SimAsset {
  id: string;
  tenantId: string;
  designId: string;
  assetType: string;
  format: 'png' | 'dxf' | 'txt';
  createdAt: string;
}

export interface SimAgreement {
  tenantId: string;
  wire: Wire & { status: string };
}

export interface SimWebhook {
  tenantId: string;
  wire: Wire & { event: string; url_template: string; enabled: boolean };
}

/** One API request as the rate limiter saw it arrive (keys are shown by their last 4 characters only). */
export interface ApiRequestRecord {
  at: number;
  key: string;
  method: string;
  path: string;
  limited: boolean;
}

export interface WorldOptions extends SummaryOptions {
  /** Delay before a design request at an ordinary address is completed; null = only through control. Default 5 000. */
  designRequestDelayMs?: number | null;
  /** Delay before a new laid-out design's performance simulation finishes; null = only through control (default). */
  simulationDelayMs?: number | null;
  /** How long signed asset URLs stay valid; default 1 h. */
  assetUrlTtlMs?: number;
  /** How long a web proposal URL stays unexpired; default 30 days. */
  webProposalTtlMs?: number;
  webhooks?: DeliveryOptions;
  /** Ways this Aurora differs from the documented one, to test how the app and `npm run probe` react. */
  deviations?: AuroraDeviations;
}

/** A deliberately different Aurora: what a tenant might really do where the documentation is silent or wrong. */
export interface AuroraDeviations {
  /** Operations this Aurora does not have: their paths answer 404 like any unknown route. */
  omitOperations?: AuroraOperation[];
  /** Event names this Aurora refuses to subscribe to (422), e.g. names it spells differently. */
  refuseEvents?: string[];
  /** Fields left out of an operation's answer (of the root object, or of every item of a root list). */
  dropFields?: Partial<Record<AuroraOperation, string[]>>;
}

/** Thrown by world operations; routes turn it into an HTTP answer. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TenantInput {
  id?: string;
  name?: string;
  pricePerWatt?: number;
  keys?: { key?: string; kind?: 'standard' | 'restricted'; deny?: AuroraOperation[] }[];
  users?: { id?: string; first_name?: string; last_name?: string; email?: string }[];
}

export interface TenantCreated {
  tenant: SimTenant;
  keys: { key: string; kind: 'standard' | 'restricted'; denied: AuroraOperation[] }[];
  users: Wire[];
}

const AGREEMENT_MOVES: Record<string, readonly string[]> = {
  sent: ['viewed', 'signed', 'declined', 'cancel_pending', 'canceled', 'error'],
  viewed: ['viewed', 'signed', 'declined', 'cancel_pending', 'canceled', 'error'],
  cancel_pending: ['canceled', 'sent'],
  error: ['sent'],
  // [DOCS] signed agreements cannot be cancelled; canceled and declined are final.
  signed: [],
  canceled: [],
  declined: [],
};

const isoNow = () => new Date().toISOString();

export class AuroraWorld {
  readonly tenants = new Map<string, SimTenant>();
  readonly keys = new Map<string, SimKey>();
  readonly users = new Map<string, SimUser>();
  readonly projects = new Map<string, SimProject>();
  readonly designRequests = new Map<string, SimDesignRequest>();
  readonly designs = new Map<string, SimDesign>();
  readonly assets = new Map<string, SimAsset>();
  readonly agreements = new Map<string, SimAgreement>();
  readonly webhooks = new Map<string, SimWebhook>();
  /** API requests by arrival time (the last 10 000). */
  readonly requests: ApiRequestRecord[] = [];
  readonly dispatcher: WebhookDispatcher;
  /** Set once the server listens: asset and proposal URLs point at it. */
  baseUrl = '';

  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly fileSecret = randomBytes(16).toString('hex');
  /** Each asset's file as last drawn, with the layout it was drawn from: Aurora stores a file once, it does not draw one per download. */
  private readonly drawnFiles = new Map<string, { layout: string; body: Buffer }>();
  private readonly designRequestDelayMs: number | null;
  private readonly simulationDelayMs: number | null;
  private readonly assetUrlTtlMs: number;
  private readonly webProposalTtlMs: number;

  readonly deviations: AuroraDeviations;

  constructor(private readonly options: WorldOptions = {}) {
    this.deviations = options.deviations ?? {};
    this.dispatcher = new WebhookDispatcher(options.webhooks);
    this.designRequestDelayMs = options.designRequestDelayMs === undefined ? 5_000 : options.designRequestDelayMs;
    this.simulationDelayMs = options.simulationDelayMs ?? null;
    this.assetUrlTtlMs = options.assetUrlTtlMs ?? 3_600_000;
    this.webProposalTtlMs = options.webProposalTtlMs ?? 30 * 86_400_000;
  }

  // ---- tenants, keys, users

  createTenant(input: TenantInput = {}): TenantCreated {
    const id = input.id ?? randomUUID();
    if (this.tenants.has(id)) throw new SimError(409, `Tenant ${id} already exists`);
    const tenant: SimTenant = { id, name: input.name ?? 'Simulated Solar Co', pricePerWatt: input.pricePerWatt ?? 3.05 };
    const keys = (input.keys ?? [{ kind: 'standard' as const }]).map((spec) => {
      const kind = spec.kind ?? 'standard';
      const key = spec.key ?? `${kind === 'standard' ? 'sk' : 'rk'}_sand_${randomBytes(12).toString('hex')}`;
      if (this.keys.has(key)) throw new SimError(409, 'That API key is already in use');
      const denied = kind === 'restricted' ? (spec.deny ?? []) : [];
      this.keys.set(key, { key, tenantId: id, kind, denied: new Set(denied) });
      return { key, kind, denied };
    });
    this.tenants.set(id, tenant);
    const users = (input.users ?? []).map((user) => {
      const wire: Wire = {
        id: user.id ?? randomUUID(),
        first_name: user.first_name ?? 'Alex',
        last_name: user.last_name ?? 'Designer',
        email: user.email ?? 'alex.designer@example.com',
        account_status: 'active',
        phone: null,
        role_id: randomUUID(),
        team_ids: [],
        partner_ids: [],
        external_provider_id: null,
      };
      this.users.set(wire.id, { tenantId: id, wire });
      return wire;
    });
    return { tenant, keys, users };
  }

  // ---- lookups scoped to a tenant (another tenant's id is simply not found, as Aurora answers 404)

  project(tenantId: string, id: string): SimProject {
    const found = this.projects.get(id);
    if (!found || found.tenantId !== tenantId) throw new SimError(404, 'Project not found');
    return found;
  }

  design(tenantId: string, id: string): SimDesign {
    const found = this.designs.get(id);
    if (!found || found.tenantId !== tenantId) throw new SimError(404, 'Design not found');
    return found;
  }

  designRequest(tenantId: string, id: string): SimDesignRequest {
    const found = this.designRequests.get(id);
    if (!found || found.tenantId !== tenantId) throw new SimError(404, 'Design request not found');
    return found;
  }

  // ---- projects

  addProject(tenantId: string, fields: Record<string, unknown>, location: Record<string, unknown>): SimProject {
    const id = randomUUID();
    const owner = [...this.users.values()].find((user) => user.tenantId === tenantId);
    const now = Date.now();
    const wire: Wire = {
      id,
      external_provider_id: null,
      name: null,
      customer_salutation: null,
      customer_first_name: null,
      customer_last_name: null,
      customer_email: null,
      customer_phone: null,
      mailing_address: null,
      location,
      project_type: 'residential',
      owner_id: owner?.wire.id ?? null,
      team_id: null,
      partner_id: null,
      status: 'active',
      tags: [],
      created_at: formatAuroraDate(new Date(now)),
      created_from_lead_id: null,
      order_id: null,
      ahj_id: null,
      preferred_solar_modules: [],
      ...fields,
    };
    const project: SimProject = { tenantId, createdAtMs: now, annualConsumptionKwh: defaultConsumptionKwh(id), wire };
    this.projects.set(id, project);
    this.emit(tenantId, AURORA_EVENTS.projectCreated, { [WEBHOOK_PLACEHOLDERS.projectId]: id, [WEBHOOK_PLACEHOLDERS.source]: 'api' });
    return project;
  }

  updateProject(project: SimProject, fields: Record<string, unknown>, location?: Record<string, unknown>): SimProject {
    const before = project.wire.status;
    Object.assign(project.wire, fields, location ? { location } : {});
    if (project.wire.status !== before) {
      this.emit(project.tenantId, AURORA_EVENTS.projectStatusChanged, {
        [WEBHOOK_PLACEHOLDERS.projectId]: project.wire.id,
        [WEBHOOK_PLACEHOLDERS.status]: String(project.wire.status),
      });
    }
    return project;
  }

  /** Deletes a project as an Aurora user would, with everything under it (its id then answers 404). */
  deleteProject(id: string): void {
    if (!this.projects.delete(id)) throw new SimError(404, 'Project not found');
    for (const design of this.designsOf(id)) this.deleteDesign(design.id);
    for (const [requestId, request] of this.designRequests) if (request.wire.project_id === id) this.designRequests.delete(requestId);
    for (const [agreementId, agreement] of this.agreements) if (agreement.wire.project_id === id) this.agreements.delete(agreementId);
  }

  projectsOf(tenantId: string): SimProject[] {
    return [...this.projects.values()].filter((project) => project.tenantId === tenantId).reverse().sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  // ---- design requests

  addDesignRequest(tenantId: string, project: SimProject): SimDesignRequest {
    const wire = {
      id: randomUUID(),
      project_id: project.wire.id,
      status: DESIGN_REQUEST_STATUSES.submitted as string,
      [DESIGN_REQUEST_FIELDS.designId]: null,
      [DESIGN_REQUEST_FIELDS.rejectionReason]: null,
      created_at: isoNow(),
    };
    const request: SimDesignRequest = { tenantId, wire };
    this.designRequests.set(wire.id, request);
    const address = normalizeAddress(String((project.wire.location as { property_address?: unknown } | null)?.property_address ?? ''));
    const matches = (list: readonly string[]) => list.some((candidate) => normalizeAddress(candidate) === address);
    if (matches(SANDBOX_ADDRESSES.rejected)) {
      this.rejectDesignRequest(wire.id, 'The site is not a residential building, so no roof model was made.');
    } else if (matches(SANDBOX_ADDRESSES.instantComplete)) {
      this.completeDesignRequest(wire.id);
    } else if (this.designRequestDelayMs !== null) {
      this.later(this.designRequestDelayMs, () => {
        if (this.designRequests.get(wire.id)?.wire.status === DESIGN_REQUEST_STATUSES.submitted) this.completeDesignRequest(wire.id);
      });
    }
    return request;
  }

  /** The designers finished the roof model (`designer_completed`, fires design_request_completed). */
  completeDesignRequest(id: string): SimDesignRequest {
    const request = this.anyDesignRequest(id);
    if (request.wire.status !== DESIGN_REQUEST_STATUSES.submitted) throw new SimError(409, `Design request is ${request.wire.status}, not submitted`);
    request.wire.status = DESIGN_REQUEST_STATUSES.designerCompleted;
    this.emit(request.tenantId, AURORA_EVENTS.designRequestCompleted, {
      [WEBHOOK_PLACEHOLDERS.designRequestId]: request.wire.id,
      [WEBHOOK_PLACEHOLDERS.status]: request.wire.status,
    });
    return request;
  }

  /** The designers could not model the roof (`designer_rejected`, fires design_request_rejected). */
  rejectDesignRequest(id: string, reason = 'The roof is not visible in the available imagery.'): SimDesignRequest {
    const request = this.anyDesignRequest(id);
    if (request.wire.status !== DESIGN_REQUEST_STATUSES.submitted) throw new SimError(409, `Design request is ${request.wire.status}, not submitted`);
    request.wire.status = DESIGN_REQUEST_STATUSES.designerRejected;
    request.wire[DESIGN_REQUEST_FIELDS.rejectionReason] = reason;
    this.emit(request.tenantId, AURORA_EVENTS.designRequestRejected, {
      [WEBHOOK_PLACEHOLDERS.designRequestId]: request.wire.id,
      [WEBHOOK_PLACEHOLDERS.status]: request.wire.status,
    });
    return request;
  }

  /** Accepting a completed request creates a design with the model ([DOCS] acceptdesignrequest). */
  acceptDesignRequest(request: SimDesignRequest): SimDesignRequest {
    if (request.wire.status !== DESIGN_REQUEST_STATUSES.designerCompleted) {
      throw new SimError(422, `The design request cannot be accepted while it is ${request.wire.status}`);
    }
    const project = this.project(request.tenantId, String(request.wire.project_id));
    const design = this.addDesign(project, { name: 'Expert model', withLayout: true, source: 'api' });
    request.wire.status = DESIGN_REQUEST_STATUSES.accepted;
    request.wire[DESIGN_REQUEST_FIELDS.designId] = design.id;
    return request;
  }

  private anyDesignRequest(id: string): SimDesignRequest {
    const request = this.designRequests.get(id);
    if (!request) throw new SimError(404, 'Design request not found');
    return request;
  }

  // ---- designs

  /** A design: blank (API create) or laid out (accepted model, or made in the Aurora app). */
  addDesign(
    project: SimProject,
    input: { name?: string; externalProviderId?: string | null; withLayout: boolean; sizeKw?: number; source: 'api' | 'app' },
  ): SimDesign {
    const id = randomUUID();
    const count = [...this.designs.values()].filter((design) => design.projectId === project.wire.id).length;
    const latitude = (project.wire.location as { latitude?: number } | null)?.latitude ?? null;
    const layout = input.withLayout
      ? planLayout(id, { latitude, annualConsumptionKwh: project.annualConsumptionKwh, ...(input.sizeKw !== undefined ? { sizeKw: input.sizeKw } : {}) })
      : null;
    const financings = layout ? defaultFinancingPlans(randomUUID) : [];
    const design: SimDesign = {
      id,
      tenantId: project.tenantId,
      projectId: project.wire.id,
      name: input.name ?? `Design ${count + 1}`,
      externalProviderId: input.externalProviderId ?? null,
      createdAt: isoNow(),
      layout,
      simulated: false,
      milestone: null,
      financings,
      selectedFinancingId: financings[0]?.id ?? null,
      webProposal: null,
      proposalId: randomUUID(),
    };
    this.designs.set(id, design);
    this.emit(project.tenantId, AURORA_EVENTS.designCreated, {
      [WEBHOOK_PLACEHOLDERS.projectId]: project.wire.id,
      [WEBHOOK_PLACEHOLDERS.designId]: id,
      [WEBHOOK_PLACEHOLDERS.source]: input.source,
    });
    if (layout && this.simulationDelayMs !== null) {
      this.later(this.simulationDelayMs, () => {
        if (this.designs.get(id) && !design.simulated) this.finishSimulation(id);
      });
    }
    return design;
  }

  /** A performance simulation finished: production becomes current, the auto screenshot and DXF are saved (unless not yet). */
  finishSimulation(designId: string, options: { filesSaved?: boolean } = {}): SimDesign {
    const design = this.anyDesign(designId);
    if (!design.layout) throw new SimError(409, 'The design has no modules to simulate');
    design.simulated = true;
    this.emit(design.tenantId, AURORA_EVENTS.performanceSimulationJobCompleted, {
      [WEBHOOK_PLACEHOLDERS.designId]: design.id,
      [WEBHOOK_PLACEHOLDERS.jobId]: randomUUID(),
      [WEBHOOK_PLACEHOLDERS.status]: 'succeeded',
    });
    if (options.filesSaved === false) return design;
    // [DOCS] the auto-saved screenshot is taken when a performance simulation runs.
    this.addAsset(designId, 'CAD Auto Screenshot');
    this.addAsset(designId, 'Design DXF');
    return design;
  }

  /** Records a milestone such as `sold` (fires milestone_created). */
  recordMilestone(designId: string, milestone = 'sold', source: 'app' | 'api' = 'app'): SimDesign {
    const design = this.anyDesign(designId);
    design.milestone = { id: randomUUID(), milestone, notes: null, recorded_at: isoNow() };
    this.emit(design.tenantId, AURORA_EVENTS.milestoneCreated, {
      [WEBHOOK_PLACEHOLDERS.projectId]: design.projectId,
      [WEBHOOK_PLACEHOLDERS.designId]: design.id,
      [WEBHOOK_PLACEHOLDERS.stage]: milestone,
      [WEBHOOK_PLACEHOLDERS.source]: source,
    });
    return design;
  }

  /** Marks another financing as the one selected in Sales Mode. */
  selectFinancing(designId: string, financingId: string): SimDesign {
    const design = this.anyDesign(designId);
    if (!design.financings.some((plan) => plan.id === financingId)) throw new SimError(404, 'Financing not found');
    design.selectedFinancingId = financingId;
    return design;
  }

  /** Deletes a design and its assets, as an Aurora user would. */
  deleteDesign(id: string): void {
    if (!this.designs.delete(id)) throw new SimError(404, 'Design not found');
    for (const [assetId, asset] of this.assets) if (asset.designId === id) this.assets.delete(assetId);
  }

  anyDesign(id: string): SimDesign {
    const design = this.designs.get(id);
    if (!design) throw new SimError(404, 'Design not found');
    return design;
  }

  designsOf(projectId: string): SimDesign[] {
    return [...this.designs.values()].filter((design) => design.projectId === projectId);
  }

  designWire(design: SimDesign): Wire {
    const sizes = sizesOf(design.layout);
    return {
      id: design.id,
      name: design.name,
      project_id: design.projectId,
      external_provider_id: design.externalProviderId,
      created_at: design.createdAt,
      system_size_stc: sizes.stc,
      system_size_ptc: sizes.ptc,
      system_size_ac: sizes.ac,
      milestone: design.milestone,
    };
  }

  summaryWire(design: SimDesign): Record<string, unknown> {
    const project = this.projects.get(design.projectId);
    return designSummary({ ...design, annualConsumptionKwh: project?.annualConsumptionKwh ?? 0 }, this.options);
  }

  pricingWire(design: SimDesign): Record<string, unknown> {
    return designPricing(design.layout, this.tenants.get(design.tenantId)?.pricePerWatt ?? 3.05);
  }

  financingWire(design: SimDesign, plan: FinancingPlan): Record<string, unknown> {
    return financingDetail(plan, plan.id === design.selectedFinancingId, design, this.tenants.get(design.tenantId)?.pricePerWatt ?? 3.05);
  }

  financingSummaries(design: SimDesign): Record<string, unknown>[] {
    return design.financings.map((plan) => financingSummary(this.financingWire(design, plan)));
  }

  // ---- proposals

  webProposalWire(design: SimDesign): { url: string; url_expired: boolean } {
    design.webProposal ??= { token: randomBytes(16).toString('hex'), createdAtMs: Date.now() };
    return { url: `${this.baseUrl}/e-proposal/${design.webProposal.token}`, url_expired: Date.now() - design.webProposal.createdAtMs > this.webProposalTtlMs };
  }

  regenerateWebProposal(design: SimDesign): { url: string; url_expired: boolean } {
    design.webProposal = { token: randomBytes(16).toString('hex'), createdAtMs: Date.now() };
    this.emit(design.tenantId, AURORA_EVENTS.webProposalUrlCreated, { [WEBHOOK_PLACEHOLDERS.designId]: design.id, [WEBHOOK_PLACEHOLDERS.source]: 'api' });
    return this.webProposalWire(design);
  }

  designByProposalToken(token: string): SimDesign | undefined {
    return [...this.designs.values()].find((design) => design.webProposal?.token === token);
  }

  proposalWire(design: SimDesign): Wire {
    return {
      id: design.proposalId,
      created_at: design.createdAt,
      updated_at: design.createdAt,
      proposal_template_id: null,
      proposal_link: this.webProposalWire(design).url,
    };
  }

  // ---- assets

  /** Saves an asset (fires asset_created). Screenshots are PNG, DXF types are DXF, the rest plain text. */
  addAsset(designId: string, assetType = 'CAD Screenshot'): SimAsset {
    const design = this.anyDesign(designId);
    const format = /screenshot/i.test(assetType) ? 'png' : /dxf/i.test(assetType) ? 'dxf' : 'txt';
    const asset: SimAsset = { id: randomUUID(), tenantId: design.tenantId, designId, assetType, format, createdAt: isoNow() };
    this.assets.set(asset.id, asset);
    this.fileOf(asset);
    this.emit(design.tenantId, AURORA_EVENTS.assetCreated, {
      [WEBHOOK_PLACEHOLDERS.designId]: designId,
      [WEBHOOK_PLACEHOLDERS.assetId]: asset.id,
      [WEBHOOK_PLACEHOLDERS.assetType]: assetType,
    });
    return asset;
  }

  /** The asset with a freshly signed, expiring download URL on the simulator's own host. */
  assetWire(asset: SimAsset): Wire {
    const expires = Math.floor((Date.now() + this.assetUrlTtlMs) / 1000);
    const file = `${asset.id}.${asset.format}`;
    return {
      id: asset.id,
      design_id: asset.designId,
      asset_type: asset.assetType,
      url: `${this.baseUrl}/__files/${file}?expires=${expires}&signature=${this.sign(file, expires)}`,
      [ASSET_FIELDS.fileName]: file,
      [ASSET_FIELDS.urlExpiresAt]: new Date(expires * 1000).toISOString(),
      created_at: asset.createdAt,
    };
  }

  /** The file behind a signed URL, or why not (403 expired or forged, 404 unknown), like a storage bucket. */
  assetFile(file: string, expires: string | null, signature: string | null): { contentType: string; body: Buffer } {
    const id = file.replace(/\.[a-z]+$/, '');
    const asset = this.assets.get(id);
    if (!asset || `${asset.id}.${asset.format}` !== file) throw new SimError(404, 'No such file');
    const expiresAt = Number(expires);
    if (!expires || !signature || signature !== this.sign(file, expiresAt)) throw new SimError(403, 'Signature does not match');
    if (expiresAt * 1000 < Date.now()) throw new SimError(403, 'Request has expired');
    return this.fileOf(asset);
  }

  /** The asset's file, drawn from its design's layout when the asset is made (and again if the layout changed since). */
  private fileOf(asset: SimAsset): { contentType: string; body: Buffer } {
    const layout = this.designs.get(asset.designId)?.layout ?? null;
    if (asset.format === 'png') return { contentType: 'image/png', body: this.drawn(asset.id, layout, renderScreenshotPng) };
    if (asset.format === 'dxf') return { contentType: 'application/dxf', body: this.drawn(asset.id, layout, (drawn) => Buffer.from(renderLayoutDxf(drawn))) };
    return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${asset.assetType} for design ${asset.designId}\n`) };
  }

  private drawn(assetId: string, layout: Layout | null, draw: (layout: Layout | null) => Buffer): Buffer {
    const key = JSON.stringify(layout);
    const stored = this.drawnFiles.get(assetId);
    if (stored?.layout === key) return stored.body;
    const body = draw(layout);
    this.drawnFiles.set(assetId, { layout: key, body });
    return body;
  }

  private sign(file: string, expires: number): string {
    return createHmac('sha256', this.fileSecret).update(`${file}:${expires}`).digest('hex').slice(0, 32);
  }

  // ---- agreements

  /** An agreement sent for signature from Sales Mode (status `sent`). */
  addAgreement(input: { projectId: string; designId?: string; templateName?: string }): SimAgreement {
    const project = this.projects.get(input.projectId);
    if (!project) throw new SimError(404, 'Project not found');
    const design = input.designId ? this.design(project.tenantId, input.designId) : this.designsOf(project.wire.id).at(-1);
    const now = new Date();
    const wire = {
      id: randomUUID(),
      project_id: project.wire.id,
      design_id: design?.id ?? null,
      financing_id: design?.selectedFinancingId ?? null,
      agreement_template_name: input.templateName ?? 'Residential Solar Agreement',
      status: 'sent' as string,
      signing_provider: 'docusign',
      created_at: formatAuroraDate(now),
      sent_at: formatAuroraDate(now),
      last_viewed_at: null as string | null,
      error_message: null as string | null,
    };
    const agreement: SimAgreement = { tenantId: project.tenantId, wire };
    this.agreements.set(wire.id, agreement);
    this.emitAgreement(agreement);
    return agreement;
  }

  /** Moves an agreement along sent → viewed → signed (or declined, cancel_pending → canceled); `force` allows any move. */
  moveAgreement(id: string, status: string, force = false): SimAgreement {
    const agreement = this.agreements.get(id);
    if (!agreement) throw new SimError(404, 'Agreement not found');
    if (!(AGREEMENT_STATUSES as readonly string[]).includes(status)) throw new SimError(400, `Unknown agreement status ${status}`);
    if (!force && !(AGREEMENT_MOVES[agreement.wire.status] ?? []).includes(status)) {
      throw new SimError(409, `An agreement that is ${agreement.wire.status} cannot become ${status}`);
    }
    agreement.wire.status = status;
    if (status === 'viewed') agreement.wire.last_viewed_at = formatAuroraDate(new Date());
    if (status === 'error') agreement.wire.error_message = 'The signing provider reported an error.';
    this.emitAgreement(agreement);
    return agreement;
  }

  agreementsOf(projectId: string): SimAgreement[] {
    return [...this.agreements.values()].filter((agreement) => agreement.wire.project_id === projectId);
  }

  private emitAgreement(agreement: SimAgreement): void {
    this.emit(agreement.tenantId, AURORA_EVENTS.agreementStatusChanged, {
      [WEBHOOK_PLACEHOLDERS.projectId]: String(agreement.wire.project_id),
      [WEBHOOK_PLACEHOLDERS.agreementId]: agreement.wire.id,
      // The event filter list spells it cancel-pending ([DOCS] docs/aurora-api.md#agreements).
      // Aurora's events table lists only these three placeholders for this event (docs/aurora-api.md#webhook-events-and-placeholders).
      [WEBHOOK_PLACEHOLDERS.status]: agreement.wire.status === 'cancel_pending' ? 'cancel-pending' : agreement.wire.status,
    });
  }

  // ---- webhooks

  /** Whether Aurora lets a tenant subscribe to this event name. */
  acceptsEvent(event: string): boolean {
    return AURORA_EVENT_NAMES.includes(event) && !this.deviations.refuseEvents?.includes(event);
  }

  webhooksOf(tenantId: string): SimWebhook[] {
    return [...this.webhooks.values()].filter((webhook) => webhook.tenantId === tenantId);
  }

  /** Sends the event to every enabled subscription of the tenant for it, as a GET with the auth header. */
  emit(tenantId: string, event: AuroraEventKey, values: Record<string, string>): void {
    for (const webhook of this.webhooksOf(tenantId)) {
      if (webhook.wire.event !== event || !webhook.wire.enabled) continue;
      const headerKey = webhook.wire[WEBHOOK_AUTH_FIELDS.headerKey];
      const headerValue = webhook.wire[WEBHOOK_AUTH_FIELDS.headerValue];
      const headers = typeof headerKey === 'string' && typeof headerValue === 'string' ? { [headerKey]: headerValue } : {};
      this.dispatcher.send({ subscriptionId: webhook.wire.id, event, url: fillTemplate(webhook.wire.url_template, values), headers });
    }
  }

  // ---- requests, timers, reset

  recordRequest(record: ApiRequestRecord): void {
    this.requests.push(record);
    if (this.requests.length > 10_000) this.requests.splice(0, this.requests.length - 10_000);
  }

  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  /** Forgets everything (tenants included) and cancels pending timers and deliveries. */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.dispatcher.cancelAll();
    this.dispatcher.deliveries.splice(0);
    for (const map of [this.tenants, this.keys, this.users, this.projects, this.designRequests, this.designs, this.assets, this.agreements, this.webhooks, this.drawnFiles]) {
      map.clear();
    }
    this.requests.splice(0);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.dispatcher.close();
  }
}

// The simulator's control surface: drive scenarios (complete or reject design requests, finish simulations, create
// assets, move agreements), inject faults, read logs, reset. Tests call it directly; /__sim/ routes expose it over HTTP.
import { NO_CHAOS, type ChaosSpec } from '../shared/chaos';
import type { Fault, LoggedRequest, RunningServer } from '../shared/httpServer';
import { auroraErrorBody } from '../../src/core/aurora/inferred';
import type { KeyRateLimiter } from './rateLimit';
import { seedDemo } from './seed';
import type { WebhookDelivery } from './webhooks';
import type { AuroraOperation } from './api';
import { SimError, type ApiRequestRecord, type AuroraWorld, type SimDesign, type TenantCreated, type TenantInput, type Wire } from './world';

/** A fault on API routes only (control, files and proposal pages are never affected). */
export interface FaultSpec {
  /** Only requests whose path contains this text. */
  path?: string;
  /** Only this HTTP method. */
  method?: string;
  /** Answer with this status instead (e.g. 500, 503, 429). */
  status?: number;
  /** Adds `Retry-After` (seconds) to the answer, for 429 bursts. */
  retryAfterSeconds?: number;
  /** Close the connection without answering. */
  drop?: boolean;
  /** Wait this long first (longer than the client's timeout = a timeout). */
  delayMs?: number;
  /** How many matching requests; default 1. */
  times?: number;
}

/** Standing chaos on every API request, until cleared (latency, spikes, 5xx, 429 bursts, dropped connections). */
export type { ChaosSpec } from '../shared/chaos';

export interface DesignView extends Wire {
  simulated: boolean;
  assets: Wire[];
}

export interface SimControl {
  /** Everything the simulator holds, as JSON. */
  snapshot(): Record<string, unknown>;
  /** Forgets all state; `seed` (default: as started) recreates the demo tenant. */
  reset(options?: { seed?: boolean }): void;
  createTenant(input?: TenantInput): TenantCreated;
  /** An Aurora admin changes what a restricted key may not do (operation names as in a tenant's `deny` list). */
  setKeyDenies(key: string, deny: readonly AuroraOperation[]): void;
  completeDesignRequest(id: string): Wire;
  rejectDesignRequest(id: string, reason?: string): Wire;
  /** A laid-out design made in the Aurora app (fires design_created with SOURCE=app). */
  createDesign(input: { projectId: string; name?: string; sizeKw?: number; externalProviderId?: string }): DesignView;
  /**
   * Finishes a performance simulation (fires performance_simulation_job_completed and saves the screenshot and DXF).
   * `filesSaved: false` stops before the files are saved: asset_created fires only once a file is ready
   * (docs/aurora-api.md#assets), so a test saves them later with createAsset.
   */
  finishSimulation(designId: string, options?: { filesSaved?: boolean }): DesignView;
  createAsset(designId: string, assetType?: string): Wire;
  recordMilestone(designId: string, milestone?: string): DesignView;
  selectFinancing(designId: string, financingId: string): DesignView;
  /** Changes a project's status as an Aurora user would (fires project_status_changed). */
  setProjectStatus(projectId: string, status: string): Wire;
  /** Deletes a project in the Aurora app, with its designs, design requests and agreements (its id then answers 404). */
  deleteProject(projectId: string): void;
  /** Deletes a design in the Aurora app, with its assets. */
  deleteDesign(designId: string): void;
  /** The project's yearly consumption, which new designs are sized against (offset). */
  setConsumption(projectId: string, annualKwh: number): Wire;
  createAgreement(input: { projectId: string; designId?: string; templateName?: string }): Wire;
  moveAgreement(id: string, status: string, options?: { force?: boolean }): Wire;
  injectFault(spec: FaultSpec): void;
  setChaos(spec: ChaosSpec): ChaosSpec;
  clearFaults(): void;
  setRateLimit(limit: { requests: number; perMs: number }): void;
  /** Resolves once every queued webhook delivery succeeded or gave up; returns the delivery log. */
  webhooksIdle(): Promise<WebhookDelivery[]>;
  deliveries(): WebhookDelivery[];
  requestLog(): { requests: LoggedRequest[]; unhandled: LoggedRequest[]; api: ApiRequestRecord[] };
}

export interface ControlDeps {
  world: AuroraWorld;
  server: RunningServer;
  limiter: KeyRateLimiter;
  chaos: ChaosSpec;
  seeded: boolean;
}

const isApiPath = (path: string) => path.startsWith('/tenants/');

export function createControl({ world, server, limiter, chaos, seeded }: ControlDeps): SimControl {
  const designView = (design: SimDesign): DesignView => ({
    ...world.designWire(design),
    simulated: design.simulated,
    assets: [...world.assets.values()].filter((asset) => asset.designId === design.id).map((asset) => world.assetWire(asset)),
  });
  const project = (id: string) => {
    const found = world.projects.get(id);
    if (!found) throw new SimError(404, 'Project not found');
    return found;
  };

  const control: SimControl = {
    snapshot: () => ({
      tenants: [...world.tenants.values()].map((tenant) => ({
        ...tenant,
        keys: [...world.keys.values()].filter((key) => key.tenantId === tenant.id).map((key) => ({ key: key.key, kind: key.kind, denied: [...key.denied] })),
        users: [...world.users.values()].filter((user) => user.tenantId === tenant.id).map((user) => user.wire),
        projects: world.projectsOf(tenant.id).map((found) => ({ ...found.wire, annual_consumption_kwh: found.annualConsumptionKwh })),
        designRequests: [...world.designRequests.values()].filter((request) => request.tenantId === tenant.id).map((request) => request.wire),
        designs: [...world.designs.values()].filter((design) => design.tenantId === tenant.id).map(designView),
        agreements: [...world.agreements.values()].filter((agreement) => agreement.tenantId === tenant.id).map((agreement) => agreement.wire),
        webhooks: world.webhooksOf(tenant.id).map((webhook) => webhook.wire),
      })),
    }),
    reset: (options = {}) => {
      world.clear();
      limiter.reset();
      server.clearFaults();
      Object.assign(chaos, NO_CHAOS);
      // The unhandled list survives a reset: it is a failure signal, not state.
      server.log.splice(0);
      if (options.seed ?? seeded) seedDemo(world);
    },
    createTenant: (input) => world.createTenant(input),
    setKeyDenies: (key, deny) => {
      const found = world.keys.get(key);
      if (!found || found.kind !== 'restricted') throw new SimError(404, 'No such restricted key');
      world.keys.set(key, { ...found, denied: new Set(deny) });
    },
    completeDesignRequest: (id) => world.completeDesignRequest(id).wire,
    rejectDesignRequest: (id, reason) => world.rejectDesignRequest(id, reason).wire,
    createDesign: ({ projectId, name, sizeKw, externalProviderId }) =>
      designView(world.addDesign(project(projectId), { withLayout: true, source: 'app', ...(name ? { name } : {}), ...(sizeKw ? { sizeKw } : {}), externalProviderId })),
    finishSimulation: (designId, options) => designView(world.finishSimulation(designId, options)),
    createAsset: (designId, assetType) => world.assetWire(world.addAsset(designId, assetType)),
    recordMilestone: (designId, milestone) => designView(world.recordMilestone(designId, milestone)),
    selectFinancing: (designId, financingId) => designView(world.selectFinancing(designId, financingId)),
    setProjectStatus: (projectId, status) => world.updateProject(project(projectId), { status }).wire,
    deleteProject: (projectId) => world.deleteProject(projectId),
    deleteDesign: (designId) => world.deleteDesign(designId),
    setConsumption: (projectId, annualKwh) => {
      const found = project(projectId);
      if (!(annualKwh > 0)) throw new SimError(400, 'annualKwh must be a positive number');
      found.annualConsumptionKwh = annualKwh;
      return found.wire;
    },
    createAgreement: (input) => world.addAgreement(input).wire,
    moveAgreement: (id, status, options = {}) => world.moveAgreement(id, status, options.force ?? false).wire,
    injectFault: (spec) => {
      const fault: Fault = {
        match: (req) => isApiPath(req.path) && (!spec.path || req.path.includes(spec.path)) && (!spec.method || req.method === spec.method.toUpperCase()),
        times: spec.times ?? 1,
      };
      if (spec.drop) fault.drop = true;
      if (spec.delayMs) fault.delayMs = spec.delayMs;
      if (spec.status) {
        fault.status = spec.status;
        fault.body = auroraErrorBody(spec.status === 429 ? 'Rate limit exceeded' : 'Injected fault');
        if (spec.retryAfterSeconds !== undefined) fault.headers = { 'Retry-After': String(spec.retryAfterSeconds) };
      }
      server.injectFault(fault);
    },
    setChaos: (spec) => Object.assign(chaos, spec),
    clearFaults: () => {
      server.clearFaults();
      Object.assign(chaos, NO_CHAOS);
    },
    setRateLimit: ({ requests, perMs }) => {
      if (!(requests >= 1) || !(perMs > 0)) throw new SimError(400, 'requests must be >= 1 and perMs > 0');
      limiter.requests = requests;
      limiter.perMs = perMs;
    },
    webhooksIdle: async () => {
      await world.dispatcher.idle();
      return world.dispatcher.deliveries;
    },
    deliveries: () => world.dispatcher.deliveries,
    requestLog: () => ({ requests: server.log, unhandled: server.unhandled, api: world.requests }),
  };
  return control;
}

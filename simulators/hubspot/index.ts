// The HubSpot CRM simulator: a real HTTP server the real @hubspot/api-client talks to (basePath = url), with Bearer
// auth and scopes, the private-app burst limit, fault knobs, a request log, a write counter and a read API for tools.
import { Router, startServer, type LoggedRequest, type RunningServer, type SimRequest } from '../shared/httpServer';
import { createChaos, NO_CHAOS, type ChaosSpec } from '../shared/chaos';
import { faultBody, rateLimited, unauthorized, windowHeaders } from './errors';
import { SimPortal, type PropertyInput, type SimRecord, type SimStage } from './portal';
import { registerRoutes } from './routes';
import { seedDemoRecords, seedStandardPortal, type DemoPortal } from './seed';

export type { DemoPortal } from './seed';
export type { SimPortal } from './portal';

/** Every scope the app asks for (src/app/app-hsmeta.json), plus contact schema reads. */
export const ALL_SCOPES = [
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.schemas.deals.read',
  'crm.schemas.deals.write',
  'crm.schemas.contacts.read',
  'crm.schemas.custom.read',
  'crm.schemas.custom.write',
  'files',
  'crm.objects.owners.read',
] as const;

export const DEFAULT_ACCESS_TOKEN = 'sim-hubspot-private-app-token';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface HubSpotSimulatorOptions {
  port?: number;
  host?: string;
  /** Adds the demo deals and contacts (default true). */
  seed?: boolean;
  /** Accepted tokens and their scopes; default: DEFAULT_ACCESS_TOKEN with ALL_SCOPES. */
  tokens?: Record<string, readonly string[]>;
  portalId?: number;
  /** Private apps: 190 requests per 10 s (TEN_SECONDLY_ROLLING). */
  rateLimit?: RateLimit;
  /** The search API's own per-second limit; off unless set. */
  searchPerSecond?: number;
  /** Whether the portal's subscription includes custom objects (default true). */
  customObjects?: boolean;
  latencyMs?: number;
}

export interface RecordView {
  id: string;
  properties: Record<string, string>;
  /** Association labels on the link from the deal (empty for unlabeled links). */
  labels: string[];
}

export interface DealView {
  id: string;
  properties: Record<string, string>;
  contacts: RecordView[];
  /** Records of each custom object associated with the deal, by object name (e.g. aurora_design). */
  custom: Record<string, RecordView[]>;
  notes: { id: string; body: string; timestamp: string | null }[];
}

export interface FaultOptions {
  status?: number;
  method?: string;
  /** Exact path or a pattern; default: any API path. */
  path?: string | RegExp;
  times?: number;
  message?: string;
  body?: unknown;
  /** Reset the connection instead of answering. */
  drop?: boolean;
  delayMs?: number;
}

export interface HubSpotSimulator {
  url: string;
  /** The default token (valid when `tokens` was not given). */
  accessToken: string;
  portalId: number;
  /** The portal's data: records, properties, groups, schemas, association types and links, files, pipelines, writes. */
  state: SimPortal;
  server: RunningServer;
  /** Ids of the demo records (when seeded). */
  demo: DemoPortal | undefined;
  control: {
    /** Back to a fresh portal (demo records unless `seed: false`), with empty logs and default knobs. */
    reset(options?: { seed?: boolean }): DemoPortal | undefined;
    /** Adds another set of demo deals and contacts to the current portal. */
    seed(): DemoPortal;
    setRateLimit(limit: RateLimit): void;
    setSearchPerSecond(perSecond: number | undefined): void;
    setTokenScopes(token: string, scopes: readonly string[]): void;
    setCustomObjects(enabled: boolean): void;
    /** HubSpot's duplicate-unique-value answer: 409 (documented) or 400 (seen on some paths). */
    setUniqueConflictStatus(status: 409 | 400): void;
    /** The next matching API request(s) fail with HubSpot's body for that status (or are dropped / delayed). */
    failNext(fault: FaultOptions): void;
    /** Standing chaos on every API request until reset (latency, spikes, 5xx, 429 bursts, dropped connections). */
    setChaos(spec: ChaosSpec): ChaosSpec;
    /** Direct writes for test set-up (not counted as API writes). */
    createRecord(objectType: string, properties: Record<string, string>): string;
    associate(fromType: string, fromId: string, toType: string, toId: string, label?: string): void;
    createProperty(objectType: string, property: PropertyInput): void;
    /** An admin deletes (archives) a custom property in HubSpot's settings. */
    archiveProperty(objectType: string, name: string): void;
    /** An admin changes a deal pipeline's stages (adds, deletes) in HubSpot's settings. */
    setPipelineStages(pipelineId: string, stages: readonly SimStage[]): void;
  };
  view: {
    deals(): { id: string; properties: Record<string, string> }[];
    deal(id: string): DealView | undefined;
    /** All records of a custom object by name (e.g. aurora_design). */
    customRecords(objectName: string): { id: string; properties: Record<string, string> }[];
    files(): { id: string; path: string; url: string; size: number; contentType: string }[];
  };
  /** API requests answered (the log without the public file and /__sim routes). */
  apiRequests(): LoggedRequest[];
  close(): Promise<void>;
}

const isInternal = (path: string) => path.startsWith('/__');

export async function startHubSpotSimulator(options: HubSpotSimulatorOptions = {}): Promise<HubSpotSimulator> {
  const portalId = options.portalId ?? 62_515_001;
  // File URLs point at the server's own address, known once it listens.
  const address = { url: '' };
  const portal = new SimPortal(portalId, () => address.url);
  const tokens = new Map<string, Set<string>>();
  const configureTokens = () => {
    tokens.clear();
    for (const [token, scopes] of Object.entries(options.tokens ?? { [DEFAULT_ACCESS_TOKEN]: ALL_SCOPES })) tokens.set(token, new Set(scopes));
  };
  let limit: RateLimit = options.rateLimit ?? { max: 190, windowMs: 10_000 };
  let searchPerSecond = options.searchPerSecond;
  const windows = new Map<string, number[]>();
  const searchWindows = new Map<string, number[]>();

  const tokenOf = (req: SimRequest) => /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim();
  const recent = (store: Map<string, number[]>, key: string, windowMs: number) => {
    const at = Date.now();
    const stamps = (store.get(key) ?? []).filter((t) => t > at - windowMs);
    store.set(key, stamps);
    return stamps;
  };

  const reset = (seed: boolean): DemoPortal | undefined => {
    portal.clear();
    portal.customObjectsEnabled = options.customObjects ?? true;
    seedStandardPortal(portal);
    configureTokens();
    windows.clear();
    searchWindows.clear();
    return seed ? seedDemoRecords(portal) : undefined;
  };
  const demo = reset(options.seed ?? true);

  const router = new Router();
  registerRoutes(router, {
    portal,
    scopesOf: (req) => tokens.get(tokenOf(req) ?? '') ?? new Set(),
    searchLimit(req) {
      if (searchPerSecond === undefined) return undefined;
      const stamps = recent(searchWindows, tokenOf(req) ?? '', 1000);
      if (stamps.length >= searchPerSecond) return rateLimited('SECONDLY', searchPerSecond, 1000);
      stamps.push(Date.now());
      return undefined;
    },
  });

  const view: HubSpotSimulator['view'] = {
    deals: () => [...(portal.records.get('0-3')?.values() ?? [])].map((r) => ({ id: r.id, properties: { ...r.properties } })),
    deal(id) {
      const deal = portal.records.get('0-3')?.get(id);
      if (!deal) return undefined;
      const linked = (objectTypeId: string): RecordView[] =>
        portal.associated(deal, objectTypeId).flatMap(({ toId, types }) => {
          const record = portal.records.get(objectTypeId)?.get(toId);
          return record ? [{ id: record.id, properties: { ...record.properties }, labels: types.flatMap((t) => (t.label ? [t.label] : [])) }] : [];
        });
      const custom: Record<string, RecordView[]> = {};
      for (const schema of portal.schemas.values()) custom[schema.name] = linked(schema.objectTypeId);
      const notes = linked('0-46').map((n) => ({ id: n.id, body: n.properties.hs_note_body ?? '', timestamp: n.properties.hs_timestamp ?? null }));
      return { id: deal.id, properties: { ...deal.properties }, contacts: linked('0-1'), custom, notes };
    },
    customRecords(objectName) {
      const schema = [...portal.schemas.values()].find((s) => s.name === objectName);
      return schema ? [...(portal.records.get(schema.objectTypeId)?.values() ?? [])].map((r) => ({ id: r.id, properties: { ...r.properties } })) : [];
    },
    files: () => [...portal.files.values()].map((f) => ({ id: f.id, path: f.path, url: f.url, size: f.data.length, contentType: f.contentType })),
  };

  // Read-only JSON views for the workbench's live panel (no token, not rate limited, not API traffic); CORS open so a
  // browser page on another origin can poll them.
  const cors = { 'access-control-allow-origin': '*' };
  router.get('/__sim/deals', () => ({ status: 200, body: { results: view.deals() }, headers: cors }));
  router.get('/__sim/deals/:dealId', (req) => {
    const deal = view.deal(req.params.dealId as string);
    return deal ? { status: 200, body: deal, headers: cors } : { status: 404, body: { message: 'No such deal' }, headers: cors };
  });
  router.get('/__sim/summary', () => ({
    status: 200,
    body: { portalId, writes: portal.writes, requests: simulator.apiRequests().length, unhandled: simulator.server.unhandled.length },
    headers: cors,
  }));

  // Standing chaos on the API (never on /__sim or the public file URLs), until cleared.
  const chaos: ChaosSpec = { ...NO_CHAOS };
  const applyChaos = createChaos(chaos, {
    error: (status) => ({ status, body: faultBody(status) }),
    rateLimited: () => rateLimited('TEN_SECONDLY_ROLLING', limit.max, limit.windowMs).toResponse(),
  });
  const running = await startServer({
    router,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    errorBody: (status, message) => faultBody(status, message),
    async before(req) {
      if (isInternal(req.path)) return undefined;
      const chaotic = await applyChaos();
      if (chaotic) return chaotic;
      const token = tokenOf(req);
      if (!token || !tokens.has(token)) return unauthorized().toResponse();
      const stamps = recent(windows, token, limit.windowMs);
      if (stamps.length >= limit.max) return rateLimited('TEN_SECONDLY_ROLLING', limit.max, limit.windowMs).toResponse();
      stamps.push(Date.now());
      return undefined;
    },
    // Every answer says how much of the app's rolling window is left; search answers carry no such headers
    // (docs/hubspot-platform.md#api-rate-limits).
    after(req, response) {
      if (isInternal(req.path) || /\/search$/.test(req.path)) return response;
      const used = recent(windows, tokenOf(req) ?? '', limit.windowMs).length;
      return { ...response, headers: { ...windowHeaders(limit.max, Math.max(0, limit.max - used), limit.windowMs), ...response.headers } };
    },
  });
  running.latencyMs = options.latencyMs ?? 0;
  address.url = running.url;
  portal.requestLog = running.log;

  const requireType = (ref: string) => portal.objectType(ref);
  const simulator: HubSpotSimulator = {
    url: running.url,
    accessToken: DEFAULT_ACCESS_TOKEN,
    portalId,
    state: portal,
    server: running,
    demo,
    control: {
      reset({ seed = true } = {}) {
        running.log.splice(0);
        running.unhandled.splice(0);
        running.clearFaults();
        Object.assign(chaos, NO_CHAOS);
        limit = options.rateLimit ?? { max: 190, windowMs: 10_000 };
        searchPerSecond = options.searchPerSecond;
        return reset(seed);
      },
      seed: () => seedDemoRecords(portal),
      setRateLimit(next) {
        limit = next;
        windows.clear();
      },
      setSearchPerSecond(perSecond) {
        searchPerSecond = perSecond;
        searchWindows.clear();
      },
      setTokenScopes(token, scopes) {
        tokens.set(token, new Set(scopes));
      },
      setCustomObjects(enabled) {
        portal.customObjectsEnabled = enabled;
      },
      setUniqueConflictStatus(status) {
        portal.uniqueConflictStatus = status;
      },
      setChaos: (spec) => Object.assign(chaos, spec),
      failNext(fault) {
        const status = fault.status ?? 500;
        const limited = status === 429 ? rateLimited('TEN_SECONDLY_ROLLING', limit.max, limit.windowMs) : undefined;
        running.injectFault({
          match: (req) =>
            !isInternal(req.path) &&
            (!fault.method || req.method === fault.method.toUpperCase()) &&
            (!fault.path || (typeof fault.path === 'string' ? req.path === fault.path : fault.path.test(req.path))),
          ...(fault.drop ? { drop: true } : { status }),
          body: fault.body ?? limited?.body ?? faultBody(status, fault.message),
          ...(limited ? { headers: limited.headers } : {}),
          times: fault.times ?? 1,
          ...(fault.delayMs ? { delayMs: fault.delayMs } : {}),
        });
      },
      createRecord: (objectType, properties) => portal.createRecord(requireType(objectType), properties).id,
      associate(fromType, fromId, toType, toId, label) {
        const from = requireType(fromType);
        const to = requireType(toType);
        const types = portal.typesBetween(from.objectTypeId, to.objectTypeId).filter((t) => t.label === null || t.label === label);
        portal.associate(portal.requireRecord(from, fromId) as SimRecord, portal.requireRecord(to, toId) as SimRecord, types);
      },
      createProperty(objectType, property) {
        portal.createProperty(requireType(objectType).objectTypeId, property);
      },
      archiveProperty(objectType, name) {
        portal.archiveProperty(requireType(objectType).objectTypeId, name);
      },
      setPipelineStages: (pipelineId, stages) => portal.setPipelineStages(pipelineId, stages),
    },
    view,
    apiRequests: () => running.log.filter((entry) => !isInternal(entry.path)),
    close: () => running.close(),
  };
  return simulator;
}

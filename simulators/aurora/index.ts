// The Aurora sandbox simulator: a real, stateful HTTP server on 127.0.0.1 faithful to Aurora's documented behaviour
// (auth, restricted keys, tenant scoping, validation, rate limits, lifecycles, webhooks), startable from tests and the CLI.
import { auroraErrorBody } from '../../src/core/aurora/inferred';
import { createChaos, NO_CHAOS } from '../shared/chaos';
import { startServer, type RunningServer } from '../shared/httpServer';
import { createControl, type ChaosSpec, type SimControl } from './control';
import { KeyRateLimiter } from './rateLimit';
import { buildRoutes } from './routes';
import { DEMO, seedDemo } from './seed';
import { AuroraWorld, type WorldOptions } from './world';

export { DEMO, DEMO_RESTRICTED_DENIES } from './seed';
export type { SimControl, FaultSpec, ChaosSpec, DesignView } from './control';
export type { WebhookDelivery, DeliveryOptions } from './webhooks';
export type { TenantInput, TenantCreated, ApiRequestRecord, AuroraDeviations } from './world';
export { AURORA_OPERATIONS, type AuroraOperation } from './api';

export interface AuroraSimulatorOptions extends WorldOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Create the demo tenant (DEMO: tenant id, standard key, restricted key without pricing/financings, one user). */
  seed?: boolean;
  /** Per-key limit; default Aurora's 90 per 60 000 ms. Tests scale the window down. */
  rateLimit?: { requests: number; perMs: number };
  /** Randomness for the standing error ratio. */
  random?: () => number;
}

/** Read access to everything the simulator holds, for assertions (do not mutate: use `control`). */
export type AuroraSimState = Pick<
  AuroraWorld,
  'tenants' | 'keys' | 'users' | 'projects' | 'designRequests' | 'designs' | 'assets' | 'agreements' | 'webhooks' | 'requests'
> & {
  /** Webhook delivery log. */
  readonly deliveries: AuroraWorld['dispatcher']['deliveries'];
};

export interface AuroraSimulator {
  /** Base URL to give the client, e.g. http://127.0.0.1:4010. */
  url: string;
  control: SimControl;
  state: AuroraSimState;
  /** The HTTP server: `log`, `unhandled` (unknown routes: 404 under /tenants/, else 501), `injectFault`, `latencyMs`. */
  server: RunningServer;
  /** The demo tenant's ids and keys when started with `seed: true`. */
  demo: typeof DEMO | null;
  close(): Promise<void>;
}

const isApiPath = (path: string) => path.startsWith('/tenants/');

export async function startAuroraSimulator(options: AuroraSimulatorOptions = {}): Promise<AuroraSimulator> {
  const world = new AuroraWorld(options);
  const rate = options.rateLimit ?? { requests: 90, perMs: 60_000 };
  const limiter = new KeyRateLimiter(rate.requests, rate.perMs);
  const chaos: ChaosSpec = { ...NO_CHAOS };
  const random = options.random ?? Math.random;
  const applyChaos = createChaos(
    chaos,
    {
      error: (status) => ({ status, body: auroraErrorBody('Internal server error') }),
      rateLimited: (retryAfterMs) => ({ status: 429, body: auroraErrorBody('Rate limit exceeded'), headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } }),
    },
    random,
  );
  // Routes need the control and the control needs the server: routes look it up once the server listens.
  const bound: { control?: SimControl } = {};
  const router = buildRoutes({
    world,
    limiter,
    control: () => {
      if (!bound.control) throw new Error('The simulator is still starting');
      return bound.control;
    },
  });
  const server = await startServer({
    router,
    port: options.port ?? 0,
    errorBody: (_status, message) => auroraErrorBody(message),
    // A route Aurora does not have answers 404, as any web server does; the simulator still records it as unhandled.
    unknownRouteStatus: (path) => (isApiPath(path) ? 404 : 501),
    // Standing chaos applies to the Aurora API only, never to control, files or proposal pages.
    before: (req) => (isApiPath(req.path) ? applyChaos() : undefined),
  });
  world.baseUrl = server.url;
  const control = createControl({ world, server, limiter, chaos, seeded: options.seed ?? false });
  bound.control = control;
  if (options.seed) seedDemo(world);

  const state: AuroraSimState = {
    tenants: world.tenants,
    keys: world.keys,
    users: world.users,
    projects: world.projects,
    designRequests: world.designRequests,
    designs: world.designs,
    assets: world.assets,
    agreements: world.agreements,
    webhooks: world.webhooks,
    requests: world.requests,
    deliveries: world.dispatcher.deliveries,
  };

  return {
    url: server.url,
    control,
    state,
    server,
    demo: options.seed ? DEMO : null,
    close: async () => {
      world.close();
      await server.close();
    },
  };
}

// The HubSpot store: everything the product does in HubSpot, over one @hubspot/api-client v14 client per store.
import { Client } from '@hubspot/api-client';
import type { ObjectRef, StoreContext } from './context';
import { designOps, type DesignOps } from './designs';
import { fileOps, type FileOps } from './files';
import { installFacts, retryingOnStaleFacts } from './installFacts';
import { ownerOps, type OwnerOps } from './owners';
import { portalOps, type PortalOps } from './portal';
import { dealOps, type DealOps } from './deals';
import { recordOps, type RecordOps } from './records';
import { createRunner, DEFAULT_RETRY, type RetryPolicy } from './runner';

export interface HubSpotStoreOptions {
  accessToken: string;
  /** Overrides https://api.hubapi.com (the HubSpot simulator); no trailing slash. */
  baseUrl?: string;
  /** The clock deadlines are measured against (ms since epoch). */
  clock?: () => number;
  retry?: Partial<RetryPolicy>;
}

export type HubSpotStore = RecordOps & DealOps & DesignOps & FileOps & PortalOps & OwnerOps;

/**
 * Builds the store. The SDK keeps its retry/limiter decorators in a process-wide singleton that each `new Client()`
 * overwrites (docs/hubspot-platform.md#sdk-client-and-retries), so every client here is built with the same options: SDK retries off
 * (`numberOfApiCallRetries: 0`), no limiter; retries and deadlines are the runner's.
 */
export function createHubSpotStore(options: HubSpotStoreOptions): HubSpotStore {
  const clock = options.clock ?? Date.now;
  const runner = createRunner({ ...DEFAULT_RETRY, ...options.retry }, clock);
  // Every answer (a 429 too) passes through here first: its rate-limit headers pace this store's next calls (runner.ts).
  const observe = { pre: (context: unknown) => context, post: (context: unknown) => (runner.observe((context as { headers?: unknown }).headers), context) };
  const client = new Client({ accessToken: options.accessToken, basePath: options.baseUrl?.replace(/\/+$/, ''), numberOfApiCallRetries: 0, middleware: [observe] });
  const facts = installFacts({ baseUrl: options.baseUrl, accessToken: options.accessToken, clock });

  const ctx: StoreContext = {
    client,
    runner,
    facts,
    call: (operation, call, callOptions) => runner.run(operation, call, callOptions),
    async objectType(ref: ObjectRef, callOptions) {
      return ref === 'aurora_design' ? (await designs.designObject(callOptions)).objectTypeId : ref;
    },
  };
  const designs = designOps(ctx);
  return retryingOnStaleFacts({ ...recordOps(ctx), ...dealOps(ctx), ...designs, ...fileOps(ctx), ...portalOps(ctx), ...ownerOps(ctx) }, facts);
}

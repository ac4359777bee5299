// The Aurora API client: axios with Bearer auth and tenant-scoped paths, root-key wrapped bodies, zod-parsed answers,
// typed errors, retries with Retry-After and jittered backoff, a rolling-window rate limiter and a concurrency cap that
// lets the most urgent call go first, all bounded by the caller's deadline. Resources (projects, designs, …) are sub-objects, one module per Aurora noun.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type { AuroraCaller, CallArgs } from './caller';
import { ENDPOINTS, fillPath, type EndpointName } from './endpoints';
import { localBoard, UNKNOWN_RETRY_AFTER_MS, type BudgetBoard, type CallPriority } from './budget';
import {
  AuroraBusyError,
  AuroraConflictError,
  AuroraConnectionError,
  AuroraDeadlineError,
  AuroraError,
  AuroraNotFoundError,
  AuroraRateLimitError,
  AuroraServerError,
  AuroraTimeoutError,
  AuroraUnexpectedResponseError,
  auroraErrorFromStatus,
  type AuroraCallInfo,
} from './errors';
import { ConcurrencyGate, RollingWindowLimiter, WaitDeadlineError, realClock, type Clock } from './limiter';
import { Agreements } from './resources/agreements';
import { Assets } from './resources/assets';
import { DesignRequests } from './resources/designRequests';
import { Designs } from './resources/designs';
import { Financings } from './resources/financings';
import { Pricing } from './resources/pricing';
import { Projects } from './resources/projects';
import { Proposals } from './resources/proposals';
import { Users } from './resources/users';
import { Webhooks } from './resources/webhooks';

export { withoutNulls, type CallArgs, type RequestOptions } from './caller';

/** Aurora's documented default: 90 requests per minute per API key ([DOCS] rate-limits). */
export const AURORA_RATE_LIMIT = { requests: 90, perMs: 60_000 } as const;

export interface AuroraClientOptions {
  apiKey: string;
  tenantId: string;
  /** Production, sandbox, or a simulator; no trailing slash needed. */
  baseUrl: string;
  /** Sent as `Aurora-API-Version` to override the key's pinned version ([DOCS] versioning). */
  apiVersion?: string;
  /** Requests in flight at once; default 4. */
  maxConcurrency?: number;
  /** Per-attempt timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Client-side limit; default 90 per 60 000 ms. Ignored when `limiter` is given. */
  rateLimit?: { requests: number; perMs: number };
  /** Share one limiter between clients that use the same key. */
  limiter?: RollingWindowLimiter;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** What every invocation knows of the key's budget (a 429's Retry-After); default: this client only. */
  board?: BudgetBoard;
  /** `interactive` (default) waits for the budget within its deadline; `background` never waits on a busy Aurora. */
  priority?: CallPriority;
  /** Injectable clock for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Injectable randomness for the backoff jitter. */
  random?: () => number;
}

/** Network codes that prove the request never reached the server, so even a create may be retried. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
/** Longest Retry-After we honour within one call; beyond it the caller should come back later. */
const RETRY_AFTER_MAX_MS = 60_000;

/** Retry-After in seconds (integer or decimal) or an HTTP date → ms from now. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class AuroraClient implements AuroraCaller {
  readonly projects: Projects;
  readonly designRequests: DesignRequests;
  readonly designs: Designs;
  readonly pricing: Pricing;
  readonly financings: Financings;
  readonly assets: Assets;
  readonly proposals: Proposals;
  readonly agreements: Agreements;
  readonly users: Users;
  readonly webhooks: Webhooks;

  readonly tenantId: string;
  readonly baseUrl: string;
  // JS-private, so logging or inspecting the client never prints the key (axios keeps it in its default headers).
  readonly #apiKey: string;
  readonly #http: AxiosInstance;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly limiter: RollingWindowLimiter;
  private readonly gate: ConcurrencyGate;
  private readonly board: BudgetBoard;
  readonly priority: CallPriority;

  constructor(options: AuroraClientOptions) {
    if (!options.apiKey) throw new Error('Aurora client needs an API key');
    if (!options.tenantId) throw new Error('Aurora client needs a tenant id');
    this.#apiKey = options.apiKey;
    this.tenantId = options.tenantId;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = { now: options.now ?? realClock.now, sleep: options.sleep ?? realClock.sleep };
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 3;
    const rate = options.rateLimit ?? AURORA_RATE_LIMIT;
    this.limiter = options.limiter ?? new RollingWindowLimiter(rate.requests, rate.perMs, this.clock);
    this.gate = new ConcurrencyGate(options.maxConcurrency ?? 4, () => this.clock.now());
    this.board = options.board ?? localBoard();
    this.priority = options.priority ?? 'interactive';
    this.#http = axios.create({
      baseURL: this.baseUrl,
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        Accept: 'application/json',
        ...(options.apiVersion ? { 'Aurora-API-Version': options.apiVersion } : {}),
      },
      // We read status, body and errors ourselves, so nothing axios builds (which would carry the key) escapes.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });

    this.projects = new Projects(this);
    this.designRequests = new DesignRequests(this);
    this.designs = new Designs(this);
    this.pricing = new Pricing(this);
    this.financings = new Financings(this);
    this.assets = new Assets(this);
    this.proposals = new Proposals(this);
    this.agreements = new Agreements(this);
    this.users = new Users(this);
    this.webhooks = new Webhooks(this);
  }

  /** Calls one endpoint of the table, with retries, and returns the parsed (unwrapped) answer. */
  async call<S extends z.ZodType>(name: EndpointName, args: CallArgs<S>): Promise<z.infer<S>> {
    const endpoint = ENDPOINTS[name];
    const call: AuroraCallInfo = { method: endpoint.method, path: endpoint.path, feature: endpoint.feature, action: endpoint.action, noun: endpoint.noun };
    const url = fillPath(endpoint.path, { ...args.params, tenantId: this.tenantId });
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.send(call, endpoint.idempotent, url, args);
        return this.parse(call, endpoint.idempotent, response, args);
      } catch (error) {
        if (!(error instanceof AuroraError)) throw error;
        // A retried DELETE that finds nothing means the first attempt worked.
        if (error instanceof AuroraNotFoundError && endpoint.method === 'DELETE' && attempt > 0) return undefined as z.infer<S>;
        if (error instanceof AuroraRateLimitError) await this.noteRefusal(error);
        const busy = error instanceof AuroraRateLimitError ? this.busyError(call) : undefined;
        if (busy && this.priority === 'background') throw busy;
        if (attempt >= this.maxRetries || !this.shouldRetry(endpoint.idempotent, error)) throw busy ?? error;
        const delay = this.retryDelay(error, attempt);
        if (args.deadline !== undefined && this.clock.now() + delay >= args.deadline) {
          throw busy ?? new AuroraDeadlineError('retry', call, error, { outcomeUnknown: error.outcomeUnknown });
        }
        await this.clock.sleep(delay);
      }
    }
  }

  /** One attempt: wait for a concurrency slot (most urgent first) and a rate-limit slot, then send with a timeout clamped to the deadline. */
  private async send<S extends z.ZodType>(call: AuroraCallInfo, idempotent: boolean, url: string, args: CallArgs<S>): Promise<AxiosResponse<string>> {
    const { deadline } = args;
    await this.waitForBudget(call, deadline);
    let releaseGate: () => void = () => undefined;
    let releaseSlot: () => void = () => undefined;
    try {
      releaseGate = await this.gate.acquire({ deadline, priority: args.queuePriority, signal: args.signal });
      releaseSlot = await this.limiter.acquire(deadline);
    } catch (error) {
      releaseGate();
      // This process's own window is full until after the deadline: the key's budget, not Aurora's speed, is the limit.
      if (error instanceof WaitDeadlineError && error.reason === 'rate_limit' && error.freeAt !== undefined) throw new AuroraBusyError(error.freeAt, call);
      if (error instanceof WaitDeadlineError) throw new AuroraDeadlineError(error.reason, call);
      throw error;
    }
    const remaining = deadline === undefined ? Infinity : deadline - this.clock.now();
    if (remaining <= 0) {
      releaseSlot();
      releaseGate();
      throw new AuroraDeadlineError('answer', call);
    }
    const timeoutMs = Math.min(this.timeoutMs, remaining);
    const cutByDeadline = remaining < this.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await this.#http.request<string>({
        method: call.method,
        url,
        params: args.query,
        data: args.body === undefined ? undefined : JSON.stringify(args.body),
        headers: args.body === undefined ? undefined : { 'Content-Type': 'application/json' },
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) {
        if (cutByDeadline) throw new AuroraDeadlineError('answer', call, undefined, { outcomeUnknown: !idempotent });
        throw new AuroraTimeoutError(timeoutMs, call, { outcomeUnknown: !idempotent });
      }
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'ERR_NETWORK';
      const reached = !NOT_SENT_CODES.has(code);
      throw new AuroraConnectionError(code, reached, call, { outcomeUnknown: reached && !idempotent });
    } finally {
      clearTimeout(timer);
      releaseSlot();
      releaseGate();
    }
  }

  private parse<S extends z.ZodType>(call: AuroraCallInfo, idempotent: boolean, response: AxiosResponse<string>, args: CallArgs<S>): z.infer<S> {
    const text = typeof response.data === 'string' ? response.data : '';
    if (response.status < 200 || response.status >= 300) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.clock.now());
      const error = auroraErrorFromStatus(response.status, text, retryAfterMs, call, this.#apiKey, idempotent);
      throw error;
    }
    // A 2xx to a create means it happened, so a failure to read it must not invite a blind second create.
    const unexpected = (issues: string[]) => new AuroraUnexpectedResponseError(issues, call, { status: response.status, outcomeUnknown: !idempotent });
    let json: unknown;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw unexpected(['the body is not JSON']);
      }
    }
    let value: unknown = json;
    if (args.root !== undefined) {
      if (typeof json !== 'object' || json === null || !(args.root in json)) throw unexpected([`no "${args.root}" root key`]);
      value = (json as Record<string, unknown>)[args.root];
    }
    const parsed = args.schema.safeParse(value);
    if (!parsed.success) {
      throw unexpected(parsed.error.issues.map((issue) => `${[args.root, ...issue.path.map(String)].filter(Boolean).join('.') || 'body'}: ${issue.message}`));
    }
    return parsed.data;
  }

  /**
   * When the key is known to be busy: background work stops at once (its engine comes back later), a rep's call waits if
   * the budget frees in time. So when the budget frees, the reps waiting are the first in line.
   */
  private async waitForBudget(call: AuroraCallInfo, deadline: number | undefined): Promise<void> {
    const until = Math.max(await this.board.busyUntil(), this.limiter.pausedUntilMs);
    const now = this.clock.now();
    if (until <= now) return;
    if (this.priority === 'background' || (deadline !== undefined && until >= deadline)) throw new AuroraBusyError(until, call);
    await this.clock.sleep(until - now);
  }

  /** A 429: hold this client and tell every other invocation (through the board) until when Aurora refuses the key. */
  private async noteRefusal(error: AuroraRateLimitError): Promise<void> {
    const until = this.clock.now() + (error.retryAfterMs ?? UNKNOWN_RETRY_AFTER_MS);
    this.limiter.pauseUntil(until);
    await this.board.noteBusy(until);
  }

  /** The busy error after a refusal: when the key may call again. */
  private busyError(call: AuroraCallInfo): AuroraBusyError {
    return new AuroraBusyError(this.limiter.pausedUntilMs, call);
  }

  /** Idempotent calls retry on 408/409/429/5xx, timeouts and resets; creates only when Aurora provably did nothing. */
  private shouldRetry(idempotent: boolean, error: AuroraError): boolean {
    // 429 and 409 are refusals: Aurora did not carry the request out, so even a create is safe to repeat.
    if (error instanceof AuroraRateLimitError || error instanceof AuroraConflictError) return true;
    if (error instanceof AuroraConnectionError) return idempotent || !error.reachedAurora;
    if (error instanceof AuroraTimeoutError || error instanceof AuroraServerError) return idempotent;
    return false;
  }

  /** Retry-After when Aurora gave one (capped), otherwise exponential backoff with up to 25 % jitter. */
  private retryDelay(error: AuroraError, attempt: number): number {
    if (error instanceof AuroraRateLimitError && error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, RETRY_AFTER_MAX_MS);
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
    return Math.round(base * (1 - 0.25 * this.random()));
  }
}

/** Builds a client; see AuroraClientOptions. */
export function createAuroraClient(options: AuroraClientOptions): AuroraClient {
  return new AuroraClient(options);
}

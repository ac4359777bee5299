// Runs one HubSpot SDK call under the caller's deadline: typed errors, 429 retries as HubSpot asks, 5xx retries when safe,
// and pacing by HubSpot's own account of the app's rolling window (docs/hubspot-calls.md#pacing-the-apps-bursts).
import {
  HubSpotDeadlineError,
  HubSpotError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  isApiException,
  toHubSpotError,
  type TranslateContext,
} from './errors';

/** Every store method takes this: an absolute time (ms since epoch, the store's clock) by which it must be done. */
export interface CallOptions {
  deadline?: number;
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First wait after a 5xx or a dropped connection; doubles each attempt. */
  serverErrorDelayMs: number;
  /**
   * Wait after a TEN_SECONDLY_ROLLING 429, or before a call while HubSpot says the app's window is spent: half to one and
   * a half times this, at random (the rolling window frees capacity continuously; waiters must not all return at once).
   * Such waits go on until the caller's deadline, not for a number of attempts.
   */
  rollingLimitDelayMs: number;
  /** Wait after a secondly-limit 429 (search API), times the attempt number. */
  secondlyLimitDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, serverErrorDelayMs: 250, rollingLimitDelayMs: 1000, secondlyLimitDelayMs: 1000 };

export interface Operation extends TranslateContext {
  /** Safe to send again after a 5xx or a dropped connection (reads, upserts by unique id, updates). */
  idempotent: boolean;
}

export interface Runner {
  run<T>(operation: Operation, call: () => Promise<T>, options?: CallOptions): Promise<T>;
  now(): number;
  /** Takes in an answer's headers: what HubSpot says is left of the app's rolling window. */
  observe(headers: unknown): void;
}

/** What one answer said about the app's rolling window: calls left in it, the window's length, when it was said. */
interface WindowReport {
  remaining: number;
  intervalMs: number;
  at: number;
}

/** The rolling-window headers of an answer (X-HubSpot-RateLimit-Remaining, -Interval-Milliseconds); search answers carry none. */
function windowReportOf(headers: unknown, at: number): WindowReport | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const values = new Map(Object.entries(headers as Record<string, unknown>).map(([name, value]) => [name.toLowerCase(), Number(value)]));
  const remaining = values.get('x-hubspot-ratelimit-remaining');
  const intervalMs = values.get('x-hubspot-ratelimit-interval-milliseconds');
  if (remaining === undefined || intervalMs === undefined || !Number.isFinite(remaining) || !(intervalMs > 0)) return undefined;
  return { remaining, intervalMs, at };
}

/**
 * One invocation's view of the app's window. Every invocation's calls count in it and invocations are separate
 * processes, so the only shared truth is what HubSpot says on each answer: while the latest answer said nothing is left
 * (less the calls sent since), the next call waits a pause first instead of being refused.
 */
class WindowPacer {
  private report: WindowReport | undefined;
  private sentSince = 0;

  constructor(
    private readonly clock: () => number,
    private readonly pauseMs: () => number,
  ) {}

  observe(headers: unknown): void {
    const report = windowReportOf(headers, this.clock());
    if (!report) return;
    this.report = report;
    this.sentSince = 0;
  }

  /** How long the next call should wait: a pause while the window is known spent, else 0. */
  waitMs(): number {
    const { report } = this;
    if (!report || this.clock() - report.at >= report.intervalMs || report.remaining - this.sentSince > 0) return 0;
    return this.pauseMs();
  }

  sent(): void {
    this.sentSince++;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(error: unknown): number | undefined {
  if (!isApiException(error)) return undefined;
  const header = error.headers?.['retry-after'];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** How long to wait before the next attempt, or undefined when this failure must not be retried. */
function waitBeforeRetry(error: HubSpotError, raw: unknown, attempt: number, operation: Operation, policy: RetryPolicy, untilDeadline: boolean): number | undefined {
  if (error instanceof HubSpotRateLimitError) {
    const headerWait = retryAfterMs(raw);
    if (headerWait !== undefined) return attempt < policy.maxAttempts ? headerWait : undefined;
    // HubSpot names the window it enforced; a DAILY limit (or an unnamed one) will not clear by waiting here.
    if (error.policyName === 'TEN_SECONDLY_ROLLING') return untilDeadline || attempt < policy.maxAttempts ? rollingPause(policy) : undefined;
    if (error.policyName === 'SECONDLY') return attempt < policy.maxAttempts ? policy.secondlyLimitDelayMs * attempt : undefined;
    return undefined;
  }
  if (error instanceof HubSpotUnavailableError && operation.idempotent && attempt < policy.maxAttempts) {
    return policy.serverErrorDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
  }
  return undefined;
}

const rollingPause = (policy: RetryPolicy) => Math.round(policy.rollingLimitDelayMs * (0.5 + Math.random()));

export function createRunner(policy: RetryPolicy, clock: () => number): Runner {
  async function withinDeadline<T>(operation: Operation, call: () => Promise<T>, deadline: number | undefined): Promise<T> {
    const promise = call();
    if (deadline === undefined) return promise;
    const remaining = deadline - clock();
    if (remaining <= 0) {
      promise.catch(() => undefined);
      throw new HubSpotDeadlineError({ operation: operation.operation });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new HubSpotDeadlineError({ operation: operation.operation })), remaining);
    });
    // The SDK cannot be aborted: stop waiting, and keep its late failure from going unhandled.
    promise.catch(() => undefined);
    try {
      return await Promise.race([promise, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  const pacer = new WindowPacer(clock, () => rollingPause(policy));
  return {
    now: clock,
    observe: (headers) => pacer.observe(headers),
    async run<T>(operation: Operation, call: () => Promise<T>, options: CallOptions = {}): Promise<T> {
      const { deadline } = options;
      for (let attempt = 1; ; attempt++) {
        if (deadline !== undefined && clock() >= deadline) throw new HubSpotDeadlineError({ operation: operation.operation });
        // A pause that would pass the deadline is skipped: the call then goes and HubSpot says whether it fits.
        const pause = pacer.waitMs();
        if (pause > 0 && (deadline === undefined || clock() + pause < deadline)) await sleep(pause);
        try {
          pacer.sent();
          return await withinDeadline(operation, call, deadline);
        } catch (raw) {
          const error = toHubSpotError(raw, operation);
          if (!(error instanceof HubSpotError)) throw error;
          const wait = waitBeforeRetry(error, raw, attempt, operation, policy, deadline !== undefined);
          // Waiting past the caller's deadline helps nobody: report the real cause now.
          if (wait === undefined || (deadline !== undefined && clock() + wait >= deadline)) throw error;
          await sleep(wait);
        }
      }
    },
  };
}

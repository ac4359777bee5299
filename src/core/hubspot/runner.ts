// Runs one HubSpot SDK call under the caller's deadline: typed errors, 429 retries as HubSpot asks, 5xx retries when safe.
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
  /** Wait after a TEN_SECONDLY_ROLLING 429, times the attempt number (the rolling window frees capacity continuously). */
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
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(error: unknown): number | undefined {
  if (!isApiException(error)) return undefined;
  const header = error.headers?.['retry-after'];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** How long to wait before the next attempt, or undefined when this failure must not be retried. */
function waitBeforeRetry(error: HubSpotError, raw: unknown, attempt: number, operation: Operation, policy: RetryPolicy): number | undefined {
  if (error instanceof HubSpotRateLimitError) {
    const headerWait = retryAfterMs(raw);
    if (headerWait !== undefined) return headerWait;
    // HubSpot names the window it enforced; a DAILY limit (or an unnamed one) will not clear by waiting here.
    if (error.policyName === 'TEN_SECONDLY_ROLLING') return policy.rollingLimitDelayMs * attempt;
    if (error.policyName === 'SECONDLY') return policy.secondlyLimitDelayMs * attempt;
    return undefined;
  }
  if (error instanceof HubSpotUnavailableError && operation.idempotent) {
    return policy.serverErrorDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
  }
  return undefined;
}

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

  return {
    now: clock,
    async run<T>(operation: Operation, call: () => Promise<T>, options: CallOptions = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        if (options.deadline !== undefined && clock() >= options.deadline) throw new HubSpotDeadlineError({ operation: operation.operation });
        try {
          return await withinDeadline(operation, call, options.deadline);
        } catch (raw) {
          const error = toHubSpotError(raw, operation);
          if (!(error instanceof HubSpotError)) throw error;
          const wait = attempt < policy.maxAttempts ? waitBeforeRetry(error, raw, attempt, operation, policy) : undefined;
          // Waiting past the caller's deadline helps nobody: report the real cause now.
          if (wait === undefined || (options.deadline !== undefined && clock() + wait >= options.deadline)) throw error;
          await sleep(wait);
        }
      }
    },
  };
}

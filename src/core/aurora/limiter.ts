// Client-side throttling: a rolling-window limiter that keeps one API key under Aurora's 90 requests a minute, and a
// concurrency cap that serves the most urgent waiter first. Both wait at most until the caller's deadline.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Thrown by the limiter and the queue when the deadline comes first; the client turns it into AuroraDeadlineError. */
export class WaitDeadlineError extends Error {
  constructor(
    readonly reason: 'rate_limit' | 'queue',
    /** For a rate-limit wait: when a slot frees (epoch ms). */
    readonly freeAt?: number,
  ) {
    super(`deadline reached while waiting (${reason})`);
  }
}

/** How long to poll when every slot of the window is still in flight (only when requests < concurrency). */
const IN_FLIGHT_POLL_MS = 10;

/**
 * At most `requests` requests in any `perMs` window. A slot counts from the moment it is taken until `perMs` after its
 * answer arrived: the server sees the request arrive no later than the answer, so it never counts more than we do.
 */
export class RollingWindowLimiter {
  private readonly slots: { endedAt: number | undefined }[] = [];
  private pausedUntil = 0;

  constructor(
    readonly requests: number,
    readonly perMs: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(requests >= 1) || !(perMs > 0)) throw new Error('rate limit needs requests >= 1 and perMs > 0');
  }

  /** Waits for a slot and returns the function to call when the answer (or the failure) arrives. */
  async acquire(deadline?: number): Promise<() => void> {
    for (;;) {
      const now = this.clock.now();
      this.prune(now);
      let wait: number;
      if (this.pausedUntil > now) {
        wait = this.pausedUntil - now;
      } else if (this.slots.length < this.requests) {
        const slot: { endedAt: number | undefined } = { endedAt: undefined };
        this.slots.push(slot);
        return () => {
          slot.endedAt ??= this.clock.now();
        };
      } else {
        const frees = this.slots.flatMap((slot) => (slot.endedAt === undefined ? [] : [slot.endedAt + this.perMs - now]));
        wait = frees.length ? Math.max(1, Math.min(...frees)) : IN_FLIGHT_POLL_MS;
      }
      if (deadline !== undefined && now + wait > deadline) throw new WaitDeadlineError('rate_limit', now + wait);
      await this.clock.sleep(wait);
    }
  }

  /** Holds every new request until `until` (epoch ms): used when Aurora answers 429 with Retry-After. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Epoch ms until which a Retry-After holds every request (0 when none does). */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  /** Requests counted in the current window (in flight or answered less than perMs ago). */
  inWindow(): number {
    this.prune(this.clock.now());
    return this.slots.length;
  }

  private prune(now: number): void {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const endedAt = this.slots[i]!.endedAt;
      if (endedAt !== undefined && endedAt <= now - this.perMs) this.slots.splice(i, 1);
    }
  }
}

/** The limiter, counting every request it lets through (the reconcile ETA's and the bench's requests per deal). */
export class CountingLimiter extends RollingWindowLimiter {
  count = 0;
  override async acquire(deadline?: number): Promise<() => void> {
    const release = await super.acquire(deadline);
    this.count++;
    return release;
  }
}

/** What a caller waiting for a slot brings: when to give up, its place in the queue, and a way to withdraw. */
export interface GateTicket {
  /** Epoch ms: nothing starts after it (WaitDeadlineError 'queue'). */
  deadline?: number;
  /** Higher is served first; equal priorities in the order they came. Default 0. */
  priority?: number;
  /** Withdraws the caller while it waits (never once admitted): when its turn comes, it rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface Waiter {
  priority: number;
  seq: number;
  signal: AbortSignal | undefined;
  admit: () => void;
  leave: (reason: unknown) => void;
}

/**
 * At most `max` callers at once; when a slot frees, the most urgent waiter (highest priority, then first come) goes next,
 * so a follow-up call (a financing's detail after its list) overtakes the first calls of later designs.
 */
export class ConcurrencyGate {
  private active = 0;
  private seq = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(max >= 1)) throw new Error('maxConcurrency must be at least 1');
  }

  /** Waits for a slot and returns the function that frees it. */
  acquire({ deadline, priority = 0, signal }: GateTicket = {}): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (deadline !== undefined && this.now() >= deadline) return Promise.reject(new WaitDeadlineError('queue'));
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<() => void>((resolve, reject) => {
      // A real timer (not an injected clock) so it can be cancelled the moment the slot is granted.
      const timer = deadline === undefined ? undefined : setTimeout(() => waiter.leave(new WaitDeadlineError('queue')), Math.max(0, deadline - this.now()));
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        signal,
        admit: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
        leave: (reason) => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          clearTimeout(timer);
          reject(reason);
        },
      };
      this.waiting.push(waiter);
    });
  }

  /** Runs `task` in a slot (see acquire) and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>, ticket: GateTicket = {}): Promise<T> {
    const release = await this.acquire(ticket);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // A waiter withdrawn meanwhile leaves when its turn comes (checked then, so no listener is kept per waiter).
      let next = this.nextWaiter();
      while (next?.signal?.aborted) {
        next.leave(next.signal.reason);
        next = this.nextWaiter();
      }
      if (next) next.admit();
      else this.active--;
    };
  }

  private nextWaiter(): Waiter | undefined {
    let best = -1;
    this.waiting.forEach((candidate, index) => {
      const current = this.waiting[best];
      if (!current || candidate.priority > current.priority || (candidate.priority === current.priority && candidate.seq < current.seq)) best = index;
    });
    return best < 0 ? undefined : this.waiting.splice(best, 1)[0];
  }
}

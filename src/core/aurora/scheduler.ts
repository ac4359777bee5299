// A concurrency lane with priorities: at most `cap` tasks run at once, and the most urgent waiting task starts next, so a
// follow-up call (financing detail after the list) overtakes first calls of later designs and the pipe never idles.

import type { UserError, UserFacing } from '../contract';

/** Thrown to tasks still waiting when their lane's deadline passes; nothing was sent for them. */
export class LaneDeadlineError extends Error implements UserFacing {
  constructor() {
    super('no time left to start this call');
    this.name = 'LaneDeadlineError';
  }
  toUserError(): UserError {
    return { code: 'deadline', message: 'Aurora was too slow to answer, so the app stopped waiting.', action: 'Try again in a few minutes; anything already saved is kept.', retryable: true };
  }
}

interface Waiting {
  priority: number;
  seq: number;
  start: () => void;
}

export class Lane {
  private active = 0;
  private seq = 0;
  private readonly waiting: Waiting[] = [];

  constructor(
    readonly cap: number,
    private readonly deadline: number = Infinity,
    private readonly now: () => number = Date.now,
  ) {
    if (!(cap >= 1)) throw new Error('a lane needs a cap of at least 1');
  }

  /** Runs `task` when a slot is free; higher `priority` first, then first come. Refuses to start after the deadline. */
  run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        if (this.now() >= this.deadline) {
          this.release();
          reject(new LaneDeadlineError());
          return;
        }
        task().then(resolve, reject).finally(() => this.release());
      };
      if (this.active < this.cap) {
        this.active++;
        start();
        return;
      }
      this.waiting.push({ priority, seq: this.seq++, start });
    });
  }

  private release(): void {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const candidate = this.waiting[i]!;
      const current = best >= 0 ? this.waiting[best]! : undefined;
      if (!current || candidate.priority > current.priority || (candidate.priority === current.priority && candidate.seq < current.seq)) best = i;
    }
    if (best < 0) {
      this.active--;
      return;
    }
    const [next] = this.waiting.splice(best, 1);
    next!.start();
  }
}

// The simulator's per-key rate limit: at most `requests` arrivals in any rolling `perMs` window ([DOCS] 90 per minute).

export class KeyRateLimiter {
  private readonly arrivals = new Map<string, number[]>();

  constructor(
    public requests: number,
    public perMs: number,
  ) {}

  /** Counts an arrival; returns how long to wait (ms) when the key is over its limit, in which case nothing is counted. */
  hit(key: string, now = Date.now()): number | undefined {
    const list = this.arrivals.get(key) ?? [];
    while (list.length > 0 && list[0]! <= now - this.perMs) list.shift();
    if (list.length >= this.requests) return list[0]! + this.perMs - now;
    list.push(now);
    this.arrivals.set(key, list);
    return undefined;
  }

  reset(): void {
    this.arrivals.clear();
  }
}

// The client's rolling-window limiter keeps a 200-request burst from one key within Aurora's limit: the simulator never
// sees more than the limit in any rolling window and never answers 429. The window is scaled (90 per 1.5 s) to run fast.
import { RollingWindowLimiter, WaitDeadlineError } from '../../src/core/aurora/limiter';
import { DEMO, type AuroraSimulator } from '../../simulators/aurora';
import { clientFor, startSim, takeUnhandled } from './support';

const LIMIT = { requests: 90, perMs: 1_500 };

describe('a 200-request burst from one key', () => {
  let sim: AuroraSimulator;
  beforeAll(async () => {
    sim = await startSim({ rateLimit: LIMIT });
  });
  afterEach(() => expect(takeUnhandled(sim)).toEqual([]));
  afterAll(() => sim.close());

  it('stays within 90 requests per rolling window at the simulator, with no 429 and no failed operation', async () => {
    const aurora = clientFor(sim, { rateLimit: LIMIT });
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => aurora.users.retrieve(DEMO.user.id)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    const arrivals = sim.state.requests.map((request) => request.at);
    expect(arrivals).toHaveLength(200);
    expect(sim.state.requests.filter((request) => request.limited)).toEqual([]);
    expect(sim.server.log.filter((entry) => entry.status === 429)).toEqual([]);
    // The simulator's window: arrivals in (t - perMs, t].
    const busiest = Math.max(...arrivals.map((at) => arrivals.filter((other) => other > at - LIMIT.perMs && other <= at).length));
    expect(busiest).toBeLessThanOrEqual(LIMIT.requests);
    // The limiter really held requests back: the 181st cannot start before two windows have passed.
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(2 * LIMIT.perMs);
  });
});

describe('RollingWindowLimiter', () => {
  const fakeClock = () => {
    const clock = { at: 0, now: () => clock.at, sleep: async (ms: number) => void (clock.at += ms) };
    return clock;
  };

  it('frees a slot perMs after its answer arrived, not after it was sent', async () => {
    const clock = fakeClock();
    const limiter = new RollingWindowLimiter(2, 1_000, clock);
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    clock.at = 300;
    first();
    clock.at = 500;
    second();
    await limiter.acquire();
    expect(clock.at).toBe(1_300);
  });

  it('refuses to wait past the deadline, and honours a Retry-After pause', async () => {
    const clock = fakeClock();
    const limiter = new RollingWindowLimiter(1, 1_000, clock);
    (await limiter.acquire())();
    await expect(limiter.acquire(500)).rejects.toBeInstanceOf(WaitDeadlineError);
    expect(clock.at).toBe(0);
    limiter.pauseUntil(5_000);
    clock.at = 2_000;
    await limiter.acquire();
    expect(clock.at).toBe(5_000);
  });
});

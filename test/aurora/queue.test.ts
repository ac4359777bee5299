// The client's one queue for Aurora calls: when every slot is taken, the most urgent waiting call is sent next, a withdrawn
// call is never sent, and nothing is sent after its deadline; asserted on the order the simulator received the requests.
import { AuroraDeadlineError } from '../../src/core/aurora/errors';
import { ConcurrencyGate, WaitDeadlineError } from '../../src/core/aurora/limiter';
import type { AuroraSimulator } from '../../simulators/aurora';
import { clientFor, ORDINARY_ADDRESS, startSim, takeUnhandled } from './support';

let sim: AuroraSimulator;
let projectIds: string[];

beforeAll(async () => {
  sim = await startSim();
  const setup = clientFor(sim);
  projectIds = [];
  for (const name of ['first', 'second', 'third', 'urgent']) {
    projectIds.push((await setup.projects.create({ name, location: { property_address: ORDINARY_ADDRESS } })).id);
  }
});
afterEach(() => {
  sim.control.clearFaults();
  expect(takeUnhandled(sim)).toEqual([]);
});
afterAll(() => sim.close());

/** The projects whose GET reached the simulator since `from`, by name, in the order they arrived. */
function projectsReadSince(from: number): string[] {
  const names = ['first', 'second', 'third', 'urgent'];
  return sim.state.requests
    .slice(from)
    .filter((request) => request.method === 'GET')
    .map((request) => names[projectIds.findIndex((id) => request.path.endsWith(`/projects/${id}`))] ?? request.path);
}

describe('the Aurora client with one slot', () => {
  it('sends a more urgent call queued later before the calls that waited ahead of it', async () => {
    const aurora = clientFor(sim, { maxConcurrency: 1 });
    sim.control.setChaos({ latencyMs: 80 });
    const from = sim.state.requests.length;
    const [first, second, third, urgent] = projectIds as [string, string, string, string];

    await Promise.all([
      aurora.projects.retrieve(first),
      aurora.projects.retrieve(second),
      aurora.projects.retrieve(third, { queuePriority: 0 }),
      aurora.projects.retrieve(urgent, { queuePriority: 5 }),
    ]);

    expect(projectsReadSince(from)).toEqual(['first', 'urgent', 'second', 'third']);
  });

  it('never sends a call withdrawn while it waits; the others are sent as usual', async () => {
    const aurora = clientFor(sim, { maxConcurrency: 1 });
    sim.control.setChaos({ latencyMs: 80 });
    const from = sim.state.requests.length;
    const [first, second, third] = projectIds as [string, string, string];
    const withdrawal = new AbortController();

    const results = Promise.allSettled([
      aurora.projects.retrieve(first),
      aurora.projects.retrieve(second, { signal: withdrawal.signal }),
      aurora.projects.retrieve(third),
    ]);
    withdrawal.abort('not needed any more');

    expect((await results).map((result) => (result.status === 'fulfilled' ? result.value.id : result.reason))).toEqual([first, 'not needed any more', third]);
    expect(projectsReadSince(from)).toEqual(['first', 'third']);
  });

  it('sends nothing for a call still waiting at its deadline', async () => {
    const aurora = clientFor(sim, { maxConcurrency: 1 });
    sim.control.setChaos({ latencyMs: 300 });
    const from = sim.state.requests.length;
    const [first, second] = projectIds as [string, string];

    const results = await Promise.allSettled([aurora.projects.retrieve(first), aurora.projects.retrieve(second, { deadline: Date.now() + 100 })]);

    expect(results[0]).toMatchObject({ status: 'fulfilled' });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(AuroraDeadlineError) });
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ reason: 'queue' });
    expect(projectsReadSince(from)).toEqual(['first']);
  });
});

describe('ConcurrencyGate', () => {
  it('runs at most max tasks at once, the most urgent waiting one next, equal ones first come', async () => {
    const gate = new ConcurrencyGate(2);
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const task = (name: string) => () => {
      started.push(name);
      return new Promise<string>((resolve) => finish.set(name, () => resolve(name)));
    };
    const done = Promise.all([
      gate.run(task('a')),
      gate.run(task('b')),
      gate.run(task('low'), { priority: 1 }),
      gate.run(task('high'), { priority: 5 }),
      gate.run(task('low2'), { priority: 1 }),
    ]);
    await settle();
    expect(started).toEqual(['a', 'b']);

    finish.get('a')!();
    await settle();
    expect(started).toEqual(['a', 'b', 'high']);
    finish.get('b')!();
    await settle();
    expect(started).toEqual(['a', 'b', 'high', 'low']);
    finish.get('high')!();
    await settle();
    expect(started).toEqual(['a', 'b', 'high', 'low', 'low2']);
    finish.get('low')!();
    finish.get('low2')!();
    expect(await done).toEqual(['a', 'b', 'low', 'high', 'low2']);
  });

  it('starts nothing after the deadline, even with a slot free', async () => {
    let now = 1_000;
    const gate = new ConcurrencyGate(1, () => now);
    now = 2_000;
    await expect(gate.run(async () => 'sent', { deadline: 2_000 })).rejects.toBeInstanceOf(WaitDeadlineError);
    expect(await gate.run(async () => 'sent', { deadline: 2_001 })).toBe('sent');
  });
});

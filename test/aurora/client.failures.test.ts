// Contract tests for failures: each status Aurora documents, network faults, timeouts and deadlines, against the
// simulator; asserting the typed error, its user message (never the key), and how often the simulator was called.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { inspect } from 'node:util';
import {
  AuroraAuthenticationError,
  AuroraBusyError,
  AuroraConnectionError,
  AuroraDeadlineError,
  AuroraError,
  AuroraNotFoundError,
  AuroraPermissionError,
  AuroraServerError,
  AuroraTimeoutError,
  AuroraUnexpectedResponseError,
  AuroraValidationError,
} from '../../src/core/aurora/errors';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { clientFor, ORDINARY_ADDRESS, startSim, takeUnhandled } from './support';

let sim: AuroraSimulator;

beforeAll(async () => {
  sim = await startSim();
});
afterEach(() => {
  sim.control.clearFaults();
  expect(takeUnhandled(sim)).toEqual([]);
});
afterAll(() => sim.close());

/** The error a promise rejects with (failing the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<AuroraError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuroraError);
    return error as AuroraError;
  }
  throw new Error('expected the call to fail');
}

const requestsTo = (method: string, pathEnd: string) => sim.server.log.filter((entry) => entry.method === method && entry.path.endsWith(pathEnd));

/** Nothing a user or a log could see carries the key. */
function expectNoSecret(error: AuroraError, secret: string) {
  expect(JSON.stringify(error.toUserError())).not.toContain(secret);
  expect(error.message).not.toContain(secret);
  expect(inspect(error, { depth: 10 })).not.toContain(secret);
}

describe('Aurora statuses', () => {
  it('401: a wrong key is an authentication error that never repeats the key', async () => {
    const wrongKey = 'sk_sand_not_a_real_key_123456';
    const client = clientFor(sim, { apiKey: wrongKey });
    const error = await failure(client.projects.listPage());
    expect(error).toBeInstanceOf(AuroraAuthenticationError);
    expect(inspect(client, { depth: 10 })).not.toContain(wrongKey);
    expect(error.toUserError()).toMatchObject({ code: 'aurora_auth', retryable: false });
    expectNoSecret(error, wrongKey);
  });

  it('403: a restricted key without pricing says which feature it lacks, while projects still work', async () => {
    const restricted = clientFor(sim, { apiKey: DEMO.restrictedKey });
    const project = await restricted.projects.create({ name: 'Restricted', location: { property_address: ORDINARY_ADDRESS } });
    const design = sim.control.createDesign({ projectId: project.id });
    const error = await failure(restricted.pricing.retrieve(design.id));
    expect(error).toBeInstanceOf(AuroraPermissionError);
    expect((error as AuroraPermissionError).resource).toBe('pricing');
    expect(error.toUserError()).toEqual({
      code: 'aurora_permission',
      message: 'The Aurora API key is not allowed to read pricing.',
      action: 'Ask your Aurora admin to grant it, or leave it off: the rest still syncs.',
      retryable: false,
    });
    expect(await failure(restricted.financings.list(design.id))).toBeInstanceOf(AuroraPermissionError);
    expect(requestsTo('GET', '/pricing')).toHaveLength(1);
    expectNoSecret(error, DEMO.restrictedKey);
  });

  it('404: an unknown id, another tenant’s project, and the wrong tenant id are all not found', async () => {
    const aurora = clientFor(sim);
    expect(await failure(aurora.projects.retrieve('00000000-0000-4000-8000-000000000000'))).toBeInstanceOf(AuroraNotFoundError);
    const other = sim.control.createTenant({ name: 'Other Co' });
    const theirs = await clientFor(sim, { apiKey: other.keys[0]!.key, tenantId: other.tenant.id }).projects.create({
      name: 'Theirs',
      location: { property_address: ORDINARY_ADDRESS },
    });
    const error = await failure(aurora.projects.retrieve(theirs.id));
    expect(error).toBeInstanceOf(AuroraNotFoundError);
    expect(error.toUserError()).toMatchObject({ code: 'aurora_not_found', message: expect.stringContaining('could not find this project') });
    expect(await failure(clientFor(sim, { tenantId: other.tenant.id }).projects.listPage())).toBeInstanceOf(AuroraNotFoundError);
  });

  it('422: Aurora’s errors[].message reach the user, and nothing was created', async () => {
    const aurora = clientFor(sim);
    const before = sim.state.projects.size;
    const missing = await failure(aurora.projects.create({ name: 'No address' } as never));
    expect(missing).toBeInstanceOf(AuroraValidationError);
    expect((missing as AuroraValidationError).messages).toEqual(['location must include a property_address, or a latitude and a longitude']);
    const ungeocodable = await failure(aurora.projects.create({ name: 'Nowhere', location: { property_address: 'somewhere nice' } }));
    expect(ungeocodable.toUserError()).toMatchObject({
      code: 'aurora_validation',
      message: 'Aurora refused the project: The site address could not be found on the map.',
      retryable: false,
    });
    expect(sim.state.projects.size).toBe(before);
    expect(requestsTo('POST', '/projects').filter((entry) => entry.status === 422)).toHaveLength(2);
  });

  it('an answer the app cannot read is a typed error naming the field, not a crash', async () => {
    const aurora = clientFor(sim);
    sim.server.injectFault({ match: (req) => req.path.endsWith('/users/' + DEMO.user.id), status: 200, body: { user: { id: 42 } } });
    const error = await failure(aurora.users.retrieve(DEMO.user.id));
    expect(error).toBeInstanceOf(AuroraUnexpectedResponseError);
    expect((error as AuroraUnexpectedResponseError).issues).toEqual([expect.stringMatching(/^user\.id: /)]);
  });
});

describe('retries', () => {
  it('429 with Retry-After: the client waits as told and the call succeeds', async () => {
    // The simulator's real limiter at 3 requests per second; the client's own limiter is set high so the 429 happens.
    const strict = await startSim({ rateLimit: { requests: 3, perMs: 1000 } });
    try {
      const aurora = clientFor(strict, { rateLimit: { requests: 1000, perMs: 1000 } });
      for (let i = 0; i < 5; i++) await aurora.users.retrieve(DEMO.user.id);
      const limited = strict.server.log.filter((entry) => entry.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(strict.server.log.filter((entry) => entry.status === 200)).toHaveLength(5);
    } finally {
      await strict.close();
    }
  });

  it('429 when retries are used up: Aurora is busy, and the rep is told at what time to try again', async () => {
    sim.control.injectFault({ status: 429, retryAfterSeconds: 1, path: '/users/' });
    const before = Date.now();
    const error = await failure(clientFor(sim, { maxRetries: 0 }).users.retrieve(DEMO.user.id));
    expect(error).toBeInstanceOf(AuroraBusyError);
    expect((error as AuroraBusyError).until).toBeGreaterThanOrEqual(before + 1000);
    expect(error.toUserError()).toMatchObject({ code: 'aurora_rate_limited', action: expect.stringMatching(/^Try again in \d+ seconds?\.$/), retryable: true });
    expect(Date.parse(error.toUserError().retryAt ?? '')).toBe((error as AuroraBusyError).until);
  });

  it('500 then success: a read is retried', async () => {
    const aurora = clientFor(sim);
    sim.control.injectFault({ status: 500, path: `/users/${DEMO.user.id}` });
    await expect(aurora.users.retrieve(DEMO.user.id)).resolves.toMatchObject({ id: DEMO.user.id });
    expect(requestsTo('GET', `/users/${DEMO.user.id}`).slice(-2).map((entry) => entry.status)).toEqual([500, 200]);
  });

  it('500 on a create is not retried: the project may exist, so the error says so', async () => {
    const aurora = clientFor(sim);
    const posts = requestsTo('POST', '/projects').length;
    sim.control.injectFault({ status: 500, method: 'POST', path: '/projects' });
    const error = await failure(aurora.projects.create({ name: 'Once', location: { property_address: ORDINARY_ADDRESS } }));
    expect(error).toBeInstanceOf(AuroraServerError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.toUserError().message).toContain('Aurora may have made the project anyway');
    expect(requestsTo('POST', '/projects')).toHaveLength(posts + 1);
  });

  it('a dropped connection: a read is retried and succeeds; a create is not retried', async () => {
    const aurora = clientFor(sim);
    sim.control.injectFault({ drop: true, path: `/users/${DEMO.user.id}` });
    await expect(aurora.users.retrieve(DEMO.user.id)).resolves.toMatchObject({ id: DEMO.user.id });
    expect(requestsTo('GET', `/users/${DEMO.user.id}`).slice(-2).map((entry) => entry.status)).toEqual([0, 200]);

    const posts = requestsTo('POST', '/projects').length;
    sim.control.injectFault({ drop: true, method: 'POST', path: '/projects' });
    const error = await failure(aurora.projects.create({ name: 'Dropped', location: { property_address: ORDINARY_ADDRESS } }));
    expect(error).toBeInstanceOf(AuroraConnectionError);
    expect(error).toMatchObject({ reachedAurora: true, outcomeUnknown: true });
    expect(requestsTo('POST', '/projects')).toHaveLength(posts + 1);
  });

  it('a timeout: a read is retried after the per-attempt timeout; with no retries left it is a timeout error', async () => {
    const aurora = clientFor(sim, { timeoutMs: 150 });
    sim.control.injectFault({ delayMs: 400, path: `/users/${DEMO.user.id}` });
    await expect(aurora.users.retrieve(DEMO.user.id)).resolves.toMatchObject({ id: DEMO.user.id });

    sim.control.injectFault({ delayMs: 400, path: `/users/${DEMO.user.id}` });
    const error = await failure(clientFor(sim, { timeoutMs: 150, maxRetries: 0 }).users.retrieve(DEMO.user.id));
    expect(error).toBeInstanceOf(AuroraTimeoutError);
    expect(error.toUserError()).toMatchObject({ code: 'aurora_unavailable', retryable: true });
  });

  it('a create refused at the door (connection refused) is retried, because it provably never reached Aurora', async () => {
    const port = await freePort();
    let late: AuroraSimulator | undefined;
    // The first backoff "sleep" brings Aurora up on that port, as if it had been restarting.
    const aurora = clientFor(sim, {
      baseUrl: `http://127.0.0.1:${port}`,
      sleep: async () => {
        late ??= await startAuroraSimulator({ seed: true, port });
      },
    });
    try {
      const project = await aurora.projects.create({ name: 'Eventually', location: { property_address: ORDINARY_ADDRESS } });
      expect(late!.state.projects.get(project.id)?.wire.name).toBe('Eventually');
      expect(late!.state.projects.size).toBe(1);
    } finally {
      await late?.close();
    }
  });

  it('connection refused on every attempt is a connection error that did not reach Aurora', async () => {
    const port = await freePort();
    const error = await failure(clientFor(sim, { baseUrl: `http://127.0.0.1:${port}`, sleep: async () => undefined }).projects.listPage());
    expect(error).toMatchObject({ networkCode: 'ECONNREFUSED', reachedAurora: false, outcomeUnknown: false });
    expect(error.toUserError()).toMatchObject({ code: 'aurora_unavailable', message: 'The app could not reach Aurora.' });
  });
});

describe('deadlines', () => {
  it('a deadline stops retries: no sleep goes past it, and the error says time ran out', async () => {
    let now = 1_000_000;
    const aurora = clientFor(sim, { maxRetries: 10, now: () => now, sleep: async (ms) => void (now += ms), random: () => 0 });
    // A user id no other test asks for: a late request of an earlier test cannot land in this count.
    const userId = randomUUID();
    sim.control.injectFault({ status: 503, times: 10, path: `/users/${userId}` });
    const deadline = now + 1_200;
    const error = await failure(aurora.users.retrieve(userId, { deadline }));
    expect(error).toBeInstanceOf(AuroraDeadlineError);
    expect((error as AuroraDeadlineError).lastError).toBeInstanceOf(AuroraServerError);
    expect(error.toUserError()).toMatchObject({ code: 'deadline', retryable: true });
    expect(now).toBeLessThanOrEqual(deadline);
    // 500 ms then 1000 ms backoff: the second wait would cross the deadline, so only two attempts were made.
    await sim.server.idle();
    expect(requestsTo('GET', `/users/${userId}`)).toHaveLength(2);
  });

  it('a Retry-After longer than the time left ends the call at once: Aurora is busy (never "in the time available")', async () => {
    sim.control.injectFault({ status: 429, retryAfterSeconds: 30, path: '/users/' });
    const error = await failure(clientFor(sim).users.retrieve(DEMO.user.id, { deadline: Date.now() + 2_000 }));
    expect(error).toBeInstanceOf(AuroraBusyError);
    expect(error.toUserError().message).not.toContain('in the time available');
    expect(error.toUserError().action).not.toContain('admin');
  });

  it('a rate-limit wait that would pass the deadline is not started: nothing is sent, and Aurora is busy until a slot frees', async () => {
    const aurora = clientFor(sim, { rateLimit: { requests: 1, perMs: 10_000 } });
    await aurora.users.retrieve(DEMO.user.id);
    const before = requestsTo('GET', `/users/${DEMO.user.id}`).length;
    const error = await failure(aurora.users.retrieve(DEMO.user.id, { deadline: Date.now() + 500 }));
    expect(error).toBeInstanceOf(AuroraBusyError);
    expect((error as AuroraBusyError).until).toBeGreaterThan(Date.now() + 5_000);
    expect(requestsTo('GET', `/users/${DEMO.user.id}`)).toHaveLength(before);
  });

  it('an answer that would arrive after the deadline is cut at the deadline', async () => {
    sim.control.injectFault({ delayMs: 700, path: `/users/${DEMO.user.id}` });
    const error = await failure(clientFor(sim, { timeoutMs: 10_000 }).users.retrieve(DEMO.user.id, { deadline: Date.now() + 200 }));
    expect(error).toBeInstanceOf(AuroraDeadlineError);
    expect((error as AuroraDeadlineError).reason).toBe('answer');
  });
});

describe('concurrency', () => {
  it('never has more than maxConcurrency requests in flight', async () => {
    const aurora = clientFor(sim, { maxConcurrency: 2 });
    const project = await aurora.projects.create({ name: 'Concurrency', location: { property_address: ORDINARY_ADDRESS } });
    sim.control.setChaos({ latencyMs: 120 });
    await Promise.all(Array.from({ length: 6 }, () => aurora.projects.retrieve(project.id)));
    const arrivals = sim.state.requests.filter((request) => request.method === 'GET' && request.path.endsWith(project.id)).map((request) => request.at);
    expect(arrivals).toHaveLength(6);
    // The third request can only start once one of the first two answered (after the 120 ms latency).
    for (let i = 2; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 2]!).toBeGreaterThanOrEqual(100);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

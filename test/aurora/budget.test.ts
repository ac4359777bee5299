// One budget per key across invocations: a 429 one invocation meets is known to every other (the board in HubSpot), so
// none of them sends what Aurora would refuse; background work never waits on a busy Aurora, a rep's call waits when the
// budget frees within its deadline, and either way the words say Aurora is busy and when to try again.
import { DEMO, type AuroraSimulator } from '../../simulators/aurora';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../simulators/hubspot';
import { localBoard } from '../../src/core/aurora/budget';
import { AuroraBusyError, type AuroraError } from '../../src/core/aurora/errors';
import { readConfig } from '../../src/core/config';
import { createDeps } from '../../src/core/deps';
import { SETTINGS_RECORD_ID } from '../../src/core/settings/store';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { installPortal } from '../../src/core/useCases/install';
import { clientFor, startSim, takeUnhandled } from './support';

let sim: AuroraSimulator;
let hubspot: HubSpotSimulator;

beforeAll(async () => {
  [sim, hubspot] = await Promise.all([startSim(), startHubSpotSimulator({ seed: true })]);
  expect((await installPortal({ hubspot: createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url }) })).ready).toBe(true);
});
afterEach(() => {
  sim.control.clearFaults();
  expect(takeUnhandled(sim)).toEqual([]);
  expect(hubspot.server.unhandled.splice(0)).toEqual([]);
});
afterAll(() => Promise.all([sim.close(), hubspot.close()]));

const userReads = () => sim.server.log.filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/users/${DEMO.user.id}`)).length;

async function busyFailure(promise: Promise<unknown>): Promise<AuroraBusyError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as AuroraError,
  );
  expect(error).toBeInstanceOf(AuroraBusyError);
  return error as AuroraBusyError;
}

describe('a board shared by two clients (two invocations of one process)', () => {
  it('background work meets a 429, records it, and stops; the next background call sends nothing', async () => {
    const board = localBoard();
    sim.control.injectFault({ status: 429, retryAfterSeconds: 20, path: '/users/', times: 1 });
    const before = userReads();
    const first = await busyFailure(clientFor(sim, { board, priority: 'background' }).users.retrieve(DEMO.user.id));
    expect(userReads() - before).toBe(1);
    expect(await board.busyUntil()).toBe(first.until);

    const second = await busyFailure(clientFor(sim, { board, priority: 'background' }).users.retrieve(DEMO.user.id));
    expect(second.until).toBe(first.until);
    expect(userReads() - before).toBe(1);
  });

  it("a rep's call waits when the budget frees before its deadline, and answers busy at once when it does not", async () => {
    const board = localBoard();
    await board.noteBusy(Date.now() + 300);
    const before = userReads();
    await expect(clientFor(sim, { board }).users.retrieve(DEMO.user.id, { deadline: Date.now() + 5_000 })).resolves.toMatchObject({ id: DEMO.user.id });
    expect(userReads() - before).toBe(1);

    await board.noteBusy(Date.now() + 30_000);
    const busy = await busyFailure(clientFor(sim, { board }).users.retrieve(DEMO.user.id, { deadline: Date.now() + 5_000 }));
    expect(userReads() - before).toBe(1);
    const words = busy.toUserError();
    expect(words).toMatchObject({ code: 'aurora_rate_limited', retryable: true, retryAt: new Date(busy.until).toISOString() });
    expect(`${words.message} ${words.action}`).not.toMatch(/in the time available|admin|API key/);
  });
});

describe('the board in HubSpot (separate function invocations)', () => {
  const config = () =>
    readConfig({
      AURORA_API_KEY: DEMO.standardKey,
      AURORA_TENANT_ID: DEMO.tenantId,
      AURORA_BASE_URL: sim.url,
      HUBSPOT_ACCESS_TOKEN: hubspot.accessToken,
      HUBSPOT_BASE_URL: hubspot.url,
    });

  it('a 429 one invocation met is known to the next one, which sends nothing and says until when', async () => {
    sim.control.injectFault({ status: 429, retryAfterSeconds: 40, path: '/users/', times: 1 });
    const before = userReads();
    const webhook = createDeps(config(), {}, { priority: 'background' });
    const first = await busyFailure(webhook.aurora.users.retrieve(DEMO.user.id, { deadline: Date.now() + 5_000 }));
    const stored = hubspot.view.customRecords('aurora_design').find((record) => record.properties.aurora_design_id === SETTINGS_RECORD_ID);
    expect(Date.parse(stored?.properties.aurora_busy_until ?? '')).toBe(first.until);

    const card = createDeps(config());
    const second = await busyFailure(card.aurora.users.retrieve(DEMO.user.id, { deadline: Date.now() + 10_000 }));
    expect(second.until).toBe(first.until);
    expect(userReads() - before).toBe(1);
  });
});

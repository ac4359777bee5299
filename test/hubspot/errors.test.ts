// HubSpot failures through the real api-client: typed, user-safe errors; 429 and 5xx retried as HubSpot asks, within deadlines.
import { ALL_SCOPES } from '../../simulators/hubspot';
import {
  HubSpotAuthError,
  HubSpotDeadlineError,
  HubSpotError,
  HubSpotRateLimitError,
  HubSpotScopeError,
  HubSpotSetupError,
  HubSpotUnavailableError,
  HubSpotValidationError,
  toHubSpotError,
} from '../../src/core/hubspot/errors';
import { requestsSince, storeFor, useSimulator } from './support';

const sim = useSimulator();

async function failure(promise: Promise<unknown>): Promise<HubSpotError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubSpotError);
  return error as HubSpotError;
}

describe('HubSpot errors', () => {
  it('401: a rejected token says so, without ever showing the token', async () => {
    const store = storeFor(sim(), { accessToken: 'pat-na1-0000-wrong-token' });

    const error = await failure(store.getDeal(sim().demo!.deals.sandbox, ['dealname']));

    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect(error).toMatchObject({ status: 401, category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String) });
    expect(error.toUserError()).toMatchObject({ code: 'hubspot_auth', message: "HubSpot did not accept the app's access token.", retryable: false });
    expect(JSON.stringify(error.toUserError()) + error.message).not.toContain('wrong-token');
  });

  it('403: names the missing scope from HubSpot\'s answer', async () => {
    sim().control.setTokenScopes(sim().accessToken, ALL_SCOPES.filter((s) => s !== 'crm.objects.deals.read'));

    const error = await failure(storeFor(sim()).getDeal(sim().demo!.deals.sandbox, ['dealname']));

    expect(error).toBeInstanceOf(HubSpotScopeError);
    expect((error as HubSpotScopeError).scopes).toEqual(['crm.objects.deals.read']);
    expect(error.toUserError()).toEqual({
      code: 'hubspot_permission',
      message: "The app's HubSpot token lacks the crm.objects.deals.read scope.",
      action: 'Reinstall the app with the scopes in the README.',
      retryable: false,
    });
  });

  it('400: names the refused properties, from the simulator’s errors list and from HubSpot’s documented message-only answer', async () => {
    // A name outside the data model cannot be written literally (the compiler refuses it): it comes as data, as a mapping's would.
    const unknown: Record<string, string> = { no_such_property: '1' };
    const error = await failure(storeFor(sim()).updateDeal(sim().demo!.deals.sandbox, unknown));
    expect(error).toBeInstanceOf(HubSpotValidationError);
    expect((error as HubSpotValidationError).propertyNames).toEqual(['no_such_property']);

    // The body HubSpot's changelog shows for a property validation rule: the names only inside the message's list.
    const message = 'Property values were not valid: [{"isValid":false,"message":"Enter only letters","error":"INVALID_ALPHA","name":"firstname"},{"isValid":false,"message":"Enter only letters","error":"INVALID_ALPHA","name":"lastname"}]';
    const documented = toHubSpotError({ code: 400, body: { status: 'error', message, correlationId: 'c-1', category: 'VALIDATION_ERROR' }, headers: {} }, { operation: 'update deal 1' });
    expect(documented).toBeInstanceOf(HubSpotValidationError);
    expect((documented as HubSpotValidationError).propertyNames).toEqual(['firstname', 'lastname']);
  });

  it('tells the admin to run the installer when the Aurora Design object is missing', async () => {
    const error = await failure(storeFor(sim()).upsertDesigns([{ aurora_design_id: 'd-1' }]));

    expect(error).toBeInstanceOf(HubSpotSetupError);
    expect(error.toUserError()).toMatchObject({ code: 'not_configured', action: expect.stringContaining('Set up HubSpot') });
  });

  it('429 TEN_SECONDLY_ROLLING: waits and retries, so a burst over the limit still completes', async () => {
    sim().control.setRateLimit({ max: 3, windowMs: 300 });
    const store = storeFor(sim(), { retry: { rollingLimitDelayMs: 120, maxAttempts: 6 } });
    const from = sim().apiRequests().length;

    const deals = await Promise.all(Array.from({ length: 6 }, () => store.getDeal(sim().demo!.deals.sandbox, ['dealname'])));

    expect(deals).toHaveLength(6);
    const statuses = requestsSince(sim(), from).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses).toContain(429);
  });

  it('429 TEN_SECONDLY_ROLLING: waits for capacity until the caller\'s deadline, not for a number of attempts', async () => {
    sim().control.setRateLimit({ max: 1, windowMs: 2_500 });
    const store = storeFor(sim(), { retry: { rollingLimitDelayMs: 300, maxAttempts: 4 } });
    await store.getDeal(sim().demo!.deals.sandbox, ['dealname']);
    const from = sim().apiRequests().length;

    // The window frees 2.5 s after the first call: more than four waits of 150-450 ms each.
    const deal = await store.getDeal(sim().demo!.deals.sandbox, ['dealname'], { deadline: Date.now() + 8_000 });

    expect(deal.id).toBe(sim().demo!.deals.sandbox);
    expect(requestsSince(sim(), from).at(-1)?.status).toBe(200);
  });

  it('paces itself: after HubSpot said the app\'s window is spent, the next call waits first instead of being refused', async () => {
    sim().control.setRateLimit({ max: 2, windowMs: 600 });
    // A pause of 700 to 2,100 ms: longer than the window, so the call that follows it fits.
    const store = storeFor(sim(), { retry: { rollingLimitDelayMs: 1_400 } });
    await store.getDeal(sim().demo!.deals.sandbox, ['dealname']);
    await store.getDeal(sim().demo!.deals.sandbox, ['dealname']);
    const from = sim().apiRequests().length;

    await store.getDeal(sim().demo!.deals.sandbox, ['dealname'], { deadline: Date.now() + 8_000 });

    expect(requestsSince(sim(), from).map((r) => r.status)).toEqual([200]);
  });

  it('429: gives up at once when waiting would pass the caller\'s deadline', async () => {
    sim().control.setRateLimit({ max: 1, windowMs: 10_000 });
    const store = storeFor(sim(), { retry: { rollingLimitDelayMs: 1000 } });
    await store.getDeal(sim().demo!.deals.sandbox, ['dealname']);
    const from = sim().apiRequests().length;

    const error = await failure(store.getDeal(sim().demo!.deals.sandbox, ['dealname'], { deadline: Date.now() + 500 }));

    expect(requestsSince(sim(), from).map((r) => r.status)).toEqual([429]);
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING' });
    expect(error.toUserError()).toMatchObject({ code: 'hubspot_rate_limited', retryable: true });
  });

  it('429 DAILY is not retried: waiting a second will not help', async () => {
    sim().control.failNext({ status: 429, body: { status: 'error', message: 'You have reached your daily limit.', correlationId: 'c', category: 'RATE_LIMITS', policyName: 'DAILY' } });
    const from = sim().apiRequests().length;

    const error = await failure(storeFor(sim()).getDeal(sim().demo!.deals.sandbox, ['dealname']));

    expect(error).toMatchObject({ policyName: 'DAILY' });
    expect(error.toUserError()).toMatchObject({ retryable: false, message: "The portal has used up today's HubSpot API allowance." });
    expect(requestsSince(sim(), from)).toHaveLength(1);
  });

  it('5xx and dropped connections: reads are retried; a create is not (its answer may have been lost)', async () => {
    const store = storeFor(sim());
    sim().control.failNext({ status: 503, method: 'GET' });
    sim().control.failNext({ drop: true, method: 'GET' });

    await expect(store.getDeal(sim().demo!.deals.sandbox, ['dealname'])).resolves.toMatchObject({ id: sim().demo!.deals.sandbox });

    sim().control.failNext({ status: 502, method: 'POST', path: '/crm/v3/objects/notes' });
    const from = sim().apiRequests().length;
    const error = await failure(store.addNoteToDeal(sim().demo!.deals.sandbox, 'hello'));
    expect(error).toBeInstanceOf(HubSpotUnavailableError);
    expect(error.toUserError()).toMatchObject({ code: 'hubspot_unavailable', retryable: true });
    expect(requestsSince(sim(), from)).toHaveLength(1);
  });

  it('a slow HubSpot answer ends at the deadline with a typed error', async () => {
    sim().control.failNext({ delayMs: 400, method: 'GET', status: 200, body: {} });
    const from = sim().apiRequests().length;

    const error = await failure(storeFor(sim()).getDeal(sim().demo!.deals.sandbox, ['dealname'], { deadline: Date.now() + 100 }));

    // The store stopped waiting before HubSpot answered (the simulator logs a request once it has answered it).
    expect(requestsSince(sim(), from)).toEqual([]);
    expect(error).toBeInstanceOf(HubSpotDeadlineError);
    expect(error.toUserError()).toMatchObject({ code: 'deadline', retryable: true });
    // Let the slow answer land before another test reads the log.
    while (requestsSince(sim(), from).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  });
});

// Registering Aurora webhook subscriptions against the Aurora simulator: created once, unchanged on a re-run, a
// disabled one re-enabled, a stale template or secret updated, duplicates removed, failures reported per event.
import { createAuroraClient } from '../../src/core/aurora/client';
import { DEMO, startAuroraSimulator, type AuroraSimulator } from '../../simulators/aurora';
import { HANDLED_EVENTS } from '../../src/core/aurora/webhookDeliveries';
import { registerWebhooks } from '../../src/core/useCases/webhookRegistration';

const ENDPOINT = 'https://portal.example.com/hs/serverless/aurora/webhook';
const TOKEN = 'tok-0123456789abcdef';

let sim: AuroraSimulator;
const aurora = () => createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: sim.url });
const subscriptions = () => [...sim.state.webhooks.values()].filter((w) => w.tenantId === DEMO.tenantId).map((w) => w.wire);
const apiWrites = () => sim.server.log.filter((entry) => entry.path.startsWith('/tenants/') && entry.method !== 'GET').length;

beforeAll(async () => {
  sim = await startAuroraSimulator({ seed: true, designRequestDelayMs: null });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());
afterEach(() => expect(sim.server.unhandled.splice(0)).toEqual([]));

describe('registerWebhooks', () => {
  it('subscribes every handled event with the URL template and the auth header', async () => {
    const result = await registerWebhooks({ aurora: aurora() }, { endpointUrl: ENDPOINT, token: TOKEN });
    expect(result.map((r) => r.outcome)).toEqual(HANDLED_EVENTS.map(() => 'created'));
    const held = subscriptions();
    expect(held.map((w) => w.event).sort()).toEqual([...HANDLED_EVENTS].sort());
    for (const webhook of held) {
      expect(webhook).toMatchObject({ enabled: true, header_auth_key: 'X-Aurora-Webhook-Token', header_auth_value: TOKEN });
      expect(webhook.url_template.startsWith(`${ENDPOINT}?t=${TOKEN}&evt=${webhook.event}&`)).toBe(true);
    }
  });

  it('changes nothing on a second run', async () => {
    await registerWebhooks({ aurora: aurora() }, { endpointUrl: ENDPOINT, token: TOKEN });
    const before = JSON.stringify(subscriptions());
    const writes = apiWrites();
    const again = await registerWebhooks({ aurora: aurora() }, { endpointUrl: ENDPOINT, token: TOKEN });
    expect(again.map((r) => r.outcome)).toEqual(HANDLED_EVENTS.map(() => 'unchanged'));
    expect(apiWrites()).toBe(writes);
    expect(JSON.stringify(subscriptions())).toBe(before);
  });

  it('re-enables a disabled subscription, updates a stale secret, removes a duplicate, and leaves other endpoints alone', async () => {
    const client = aurora();
    await registerWebhooks({ aurora: client }, { endpointUrl: ENDPOINT, token: TOKEN });
    const byEvent = (event: string) => subscriptions().filter((w) => w.event === event);
    await client.webhooks.update(byEvent('asset_created')[0]!.id, { enabled: false });
    await client.webhooks.create({ event: 'design_created', url_template: `${ENDPOINT}?t=old&evt=design_created` });
    const foreign = await client.webhooks.create({ event: 'project_status_changed', url_template: 'https://elsewhere.example.com/hook?p=<PROJECT_ID>' });

    const result = await registerWebhooks({ aurora: client }, { endpointUrl: ENDPOINT, token: 'rotated-token' });
    const outcome = (event: string) => result.find((r) => r.event === event)?.outcome;
    expect(outcome('asset_created')).toBe('updated');
    expect(outcome('design_created')).toBe('updated');
    expect(byEvent('design_created')).toHaveLength(1);
    for (const webhook of subscriptions().filter((w) => w.id !== foreign.id)) {
      expect(webhook).toMatchObject({ enabled: true, header_auth_value: 'rotated-token' });
      expect(webhook.url_template).toContain('t=rotated-token&');
    }
    expect(sim.state.webhooks.get(foreign.id)?.wire.url_template).toBe('https://elsewhere.example.com/hook?p=<PROJECT_ID>');

    await client.webhooks.update(byEvent('milestone_created')[0]!.id, { enabled: false });
    const repaired = await registerWebhooks({ aurora: client }, { endpointUrl: ENDPOINT, token: 'rotated-token' });
    expect(repaired.find((r) => r.event === 'milestone_created')).toEqual({ event: 'milestone_created', outcome: 'enabled', message: 'Re-enabled the subscription.' });
    expect(repaired.filter((r) => r.event !== 'milestone_created').every((r) => r.outcome === 'unchanged')).toBe(true);
  });

  it('reports a refused event and registers the others', async () => {
    const client = aurora();
    // Aurora allows 5 subscriptions per event; a tenant already using them all for another tool leaves no room.
    for (let i = 0; i < 5; i++) await client.webhooks.create({ event: 'asset_created', url_template: `https://other${i}.example.com/hook` });
    const result = await registerWebhooks({ aurora: client }, { endpointUrl: ENDPOINT, token: TOKEN });
    expect(result.find((r) => r.event === 'asset_created')).toMatchObject({ outcome: 'failed', message: expect.stringContaining('At most 5 subscriptions per event') });
    expect(result.filter((r) => r.outcome === 'created')).toHaveLength(HANDLED_EVENTS.length - 1);
  });

  it('reports an event Aurora refuses as refused, tries the other spelling of a renamed one, and registers the rest', async () => {
    const picky = await startAuroraSimulator({ seed: true, designRequestDelayMs: null, deviations: { refuseEvents: ['design_created', 'milestone_created', 'design_request_completed'] } });
    try {
      const client = createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: picky.url });
      const result = await registerWebhooks({ aurora: client }, { endpointUrl: ENDPOINT, token: TOKEN });
      const byEvent = new Map(result.map((registration) => [registration.event, registration]));

      for (const event of ['design_created', 'milestone_created']) {
        expect(byEvent.get(event)).toMatchObject({ outcome: 'refused', message: expect.stringContaining('next Sync') });
      }
      expect(byEvent.get('design_request_completed')).toMatchObject({ outcome: 'created', subscribedAs: 'design_request_completion' });
      expect(result.filter((registration) => registration.outcome === 'created')).toHaveLength(HANDLED_EVENTS.length - 2);
      const held = [...picky.state.webhooks.values()].map((webhook) => webhook.wire);
      expect(held.map((webhook) => webhook.event)).not.toContain('design_created');
      // The template keeps the app's own event name, so the receiver routes the delivery whatever Aurora calls it.
      expect(held.find((webhook) => webhook.event === 'design_request_completion')?.url_template).toContain('evt=design_request_completed&');

      // Registering again finds the renamed subscription as ours and changes nothing.
      const again = await registerWebhooks({ aurora: client }, { endpointUrl: ENDPOINT, token: TOKEN });
      expect(again.find((registration) => registration.event === 'design_request_completed')).toMatchObject({ outcome: 'unchanged' });
      expect(picky.server.unhandled).toEqual([]);
    } finally {
      await picky.close();
    }
  });

  it('fails as a whole when the key may not list subscriptions', async () => {
    const tenant = sim.control.createTenant({ keys: [{ kind: 'restricted', deny: ['listWebhooks'] }] });
    const restricted = createAuroraClient({ apiKey: tenant.keys[0]!.key, tenantId: tenant.tenant.id, baseUrl: sim.url });
    await expect(registerWebhooks({ aurora: restricted }, { endpointUrl: ENDPOINT, token: TOKEN })).rejects.toMatchObject({ status: 403 });
  });
});

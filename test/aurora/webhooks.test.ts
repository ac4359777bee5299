// Webhook subscriptions created through the real client make the simulator deliver GETs to a local receiver: the
// template filled, the auth header sent, failures retried, duplicates and reordering when asked for.
import type { AuroraClient } from '../../src/core/aurora/client';
import { type AuroraSimulator } from '../../simulators/aurora';
import { clientFor, INSTANT_ADDRESS, ORDINARY_ADDRESS, startReceiver, startSim, takeUnhandled } from './support';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

async function withSim(options: Parameters<typeof startSim>[0], run: (sim: AuroraSimulator, aurora: AuroraClient) => Promise<void>) {
  const sim = await startSim({ webhooks: { retryDelaysMs: [20, 20, 20] }, ...options });
  try {
    await run(sim, clientFor(sim));
    expect(takeUnhandled(sim)).toEqual([]);
  } finally {
    await sim.close();
  }
}

describe('webhook delivery', () => {
  it('delivers a GET with the filled template and the subscription’s auth header', async () => {
    await withSim({}, async (sim, aurora) => {
      await aurora.webhooks.create({
        description: 'Design request completed',
        event: 'design_request_completed',
        url_template: `${receiver.url}/aurora?evt=design_request_completed&design_request_id=<DESIGN_REQUEST_ID_IN_AURORA>&status=<STATUS>`,
        enabled: true,
        header_auth_key: 'X-Aurora-Webhook-Token',
        header_auth_value: 'hook-secret-1',
      });
      const project = await aurora.projects.create({ name: 'Hooked', location: { property_address: INSTANT_ADDRESS } });
      const request = await aurora.designRequests.create({ project_id: project.id });
      const deliveries = await sim.control.webhooksIdle();

      expect(receiver.received).toEqual([
        expect.objectContaining({
          method: 'GET',
          url: `/aurora?evt=design_request_completed&design_request_id=${request.id}&status=designer_completed`,
          headers: expect.objectContaining({ 'x-aurora-webhook-token': 'hook-secret-1' }),
        }),
      ]);
      expect(deliveries).toEqual([expect.objectContaining({ event: 'design_request_completed', outcome: 'delivered', attempts: 1, statuses: [200] })]);
    });
  });

  it('retries a delivery the receiver failed (a placeholder the event does not fill stays literal), and sends nothing for a disabled subscription', async () => {
    await withSim({}, async (sim, aurora) => {
      receiver.fail('/flaky', 2);
      await aurora.webhooks.create({ event: 'agreement_status_changed', url_template: `${receiver.url}/flaky?agreement_id=<AGREEMENT_ID>&status=<STATUS>&financing=<FINANCING_ID>` });
      const off = await aurora.webhooks.create({ event: 'project_created', url_template: `${receiver.url}/created?project_id=<PROJECT_ID>` });
      await aurora.webhooks.update(off.id, { enabled: false });
      const project = await aurora.projects.create({ name: 'Agreement', location: { property_address: ORDINARY_ADDRESS } });
      const agreement = sim.control.createAgreement({ projectId: project.id });
      const deliveries = await sim.control.webhooksIdle();

      expect(deliveries).toEqual([expect.objectContaining({ outcome: 'delivered', attempts: 3, statuses: [500, 500, 200] })]);
      expect(receiver.received.map((request) => request.url)).toEqual(Array(3).fill(`/flaky?agreement_id=${agreement.id}&status=sent&financing=%3CFINANCING_ID%3E`));
    });
  });

  it('gives up after the last retry', async () => {
    await withSim({}, async (sim, aurora) => {
      receiver.fail('/down', 10);
      await aurora.webhooks.create({ event: 'project_created', url_template: `${receiver.url}/down?project_id=<PROJECT_ID>&source=<SOURCE>` });
      await aurora.projects.create({ name: 'Nobody home', location: { property_address: ORDINARY_ADDRESS } });
      expect(await sim.control.webhooksIdle()).toEqual([expect.objectContaining({ outcome: 'failed', attempts: 4, statuses: [500, 500, 500, 500] })]);
    });
  });

  it('can duplicate deliveries, as Aurora warns it may', async () => {
    await withSim({ webhooks: { duplicateRatio: 1 } }, async (sim, aurora) => {
      await aurora.webhooks.create({ event: 'project_created', url_template: `${receiver.url}/created?project_id=<PROJECT_ID>&source=<SOURCE>` });
      const project = await aurora.projects.create({ name: 'Twice', location: { property_address: ORDINARY_ADDRESS } });
      await sim.control.webhooksIdle();
      expect(receiver.received.map((request) => request.url)).toEqual(Array(2).fill(`/created?project_id=${project.id}&source=api`));
    });
  });

  it('can deliver out of order (viewed before sent)', async () => {
    // random() is read once for the duplicate check and once for the delay of each delivery: sent waits 270 ms, viewed 30 ms.
    const draws = [0.5, 0.9, 0.5, 0.1];
    await withSim({ webhooks: { reorderWindowMs: 300, random: () => draws.shift() ?? 0 } }, async (sim, aurora) => {
      await aurora.webhooks.create({ event: 'agreement_status_changed', url_template: `${receiver.url}/agreement?status=<STATUS>` });
      const project = await aurora.projects.create({ name: 'Reordered', location: { property_address: ORDINARY_ADDRESS } });
      const agreement = sim.control.createAgreement({ projectId: project.id });
      sim.control.moveAgreement(agreement.id, 'viewed');
      await sim.control.webhooksIdle();
      expect(receiver.received.map((request) => request.url)).toEqual(['/agreement?status=viewed', '/agreement?status=sent']);
    });
  });
});

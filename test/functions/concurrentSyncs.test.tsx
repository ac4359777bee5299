// Two syncs of one deal at once (two reps, or a rep and a webhook): whichever finishes last writes the deal's sync status,
// as HubSpot has no conditional writes. What the card says must come from the facts (the pending marks on the deal and on
// each design's record), not from that last writer: through the real functions, the simulators and the real card.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, StatusTag } from '@hubspot/ui-extensions';
import { DealCard } from '../../src/app/cards/components/DealCard';
import { holdRequests, type SimRequest } from '../../simulators/shared/httpServer';
import { readConfig } from '../../src/core/config';
import { loadDeps } from '../../src/core/deps';
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { urlTemplateFor } from '../../src/core/aurora/webhookDeliveries';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { textOf } from '../card/support';
import { unmountable } from '../card/render';
import { realFunctions } from '../settings/realFunctions';
import { card, dealDesigns, dealProps, linkedDeal, simulatedDesign, useWorld } from './support';

const world = useWorld();
const TOKEN = 'concurrent-syncs-token';

async function linkedDealWithTwoDesigns() {
  const { dealId, projectId } = await linkedDeal(world());
  const designs = [simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 6 }), simulatedDesign(world(), projectId, { name: 'East-west', sizeKw: 8 })];
  expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok' } });
  return { dealId, projectId, designs };
}

async function overviewOf(dealId: string) {
  const result = await dealOverview(card({ dealId }));
  if (!result.ok) throw new Error(`overview failed: ${result.error.message}`);
  return result.overview;
}

/** The pending marks HubSpot holds for the deal: its own list and each design record's. */
const marksOf = (dealId: string) => [dealProps(world(), dealId).aurora_sync_pending ?? '', ...dealDesigns(world(), dealId).map((r) => r.properties.aurora_sync_pending ?? '')].filter(Boolean);

/** The card as a rep sees it: the sync status tag and any alert, once the overview has loaded. */
async function cardSays(dealId: string) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(unmountable(<DealCard dealId={dealId} call={realFunctions().call} actions={renderer.mocks.actions} now={() => new Date()} />));
  await renderer.waitFor(() => renderer.find(StatusTag, (node) => /synced|Sync failed/i.test(textOf(node))), { timeoutInMs: 20_000 });
  const tag = textOf(renderer.find(StatusTag, (node) => /synced|Sync failed/i.test(textOf(node))));
  return { tag, alerts: renderer.findAll(Alert).map((alert) => `${String(alert.props.title)}: ${textOf(alert)}`) };
}

/** Holds the deal's next write (PATCH) until `release()`; `arrived` resolves once it reached HubSpot. */
const holdDealWrite = (dealId: string) =>
  holdRequests(world().hubspot.server, (req: SimRequest) => req.method === 'PATCH' && req.path.endsWith(`/objects/deals/${dealId}`));

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

it('a complete sync that another rep\'s incomplete sync finished before: the card says synced, because nothing is pending', async () => {
  const { dealId, designs } = await linkedDealWithTwoDesigns();
  const [south] = designs;
  // Rep 1's Refresh everything: Aurora fails the South roof's summary; its deal write (partial) hangs in HubSpot.
  world().aurora.control.injectFault({ path: `/designs/${south!.id}/summary`, status: 500, times: 50 });
  const held = holdDealWrite(dealId);
  const first = syncDeal(card({ dealId, refresh: true }));
  await held.arrived;
  await until(() => dealDesigns(world(), dealId).some((r) => r.properties.aurora_sync_pending === `design:${south!.id}`));
  world().aurora.control.clearFaults();

  // Rep 2's Refresh everything reads every design whole and finishes the South roof: nothing is left.
  expect(await syncDeal(card({ dealId, refresh: true }))).toMatchObject({ ok: true, sync: { status: 'ok' } });
  held.release();
  expect(await first).toMatchObject({ ok: true, sync: { status: 'partial' } });

  // The facts: no mark anywhere. The deal's status is rep 1's, the last writer's.
  expect(marksOf(dealId)).toEqual([]);
  expect(dealProps(world(), dealId).aurora_sync_status).toBe('partial');
  expect((await overviewOf(dealId)).sync).toMatchObject({ status: 'ok', lastError: null, pending: [] });
  const seen = await cardSays(dealId);
  expect(seen.tag).toBe('Synced');
  expect(seen.alerts).toEqual([]);
});

it('an incomplete sync that a webhook\'s sync of another design finished after: the card still says what is left', async () => {
  const { dealId, projectId, designs } = await linkedDealWithTwoDesigns();
  const [south] = designs;
  world().aurora.control.injectFault({ path: `/designs/${south!.id}/summary`, status: 500, times: 50 });
  expect(await syncDeal(card({ dealId, refresh: true }))).toMatchObject({ ok: true, sync: { status: 'partial' } });
  world().aurora.control.clearFaults();

  // A designer adds a design meanwhile; its delivery syncs that design alone, complete, and writes its status last.
  const added = simulatedDesign(world(), projectId, { name: 'Garage', sizeKw: 4 });
  const url = new URL(urlTemplateFor('https://hooks.example.com/aurora', TOKEN, 'design_created').replace(/<([A-Z_]+)>/g, (_m, name: string) => ({ PROJECT_ID: projectId, DESIGN_ID: added.id })[name] ?? ''));
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  const answered = await handleAuroraWebhook({ webhookToken: TOKEN, services: () => loadDeps(readConfig()) }, { method: 'GET', query, headers: {} });
  expect(answered.body).toMatchObject({ ok: true, outcome: 'applied' });

  // The facts: the South roof is still not synced. The deal's status is the webhook sync's, the last writer's.
  expect(marksOf(dealId)).toEqual([`design:${south!.id}`]);
  expect(dealProps(world(), dealId).aurora_sync_status).toBe('ok');
  expect((await overviewOf(dealId)).sync).toMatchObject({ status: 'partial', pending: [`design:${south!.id}`] });
  const seen = await cardSays(dealId);
  expect(seen.tag).toBe('Partly synced');
  expect(seen.alerts.join(' ')).toMatch(/1 design/);
});

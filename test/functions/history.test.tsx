// The per-deal history, through a whole lifecycle on the real functions and webhook handler, then read on the real card:
// created, synced with what changed, a webhook applied, the hand-off, a failure and its retry, newest first.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Accordion, Text } from '@hubspot/ui-extensions';
import { DealCard } from '../../src/app/cards/components/DealCard';
import { readConfig } from '../../src/core/config';
import { loadDeps } from '../../src/core/deps';
import type { CardContext } from '../../src/core/functions/edge';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { HISTORY_LIMIT, ignoredDeliveryWrite, readHistory, withEntry } from '../../src/core/mapping/history';
import { urlTemplateFor } from '../../src/core/aurora/webhookDeliveries';
import { handleAuroraWebhook, type WebhookRequest } from '../../src/core/webhooks/receiver';
import { textOf } from '../card/support';
import { unmountable } from '../card/render';
import { realFunctions } from '../settings/realFunctions';
import { dealProps, linkedDeal, simulatedDesign, useWorld } from './support';

const world = useWorld();
const TOKEN = 'history-test-token';
const REP = 'rep@example.com';

/** A card call as HubSpot makes it, with the user HubSpot names in the function's context. */
const pressed = (parameters: unknown): CardContext => ({ parameters, user: { email: REP } }) as CardContext;

function delivery(event: Parameters<typeof urlTemplateFor>[2], values: Record<string, string>): WebhookRequest {
  const url = new URL(urlTemplateFor('https://hooks.example.com/aurora', TOKEN, event).replace(/<([A-Z_]+)>/g, (_m, name: string) => values[name] ?? ''));
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return { method: 'GET', query, headers: {} };
}

const webhook = (request: WebhookRequest) => handleAuroraWebhook({ webhookToken: TOKEN, services: () => loadDeps(readConfig()) }, request);

describe('per-deal history', () => {
  it('shows a full lifecycle in order, newest first, on the card', async () => {
    const { dealId, projectId } = await linkedDeal(world(), world().hubspot.demo!.deals.sandbox, pressed);

    simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 8 });
    expect(await syncDeal(pressed({ dealId }))).toMatchObject({ ok: true });
    // A sync with nothing new adds nothing to the history.
    expect(await syncDeal(pressed({ dealId }))).toMatchObject({ ok: true, sync: { changedDesigns: 0 } });

    const second = simulatedDesign(world(), projectId, { name: 'East-west', sizeKw: 10 });
    expect((await webhook(delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: second.id }))).statusCode).toBe(200);

    const agreement = world().aurora.control.createAgreement({ projectId, designId: second.id });
    world().aurora.control.moveAgreement(agreement.id, 'signed');
    expect((await webhook(delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreement.id, STATUS: 'signed' }))).statusCode).toBe(200);

    // Aurora fails the next read: the sync fails and says so; the retry works.
    world().aurora.control.injectFault({ path: `/projects/${projectId}`, method: 'GET', status: 500, times: 1000 });
    expect(await syncDeal(pressed({ dealId }))).toMatchObject({ ok: false });
    world().aurora.control.clearFaults();
    world().aurora.control.recordMilestone(second.id, 'installed');
    expect(await syncDeal(pressed({ dealId }))).toMatchObject({ ok: true });

    const history = readHistory(dealProps(world(), dealId).aurora_history);
    expect(history.map((entry) => entry.what.replace(/:.*$/, ''))).toEqual([
      'Sync on the card',
      'Sync on the card failed',
      // The signature is written with the hand-off, in its one entry (the signed delivery reads no more than the agreement).
      'Contract signed in Aurora',
      'Aurora webhook (design changed)',
      'Sync on the card',
      `Created the Aurora project ${projectId} ("Jane Homeowner – 901 Mears Ct solar", 901 Mears Ct, Stanford, CA 94305, USA).`,
    ]);
    expect(history[1]!.what).toMatch(/^Sync on the card failed: Aurora/);
    expect(history[2]!.what).toBe('Contract signed in Aurora: handed off, moved the deal to Closed Won.');
    expect(history[4]!.what).toMatch(/^Sync on the card: 1 design updated; deal: .*System size \(kW\)/);
    // Who pressed the button, where HubSpot said; webhooks have no one to name.
    expect(history.map((entry) => entry.by ?? null)).toEqual([REP, REP, null, null, REP, REP]);
    const times = history.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // The card shows the same, newest first, from the data it loads anyway.
    const renderer = createRenderer('crm.record.tab');
    const { call, calls } = realFunctions();
    renderer.render(unmountable(<DealCard dealId={dealId} call={call} actions={renderer.mocks.actions} now={() => new Date()} />));
    await renderer.waitFor(() => renderer.find(Accordion, (node) => String(node.props.title).startsWith('History')), { timeoutInMs: 20_000 });
    const section = renderer.find(Accordion, (node) => String(node.props.title).startsWith('History'));
    expect(section.props.title).toBe('History (6)');
    const lines = section.findAll(Text).map((node) => textOf(node));
    expect(lines.filter((_, index) => index % 2 === 0)).toEqual(history.map((entry) => entry.what));
    expect(lines[1]).toBe(`just now · ${REP}`);
    expect(calls).toEqual(['aurora_deal_overview']);
  });

  it('shows an applied and an ignored webhook delivery, newest first; repeats of the ignored one cost no HubSpot write', async () => {
    const { dealId, projectId } = await linkedDeal(world(), world().hubspot.demo!.deals.sandbox, pressed);
    const design = simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 8 });
    const designCreated = delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: design.id });

    expect((await webhook(designCreated)).body).toMatchObject({ outcome: 'applied' });
    // Aurora delivers the same event again: nothing changes, and the history says it was ignored and why.
    expect((await webhook(designCreated)).body).toMatchObject({ outcome: 'unchanged', message: 'HubSpot already has this design.' });
    const recorded = dealProps(world(), dealId).aurora_history;
    // More repeats: not listed again, and not one HubSpot write for them.
    const before = world().hubspot.apiRequests().length;
    for (let i = 0; i < 3; i++) expect((await webhook(designCreated)).body).toMatchObject({ outcome: 'unchanged' });
    expect(world().hubspot.apiRequests().slice(before).filter((request) => !['GET'].includes(request.method) && !request.path.endsWith('/batch/read'))).toEqual([]);
    expect(dealProps(world(), dealId).aurora_history).toBe(recorded);

    const history = readHistory(recorded);
    expect(history.map((entry) => entry.what.replace(/: .*$/, ''))).toEqual(['Aurora webhook (design created) ignored', 'Aurora webhook (design changed)', expect.stringMatching(/^Created the Aurora project/)]);
    expect(history[0]!.what).toBe('Aurora webhook (design created) ignored: HubSpot already has this design.');
    const times = history.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const renderer = createRenderer('crm.record.tab');
    const { call } = realFunctions();
    renderer.render(unmountable(<DealCard dealId={dealId} call={call} actions={renderer.mocks.actions} now={() => new Date()} />));
    await renderer.waitFor(() => renderer.find(Accordion, (node) => String(node.props.title).startsWith('History')), { timeoutInMs: 20_000 });
    const section = renderer.find(Accordion, (node) => String(node.props.title).startsWith('History'));
    expect(section.props.title).toBe('History (3)');
    const lines = section.findAll(Text).map((node) => textOf(node));
    expect(lines.filter((_, index) => index % 2 === 0)).toEqual(history.map((entry) => entry.what));

    // Once the app does something else to the deal, the next ignored delivery of that event is listed again.
    simulatedDesign(world(), projectId, { name: 'East-west', sizeKw: 10 });
    expect(await syncDeal(pressed({ dealId }))).toMatchObject({ ok: true });
    expect((await webhook(designCreated)).body).toMatchObject({ outcome: 'unchanged' });
    expect(readHistory(dealProps(world(), dealId).aurora_history).map((entry) => entry.what.replace(/: .*$/, '')).slice(0, 3)).toEqual([
      'Aurora webhook (design created) ignored',
      'Sync on the card',
      'Aurora webhook (design created) ignored',
    ]);
  });

  it('lists an ignored delivery once per event until the app does something else to the deal', () => {
    const at = (minute: number) => Date.UTC(2026, 0, 1, 0, minute);
    const ignore = (text: string | null | undefined, minute: number, event: string) => ignoredDeliveryWrite(text, at(minute), event, 'nothing new.').aurora_history;
    const done = withEntry(null, { at: new Date(at(0)).toISOString(), what: 'Sync on the card: 1 design updated.' });
    const first = ignore(done, 1, 'design_created');
    expect(readHistory(first)[0]).toMatchObject({ what: 'Aurora webhook (design created) ignored: nothing new.', ignored: 'design_created' });
    expect(ignore(first, 2, 'design_created')).toBeUndefined();
    const other = ignore(first, 3, 'asset_created');
    expect(readHistory(other).map((entry) => entry.ignored ?? 'done')).toEqual(['asset_created', 'design_created', 'done']);
    // Still the same run of repeats: design_created stays listed once.
    expect(ignore(other, 4, 'design_created')).toBeUndefined();
    const later = withEntry(other, { at: new Date(at(5)).toISOString(), what: 'Sync on the card: 1 design updated.' });
    expect(readHistory(ignore(later, 6, 'design_created'))[0]!.ignored).toBe('design_created');
    // A deal read without its history is never written over.
    expect(ignoredDeliveryWrite(undefined, at(7), 'design_created', 'nothing new.')).toEqual({});
  });

  it('stays bounded: the newest entries are kept', () => {
    let text: string | null = null;
    for (let i = 0; i < HISTORY_LIMIT + 12; i++) text = withEntry(text, { at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), what: `entry ${i}` });
    const kept = readHistory(text);
    expect(kept).toHaveLength(HISTORY_LIMIT);
    expect(kept[0]!.what).toBe(`entry ${HISTORY_LIMIT + 11}`);
    expect(readHistory('not json')).toEqual([]);
  });
});

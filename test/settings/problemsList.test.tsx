// The settings page's "Recent sync problems" on the REAL functions against both simulators: every deal with unfinished
// work is listed, whoever left it (a sync's status, or a put-off delivery's marks on the deal or on a design's own
// record), with what waits and what happens next in plain words; a deal whose leftovers another call finished is not.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Table, TableBody, TableCell, TableRow } from '@hubspot/ui-extensions';
import { SettingsPage } from '../../src/app/settings/components/SettingsPage';
import { readConfig } from '../../src/core/config';
import { loadDeps } from '../../src/core/deps';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { urlTemplateFor } from '../../src/core/aurora/webhookDeliveries';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { card, dealProps, linkedDeal, simulatedDesign, useWorld } from '../functions/support';
import { NOW, textOf } from '../card/support';
import { realFunctions } from './realFunctions';

const world = useWorld();
const TOKEN = 'problems-list-token';

async function designCreated(projectId: string, designId: string) {
  const url = new URL(urlTemplateFor('https://hooks.example.com/aurora', TOKEN, 'design_created').replace(/<([A-Z_]+)>/g, (_m, name: string) => ({ PROJECT_ID: projectId, DESIGN_ID: designId })[name] ?? ''));
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return handleAuroraWebhook({ webhookToken: TOKEN, services: () => loadDeps(readConfig()) }, { method: 'GET', query, headers: {} });
}

/** The problems table as the admin sees it: each row's cells as text (none when the page says there are none). */
async function problemRows(): Promise<string[][]> {
  const renderer = createRenderer('settings');
  renderer.render(<SettingsPage call={realFunctions().call} actions={renderer.mocks.actions} now={() => NOW} />);
  await renderer.waitFor(() => expect(textOf(renderer.getRootNode())).toMatch(/Recent sync problems/), { timeoutInMs: 20_000 });
  const table = renderer.maybeFind(Table, (node) => node.props.testId === 'sync-problems');
  return table ? table.find(TableBody).findAll(TableRow).map((row) => row.findAll(TableCell).map((cell) => textOf(cell))) : [];
}

it("lists a deal whose only unfinished work a put-off delivery marked on a design's record, whatever the deal's status says: what waits, and what happens next", async () => {
  const { dealId, projectId } = await linkedDeal(world());
  simulatedDesign(world(), projectId, { name: 'South roof', sizeKw: 6 });
  expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok' } });

  // A designer adds a design; Aurora fails its summary, so its delivery is put off and marks the design's own record.
  const added = simulatedDesign(world(), projectId, { name: 'Garage', sizeKw: 4 });
  world().aurora.control.injectFault({ path: `/designs/${added.id}/summary`, status: 500, times: 50 });
  expect(await designCreated(projectId, added.id)).toMatchObject({ statusCode: 503, body: { outcome: 'deferred' } });
  world().aurora.control.clearFaults();
  // Another design's delivery then syncs that design, complete, and writes the deal's status last.
  const carport = simulatedDesign(world(), projectId, { name: 'Carport', sizeKw: 3 });
  expect(await designCreated(projectId, carport.id)).toMatchObject({ statusCode: 200, body: { outcome: 'applied' } });
  // The deal itself says nothing is wrong: its status is the last writer's, its own list is empty.
  expect(dealProps(world(), dealId)).toMatchObject({ aurora_sync_status: 'ok' });
  expect(dealProps(world(), dealId).aurora_sync_pending ?? '').toBe('');
  const marked = world().hubspot.view.customRecords('aurora_design').filter((record) => record.properties.aurora_sync_pending);
  expect(marked.map((record) => [record.properties.aurora_deal_id, record.properties.aurora_sync_pending])).toEqual([[dealId, `design:${added.id}`]]);

  const rows = await problemRows();
  expect(rows).toHaveLength(1);
  expect(rows[0]![0]).toContain(`Deal id ${dealId}`);
  expect(rows[0]![2]).toMatch(/^Not in HubSpot yet: 1 design\./);
  expect(rows[0]![2]).toMatch(/Aurora delivers .* again/);
  expect(rows[0]![2]).toMatch(/next Sync/);
});

it('lists what is unfinished now: a failed sync, a deal-level mark, words no mark records; not a partial status whose work is done', async () => {
  const deal = (name: string, properties: Record<string, string>) =>
    world().hubspot.control.createRecord('deals', { dealname: name, pipeline: 'default', dealstage: 'contractsent', aurora_project_id: `p-${name}`, aurora_last_synced_at: new Date().toISOString(), ...properties });
  const failed = deal('Failed', { aurora_sync_status: 'error', aurora_last_error: 'Aurora did not answer in time.' });
  const agreement = deal('Agreement left', { aurora_sync_status: 'ok', aurora_sync_pending: 'agreement:p-Agreement left' });
  const lacking = deal('Key lacks pricing', { aurora_sync_status: 'partial', aurora_last_error: 'Pricing (the Aurora API key is not allowed to read pricing; an Aurora admin can grant it to the key)' });
  // The last writer left "partial", but another call has finished the work since: nothing is marked anywhere.
  deal('Finished since', { aurora_sync_status: 'partial', aurora_last_error: '' });
  deal('Fine', { aurora_sync_status: 'ok' });

  const rows = await problemRows();
  const byDeal = new Map(rows.map((row) => [row[0]!.replace(/^.*Deal id (\d+).*$/s, '$1'), row[2]!]));
  expect([...byDeal.keys()].sort()).toEqual([failed, agreement, lacking].sort());
  expect(byDeal.get(failed)).toBe('Aurora did not answer in time.');
  expect(byDeal.get(agreement)).toMatch(/^Not in HubSpot yet: 1 agreement\./);
  expect(byDeal.get(lacking)).toMatch(/^Pricing \(the Aurora API key is not allowed to read pricing/);
});

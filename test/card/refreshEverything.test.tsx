// "Refresh everything" on the card, through the real functions against both simulators: inside the freshness window a
// plain Sync reads Aurora's design and agreement lists only, and Refresh everything reads every design whole, as
// Aurora's own request log counts them.
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { card, linkedDeal, simulatedDesign, useWorld } from '../functions/support';
import { renderCard } from './render';
import type { fakeDeal } from './support';

const world = useWorld();

/** Syncs the app's function finished for the card. */
let synced = 0;

/** The card's calls answered by the app's functions, as HubSpot's serverless host would. */
const realFunctions = () =>
  ({
    handlers: {
      aurora_deal_overview: (params: unknown) => dealOverview(card(params)),
      aurora_sync_deal: async (params: unknown) => {
        const result = await syncDeal(card(params));
        synced++;
        return result;
      },
    },
  }) as unknown as ReturnType<typeof fakeDeal>;

it('Sync inside the freshness window reads two lists; Refresh everything reads every design whole', async () => {
  const { dealId, projectId } = await linkedDeal(world());
  for (const name of ['South', 'East', 'West']) simulatedDesign(world(), projectId, { name, sizeKw: 7 });
  expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok', designs: 3 } });

  const view = renderCard(realFunctions(), undefined, { dealId, now: () => new Date() });
  await view.waitFor(() => view.button('Refresh everything'));
  const requests = () => world().aurora.state.requests.length;
  const finished = (label: string, count: number) =>
    view.waitFor(() => {
      expect(synced).toBe(count);
      expect(view.loadingButton(label).props).toMatchObject({ loading: false, resultIconName: 'success' });
    });

  let before = requests();
  view.button('Sync').trigger('onClick');
  await finished('Sync', 1);
  expect(requests() - before).toBe(2);

  before = requests();
  view.button('Refresh everything').trigger('onClick');
  await finished('Refresh everything', 2);
  // The project, both lists, the owner, and five to six reads per design (summary, pricing, financings, proposal, assets).
  expect(requests() - before).toBeGreaterThanOrEqual(4 + 3 * 5);
  expect(view.host.unhandled).toEqual([]);
});

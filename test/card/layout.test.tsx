// The Deal card's buttons look like HubSpot's: in every state, each sits in a row of buttons, never stretched full width.
import { renderCard } from './render';
import { buttonPlacements, design, fakeDeal, linked, overview, stretchedButtons, userError } from './support';

type Card = ReturnType<typeof renderCard>;

/** Asserts the card shows `labels` and none of its buttons is stretched. */
function expectButtonsInRows(card: Card, labels: string[]) {
  const root = card.getRootNode();
  expect(buttonPlacements(root).map((placement) => placement.label)).toEqual(expect.arrayContaining(labels));
  expect(stretchedButtons(root)).toEqual([]);
}

describe('Deal card: button layout', () => {
  it('not linked: Create in Aurora', async () => {
    const card = renderCard(fakeDeal(overview()));
    await card.waitFor(() => card.button('Create in Aurora'));
    expectButtonsInRows(card, ['Create in Aurora']);
  });

  it('not linked with missing fields, and while someone else creates the project: Check again', async () => {
    const missing = [{ object: 'contact' as const, property: 'address', label: 'Street address', message: 'Aurora needs the site address.' }];
    const withMissing = renderCard(fakeDeal(overview({ link: { state: 'not_linked', preflight: { ready: false, missing, willSend: [] } } })));
    await withMissing.waitFor(() => withMissing.button('Check again'));
    expectButtonsInRows(withMissing, ['Check again']);

    const deal = fakeDeal(overview());
    deal.handlers.aurora_create_project = () => ({ ok: true, outcome: 'in_progress' });
    const racing = renderCard(deal);
    await racing.press('Create in Aurora');
    await racing.waitFor(() => racing.button('Check again'));
    expectButtonsInRows(racing, ['Check again']);
  });

  it('linked, with out-of-date details, a completed design request and a failed sync: every button in a row', async () => {
    const card = renderCard(
      fakeDeal(
        linked({
          designs: [design(1)],
          outOfDate: [{ property: 'email', label: 'Email', confirmRequired: false }],
          designRequest: { id: 'dr-1', status: 'designer_completed', rejectionReason: null, designId: null },
        }),
      ),
    );
    await card.waitFor(() => card.button('Accept design'));
    card.host.failNext('aurora_sync_deal', userError('aurora_unavailable', 'Aurora is not answering right now.'));
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.button('Try again'));
    expectButtonsInRows(card, ['Sync', 'Update in Aurora', 'Create blank design', 'Accept design', 'Try again']);
  });

  it('confirming a design request, and a project deleted in Aurora', async () => {
    const card = renderCard(fakeDeal(linked()));
    await card.press('Request a design');
    await card.waitFor(() => card.button('Request design'));
    expectButtonsInRows(card, ['Request design', 'Cancel']);

    card.host.failNext('aurora_sync_deal', userError('aurora_not_found', 'Aurora has no project with this id any more.', 'Unlink the deal.', false));
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.button('Unlink from Aurora'));
    expectButtonsInRows(card, ['Unlink from Aurora']);
  });
});

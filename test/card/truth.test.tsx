// The card says what happened, never more: a failed write shows no success mark, a failed Create no "someone is
// creating", a rejected design request no "requested" (issue 14, defects 1, 2, 6 and 7 on the card's side).
import { Button, Table, TableBody, TableCell, TableRow } from '@hubspot/ui-extensions';
import { renderCard } from './render';
import { design, fakeDeal, linked, minutesAgo, NOW, overview, paginatedTable, summary, textOf, userError } from './support';

const AURORA_DOWN = userError(
  'aurora_unavailable',
  'Aurora had a problem on its side and did not finish. Aurora may have made the project anyway: Create in Aurora looks for it first, so pressing it again never makes a second one.',
  'Try again in a few minutes.',
);

describe('a write that failed shows no success mark (defect 2)', () => {
  it('Sync that failed: its button ends with a failure icon, not the default check mark beside "Sync failed"', async () => {
    const card = renderCard(fakeDeal(linked()));
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext('aurora_sync_deal', userError('aurora_unavailable', 'Aurora had a problem on its side and did not finish.'));
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.alert('Sync failed'));
    expect(card.loadingButton('Sync').props.resultIconName).toBe('xCircle');
  });

  it('Create in Aurora that failed: no check mark beside "Could not create the Aurora project"', async () => {
    const card = renderCard(fakeDeal(overview()));
    await card.waitFor(() => card.button('Create in Aurora'));
    card.host.failNext('aurora_create_project', AURORA_DOWN);
    card.button('Create in Aurora').trigger('onClick');
    await card.waitFor(() => card.alert('Could not create the Aurora project'));
    expect(card.loadingButton('Create in Aurora').props.resultIconName).toBe('xCircle');
  });

  it('a partial sync ends with a warning icon, a complete one with the check mark', async () => {
    const deal = fakeDeal(linked(), { skipped: ['Pricing (the Aurora API key is not allowed to read pricing)'] });
    const card = renderCard(deal);
    await card.press('Sync');
    await card.waitFor(() => expect(card.loadingButton('Sync').props.resultIconName).toBe('warning'));

    const complete = renderCard(fakeDeal(linked()));
    await complete.press('Sync');
    await complete.waitFor(() => expect(complete.loadingButton('Sync').props.loading).toBe(false));
    expect(complete.loadingButton('Sync').props.resultIconName).toBe('success');
    expect(summary().status).toBe('ok');
  });
});

describe('a Create that failed on Aurora (defect 1, card side)', () => {
  it('shows the failure and the Create button, never "someone else is creating"', async () => {
    const deal = fakeDeal(overview());
    // What the function now reports after such a failure: not linked, with the unfinished attempt.
    deal.handlers.aurora_create_project = () => {
      if (deal.state.overview.link.state === 'not_linked') deal.state.overview.link = { ...deal.state.overview.link, unfinishedSince: minutesAgo(0) };
      return { ok: false, error: AURORA_DOWN };
    };
    const card = renderCard(deal);
    await card.press('Create in Aurora');
    await card.waitFor(() => card.alert('Could not create the Aurora project'));
    expect(card.screen()).toContain('never makes a second one');
    expect(card.screen()).not.toContain('Creating the Aurora project');
    expect(card.button('Create in Aurora').props.disabled).toBeFalsy();
    expect(card.screen()).not.toMatch(/HTTP|\b50\d\b/);

    // Opened again later (another tab, the next day): the unfinished attempt is said once, with what Create will do.
    const later = renderCard(deal);
    await later.waitFor(() => later.alert('An earlier Create in Aurora did not finish'));
    expect(later.screen()).toContain('It stopped just now. Aurora may have made the project: Create in Aurora looks for it first');
    expect(later.button('Create in Aurora').props.disabled).toBeFalsy();
  });
});

describe('the designs table (defect 7)', () => {
  it('keeps one order however HubSpot returns the records: sold, primary, then as created in Aurora', async () => {
    const created = (n: number) => new Date(Date.UTC(2026, 10, 1, 9, n)).toISOString();
    const layouts = Array.from({ length: 12 }, (_, i) => design(i + 1, { id: `d${i + 1}`, name: `Layout ${i + 1}`, createdAt: created(i + 1) }));
    // The order HubSpot's association read happened to give in the workbench.
    const shuffled = [1, 2, 4, 3, 5, 6, 7, 8, 9, 12, 11, 10].map((n) => layouts[n - 1]!);
    const card = renderCard(fakeDeal(linked({ designs: shuffled })));
    await card.waitFor(() => card.find(TableBody));
    const names = () => card.find(TableBody).findAll(TableRow).map((row) => textOf(row.findAll(TableCell)[0]).replace('Make primary', ''));
    expect(names()).toEqual(['Layout 1', 'Layout 2', 'Layout 3', 'Layout 4', 'Layout 5', 'Layout 6', 'Layout 7', 'Layout 8', 'Layout 9', 'Layout 10']);
    paginatedTable(card.find(Table)).trigger('onPageChange', 2 as never);
    await card.waitFor(() => expect(names()).toEqual(['Layout 11', 'Layout 12']));

    const marked = shuffled.map((row) => (row.id === 'd7' ? { ...row, isSold: true } : row.id === 'd11' ? { ...row, isPrimary: true } : row));
    const withMarks = renderCard(fakeDeal(linked({ designs: marked })));
    await withMarks.waitFor(() => withMarks.find(TableBody));
    const first = withMarks.find(TableBody).findAll(TableRow).slice(0, 3).map((row) => textOf(row.findAll(TableCell)[0]).replace('Make primary', ''));
    expect(first).toEqual(['Layout 7Sold', 'Layout 11Primary', 'Layout 1']);
  });
});

describe('a partial sync says what happened without contradicting itself (defect 4)', () => {
  it('Aurora busy: how many designs are unfinished and when to sync again; no "Synced 12 designs", no API-key advice', async () => {
    const twelve = Array.from({ length: 12 }, (_, i) => design(i + 1));
    const deal = fakeDeal(linked({ designs: twelve }), {
      skipped: ['12 designs not complete (Aurora was busy; press Sync again to finish)'],
      partial: { designs: 12, designsLeft: 12, busyUntil: new Date(NOW.getTime() + 90_000).toISOString(), keyLacks: [] },
    });
    const card = renderCard(deal);
    await card.press('Sync');
    await card.waitFor(() => card.alert('Sync not finished: Aurora is busy'));
    const words = textOf(card.alert('Sync not finished: Aurora is busy'));
    expect(words).toContain('None of the 12 designs could be read completely');
    expect(words).toContain('Sync again at 12:02 to finish.');
    expect(words).not.toMatch(/Synced 12|API key|admin/);
  });

  it('a key without pricing: the rest is synced, and an Aurora admin can allow it', async () => {
    const deal = fakeDeal(linked({ designs: [design(1), design(2)] }), {
      skipped: ['Pricing (the Aurora API key is not allowed to read pricing; an Aurora admin can grant it to the key)'],
      partial: { designs: 2, designsLeft: 0, busyUntil: null, keyLacks: ['Pricing'] },
    });
    const card = renderCard(deal);
    await card.press('Sync');
    await card.waitFor(() => card.alert('Synced, without some Aurora data'));
    const words = textOf(card.alert('Synced, without some Aurora data'));
    expect(words).toContain('Synced 2 designs.');
    expect(words).toContain('The Aurora API key may not read pricing. An Aurora admin can allow it for the key; everything else syncs.');
    expect(words).not.toMatch(/Sync again/);
  });
});

describe('Aurora busy (its rate limit)', () => {
  it('says Aurora is busy and the clock time to try again, in the portal time zone; never "in the time available" or a key problem', async () => {
    const busy = { ...userError('aurora_rate_limited', 'Aurora is busy: this app has used all the requests Aurora allows it for the moment.', 'Try again in 2 minutes.'), retryAt: new Date(NOW.getTime() + 95_000).toISOString() };
    const card = renderCard(fakeDeal(linked()));
    await card.waitFor(() => card.button('Sync'));
    card.host.failNext('aurora_sync_deal', busy);
    card.button('Sync').trigger('onClick');
    await card.waitFor(() => card.alert('Sync failed'));
    expect(textOf(card.alert('Sync failed'))).toBe('Aurora is busy: this app has used all the requests Aurora allows it for the moment.Try again at 12:02.Try again');
    expect(card.screen()).not.toMatch(/time available|API key|admin/);
  });
});

describe('a rejected design request (defect 6)', () => {
  const NOT_RESIDENTIAL = 'The site is not a residential building, so no roof model was made.';

  it('"Request again" rejected at once says it is the new request, with no "Requested" success beside "Rejected"', async () => {
    const deal = fakeDeal(linked({ designRequest: { id: 'dr-1', status: 'designer_rejected', rejectionReason: 'The roof is hidden by trees in the imagery.', designId: null } }));
    // Aurora's designers reject the new request at once.
    deal.handlers.aurora_design_request = ({ action }) => {
      if (action === 'create') deal.state.overview.designRequest = { id: 'dr-2', status: 'designer_rejected', rejectionReason: 'The roof is hidden by trees in the imagery.', designId: null };
      return { ok: true, designRequest: deal.state.overview.designRequest! };
    };
    const card = renderCard(deal);
    await card.press('Request again');
    await card.press('Request design');
    await card.waitFor(() => expect(card.screen()).toContain('Aurora rejected the new request at once'));
    expect(card.mocks.actions.addAlert.calls.flat().map((alert) => alert.message).join(' ')).not.toContain('Requested a roof model');
  });

  it('does not offer "Request again" (which may use credits) when the reason means a new request cannot succeed', async () => {
    const card = renderCard(fakeDeal(linked({ designRequest: { id: 'dr-1', status: 'designer_rejected', rejectionReason: NOT_RESIDENTIAL, designId: null } })));
    await card.waitFor(() => expect(card.screen()).toContain(NOT_RESIDENTIAL.replace(/\.$/, '')));
    expect(card.maybeButton('Request again')).toBeNull();
    expect(card.screen()).toContain('A new request would be rejected for the same reason');
  });

  it('dates the rejection, so an old one is not taken for a new one', async () => {
    const rejectedAt = minutesAgo(3 * 24 * 60 + 10);
    const card = renderCard(fakeDeal(linked({ designRequest: { id: 'dr-1', status: 'designer_rejected', statusAt: rejectedAt, rejectionReason: NOT_RESIDENTIAL, designId: null } })));
    await card.waitFor(() => expect(card.screen()).toContain(NOT_RESIDENTIAL.replace(/\.$/, '')));
    expect(card.screen()).toContain('Rejected 3 days ago (Nov 25, 2026, 11:50)');
  });
});

describe('which design feeds the deal, and Make primary from the card (defect 5)', () => {
  it('says which design the deal figures come from and why, and makes another one primary', async () => {
    const deal = fakeDeal(linked({ designs: [design(1), design(2)], dealDesign: { id: 'design-2', name: 'Option 2', reason: 'newest' } }));
    const card = renderCard(deal);
    await card.waitFor(() => expect(card.screen()).toContain("The deal's figures come from Option 2, the newest design (none is sold or marked primary)."));
    const row = card.find(TableBody).findAll(TableRow).find((r) => textOf(r.findAll(TableCell)[0]).startsWith('Option 1'))!;
    row.find(Button, (node) => textOf(node) === 'Make primary').trigger('onClick');
    await card.waitFor(() => expect(card.screen()).toContain("The deal's figures come from Option 1, marked primary."));
    expect(card.mocks.actions.addAlert.calls.flat().map((alert) => alert.message)).toContain('Option 1 is now the primary design; the deal shows its figures.');
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(card.host.unhandled).toEqual([]);
  });

  it('a sold design decides: no Make primary buttons, and the card says the sold design feeds the deal', async () => {
    const card = renderCard(fakeDeal(linked({ designs: [design(1), design(2, { isSold: true })], dealDesign: { id: 'design-2', name: 'Option 2', reason: 'sold' } })));
    await card.waitFor(() => expect(card.screen()).toContain("The deal's figures come from Option 2, the sold design."));
    expect(card.maybeButton('Make primary')).toBeNull();
  });
});

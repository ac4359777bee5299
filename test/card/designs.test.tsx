// The linked Deal card's project header and designs table: 0, 3 and 25 designs, formatting, marks, pagination.
import {
  DescriptionListItem,
  EmptyState,
  Image,
  Link,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableRow,
  Tag,
} from '@hubspot/ui-extensions';
import { renderCard } from './render';
import { design, fakeDeal, linked, minutesAgo, paginatedTable, project, textOf } from './support';

/** The designs table's body rows as the text of each cell. */
function bodyRows(card: ReturnType<typeof renderCard>) {
  return card
    .find(TableBody)
    .findAll(TableRow)
    .map((row) => row.findAll(TableCell).map((cell) => textOf(cell)));
}

describe('Deal card: linked project header', () => {
  it('shows status, owner, last synced relative to now, sync status, site and the Open in Aurora link', async () => {
    const card = renderCard(fakeDeal(linked()));
    await card.waitFor(() => card.button('Sync'));
    const items = Object.fromEntries(card.findAll(DescriptionListItem).map((item) => [item.props.label, textOf(item)]));
    expect(items).toEqual({ 'Project status': 'Design in progress', Owner: 'Sam Lee', 'Last synced': '3 minutes ago', 'Sync status': 'Synced' });
    expect(card.find(StatusTag, (tag) => textOf(tag) === 'Synced').props.variant).toBe('success');
    expect(card.screen()).toContain('Rivera residence');
    expect(card.screen()).toContain('Site: 901 Mears Ct, Stanford, CA 94305');
    expect(card.find(Link, (link) => textOf(link) === 'Open in Aurora').props.href).toEqual({
      url: 'https://v2-sandbox.aurorasolar.com/projects/a09d77f4-c98c-4681-b172-07ba6cae39b3',
      external: true,
    });
    expect(card.button('Sync').props.variant).toBe('primary');
  });

  it('leaves the owner out when Aurora does not say who it is, and says when the deal was never synced', async () => {
    const card = renderCard(
      fakeDeal(
        linked({
          link: { state: 'linked', project: project({ url: 'javascript:alert(1)', name: null, status: null, ownerName: null, address: null }) },
          sync: { status: 'never', lastSyncedAt: null, lastError: null, pending: [] },
        }),
      ),
    );
    await card.waitFor(() => card.button('Sync'));
    const labels = card.findAll(DescriptionListItem).map((item) => item.props.label);
    expect(labels).toEqual(['Project status', 'Last synced', 'Sync status']);
    expect(textOf(card.find(DescriptionListItem, { label: 'Last synced' }))).toBe('Never');
    expect(card.screen()).toContain('Not synced yet');
    // A link Aurora gave us that is not http(s) is not offered to the rep.
    expect(card.maybeFind(Link, (link) => textOf(link) === 'Open in Aurora')).toBeNull();
  });

  it('flags a deal that needs a human (contract cancelled after signing)', async () => {
    const card = renderCard(fakeDeal(linked({ attention: 'The agreement was cancelled after it was signed. Check the deal stage and the contract.' })));
    await card.waitFor(() => card.alert('Needs attention'));
    expect(textOf(card.alert('Needs attention'))).toBe('The agreement was cancelled after it was signed. Check the deal stage and the contract.');
  });
});

describe('Deal card: designs table', () => {
  it('shows an empty state when the project has no designs', async () => {
    const card = renderCard(fakeDeal(linked({ designs: [] })));
    await card.waitFor(() => card.find(EmptyState));
    expect(card.find(EmptyState).props.title).toBe('No designs yet');
    expect(card.maybeFind(Table)).toBeNull();
    expect(card.screen()).toContain('Designs (0)');
  });

  it('shows 3 designs with formatted cells, the sold design first and marked, links and a thumbnail that opens larger', async () => {
    const designs = [
      design(1, { name: 'Garage roof', systemSizeKw: 6.4, annualProductionKwh: 9123.6, offsetPercent: 87.25, price: 21000.1000000001, pricePerWatt: 3.28 }),
      design(2, {
        name: 'Full roof',
        systemSizeKw: 8.25,
        annualProductionKwh: 12345,
        offsetPercent: 104,
        price: 24500,
        pricePerWatt: 2.97,
        financing: 'Sunlight Loan 25y',
        monthlyPayment: 142.5,
        agreementStatus: 'signed',
        screenshotUrl: 'https://files.hubspot.com/aurora/design-2.png',
        isSold: true,
        isPrimary: true,
      }),
      design(3, { name: 'South face', isPrimary: false, agreementStatus: 'cancel-pending', proposalUrl: null, price: null, pricePerWatt: null }),
    ];
    const card = renderCard(fakeDeal(linked({ designs })));
    await card.waitFor(() => card.find(Table));

    expect(card.find(Table).props.paginated).toBeFalsy();
    expect(card.findAll(TableHeader).map((header) => textOf(header))).toEqual(['Design', 'System', 'Price', 'Financing', 'Agreement', 'Proposal']);
    expect(bodyRows(card)).toEqual([
      ['Full roofSold', '8.25 kW12,345 kWh/yr · 104% offset', '$24,500.00$2.97/W', 'Sunlight Loan 25y$142.50/mo', 'Signed', 'View proposal'],
      ['Garage roof', '6.4 kW9,124 kWh/yr · 87.3% offset', '$21,000.10$3.28/W', 'Cash', '—', 'View proposal'],
      ['South face', '6.3 kW9,300 kWh/yr · 90.3% offset', '—', 'Cash', 'Cancel pending', '—'],
    ]);
    const soldRow = card.find(TableBody).findAll(TableRow)[0]!;
    expect(soldRow.find(Tag).props.variant).toBe('success');
    expect(soldRow.find(StatusTag).props.variant).toBe('success');
    expect(soldRow.find(Link).props.href).toEqual({ url: 'https://v2-sandbox.aurorasolar.com/e-proposal/design-2', external: true });
    // The screenshot sits under the design's name and opens larger.
    const thumbnail = soldRow.findAll(TableCell)[0]!.find(Image);
    expect(thumbnail.props).toMatchObject({
      src: 'https://files.hubspot.com/aurora/design-2.png',
      alt: 'Screenshot of Full roof',
      href: { url: 'https://files.hubspot.com/aurora/design-2.png', external: true },
    });
    expect(card.screen()).toContain('Designs (3)');
  });

  it('leaves out production and offset until Aurora has simulated the design', async () => {
    const card = renderCard(fakeDeal(linked({ designs: [design(1, { name: 'Fresh', annualProductionKwh: null, offsetPercent: null, systemSizeKw: null })] })));
    await card.waitFor(() => card.find(Table));
    expect(bodyRows(card)[0]!.slice(0, 2)).toEqual(['Fresh', '—']);
    expect(card.maybeFind(Image)).toBeNull();
  });

  it('marks a primary design that is not sold', async () => {
    const card = renderCard(fakeDeal(linked({ designs: [design(1), design(2, { isPrimary: true })] })));
    await card.waitFor(() => card.find(Table));
    expect(bodyRows(card).map((row) => row[0])).toEqual(['Option 2Primary', 'Option 1Make primary']);
    expect(card.find(Tag).props.variant).toBe('info');
  });

  it('pages 25 designs ten at a time', async () => {
    const designs = Array.from({ length: 25 }, (_, i) => design(i + 1, { isSold: i === 20, lastSyncedAt: minutesAgo(1) }));
    const card = renderCard(fakeDeal(linked({ designs })));
    await card.waitFor(() => card.find(Table));

    const table = paginatedTable(card.find(Table));
    expect(table.props).toMatchObject({ paginated: true, pageCount: 3, page: 1 });
    expect(bodyRows(card)).toHaveLength(10);
    // The sold design leads the first page even though Aurora listed it 21st.
    expect(bodyRows(card)[0]![0]).toBe('Option 21Sold');
    expect(bodyRows(card)[1]![0]).toBe('Option 1');

    // trigger() types its argument as the handler itself; at run time it is the handler's argument (the page).
    table.trigger('onPageChange', 3 as never);
    await card.waitFor(() => expect(paginatedTable(card.find(Table)).props.page).toBe(3));
    expect(bodyRows(card).map((row) => row[0])).toEqual(['Option 20', 'Option 22', 'Option 23', 'Option 24', 'Option 25']);
  });
});

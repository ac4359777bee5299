// The workbench renderer stands in for @hubspot/ui-extensions: same component names, real props to DOM,
// and a loud red box for anything it does not implement (including raw DOM tags in the app's JSX).
import { renderToStaticMarkup } from 'react-dom/server';
import * as sdk from '@hubspot/ui-extensions';
import * as renderer from '../../workbench/renderer';
import * as jsxRuntime from '../../workbench/renderer/jsxRuntime';
import { resultGlyph } from '../../workbench/renderer/components';

const {
  Accordion,
  Alert,
  Box,
  Button,
  ButtonRow,
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Form,
  Heading,
  Image,
  Inline,
  Input,
  Link,
  LoadingButton,
  LoadingSpinner,
  ProgressBar,
  Select,
  Statistics,
  StatisticsItem,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  Tile,
  Tooltip,
} = renderer;

/** The components the card and settings page are built with (the team's agreed list). */
const USED = [
  'Alert', 'Box', 'Button', 'ButtonRow', 'DescriptionList', 'DescriptionListItem', 'Divider', 'EmptyState', 'ErrorState', 'Flex',
  'Heading', 'Image', 'Inline', 'Link', 'LoadingButton', 'LoadingSpinner', 'StatusTag', 'Tag', 'Text', 'Tile', 'Table', 'TableHead',
  'TableHeader', 'TableBody', 'TableRow', 'TableCell', 'TableFooter', 'Statistics', 'StatisticsItem', 'Tooltip', 'ProgressBar', 'Input',
  'Select', 'Form', 'Accordion',
];

const html = (element: React.ReactElement) => renderToStaticMarkup(element);

describe('workbench renderer', () => {
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => consoleError.mockRestore());

  it('exports what the SDK exports, and implements every component the app uses', () => {
    // A card importing one of these fails the workbench build with esbuild's "No matching export" error.
    const notProvided = ['iconNames', 'formatCrmProperties'];
    const exported = renderer as unknown as Record<string, unknown>;
    for (const name of Object.keys(sdk).filter((key) => !notProvided.includes(key))) {
      expect({ name, exported: name in exported }).toEqual({ name, exported: true });
    }
    for (const name of USED) {
      const component = exported[name] as { displayName?: string };
      expect({ name, unsupported: String(component.displayName ?? '').startsWith('Unsupported') }).toEqual({ name, unsupported: false });
    }
  });

  it('renders buttons by variant and size, with a spinner while loading', () => {
    expect(html(<Button variant="primary" size="sm">Create in Aurora</Button>)).toMatch(/class="uie-button uie-button--primary uie-button--sm"[^>]*>Create in Aurora</);
    expect(html(<Button>Cancel</Button>)).toContain('uie-button--secondary uie-button--md');
    const loading = html(<LoadingButton loading variant="primary">Sync</LoadingButton>);
    expect(loading).toContain('disabled=""');
    expect(loading).toContain('uie-button__spinner');
    // After loading, the mark follows resultIconName: a failed Sync never shows a check mark beside "Sync failed".
    expect([undefined, 'success', 'warning', 'xCircle'].map((name) => resultGlyph(name))).toEqual(['✓', '✓', '⚠', '✕']);
  });

  it('renders alerts, tags and status tags by variant', () => {
    expect(html(<Alert title="Could not sync" variant="error">Try again.</Alert>)).toMatch(/uie-alert--danger.*Could not sync.*Try again\./);
    expect(html(<Tag variant="success">signed</Tag>)).toContain('uie-tag uie-tag--success');
    expect(html(<StatusTag variant="warning" hollow>partial</StatusTag>)).toContain('uie-status uie-status--warning uie-status--hollow');
  });

  it('renders links: external ones in a new tab with an icon', () => {
    const external = html(<Link href={{ url: 'https://v2-sandbox.aurorasolar.com/projects/p1', external: true }}>Open in Aurora</Link>);
    expect(external).toContain('href="https://v2-sandbox.aurorasolar.com/projects/p1"');
    expect(external).toContain('target="_blank"');
    expect(external).toContain('uie-icon-external');
  });

  it('renders an image that opens its href, and a tooltip overlay', () => {
    const image = html(<Image src="http://files/s.png" alt="Design screenshot" width={240} href="http://files/s.png" />);
    expect(image).toMatch(/<a href="http:\/\/files\/s.png" target="_blank"[^>]*><img class="uie-image uie-image--clickable" src="http:\/\/files\/s.png" alt="Design screenshot" width="240"/);
    const withTooltip = html(<Tag overlay={<Tooltip placement="bottom">Synced 3 minutes ago</Tooltip>}>ok</Tag>);
    expect(withTooltip).toMatch(/uie-overlay-anchor.*uie-tooltip uie-tooltip--bottom" role="tooltip">Synced 3 minutes ago/);
  });

  it('renders tables with headers, cells and footer, and a paginated table with its page buttons', () => {
    const table = html(
      <Table bordered density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader width="min">Design</TableHeader>
            <TableHeader align="right" sortDirection="ascending" onSortChange={() => {}}>
              System size
            </TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell>Main roof</TableCell>
            <TableCell align="right">7.2 kW</TableCell>
          </TableRow>
        </TableBody>
        <TableFooter>
          <TableRow>
            <TableCell colSpan={2}>1 design</TableCell>
          </TableRow>
        </TableFooter>
      </Table>,
    );
    expect(table).toContain('uie-table uie-table--bordered uie-table--condensed');
    expect(table).toContain('<th style="width:1%;white-space:nowrap">Design</th>');
    expect(table).toMatch(/aria-sort="ascending".*System size/);
    expect(table).toContain('<td style="text-align:right">7.2 kW</td>');
    expect(table).toContain('<td colSpan="2">1 design</td>');
    const paged = html(
      <Table paginated pageCount={7} page={3} onPageChange={() => {}} maxVisiblePageButtons={3}>
        <TableBody>
          <TableRow>
            <TableCell>row</TableCell>
          </TableRow>
        </TableBody>
      </Table>,
    );
    expect(paged.match(/uie-pagination__page[ "]/g)).toHaveLength(3);
    expect(paged).toMatch(/aria-current="page">3</);
  });

  it('renders layout and text components with their props', () => {
    expect(html(<Flex direction="column" gap="md" justify="between" align="center" wrap><Box flex={2}>a</Box></Flex>)).toContain(
      'style="flex-direction:column;gap:16px;justify-content:space-between;align-items:center;flex-wrap:wrap"',
    );
    expect(html(<Box flex={2}>a</Box>)).toContain('flex:2 2 0');
    expect(html(<Inline gap="sm">a</Inline>)).toContain('gap:8px');
    expect(html(<Text format={{ fontWeight: 'bold' }}>Total</Text>)).toContain('<p class="uie-text" style="font-weight:700">Total</p>');
    expect(html(<Text variant="microcopy" inline>Last synced</Text>)).toContain('<span class="uie-text uie-text--micro uie-text--inline">');
    expect(html(<Heading>Designs</Heading>)).toContain('<h2 class="uie-heading">Designs</h2>');
    expect(html(<Divider size="md" />)).toContain('margin-top:16px');
    expect(html(<Tile compact>t</Tile>)).toContain('uie-tile uie-tile--compact');
    expect(html(<ButtonRow><Button>a</Button></ButtonRow>)).toContain('uie-button-row');
  });

  it('renders description lists, statistics, progress, loading, empty and error states', () => {
    expect(html(<DescriptionList direction="row"><DescriptionListItem label="Project">P-1</DescriptionListItem></DescriptionList>)).toMatch(
      /uie-dl uie-dl--row.*<dt class="uie-dl__label">Project<\/dt><dd class="uie-dl__value">P-1<\/dd>/,
    );
    expect(html(<Statistics><StatisticsItem label="System size" number="7.2 kW" /></Statistics>)).toMatch(/System size.*uie-stats__number">7.2 kW/);
    expect(html(<ProgressBar title="Designs synced" value={3} maxValue={4} showPercentage />)).toMatch(/75%.*width:75%/);
    expect(html(<LoadingSpinner label="Loading Aurora project" />)).toMatch(/role="status" aria-label="Loading Aurora project"/);
    expect(html(<EmptyState title="No designs yet" imageName="building">Ask for a design.</EmptyState>)).toMatch(/data-image="building".*No designs yet.*Ask for a design\./);
    expect(html(<ErrorState title="Aurora is not answering" type="support">Try later.</ErrorState>)).toMatch(/Aurora is not answering.*Try later\./);
  });

  it('renders forms, inputs, selects and accordions', () => {
    const form = html(
      <Form onSubmit={() => {}}>
        <Input label="Design name" name="name" required placeholder="Main roof" validationMessage="Too long" error />
        <Select label="Stage" name="stage" value={2} options={[{ label: 'Won', value: 2 }, { label: 'Lost', value: 3 }]} />
      </Form>,
    );
    expect(form).toMatch(/<form class="uie-form".*Design name<span class="uie-field__required"> \*<\/span>/);
    expect(form).toContain('name="name"');
    expect(form).toContain('uie-field__message uie-field__message--error">Too long');
    expect(form).toMatch(/<option value="2" selected="">Won<\/option>/);
    expect(html(<Accordion title="Field map" defaultOpen>rows</Accordion>)).toMatch(/aria-expanded="true".*Field map.*rows/);
    expect(html(<Accordion title="Field map">rows</Accordion>)).not.toContain('rows');
  });

  it('shows a red box and logs an error for a component it does not implement', () => {
    const markup = html(<renderer.Modal />);
    expect(markup).toContain('uie-unsupported');
    expect(markup).toContain('&lt;Modal&gt; is not supported by the workbench renderer');
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('<Modal> is not supported by the workbench renderer'));
  });

  it("turns a raw DOM tag in the app's JSX into the same red box", () => {
    const markup = html(jsxRuntime.jsx('div', { children: 'hello' }));
    expect(markup).toContain('&lt;div&gt; is not supported by the workbench renderer');
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('<div> is not supported'));
    expect(html(jsxRuntime.jsx(Text, { children: 'fine' }))).toContain('fine');
  });
});

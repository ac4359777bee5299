// Every design of the project, sold and primary first and marked, ten to a page; six columns so a record tab shows them all.
import { useState } from 'react';
import {
  Button,
  EmptyState,
  Flex,
  Image,
  Link,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { DesignRow } from '../../../core/contract';
import type { DealWrites } from '../hooks/useDealWrites';
import { agreementTag, formatKw, formatKwh, formatMoney, formatMonthly, formatPercent, formatPricePerWatt, safeUrl } from '../format';

export const DESIGNS_PER_PAGE = 10;

const rank = (design: DesignRow) => (design.isSold ? 0 : design.isPrimary ? 1 : 2);
const createdTime = (design: DesignRow) => Date.parse(design.createdAt ?? '') || Number.MAX_SAFE_INTEGER;

/** One order whatever order HubSpot returns the records in: sold, primary, then as made in Aurora (name, then id, on a tie). */
export function tableOrder(a: DesignRow, b: DesignRow): number {
  return (
    rank(a) - rank(b) ||
    createdTime(a) - createdTime(b) ||
    a.name.localeCompare(b.name, 'en', { numeric: true }) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export interface DesignsTableProps {
  designs: DesignRow[];
  makePrimary: DealWrites['makePrimary'];
  busy: boolean;
}

export function DesignsTable({ designs, makePrimary, busy }: DesignsTableProps) {
  const [page, setPage] = useState(1);
  if (designs.length === 0) {
    return (
      <EmptyState title="No designs yet" layout="vertical" imageName="building" flush>
        <Text>Designs made in Aurora appear here after a sync. Create a blank design or request a roof model to start one.</Text>
      </EmptyState>
    );
  }
  const ordered = [...designs].sort(tableOrder);
  // A sold design feeds the deal whatever is primary, so choosing one is offered only while none is sold.
  const choosable = designs.length > 1 && !designs.some((design) => design.isSold);
  const pageCount = Math.ceil(ordered.length / DESIGNS_PER_PAGE);
  const currentPage = Math.min(page, pageCount);
  const visible = ordered.slice((currentPage - 1) * DESIGNS_PER_PAGE, currentPage * DESIGNS_PER_PAGE);
  const rows = (
    <>
      <TableHead>
        <TableRow>
          <TableHeader>Design</TableHeader>
          <TableHeader align="right">System</TableHeader>
          <TableHeader align="right">Price</TableHeader>
          <TableHeader>Financing</TableHeader>
          <TableHeader>Agreement</TableHeader>
          <TableHeader>Proposal</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {visible.map((design) => (
          <DesignTableRow
            key={design.id}
            design={design}
            onMakePrimary={choosable && !design.isPrimary ? () => void makePrimary.run(design.id) : null}
            busy={busy}
          />
        ))}
      </TableBody>
    </>
  );
  if (pageCount <= 1) return <Table bordered>{rows}</Table>;
  return (
    <Table bordered paginated pageCount={pageCount} page={currentPage} onPageChange={setPage} showFirstLastButtons={pageCount > 3}>
      {rows}
    </Table>
  );
}

function DesignTableRow({ design, onMakePrimary, busy }: { design: DesignRow; onMakePrimary: (() => void) | null; busy: boolean }) {
  const proposalUrl = safeUrl(design.proposalUrl);
  const screenshotUrl = safeUrl(design.screenshotUrl);
  const dxfUrl = safeUrl(design.dxfUrl);
  const agreement = design.agreementStatus ? agreementTag(design.agreementStatus) : null;
  const production = productionWords(design);
  return (
    <TableRow>
      <TableCell>
        <Flex direction="column" gap="xs">
          <Flex direction="row" gap="xs" align="center" wrap>
            <Text format={design.isSold || design.isPrimary ? { fontWeight: 'demibold' } : undefined}>{design.name}</Text>
            {design.isSold ? <Tag variant="success">Sold</Tag> : null}
            {design.isPrimary && !design.isSold ? <Tag variant="info">Primary</Tag> : null}
          </Flex>
          {screenshotUrl ? (
            <Image src={screenshotUrl} alt={`Screenshot of ${design.name}`} width={72} href={{ url: screenshotUrl, external: true }} />
          ) : null}
          {/* The CAD layout, a copy in HubSpot Files (Aurora's own links expire). */}
          {dxfUrl ? <Link href={{ url: dxfUrl, external: true }}>Download DXF</Link> : null}
          {onMakePrimary ? (
            <Flex direction="row">
              <Button size="xs" variant="transparent" disabled={busy} onClick={onMakePrimary}>
                Make primary
              </Button>
            </Flex>
          ) : null}
        </Flex>
      </TableCell>
      <TableCell align="right">
        <Text>{formatKw(design.systemSizeKw)}</Text>
        {production ? <Text variant="microcopy">{production}</Text> : null}
      </TableCell>
      <TableCell align="right">
        <Text>{formatMoney(design.price)}</Text>
        {design.pricePerWatt !== null ? <Text variant="microcopy">{formatPricePerWatt(design.pricePerWatt)}</Text> : null}
      </TableCell>
      <TableCell>
        <Text>{design.financing ?? '—'}</Text>
        {design.monthlyPayment !== null ? <Text variant="microcopy">{formatMonthly(design.monthlyPayment)}</Text> : null}
      </TableCell>
      <TableCell>{agreement ? <StatusTag variant={agreement.variant}>{agreement.label}</StatusTag> : '—'}</TableCell>
      <TableCell>{proposalUrl ? <Link href={{ url: proposalUrl, external: true }}>View proposal</Link> : '—'}</TableCell>
    </TableRow>
  );
}

/** "12,345 kWh/yr · 104% offset", the parts Aurora has simulated; null before the first simulation. */
function productionWords(design: DesignRow): string | null {
  const parts = [
    design.annualProductionKwh !== null ? `${formatKwh(design.annualProductionKwh)}/yr` : null,
    design.offsetPercent !== null ? `${formatPercent(design.offsetPercent)} offset` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : null;
}

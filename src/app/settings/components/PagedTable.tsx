// A table that pages itself past `perPage` rows (HubSpot's paginated Table), and is a plain table below that.
import { useState, type ReactNode } from 'react';
import { Table, TableBody, TableHead } from '@hubspot/ui-extensions';

export interface PagedTableProps {
  /** The header row (a TableRow of TableHeaders). */
  header: ReactNode;
  rows: ReactNode[];
  perPage?: number;
  testId?: string;
}

export function PagedTable({ header, rows, perPage = 10, testId }: PagedTableProps) {
  const [page, setPage] = useState(1);
  const pageCount = Math.max(1, Math.ceil(rows.length / perPage));
  const currentPage = Math.min(page, pageCount);
  const body = (
    <>
      <TableHead>{header}</TableHead>
      <TableBody>{rows.slice((currentPage - 1) * perPage, currentPage * perPage)}</TableBody>
    </>
  );
  if (pageCount === 1) return <Table bordered testId={testId}>{body}</Table>;
  return (
    <Table bordered testId={testId} paginated pageCount={pageCount} page={currentPage} onPageChange={setPage}>
      {body}
    </Table>
  );
}

// The active field map, readable: which HubSpot field goes to or comes from which Aurora field, and how it is converted.
import { Flex, Heading, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { FieldMapRow } from '../../../core/contract';
import { PagedTable } from './PagedTable';

const DIRECTION_WORDS: Record<FieldMapRow['direction'], string> = { to_aurora: 'HubSpot → Aurora', to_hubspot: 'Aurora → HubSpot' };

export function FieldMapTable({ rows }: { rows: FieldMapRow[] }) {
  return (
    <Flex direction="column" gap="sm">
      <Heading>Field map</Heading>
      {rows.length === 0 ? (
        <Text>No fields are mapped.</Text>
      ) : (
        <PagedTable
          testId="field-map"
          header={
            <TableRow>
              <TableHeader>Direction</TableHeader>
              <TableHeader>HubSpot field</TableHeader>
              <TableHeader>Aurora field</TableHeader>
              <TableHeader>Conversion</TableHeader>
            </TableRow>
          }
          rows={rows.map((row) => (
            <TableRow key={`${row.direction}:${row.hubspot}:${row.aurora}`}>
              <TableCell>{DIRECTION_WORDS[row.direction] ?? row.direction}</TableCell>
              <TableCell>
                <Text>{row.hubspotLabel}</Text>
                <Text variant="microcopy">{row.hubspot}</Text>
              </TableCell>
              <TableCell>{row.aurora}</TableCell>
              <TableCell>{row.conversion}</TableCell>
            </TableRow>
          ))}
        />
      )}
    </Flex>
  );
}

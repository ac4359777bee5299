// Who changed which setting and when, newest first (the last 25 changes are kept).
import { Flex, Heading, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { SettingsChange } from '../../../../core/contract';
import { relativeTime } from '../../format';
import { PagedTable } from '../PagedTable';

export function ChangeLog({ log, now }: { log: SettingsChange[]; now: Date }) {
  return (
    <Flex direction="column" gap="sm">
      <Heading>Settings changes</Heading>
      {log.length === 0 ? (
        <Text variant="microcopy">No changes saved yet.</Text>
      ) : (
        <PagedTable
          testId="settings-changes"
          header={
            <TableRow>
              <TableHeader>When</TableHeader>
              <TableHeader>Who</TableHeader>
              <TableHeader>What</TableHeader>
            </TableRow>
          }
          rows={log.map((entry) => (
            <TableRow key={entry.at}>
              <TableCell>{relativeTime(entry.at, now)}</TableCell>
              <TableCell>{entry.by ?? 'Unknown'}</TableCell>
              <TableCell>
                {entry.changes.map((line) => (
                  <Text key={line}>{line}</Text>
                ))}
              </TableCell>
            </TableRow>
          ))}
        />
      )}
    </Flex>
  );
}

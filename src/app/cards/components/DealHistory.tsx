// What the Aurora app did to this deal and why, newest first: created, synced with what changed, webhooks applied,
// hand-off, failures, and who pressed the button when HubSpot said. Read with the card's data: no extra call.
import { Accordion, Flex, Text } from '@hubspot/ui-extensions';
import type { HistoryEntry } from '../../../core/contract';
import { relativeTime } from '../format';

export function DealHistory({ history, now }: { history: HistoryEntry[]; now: Date }) {
  if (history.length === 0) return null;
  return (
    <Accordion title={`History (${history.length})`} size="sm">
      <Flex direction="column" gap="xs">
        {history.map((entry, index) => (
          <Flex key={`${entry.at}:${index}`} direction="column" gap="flush">
            <Text>{entry.what}</Text>
            <Text variant="microcopy">
              {relativeTime(entry.at, now)}
              {entry.by ? ` · ${entry.by}` : ''}
            </Text>
          </Flex>
        ))}
      </Flex>
    </Accordion>
  );
}

// A partial sync in plain words: what was synced and what could not be read or written.
import { Alert, Text } from '@hubspot/ui-extensions';
import type { SyncSummary } from '../../../core/contract';

export function SyncSummaryAlert({ summary }: { summary: SyncSummary }) {
  if (summary.status !== 'partial') return null;
  return (
    <Alert title="Synced, but some Aurora data is missing" variant="warning">
      <Text>
        Synced {summary.designs} design{summary.designs === 1 ? '' : 's'}. These could not be synced:
      </Text>
      {summary.skipped.map((item) => (
        <Text key={item}>• {item}</Text>
      ))}
      <Text>Sync again later; if the same items stay missing, ask your HubSpot admin to check what the Aurora API key can access.</Text>
    </Alert>
  );
}

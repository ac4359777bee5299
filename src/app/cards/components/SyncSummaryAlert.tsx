// A partial sync in plain words: how much was synced, why the rest was not (Aurora busy, slow, or the key may not read
// it) and what to do, each said once.
import { Alert, Text } from '@hubspot/ui-extensions';
import { countOf, formatClockTime, listInWords } from '@aurora/format';
import { useTimeZone } from '@aurora/ui-shared';
import type { SyncSummary } from '../../../core/contract';

export function SyncSummaryAlert({ summary }: { summary: SyncSummary }) {
  const timeZone = useTimeZone();
  if (summary.status !== 'partial') return null;
  const { designs, designsLeft, busyUntil, keyLacks } = summary;
  const unfinished = designsLeft > 0 || busyUntil !== null;
  const title = busyUntil ? 'Sync not finished: Aurora is busy' : unfinished ? 'Sync not finished: Aurora was slow to answer' : 'Synced, without some Aurora data';
  // What the structured fields do not explain (e.g. an agreement status left for later) is listed as the sync wrote it.
  const unexplained = designsLeft === 0 && keyLacks.length === 0 ? summary.skipped : [];
  return (
    <Alert title={title} variant="warning">
      <Text>{designsWords(designs, designsLeft)}</Text>
      {unexplained.map((item) => (
        <Text key={item}>• {item}</Text>
      ))}
      {busyUntil ? <Text>Sync again at {formatClockTime(busyUntil, timeZone)} to finish.</Text> : unfinished ? <Text>Press Sync again to finish.</Text> : null}
      {keyLacks.length > 0 ? (
        <Text>
          The Aurora API key may not read {listInWords(keyLacks.map((name) => name.toLowerCase()))}. An Aurora admin can allow it for the key;
          everything else syncs.
        </Text>
      ) : null}
    </Alert>
  );
}

/** "Synced 3 designs.", "Synced 9 of 12 designs completely; the other 3 are not finished.", "None of the 12 designs …". */
function designsWords(designs: number, left: number): string {
  if (left === 0) return `Synced ${countOf(designs, 'design')}.`;
  if (left >= designs) return `None of the ${countOf(designs, 'design')} could be read completely.`;
  return `Synced ${designs - left} of ${countOf(designs, 'design')} completely; the other ${left} ${left === 1 ? 'is' : 'are'} not finished.`;
}

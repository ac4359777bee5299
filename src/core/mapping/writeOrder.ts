// Whether a write of ours may have buried a newer value, read from the written property's history (HubSpot has no
// conditional writes: docs/hubspot-calls.md#property-history). Pure: the caller reads the history and acts on the answer.
import type { HistoryEntry } from '../hubspot/records';

/**
 * - `stands`: no other value landed between the snapshot and our write (the common case: nothing to check in Aurora).
 * - `overwrote`: another writer's value landed after the snapshot and ours went on top of it: it may have been newer
 *   than what we read, so Aurora is asked again.
 * - `overtaken`: another value landed after ours: its writer read Aurora later than our snapshot or checks in turn.
 */
export type WriteOrder = 'stands' | 'overwrote' | 'overtaken';

export interface WriteSnapshot {
  /** A time on HubSpot's clock taken before we read Aurora (the deal's `updatedAt` as our first read saw it). */
  since: string;
  /** The value we wrote. */
  ours: string;
  /**
   * Whether another writer's value could be newer truth than ours: an agreement status moves forward only, so one ours
   * goes beyond is not. Every other value, where values have no order (a project status).
   */
  mayBeNewer?: (value: string) => boolean;
}

export function writeOrder(history: readonly HistoryEntry[], { since, ours, mayBeNewer = () => true }: WriteSnapshot): WriteOrder {
  const snapshot = Date.parse(since);
  // The snapshot is the time of a write already made when we read it: anything at or before it was there before us.
  const after = history.filter((entry) => Date.parse(entry.timestamp) > snapshot).sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const [top, ...below] = after;
  if (!top) return 'stands';
  if (top.value !== ours) return 'overtaken';
  return below.some((entry) => entry.value !== ours && mayBeNewer(entry.value)) ? 'overwrote' : 'stands';
}

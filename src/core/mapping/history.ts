// The per-deal history the card shows: what the app did to the deal and why, newest first. Kept in the deal's
// aurora_history property and written only together with a write the app makes anyway; the last 30 entries are kept.
import type { HistoryEntry } from '../contract';

export const HISTORY_PROPERTY = 'aurora_history';
export const HISTORY_LIMIT = 30;
/** Well under HubSpot's 65,536 characters for a text value, whatever the entries say. */
const MAX_CHARS = 30_000;
const MAX_WHAT = 400;

/** The entries stored on a deal, newest first; anything unreadable is dropped, never thrown. */
export function readHistory(text: string | null | undefined): HistoryEntry[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: Partial<HistoryEntry>) =>
    raw && typeof raw.at === 'string' && typeof raw.what === 'string'
      ? [{ at: raw.at, what: raw.what, ...(typeof raw.by === 'string' ? { by: raw.by } : {}), ...(typeof raw.ignored === 'string' ? { ignored: raw.ignored } : {}) }]
      : [],
  );
}

/** The property value with `entry` on top: bounded in count and size. */
export function withEntry(current: string | null | undefined, entry: HistoryEntry): string {
  const trimmed: HistoryEntry = { ...entry, what: entry.what.slice(0, MAX_WHAT) };
  let entries = [trimmed, ...readHistory(current)].slice(0, HISTORY_LIMIT);
  let text = JSON.stringify(entries);
  while (text.length > MAX_CHARS && entries.length > 1) {
    entries = entries.slice(0, -1);
    text = JSON.stringify(entries);
  }
  return text;
}

/**
 * `{ aurora_history: … }` to add to a deal write; nothing when the deal was read without its history (`undefined`), so an
 * entry can never replace the entries already stored.
 */
export function historyWrite(current: string | null | undefined, at: number | Date, what: string, by?: string | null): Record<string, string> {
  if (current === undefined) return {};
  return { [HISTORY_PROPERTY]: withEntry(current, { at: new Date(at).toISOString(), what, ...(by ? { by } : {}) }) };
}

/**
 * `{ aurora_history: … }` for an Aurora webhook delivery that changed nothing, or nothing when it is not the first of its
 * event since the app last did something else to the deal: repeats coalesce, so ignored deliveries cost at most one
 * write per event kind between two things the app did, never one per duplicate (docs/history.md#ignored-deliveries).
 */
export function ignoredDeliveryWrite(current: string | null | undefined, at: number | Date, event: string, why: string): Record<string, string> {
  if (current === undefined) return {};
  const entries = readHistory(current);
  const lastDone = entries.findIndex((entry) => entry.ignored === undefined);
  const sinceLastDone = lastDone === -1 ? entries : entries.slice(0, lastDone);
  if (sinceLastDone.some((entry) => entry.ignored === event)) return {};
  const what = `Aurora webhook (${event.replace(/_/g, ' ')}) ignored: ${why}`;
  return { [HISTORY_PROPERTY]: withEntry(current, { at: new Date(at).toISOString(), what, ignored: event }) };
}

// Work a sync (or a webhook) left for the next sync, kept on the deal as `kind:id;kind:id` (aurora_sync_pending).

/** Kinds the card knows how to describe (src/app/cards/format.ts). */
export type PendingKind = 'design' | 'screenshot' | 'agreement' | 'project' | 'design_request';

export const pendingItem = (kind: PendingKind, id: string): string => `${kind}:${id}`;

/** The items of an aurora_sync_pending value; blanks and duplicates dropped, order kept. */
export function parsePending(value: string | null | undefined): string[] {
  return [...new Set((value ?? '').split(';').map((item) => item.trim()).filter(Boolean))];
}

/** HubSpot text properties hold at most 65 536 characters; the tail is dropped, the next sync finds it again. */
export function formatPending(items: readonly string[]): string {
  let out = '';
  for (const item of new Set(items)) {
    const next = out ? `${out};${item}` : item;
    if (next.length > 60_000) break;
    out = next;
  }
  return out;
}

/** The id of every item of one kind. */
export const pendingIds = (items: readonly string[], kind: PendingKind): string[] =>
  items.flatMap((item) => (item.startsWith(`${kind}:`) ? [item.slice(kind.length + 1)] : []));

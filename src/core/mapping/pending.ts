// Work a sync (or a webhook) left for the next sync, as `kind:id;kind:id` items. A design's own items live on its
// Aurora Design record (its aurora_sync_pending); the deal's aurora_sync_pending keeps the deal-level items (agreement,
// project, design request) and, on portals set up before the design property existed, design items too
// (docs/pending-work.md).

/** Kinds the card knows how to describe (src/app/cards/format.ts). */
export type PendingKind = 'design' | 'screenshot' | 'agreement' | 'project' | 'design_request';

/** Kinds that name one design: they belong on that design's record. */
const DESIGN_KINDS: readonly string[] = ['design', 'screenshot'] satisfies PendingKind[];

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

/** The design an item is about (`design:<id>`, `screenshot:<id>`), or null for a deal-level item. */
export function designOfItem(item: string): string | null {
  const colon = item.indexOf(':');
  return colon > 0 && DESIGN_KINDS.includes(item.slice(0, colon)) ? item.slice(colon + 1) : null;
}

/** Every item of a deal: its own list and each design record's marks, each once. */
export const allPending = (dealValue: string | null | undefined, designValues: readonly (string | null | undefined)[]): string[] => [
  ...new Set([...parsePending(dealValue), ...designValues.flatMap(parsePending)]),
];

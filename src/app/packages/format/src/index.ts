// The one way the app writes money, energy, system sizes, dates and times, for the card, the settings page and the
// notes the functions write (a plain package with no dependencies, so both the UI extensions and src/core import it).

/** Shown where a value is unknown. */
export const EMPTY = '—';

const isNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

const digits = (value: number, minFraction: number, maxFraction: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: minFraction, maximumFractionDigits: maxFraction });

/** Money in dollars, always with cents, so every price reads the same everywhere: "$24,500.00", "$182.35". */
export function formatMoney(amount: number | null | undefined): string {
  if (!isNumber(amount)) return EMPTY;
  // Whole cents first: float noise (24500.1000000001) never shows.
  const cents = Math.round(amount * 100);
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${digits(Math.abs(cents) / 100, 2, 2)}`;
}

/** A monthly payment: "$182.35/mo". */
export const formatMonthly = (amount: number | null | undefined) => (isNumber(amount) ? `${formatMoney(amount)}/mo` : EMPTY);

/** Price per watt: "$2.92/W". */
export const formatPricePerWatt = (perWatt: number | null | undefined) => (isNumber(perWatt) ? `$${digits(perWatt, 2, 2)}/W` : EMPTY);

/** System size: "8.4 kW", "10.25 kW". */
export const formatKw = (kw: number | null | undefined) => (isNumber(kw) ? `${digits(kw, 1, 2)} kW` : EMPTY);

/** Energy: whole kWh with thousands separators, "12,345 kWh". */
export const formatKwh = (kwh: number | null | undefined) => (isNumber(kwh) ? `${digits(Math.round(kwh), 0, 0)} kWh` : EMPTY);

/** Share of the customer's usage: "98.7%". */
export const formatPercent = (percent: number | null | undefined) => (isNumber(percent) ? `${digits(percent, 0, 1)}%` : EMPTY);

/** "1 design", "12 designs". */
export const countOf = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** "a", "a and b", "a, b and c"; null for nothing. */
export function listInWords(parts: readonly string[]): string | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] ?? null;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const toDate = (value: string | number | Date | null | undefined): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** A calendar date: "Nov 28, 2026" (in `timeZone`, UTC unless given). */
export function formatDate(value: string | number | Date | null | undefined, timeZone = 'UTC'): string {
  const date = toDate(value);
  return date ? date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: safeZone(timeZone) }) : EMPTY;
}

/**
 * A clock time a person can wait for: "14:05" in `timeZone`. Rounded UP to the minute, so "try again at 14:05" is never
 * earlier than the moment it names.
 */
export function formatClockTime(value: string | number | Date | null | undefined, timeZone = 'UTC'): string {
  const date = toDate(value);
  if (!date) return EMPTY;
  const upToMinute = new Date(Math.ceil(date.getTime() / 60_000) * 60_000);
  return upToMinute.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: safeZone(timeZone) });
}

/** "just now", "3 minutes ago", "yesterday", "12 days ago", then the date; `whenMissing` for no timestamp. */
export function relativeTime(iso: string | null | undefined, now: Date, whenMissing: string): string {
  if (!iso) return whenMissing;
  const then = toDate(iso);
  if (!then) return 'unknown';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  // A clock a little ahead of ours is still "just now", not "in 5 seconds".
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${countOf(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${countOf(hours, 'hour')} ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return formatDate(then);
}

/** Turns machine words into a label: "designer_completed" -> "Designer completed", "cancel-pending" -> "Cancel pending". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}

/** A time zone Intl knows, else UTC (a portal's setting may name one this runtime lacks). */
function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** A rep's "ask your HubSpot admin to check X" said to the admin: "Check X" (the settings page is the admin's own). */
export function toAdmin(text: string): string {
  return text
    .replace(/\bAsk your HubSpot admin to (\w)/g, (_match, first: string) => first.toUpperCase())
    .replace(/\bask your HubSpot admin to /g, '')
    .replace(/\bask your HubSpot admin about\b/g, 'look into');
}

const PENDING_NOUNS: Record<string, [string, string]> = {
  design: ['design', 'designs'],
  screenshot: ['screenshot', 'screenshots'],
  agreement: ['agreement', 'agreements'],
  project: ['project update', 'project updates'],
  design_request: ['design request', 'design requests'],
};

/** "2 designs and 1 screenshot" from pending work items like "design:<id>" (ids are of no use to a rep or an admin). */
export function describePending(pending: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const item of pending) {
    const kind = item.split(':')[0]?.trim() || 'item';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const parts = [...counts].map(([kind, count]) => {
    const [one, many] = PENDING_NOUNS[kind] ?? [humanize(kind).toLowerCase(), `${humanize(kind).toLowerCase()} items`];
    return `${count} ${count === 1 ? one : many}`;
  });
  return listInWords(parts);
}

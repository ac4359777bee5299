// Readers for Aurora's wire quirks (offset as "104%" or a number, arrays as a JSON string or an array, two date formats),
// exported for the mapping layer so every caller reads them the same way.
import { auroraArraySchema, type AuroraArray } from './schemas';

/** `"104%"`, `"104"` or `104` → 104; anything else → null ([CODE] both forms seen, docs/aurora-api.md#design-summary). */
export function parseOffsetPercent(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const cleaned = value.trim().replace(/%$/, '').trim();
  if (cleaned === '') return null;
  const parsed = Number(cleaned);
  return Number.isFinite(parsed) ? parsed : null;
}

/** The summary's `arrays`: the docs say a JSON string, real responses carry an array (docs/aurora-api.md#design-summary); malformed items are dropped. */
export function parseArrays(value: unknown): AuroraArray[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const parsed = auroraArraySchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

const AURORA_UTC = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? UTC$/;

/** `"2024-06-01 17:03:11 UTC"` (projects, agreements) or ISO-8601 (designs, milestones) → Date; else null (docs/aurora-api.md#identifiers-and-timestamps). */
export function parseAuroraDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const match = AURORA_UTC.exec(value.trim());
  if (match) {
    const [, y, mo, d, h, mi, s, frac] = match;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
    // Date.UTC rolls month 13 or hour 99 over into a real date; a value that does not round-trip is not a date.
    return date.toISOString().slice(0, 19) === `${y}-${mo}-${d}T${h}:${mi}:${s}` ? date : null;
  }
  // Only strings that look like ISO dates: Date.parse alone would accept "1" or "March".
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return null;
  const parsed = Date.parse(value.trim());
  return Number.isNaN(parsed) ? null : new Date(parsed);
}

/** Date → Aurora's project date format, `"YYYY-MM-DD HH:MM:SS UTC"`. */
export function formatAuroraDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

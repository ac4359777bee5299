// Named, pure conversions between Aurora values and HubSpot property values (HubSpot stores every value as a string).
import type { PropertyType } from '../dataModel';

export type ConversionName = 'text' | 'link' | 'number' | 'integer' | 'wattsToKw' | 'percent' | 'money' | 'datetime' | 'bool';

export interface Conversion {
  /** What the settings page shows for the row. */
  description: string;
  /** HubSpot property types a converted value can be written to. */
  hubspotTypes: readonly PropertyType[];
  /**
   * The HubSpot value: `''` clears the property (Aurora has no value, `null`), `undefined` leaves it alone
   * (the value was not read this time, or cannot be understood).
   */
  toHubSpot(value: unknown): string | undefined;
}

/** Plain decimal text without exponent or float noise (HubSpot rejects "1e-7"). */
export function formatNumber(value: number, decimals = 6): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/** A finite number from a number or numeric text such as "19850", "$41,200.00" or "104%"; otherwise undefined. */
export function parseLooseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(/[\s,$%]/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  const parsed = Number(cleaned);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Aurora sends "2024-06-01 17:03:11 UTC" on projects/agreements and ISO 8601 elsewhere; accepts both, and ms epochs. */
export function parseAuroraDate(value: unknown): Date | undefined {
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && value.trim()) {
    const trimmed = value.trim();
    const auroraFormat = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*UTC$/.exec(trimmed);
    date = new Date(auroraFormat ? `${auroraFormat[1]}T${auroraFormat[2]}Z` : /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed);
  }
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Longest link kept; Aurora's signed links are a few hundred characters. */
const MAX_LINK_LENGTH = 2_048;

/**
 * The link when a rep may safely click it: an absolute http(s) URL without credentials, spaces or control characters.
 * Anything else (`javascript:`, `data:`, `vbscript:`, `file:`, not a URL at all) is null.
 */
export function safeWebLink(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  // eslint-disable-next-line no-control-regex
  if (!text || text.length > MAX_LINK_LENGTH || /[\s\u0000-\u001f\u007f]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || !url.hostname) return null;
  return text;
}

const numeric = (description: string, transform: (n: number) => string): Conversion => ({
  description,
  hubspotTypes: ['number', 'string'],
  toHubSpot(value) {
    if (value === undefined) return undefined;
    if (value === null || value === '') return '';
    const parsed = parseLooseNumber(value);
    return parsed === undefined ? undefined : transform(parsed);
  },
});

export const CONVERSIONS: Record<ConversionName, Conversion> = {
  text: {
    description: 'text as is',
    hubspotTypes: ['string'],
    toHubSpot(value) {
      if (value === undefined) return undefined;
      if (value === null) return '';
      // Control characters (an ANSI escape, a NUL) are never stored; tabs and line breaks are kept.
      // eslint-disable-next-line no-control-regex
      if (typeof value === 'string') return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim().slice(0, 65_536);
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return undefined;
    },
  },
  link: {
    description: 'web link (http or https only; any other link is not stored)',
    hubspotTypes: ['string'],
    toHubSpot(value) {
      if (value === undefined) return undefined;
      if (value === null || value === '') return '';
      return typeof value === 'string' ? (safeWebLink(value) ?? '') : undefined;
    },
  },
  number: numeric('number', (n) => formatNumber(n)),
  integer: numeric('whole number', (n) => String(Math.round(n))),
  wattsToKw: numeric('watts to kW (÷ 1000)', (n) => formatNumber(n / 1000, 3)),
  // Aurora's annual_offset is "104%" in some payloads and 104 in others.
  percent: numeric('percentage (104% → 104)', (n) => formatNumber(n, 2)),
  money: numeric('money as a number (2 decimals)', (n) => formatNumber(n, 2)),
  datetime: {
    description: 'date and time (ISO 8601, UTC)',
    hubspotTypes: ['datetime', 'string'],
    toHubSpot(value) {
      if (value === undefined) return undefined;
      if (value === null || value === '') return '';
      return parseAuroraDate(value)?.toISOString();
    },
  },
  bool: {
    description: 'yes/no',
    hubspotTypes: ['bool', 'string'],
    toHubSpot(value) {
      if (value === undefined) return undefined;
      if (value === null) return '';
      if (typeof value === 'boolean') return String(value);
      if (value === 'true' || value === 'false') return value;
      return undefined;
    },
  },
};

/** Reads a HubSpot number property; empty or malformed → null. */
export function readNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Reads a HubSpot text property; empty → null. */
export function readText(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/** Reads a HubSpot bool property. */
export function readBool(value: string | null | undefined): boolean {
  return value === 'true';
}

/** Reads a HubSpot datetime property (ISO text or ms epoch) as ISO text; empty or malformed → null. */
export function readDatetime(value: string | null | undefined): string | null {
  if (!readText(value)) return null;
  return parseAuroraDate(value)?.toISOString() ?? null;
}

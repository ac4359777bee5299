// Compares HubSpot property values the way HubSpot stores them, so unchanged writes can be skipped.

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const isEmpty = (value: string | null | undefined) => value === null || value === undefined || value === '';

/** True when writing `next` over `current` would not change what HubSpot holds ("8.40" = "8.4", ISO = same instant). */
export function sameHubSpotValue(current: string | null | undefined, next: string): boolean {
  if (isEmpty(current)) return next === '';
  const stored = current as string;
  if (stored === next) return true;
  if (NUMBER.test(stored) && NUMBER.test(next)) return Number(stored) === Number(next);
  if (ISO_DATETIME.test(stored) || ISO_DATETIME.test(next)) {
    const toTime = (value: string) => (/^\d+$/.test(value) ? Number(value) : Date.parse(value));
    const a = toTime(stored);
    const b = toTime(next);
    return Number.isFinite(a) && a === b;
  }
  return false;
}

/** The subset of `next` that differs from `current`. */
export function changedProperties(current: { [name: string]: string | null | undefined }, next: { [name: string]: string | undefined }): Record<string, string> {
  return Object.fromEntries(Object.entries(definedValues(next)).filter(([name, value]) => !sameHubSpotValue(current[name], value)));
}

/** The values to send: a property left undefined is not written (as JSON would leave it out). */
export function definedValues(values: { [name: string]: string | undefined }): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

// Formatting both extensions use: relative times and labels from machine words.

/** "3 minutes ago" from an ISO timestamp; a date once it is more than a month old; `whenMissing` for no timestamp. */
export function relativeTime(iso: string | null | undefined, now: Date, whenMissing: string): string {
  if (!iso) return whenMissing;
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return 'unknown';
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  // A clock a little ahead of ours is still "just now", not "in 5 seconds".
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return ago(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return ago(hours, 'hour');
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return then.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

const ago = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'} ago`;

/** Turns machine words into a label: "designer_completed" -> "Designer completed", "cancel-pending" -> "Cancel pending". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}

/** The colours of HubSpot's StatusTag and Tag. */
export type TagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';

// Authenticates an Aurora webhook delivery: the shared token in the URL template (`t`) or the header Aurora's
// subscription sends, compared in constant time. Custom headers probably never reach HubSpot endpoints (docs/hubspot-platform.md#what-reaches-an-endpoint-function).
import { createHash, timingSafeEqual } from 'node:crypto';
import { TOKEN_PARAM, WEBHOOK_TOKEN_HEADER } from '../aurora/webhookDeliveries';

export type RawHeaders = Record<string, string | readonly string[] | undefined>;

/** Equal-length digests make the comparison constant-time whatever the lengths of the two strings. */
function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** A header's value whatever the case of its name (Node lower-cases, other hosts may not). */
export function headerValue(headers: RawHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = typeof value === 'string' ? value : value?.[0];
    if (first !== undefined) return first;
  }
  return undefined;
}

/** True when the query token or the header carries the expected secret; an empty secret never authenticates. */
export function isAuthentic(expectedToken: string, query: Record<string, string>, headers: RawHeaders): boolean {
  if (!expectedToken) return false;
  const candidates = [query[TOKEN_PARAM], headerValue(headers, WEBHOOK_TOKEN_HEADER)].filter((value): value is string => Boolean(value));
  // Every candidate is compared, so the time taken does not tell which one was wrong.
  return candidates.map((candidate) => sameSecret(expectedToken, candidate)).some(Boolean);
}

// HubSpot's request signatures on workflow action calls (docs/hubspot-workflow-actions.md#signatures): v3 (HMAC-SHA256
// of method + URI + body + timestamp, base64, keyed with the app's client secret, 5 minutes fresh) and v2 (SHA-256 hex of
// secret + method + URI + body), checked in constant time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, type RawHeaders } from '../webhooks/auth';

export const SIGNATURE_V3_HEADER = 'X-HubSpot-Signature-v3';
export const TIMESTAMP_HEADER = 'X-HubSpot-Request-Timestamp';
export const SIGNATURE_HEADER = 'X-HubSpot-Signature';
export const SIGNATURE_VERSION_HEADER = 'X-HubSpot-Signature-Version';

/** HubSpot refuses to count a v3 signature older than this; so do we. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called, scheme and query included (`https://host/path?x=1`). */
  uri: string;
  /** The body exactly as received. */
  body: string;
  headers: RawHeaders;
}

export type SignatureCheck = 'valid' | 'missing' | 'invalid' | 'expired';

/** The characters HubSpot decodes in the URI before signing (its request-validation page lists them). */
const DECODED_IN_URI: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function normalizeUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => DECODED_IN_URI[match.toUpperCase()] ?? match);
}

const sameBytes = (expected: string, given: string): boolean => {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
};

/** The v3 signature HubSpot sends for this request at `timestamp` (ms); also used to play HubSpot in tests and the workbench. */
export function signatureV3(clientSecret: string, request: Omit<SignedRequest, 'headers'>, timestamp: number): string {
  const source = `${request.method.toUpperCase()}${normalizeUri(request.uri)}${request.body}${timestamp}`;
  return createHmac('sha256', clientSecret).update(source, 'utf8').digest('base64');
}

/** The v2 signature: SHA-256 hex of secret + method + URI + body (no timestamp, so it cannot expire). */
export function signatureV2(clientSecret: string, request: Omit<SignedRequest, 'headers'>): string {
  return createHash('sha256').update(`${clientSecret}${request.method.toUpperCase()}${request.uri}${request.body}`, 'utf8').digest('hex');
}

/** The headers HubSpot adds to a v3-signed request. */
export function signedHeaders(clientSecret: string, request: Omit<SignedRequest, 'headers'>, timestamp: number): Record<string, string> {
  return { [SIGNATURE_V3_HEADER]: signatureV3(clientSecret, request, timestamp), [TIMESTAMP_HEADER]: String(timestamp) };
}

/** Checks the v3 signature when present, else the v2 one; `missing` when the request carries neither. */
export function checkSignature(clientSecret: string, request: SignedRequest, now: number): SignatureCheck {
  const v3 = headerValue(request.headers, SIGNATURE_V3_HEADER);
  if (v3 !== undefined) {
    const timestamp = Number(headerValue(request.headers, TIMESTAMP_HEADER));
    if (!Number.isFinite(timestamp)) return 'invalid';
    if (Math.abs(now - timestamp) > MAX_SIGNATURE_AGE_MS) return 'expired';
    return sameBytes(signatureV3(clientSecret, request, timestamp), v3) ? 'valid' : 'invalid';
  }
  const v2 = headerValue(request.headers, SIGNATURE_HEADER);
  if (v2 === undefined) return 'missing';
  const version = headerValue(request.headers, SIGNATURE_VERSION_HEADER) ?? 'v2';
  if (version.toLowerCase() !== 'v2') return 'invalid';
  return sameBytes(signatureV2(clientSecret, request), v2.toLowerCase()) ? 'valid' : 'invalid';
}

// What `npm run probe` reports: one finding per check (confirmed, different, unavailable to this key, not checked),
// the classification of an Aurora failure into one of those, and the table an admin reads; nothing here holds a key.
import {
  AuroraAuthenticationError,
  AuroraError,
  AuroraNotFoundError,
  AuroraPermissionError,
  AuroraUnexpectedResponseError,
  AuroraValidationError,
} from '../aurora/errors';

export type FindingStatus = 'confirmed' | 'different' | 'unavailable' | 'not_checked';

export interface Finding {
  area: 'aurora' | 'hubspot';
  /** What the app relies on, in words ("list a project's agreements"). */
  check: string;
  /** `GET /tenants/:tenantId/projects/:projectId/agreements`, or the endpoint checked. */
  route: string;
  status: FindingStatus;
  /** What was seen when it differs, why it is unavailable or not checked; what was confirmed otherwise. */
  detail: string;
}

/** The probe cannot go on: the key or the tenant is wrong. */
export class ProbeStopped extends Error {}

/**
 * An Aurora failure as a finding: 403 = unavailable to this key; a 404 where the app expects an answer, a refused
 * body or an answer the app's schemas cannot read = different (with what was seen); anything passing (rate limit,
 * 5xx, time) = not checked. 401 stops the probe.
 */
export function findingOfError(check: string, route: string, error: unknown): Finding {
  const at = { area: 'aurora' as const, check, route };
  if (error instanceof AuroraAuthenticationError) throw new ProbeStopped('Aurora did not accept the API key (401): check AURORA_API_KEY.');
  if (!(error instanceof AuroraError)) throw error;
  if (error instanceof AuroraPermissionError) return { ...at, status: 'unavailable', detail: 'Aurora answered 403: this key is not provisioned for it.' };
  if (error instanceof AuroraNotFoundError) return { ...at, status: 'different', detail: 'Aurora answered 404: this route does not exist (or does not find what the app expects) on this tenant.' };
  if (error instanceof AuroraUnexpectedResponseError) return { ...at, status: 'different', detail: `The answer does not match what the app reads: ${error.issues.join('; ')}.` };
  if (error instanceof AuroraValidationError) return { ...at, status: 'different', detail: `Aurora refused what the app sends (422): ${error.messages.join('; ')}.` };
  return { ...at, status: 'not_checked', detail: `${error.message} (try the probe again later).` };
}

const WORDS: Record<FindingStatus, string> = { confirmed: 'confirmed', different: 'DIFFERENT', unavailable: 'unavailable to this key', not_checked: 'not checked' };

/** The findings as a plain-text table, widest cells trimmed so a terminal shows one line per check. */
export function findingsTable(findings: readonly Finding[]): string {
  const rows = findings.map((finding) => [finding.area, finding.route.replace('/tenants/:tenantId', ''), finding.check, WORDS[finding.status], finding.detail]);
  const header = ['area', 'route', 'check', 'result', 'detail'];
  const widths = header.map((title, column) => Math.min(column === 4 ? 200 : 60, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))));
  const line = (cells: string[]) => cells.map((cell, column) => cell.slice(0, widths[column]).padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Counts per status, for the summary line. */
export function countByStatus(findings: readonly Finding[]): Record<FindingStatus, number> {
  const counts: Record<FindingStatus, number> = { confirmed: 0, different: 0, unavailable: 0, not_checked: 0 };
  for (const finding of findings) counts[finding.status]++;
  return counts;
}

/** Blanks every secret out of a text (findings are printed and written to a file). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  return secrets.reduce<string>((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out), text);
}

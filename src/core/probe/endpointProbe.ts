// The HubSpot half of `npm run probe`: against a deployed portal, checks that the public webhook endpoint receives the
// query token (a call with it is acknowledged, one without it refused) and answers well within Aurora's ~10 s
// (docs/hubspot-platform.md#what-reaches-an-endpoint-function, docs/aurora-api.md#webhook-delivery).
import type { Finding } from './findings';

export interface EndpointProbeInput {
  /** AURORA_WEBHOOK_URL: https://<domain>/hs/serverless/aurora/webhook */
  endpointUrl: string;
  /** AURORA_WEBHOOK_TOKEN */
  token: string;
  /** Answers slower than this are reported (the receiver aims at 8 s; Aurora gives up at about 10 s). */
  answerWithinMs?: number;
  now?: () => number;
}

/** An event name no handler knows: the receiver acknowledges it (200, "ignored") once the token checks out, writing nothing. */
export const PROBE_EVENT = 'aurora_for_hubspot_probe';

interface Answer {
  status: number;
  outcome: string | undefined;
  ms: number;
}

async function call(url: URL, now: () => number, timeoutMs: number): Promise<Answer | string> {
  const started = now();
  try {
    const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let outcome: string | undefined;
    try {
      outcome = (JSON.parse(text) as { outcome?: string }).outcome;
    } catch {
      outcome = undefined;
    }
    return { status: response.status, outcome, ms: now() - started };
  } catch (error) {
    return error instanceof Error ? error.message : 'no answer';
  }
}

/** Two GETs as Aurora sends them: with the token (expect 200 "ignored") and without (expect 401). */
export async function probeEndpoint(input: EndpointProbeInput): Promise<Finding[]> {
  const now = input.now ?? Date.now;
  const limit = input.answerWithinMs ?? 8_000;
  const url = (withToken: boolean) => {
    const target = new URL(input.endpointUrl);
    if (withToken) target.searchParams.set('t', input.token);
    target.searchParams.set('evt', PROBE_EVENT);
    return target;
  };
  const route = `GET ${new URL(input.endpointUrl).origin}${new URL(input.endpointUrl).pathname}`;
  const finding = (check: string, status: Finding['status'], detail: string): Finding => ({ area: 'hubspot', check, route, status, detail });

  const signed = await call(url(true), now, 15_000);
  const unsigned = await call(url(false), now, 15_000);
  const findings: Finding[] = [];
  if (typeof signed === 'string') findings.push(finding('the endpoint receives the query token', 'different', `No answer: ${signed}.`));
  else if (signed.status === 200 && signed.outcome === 'ignored') findings.push(finding('the endpoint receives the query token', 'confirmed', `200 with the token (outcome "ignored", ${signed.ms} ms).`));
  else findings.push(finding('the endpoint receives the query token', 'different', `With the token it answered ${signed.status}${signed.outcome ? ` (${signed.outcome})` : ''}, not 200 "ignored": the query string may not reach the function.`));
  if (typeof unsigned === 'string') findings.push(finding('a call without the token is refused', 'different', `No answer: ${unsigned}.`));
  else findings.push(finding('a call without the token is refused', unsigned.status === 401 ? 'confirmed' : 'different', `Without the token it answered ${unsigned.status}.`));
  if (typeof signed !== 'string') {
    findings.push(finding('the endpoint answers in time', signed.ms <= limit ? 'confirmed' : 'different', `${signed.ms} ms (the receiver aims at ${limit} ms; Aurora gives up at about 10 000 ms).`));
  }
  return findings;
}

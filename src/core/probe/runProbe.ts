// The probe use case: from the app's configuration, run the Aurora checks (and the endpoint checks when a portal's
// endpoint is given), and return findings with every secret blanked out, ready to print and to save.
import { createAuroraClient } from '../aurora/client';
import { environmentOfKey, type Config } from '../config';
import { probeAurora } from './auroraProbe';
import { probeEndpoint } from './endpointProbe';
import { countByStatus, ProbeStopped, redact, type Finding, type FindingStatus } from './findings';

export interface ProbeReport {
  /** When the probe ran (ISO). */
  ranAt: string;
  aurora: { environment: string; tenantId: string; baseUrl: string; sandbox: boolean } | null;
  /** Why the probe stopped early (a wrong key or tenant), if it did. */
  stopped: string | null;
  findings: Finding[];
  counts: Record<FindingStatus, number>;
}

export interface ProbeOptions {
  /** Check the deployed public endpoint too (AURORA_WEBHOOK_URL + AURORA_WEBHOOK_TOKEN). */
  endpoint?: boolean;
  /** Budget for the whole probe; default 5 minutes (Aurora allows 90 requests a minute; the probe needs about 40). */
  budgetMs?: number;
  now?: () => number;
}

/** Runs the probe described by `config`; never throws for Aurora's answers, only reports them. */
export async function runProbe(config: Config, options: ProbeOptions = {}): Promise<ProbeReport> {
  const now = options.now ?? Date.now;
  const findings: Finding[] = [];
  let stopped: string | null = null;
  const aurora = config.aurora;
  const sandbox = aurora ? environmentOfKey(aurora.apiKey) === 'sandbox' : false;
  if (!aurora) stopped = `Aurora is not configured: ${config.missing.map((setting) => setting.name).join(', ')} missing.`;
  else {
    const client = createAuroraClient({ apiKey: aurora.apiKey, tenantId: aurora.tenantId, baseUrl: aurora.baseUrl, apiVersion: aurora.apiVersion });
    try {
      const assetHosts = [aurora.baseUrl, ...config.extraAssetHosts];
      findings.push(...(await probeAurora({ aurora: client, sandbox, assetHosts, webhookUrl: config.webhookUrl, deadline: now() + (options.budgetMs ?? 300_000) })));
    } catch (error) {
      if (!(error instanceof ProbeStopped)) throw error;
      stopped = error.message;
    }
  }
  if (options.endpoint) {
    if (config.webhookUrl && config.webhookToken) findings.push(...(await probeEndpoint({ endpointUrl: config.webhookUrl, token: config.webhookToken, now })));
    else findings.push({ area: 'hubspot', check: 'the endpoint receives the query token', route: '-', status: 'not_checked', detail: 'Set AURORA_WEBHOOK_URL and AURORA_WEBHOOK_TOKEN to check the deployed endpoint.' });
  }
  const secrets = [aurora?.apiKey, config.webhookToken, config.hubspot?.accessToken];
  const clean = findings.map((finding) => ({ ...finding, detail: redact(finding.detail, secrets), route: redact(finding.route, secrets) }));
  return {
    ranAt: new Date(now()).toISOString(),
    aurora: aurora ? { environment: aurora.environment, tenantId: aurora.tenantId, baseUrl: aurora.baseUrl, sandbox } : null,
    stopped: stopped === null ? null : redact(stopped, secrets),
    findings: clean,
    counts: countByStatus(clean),
  };
}

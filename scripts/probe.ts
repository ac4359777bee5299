// `npm run probe`: the first-contact check an admin runs once with the app's Aurora credentials (a sandbox key lets it
// create at Aurora's test address; any other key only reads) and, with --endpoint, against the deployed portal's
// webhook endpoint. Prints a table, writes the findings as JSON, never prints a key. Usage:
//   AURORA_API_KEY=… AURORA_TENANT_ID=… [AURORA_WEBHOOK_URL=… AURORA_WEBHOOK_TOKEN=…] npm run probe -- [--endpoint] [--out file.json]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../src/core/config';
import { findingsTable } from '../src/core/probe/findings';
import { runProbe } from '../src/core/probe/runProbe';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const out = path.resolve(argument('--out') ?? 'probe-findings.json');
  const report = await runProbe(readConfig(process.env), { endpoint: process.argv.includes('--endpoint') });
  const where = report.aurora ? `${report.aurora.environment} tenant ${report.aurora.tenantId} at ${report.aurora.baseUrl}${report.aurora.sandbox ? ' (sandbox key: the probe may create)' : ' (read only)'}` : 'no Aurora';
  console.log(`Aurora for HubSpot probe: ${where}\n`);
  console.log(findingsTable(report.findings));
  const { confirmed, different, unavailable, not_checked: notChecked } = report.counts;
  console.log(`\n${confirmed} confirmed, ${different} different, ${unavailable} unavailable to this key, ${notChecked} not checked.`);
  if (report.stopped) console.log(`Stopped: ${report.stopped}`);
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Findings written to ${out}${different ? ': send it to whoever maintains the app.' : '.'}`);
  return report.stopped || different ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `The probe failed: ${error.message}` : 'The probe failed.');
    process.exit(2);
  },
);

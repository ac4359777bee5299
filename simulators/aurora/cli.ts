// Runs the Aurora simulator from the command line with the demo tenant:
//   npx tsx simulators/aurora/cli.ts --port 4010 [--design-request-delay 5000] [--simulate-after 3000] [--rate-limit 90/60000] [--empty]
import { parseArgs } from 'node:util';
import { startAuroraSimulator } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    'design-request-delay': { type: 'string' },
    'simulate-after': { type: 'string' },
    'rate-limit': { type: 'string' },
    empty: { type: 'boolean', default: false },
  },
});

const number = (text: string | undefined, name: string): number | undefined => {
  if (text === undefined) return undefined;
  const parsed = Number(text);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number of milliseconds`);
  return parsed;
};

async function main(): Promise<void> {
  const [requests, perMs] = (values['rate-limit'] ?? '90/60000').split('/').map(Number);
  if (!requests || !perMs) throw new Error('--rate-limit must look like 90/60000 (requests/milliseconds)');
  const simulator = await startAuroraSimulator({
    port: Number(values.port),
    seed: !values.empty,
    rateLimit: { requests, perMs },
    designRequestDelayMs: number(values['design-request-delay'], 'design-request-delay') ?? 5_000,
    simulationDelayMs: number(values['simulate-after'], 'simulate-after') ?? null,
  });
  const lines = [`Aurora simulator listening on ${simulator.url}`, `  control:         ${simulator.url}/__sim`];
  if (simulator.demo) {
    lines.push(
      `  tenant id:       ${simulator.demo.tenantId}`,
      `  standard key:    ${simulator.demo.standardKey}`,
      `  restricted key:  ${simulator.demo.restrictedKey}  (no pricing, no financings)`,
      `  env:             AURORA_BASE_URL=${simulator.url} AURORA_TENANT_ID=${simulator.demo.tenantId} AURORA_API_KEY=${simulator.demo.standardKey}`,
    );
  }
  console.log(lines.join('\n'));
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

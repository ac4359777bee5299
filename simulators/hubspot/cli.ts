// Runs the HubSpot simulator from the command line: npx tsx simulators/hubspot/cli.ts [--port 4020] [--no-seed] [--token T]
import { ALL_SCOPES, DEFAULT_ACCESS_TOKEN, startHubSpotSimulator } from './index';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(option('port') ?? 4020);
  const token = option('token') ?? DEFAULT_ACCESS_TOKEN;
  const sim = await startHubSpotSimulator({
    port: Number.isInteger(port) ? port : 4020,
    seed: !process.argv.includes('--no-seed'),
    tokens: { [token]: ALL_SCOPES },
  });
  console.log(`HubSpot simulator on ${sim.url} (portal ${sim.portalId})`);
  console.log(`  HUBSPOT_BASE_URL=${sim.url} HUBSPOT_ACCESS_TOKEN=${token}`);
  if (sim.demo) console.log(`  demo deals: ${Object.entries(sim.demo.deals).map(([name, id]) => `${name}=${id}`).join(' ')}`);
  console.log(`  live view: ${sim.url}/__sim/deals`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

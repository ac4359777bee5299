// The workbench's settings: ports, and whether Aurora and HubSpot are the embedded simulators or real services,
// read from an env map (the process environment over a local `.env`).
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

export interface WorkbenchPorts {
  workbench: number;
  aurora: number;
  hubspot: number;
  functions: number;
}

export interface WorkbenchSettings {
  ports: WorkbenchPorts;
  /** `remote` when AURORA_API_KEY and AURORA_TENANT_ID are set: the functions talk to that Aurora. */
  aurora: { mode: 'simulator' } | { mode: 'remote'; apiKey: string; tenantId: string; baseUrl: string | undefined };
  /** `remote` when HUBSPOT_ACCESS_TOKEN is set: the functions and the page talk to that portal. */
  hubspot: { mode: 'simulator' } | { mode: 'remote'; accessToken: string; baseUrl: string | undefined; portalId: number };
  /** Where a remote Aurora must send webhooks (a tunnel to the functions host); defaults to the local endpoint. */
  webhookUrl: string | undefined;
  webhookToken: string | undefined;
  /** How often the page re-reads the deal's properties and the simulator's state. */
  pollMs: number;
}

/** Names of the ports' variables, for messages. */
export const PORT_VARIABLES: Record<keyof WorkbenchPorts, string> = {
  workbench: 'WORKBENCH_PORT',
  aurora: 'AURORA_SIM_PORT',
  hubspot: 'HUBSPOT_SIM_PORT',
  functions: 'FUNCTIONS_PORT',
};

const DEFAULT_PORTS: WorkbenchPorts = { workbench: 3000, aurora: 3001, hubspot: 3002, functions: 3003 };

const port = z.coerce.number().int().min(0).max(65535);

/** Parses a `.env` file: KEY=value lines, `#` comments, optional `export ` and matching quotes around the value. */
export function parseDotEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest = ''] = match;
    const quoted = /^(["'])(.*)\1$/.exec(rest);
    values[key!] = quoted ? quoted[2]! : rest.replace(/\s+#.*$/, '');
  }
  return values;
}

const read = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** Reads the settings; throws an Error naming the variable when a port is not a number. */
export function readWorkbenchSettings(env: Env): WorkbenchSettings {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_VARIABLES) as (keyof WorkbenchPorts)[]) {
    const raw = read(env, PORT_VARIABLES[key]);
    if (raw === undefined) continue;
    const parsed = port.safeParse(raw);
    if (!parsed.success) throw new Error(`${PORT_VARIABLES[key]}=${raw} is not a port number (0-65535).`);
    ports[key] = parsed.data;
  }
  const apiKey = read(env, 'AURORA_API_KEY');
  const tenantId = read(env, 'AURORA_TENANT_ID');
  const accessToken = read(env, 'HUBSPOT_ACCESS_TOKEN');
  const pollMs = port.safeParse(read(env, 'WORKBENCH_POLL_MS') ?? '2000');
  return {
    ports,
    aurora: apiKey && tenantId ? { mode: 'remote', apiKey, tenantId, baseUrl: read(env, 'AURORA_BASE_URL') } : { mode: 'simulator' },
    hubspot: accessToken
      ? { mode: 'remote', accessToken, baseUrl: read(env, 'HUBSPOT_BASE_URL'), portalId: Number(read(env, 'HUBSPOT_PORTAL_ID') ?? 0) || 0 }
      : { mode: 'simulator' },
    webhookUrl: read(env, 'AURORA_WEBHOOK_URL'),
    webhookToken: read(env, 'AURORA_WEBHOOK_TOKEN'),
    pollMs: pollMs.success && pollMs.data >= 250 ? pollMs.data : 2000,
  };
}

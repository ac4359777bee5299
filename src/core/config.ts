// The one reader of process.env: turns the environment into a typed Config and says which settings are missing.

/** Where the Aurora API lives; derived from the key prefix unless AURORA_BASE_URL overrides it. */
export type AuroraEnvironment = 'sandbox' | 'production' | 'custom';

export interface AuroraConfig {
  apiKey: string;
  tenantId: string;
  environment: AuroraEnvironment;
  /** REST API origin, no trailing slash. */
  baseUrl: string;
  /** Aurora web app origin, for deep links into projects. */
  appUrl: string;
  /** Optional `Aurora-API-Version` header; the key's pinned version applies when absent. */
  apiVersion: string | undefined;
}

export interface HubSpotConfig {
  accessToken: string;
  /** Overrides https://api.hubapi.com (the HubSpot simulator in tests and the workbench). */
  baseUrl: string | undefined;
}

export interface Config {
  aurora: AuroraConfig | undefined;
  hubspot: HubSpotConfig | undefined;
  /** Shared secret Aurora's webhook deliveries must carry (query token or header). */
  webhookToken: string | undefined;
  /** Public URL of the webhook endpoint function, used when registering subscriptions. */
  webhookUrl: string | undefined;
  /** Hosts the screenshot downloader may fetch from, besides Aurora's own. */
  extraAssetHosts: string[];
  /** Where the standalone webhook receiver listens (AURORA_WEBHOOK_LISTEN_HOST / _PORT); loopback by default. */
  webhookListen: { host: string; port: number };
  /** The app's client secret: hosts that see HubSpot's headers check workflow action signatures with it. */
  hubspotClientSecret: string | undefined;
  /** Names of the settings that are missing, in words an admin can act on. */
  missing: MissingSetting[];
}

export interface MissingSetting {
  name: string;
  why: string;
}

export class ConfigError extends Error {
  constructor(readonly missing: MissingSetting[]) {
    super(`The app is not set up: ${missing.map((m) => m.name).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`);
    this.name = 'ConfigError';
  }
}

const AURORA_HOSTS: Record<Exclude<AuroraEnvironment, 'custom'>, { api: string; app: string }> = {
  production: { api: 'https://api.aurorasolar.com', app: 'https://v2.aurorasolar.com' },
  sandbox: { api: 'https://api-sandbox.aurorasolar.com', app: 'https://v2-sandbox.aurorasolar.com' },
};

type Env = Record<string, string | undefined>;

const read = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

const stripSlash = (url: string): string => url.replace(/\/+$/, '');

/** Aurora keys are `sk_`/`rk_` followed by `sand_` or `prod_` (docs.aurorasolar.com/reference/authentication). */
export function environmentOfKey(apiKey: string): Exclude<AuroraEnvironment, 'custom'> {
  return /^(sk|rk)_sand_/.test(apiKey) ? 'sandbox' : 'production';
}

/** Reads every setting the app understands; never throws, so a half-configured app can still explain itself. */
export function readConfig(env: Env = process.env): Config {
  const missing: MissingSetting[] = [];
  const apiKey = read(env, 'AURORA_API_KEY');
  const tenantId = read(env, 'AURORA_TENANT_ID');
  if (!apiKey) missing.push({ name: 'AURORA_API_KEY', why: 'the Aurora API key (hs secret add AURORA_API_KEY)' });
  if (!tenantId) missing.push({ name: 'AURORA_TENANT_ID', why: 'the Aurora tenant id (hs secret add AURORA_TENANT_ID)' });

  let aurora: AuroraConfig | undefined;
  if (apiKey && tenantId) {
    const override = read(env, 'AURORA_BASE_URL');
    const keyEnvironment = environmentOfKey(apiKey);
    aurora = {
      apiKey,
      tenantId,
      environment: override ? 'custom' : keyEnvironment,
      baseUrl: stripSlash(override ?? AURORA_HOSTS[keyEnvironment].api),
      appUrl: stripSlash(read(env, 'AURORA_APP_URL') ?? AURORA_HOSTS[keyEnvironment].app),
      apiVersion: read(env, 'AURORA_API_VERSION'),
    };
  }

  // Card-called functions get PRIVATE_APP_ACCESS_TOKEN from HubSpot; the public endpoint needs its own token secret.
  const accessToken = read(env, 'PRIVATE_APP_ACCESS_TOKEN') ?? read(env, 'HUBSPOT_ACCESS_TOKEN');
  if (!accessToken) missing.push({ name: 'HUBSPOT_ACCESS_TOKEN', why: 'a HubSpot access token for this app' });
  const hubspot = accessToken ? { accessToken, baseUrl: read(env, 'HUBSPOT_BASE_URL') } : undefined;

  const extraAssetHosts = (read(env, 'AURORA_ASSET_HOSTS') ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);

  return {
    aurora,
    hubspot,
    webhookToken: read(env, 'AURORA_WEBHOOK_TOKEN'),
    webhookUrl: read(env, 'AURORA_WEBHOOK_URL'),
    extraAssetHosts,
    webhookListen: { host: read(env, 'AURORA_WEBHOOK_LISTEN_HOST') ?? '127.0.0.1', port: listenPort(read(env, 'AURORA_WEBHOOK_LISTEN_PORT')) },
    hubspotClientSecret: read(env, 'HUBSPOT_CLIENT_SECRET'),
    missing,
  };
}

/** A TCP port from the environment; 8080 when unset or not a port. */
function listenPort(text: string | undefined): number {
  const port = Number(text);
  return text !== undefined && Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : 8080;
}

/** The Aurora settings, or a ConfigError naming what is missing. */
export function requireAurora(config: Config): AuroraConfig {
  if (!config.aurora) throw new ConfigError(config.missing.filter((m) => m.name.startsWith('AURORA_')));
  return config.aurora;
}

/** The HubSpot settings, or a ConfigError naming what is missing. */
export function requireHubSpot(config: Config): HubSpotConfig {
  if (!config.hubspot) throw new ConfigError(config.missing.filter((m) => m.name.startsWith('HUBSPOT_')));
  return config.hubspot;
}

// Builds what the use cases need from the config: the Aurora client, the HubSpot store, the clock, the asset downloader.
import { sharedBoard, type BudgetBoard, type CallPriority } from './aurora/budget';
import { createAuroraClient, type AuroraClient } from './aurora/client';
import { readBusyUntil, writeBusyUntil } from './hubspot/budgetRecord';
import { ConfigError, requireHubSpot, type Config } from './config';
import { createHubSpotStore, type HubSpotStore } from './hubspot/store';
import { FIELD_MAP, type FieldMap } from './mapping/fieldMap';
import { createAssetDownloader, type AssetDownloader } from './sync/assets';

export interface Deps {
  /** The Aurora client; reading it throws ConfigError when the Aurora settings are missing (HubSpot-only use cases never do). */
  readonly aurora: AuroraClient;
  readonly hubspot: HubSpotStore;
  /** Epoch ms; deadlines are measured against it. */
  readonly now: () => number;
  /** Aurora web app origin for deep links (v2 or v2-sandbox), '' when Aurora is not configured. */
  readonly auroraAppUrl: string;
  /** Fetches design assets (screenshots, DXF) from Aurora's hosts only, size-capped, without credentials. */
  readonly assets: AssetDownloader;
  readonly fieldMap: FieldMap;
  /** What an admin still has to set up, in plain words (missing secrets); empty when configured. */
  readonly setupProblems: string[];
}

/** How a function invocation uses Aurora's budget: a rep's click, or work an engine repeats (webhooks, automation). */
export interface DepsOptions {
  priority?: CallPriority;
  /** The budget board every invocation shares; default: the record in HubSpot (hubspot/budgetRecord.ts). */
  board?: BudgetBoard;
}

/** A card-called function's own deadline: HubSpot stops project functions after 15 s (2023.2 docs), so 3 s stay spare. */
export const CARD_DEADLINE_MS = 12_000;

/** Requests in flight to Aurora at once (the client's gate and the sync's scheduler use the same number). */
export const AURORA_CONCURRENCY = 4;

/**
 * Deps for one function call. The HubSpot store is required (a ConfigError names what is missing); the Aurora client is
 * built on first use, so the card's overview still works, and says what is missing, before Aurora is configured.
 */
export function createDeps(config: Config, overrides: Partial<Deps> = {}, options: DepsOptions = {}): Deps {
  const now = overrides.now ?? Date.now;
  const hubspotConfig = overrides.hubspot ? undefined : requireHubSpot(config);
  const hubspot = overrides.hubspot ?? createHubSpotStore({ accessToken: hubspotConfig!.accessToken, baseUrl: hubspotConfig!.baseUrl, clock: now });
  const aurora = config.aurora;
  let client: AuroraClient | undefined = overrides.aurora;
  const assetHosts = aurora ? [aurora.baseUrl, ...config.extraAssetHosts] : config.extraAssetHosts;
  return {
    get aurora(): AuroraClient {
      if (client) return client;
      if (!aurora) throw new ConfigError(config.missing.filter((m) => m.name.startsWith('AURORA_')));
      const board = options.board ?? sharedBoard({ read: () => readBusyUntil(hubspot, now), write: (until) => writeBusyUntil(hubspot, until, now) });
      // Read while the use case reads HubSpot, so knowing the budget costs no wall time before the first Aurora call.
      void board.busyUntil();
      client = createAuroraClient({
        apiKey: aurora.apiKey,
        tenantId: aurora.tenantId,
        baseUrl: aurora.baseUrl,
        apiVersion: aurora.apiVersion,
        maxConcurrency: AURORA_CONCURRENCY,
        board,
        priority: options.priority ?? 'interactive',
        now,
      });
      return client;
    },
    hubspot,
    now,
    auroraAppUrl: overrides.auroraAppUrl ?? aurora?.appUrl ?? '',
    assets: overrides.assets ?? createAssetDownloader({ allowedHosts: assetHosts, now }),
    fieldMap: overrides.fieldMap ?? FIELD_MAP,
    setupProblems: overrides.setupProblems ?? config.missing.map((m) => `${m.name} is missing: ${m.why}.`),
  };
}

// Builds what the use cases need from the config: the Aurora client, the HubSpot store, the clock, the asset downloader.
import type { BudgetBoard, CallPriority } from './aurora/budget';
import { createAuroraClient, type AuroraClient } from './aurora/client';
import { requireAurora, requireHubSpot, type Config } from './config';
import { createHubSpotStore, type HubSpotStore } from './hubspot/store';
import type { FieldMap } from './mapping/fieldMap';
import type { PostSaleSettings } from './mapping/postSale';
import { DEFAULT_SETTINGS, fieldMapOf, postSaleOf, type AppSettings } from './settings/model';
import { settingsRecordBoard } from './settings/budgetBoard';
import { readSettings, SETTINGS_RECORD_ID } from './settings/store';
import { prefetchingStore } from './hubspot/prefetch';
import type { DesignPropertyKey } from './dataModel';
import { createAssetDownloader, type AssetDownloader } from './aurora/downloader';

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
  /** Where a signed contract moves the deal, per pipeline. */
  readonly postSale: PostSaleSettings;
  /** The admin's settings in force for this call (the field map and post-sale rule above are derived from them). */
  readonly settings: AppSettings;
  /** When those settings were saved (ISO), when read from the portal: a deal synced before reads whole again. */
  readonly settingsSavedAt?: string | null;
  /** What an admin still has to set up, in plain words (missing secrets); empty when configured. */
  readonly setupProblems: string[];
}

/**
 * How long each app function may work, in one place. HubSpot stops project functions after 15 s (2023.2 docs): a card
 * action keeps 3 s spare; the settings page's read-only checks stop earlier and say what they could not check.
 * (The webhook's own budget, 8 s against Aurora's 10 s, is WEBHOOK_TIMING in webhooks/receiver.ts.)
 */
export const DEADLINES_MS = { card: 12_000, settingsRead: 10_000 } as const;

/** A card-called function's own deadline (also the installer's and the webhook registration's). */
export const CARD_DEADLINE_MS = DEADLINES_MS.card;

/** How a function invocation uses Aurora's budget: a rep's click, or work an engine repeats (webhooks, automation). */
export interface DepsOptions {
  priority?: CallPriority;
  /** The budget board every invocation shares; default: the one on the settings record (settings/budgetBoard.ts). */
  board?: BudgetBoard;
  /**
   * Design records (by Aurora design id) the call reads next, and their properties: read together with the settings
   * record in one HubSpot call (hubspot/prefetch.ts). The settings are still read on every call.
   */
  alsoRead?: { designIds: readonly string[]; properties: readonly DesignPropertyKey[] };
}

/** Requests in flight to Aurora at once: the client's one queue (aurora/limiter.ts ConcurrencyGate) holds the rest, most urgent first. */
export const AURORA_CONCURRENCY = 4;

/** The one place an Aurora client is built from the config; a ConfigError names what is missing. */
export function auroraClientFor(config: Config, now: () => number = Date.now, budget: { board?: BudgetBoard; priority?: CallPriority } = {}): AuroraClient {
  const aurora = requireAurora(config);
  return createAuroraClient({ apiKey: aurora.apiKey, tenantId: aurora.tenantId, baseUrl: aurora.baseUrl, apiVersion: aurora.apiVersion, maxConcurrency: AURORA_CONCURRENCY, now, ...budget });
}

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
  const settings = overrides.settings ?? DEFAULT_SETTINGS;
  const extraHosts = [...config.extraAssetHosts, ...settings.extraAssetHosts];
  const assetHosts = aurora ? [aurora.baseUrl, ...extraHosts] : extraHosts;
  return {
    get aurora(): AuroraClient {
      if (client) return client;
      requireAurora(config);
      const board = options.board ?? settingsRecordBoard(hubspot, now);
      // Read while the use case reads HubSpot, so knowing the budget costs no wall time before the first Aurora call.
      void board.busyUntil();
      client = auroraClientFor(config, now, { board, priority: options.priority ?? 'interactive' });
      return client;
    },
    hubspot,
    now,
    auroraAppUrl: overrides.auroraAppUrl ?? aurora?.appUrl ?? '',
    assets: overrides.assets ?? createAssetDownloader({ allowedHosts: assetHosts, now }),
    fieldMap: overrides.fieldMap ?? fieldMapOf(settings),
    postSale: overrides.postSale ?? postSaleOf(settings),
    settings,
    settingsSavedAt: overrides.settingsSavedAt ?? null,
    setupProblems: overrides.setupProblems ?? config.missing.map((m) => `${m.name} is missing: ${m.why}.`),
  };
}

/** The store that reads the settings record and the call's design records together (they share one object). */
const withSettingsRecord = (hubspot: HubSpotStore, alsoRead: NonNullable<DepsOptions['alsoRead']>): HubSpotStore =>
  prefetchingStore(hubspot, { object: 'aurora_design', idProperty: 'aurora_design_id', values: [SETTINGS_RECORD_ID, ...alsoRead.designIds], properties: alsoRead.properties });

/** Time the settings read may take before a call's own work starts. */
const SETTINGS_READ_MS = 3_000;

/** Deps with the admin's settings read from the portal (one HubSpot read): a saved change is in effect on the next call. */
export async function loadDeps(config: Config, overrides: Partial<Deps> = {}, options: DepsOptions = {}): Promise<Deps> {
  const created = createDeps(config, overrides, options);
  const { alsoRead } = options;
  const base = alsoRead?.designIds.length && !overrides.settings ? createDeps(config, { ...overrides, hubspot: withSettingsRecord(created.hubspot, alsoRead) }, options) : created;
  const inForce = overrides.settings ? null : await readSettings(base.hubspot, { deadline: base.now() + SETTINGS_READ_MS });
  if (!inForce) return base;
  // The budget board came with the settings: the Aurora client needs no read of its own.
  const board = options.board ?? settingsRecordBoard(base.hubspot, base.now, inForce.busyUntil);
  return createDeps(config, { ...overrides, hubspot: base.hubspot, settings: inForce.settings, settingsSavedAt: inForce.savedAt }, { ...options, board });
}

// Where the settings live in HubSpot: one record of the app's Aurora Design object (kind "settings", id settings:portal)
// holding what the admin saved, the last settings that passed every check, and a bounded log of changes
// (docs/settings.md#where-the-settings-live).
import type { SettingsChange } from '../contract';
import { HubSpotSetupError } from '../hubspot/errors';
import type { CallOptions } from '../hubspot/runner';
import type { HubSpotStore } from '../hubspot/store';
import { type DesignPropertyName, RECORD_KINDS } from '../dataModel';
import { DEFAULT_SETTINGS, type AppSettings } from './model';
import { parseSettings } from './validate';

export const SETTINGS_RECORD_ID = 'settings:portal';
/** Changes kept in the log; older ones drop off (a HubSpot text value holds at most 65,536 characters). */
export const LOG_LIMIT = 25;
const LINES_PER_CHANGE = 12;
const LINE_CHARS = 200;
// The Aurora budget board shares the record (settings/budgetBoard.ts): read here, it costs no call of its own.
const READ: readonly DesignPropertyName[] = ['aurora_settings', 'aurora_settings_last_good', 'aurora_settings_log', 'aurora_busy_until'];

/** The settings in force for this call, and why. */
export interface SettingsInForce {
  settings: AppSettings;
  /** `saved`: what the admin saved; `last_good`: the saved ones are unusable; `defaults`: nothing saved yet. */
  source: 'saved' | 'last_good' | 'defaults';
  savedAt: string | null;
  savedBy: string | null;
  /** Why the saved settings are not in force, in plain words; null when they are. */
  problem: string | null;
  log: SettingsChange[];
  /** The budget board's value read with the settings (epoch ms; 0 when none). */
  busyUntil: number;
}

interface Saved {
  settings: unknown;
  savedAt: string;
  savedBy: string | null;
}

/** The budget board's time on the record (settings/budgetBoard.ts), epoch ms; 0 when none is recorded. */
export const busyUntilOf = (value: string | null | undefined): number => {
  const stored = Date.parse(value ?? '');
  return Number.isFinite(stored) ? stored : 0;
};

/** Reads the settings record: the saved settings when usable, else the last good ones, else the defaults. Never throws on bad data. */
export async function readSettings(hubspot: Pick<HubSpotStore, 'getRecord'>, options: CallOptions): Promise<SettingsInForce> {
  let record;
  try {
    record = await hubspot.getRecord('aurora_design', SETTINGS_RECORD_ID, READ, { ...options, idProperty: 'aurora_design_id' });
  } catch (error) {
    // Before "Set up HubSpot" there is no object to hold settings: the app runs on its defaults.
    if (error instanceof HubSpotSetupError) return defaultsInForce();
    throw error;
  }
  if (!record) return defaultsInForce();
  const busyUntil = busyUntilOf(record.properties.aurora_busy_until);
  // A record holding only the budget board: nothing saved yet.
  if (!record.properties.aurora_settings && !record.properties.aurora_settings_last_good) return { ...defaultsInForce(), busyUntil };
  const log = parseLog(record.properties.aurora_settings_log);
  const saved = parseSaved(record.properties.aurora_settings);
  const usable = saved ? parseSettings(saved.settings) : null;
  if (saved && usable?.settings) return { settings: usable.settings, source: 'saved', savedAt: saved.savedAt, savedBy: saved.savedBy, problem: null, log, busyUntil };

  const why = saved ? `the saved settings cannot be used (${usable!.problems.map((p) => `${p.field}: ${p.message}`).join('; ')})` : 'the saved settings are not readable';
  const lastGood = parseSaved(record.properties.aurora_settings_last_good);
  const good = lastGood ? parseSettings(lastGood.settings).settings : null;
  if (lastGood && good) {
    return { settings: good, source: 'last_good', savedAt: lastGood.savedAt, savedBy: lastGood.savedBy, problem: `${capitalize(why)}; the app runs on the last good settings.`, log, busyUntil };
  }
  return { ...defaultsInForce(), log, busyUntil, problem: `${capitalize(why)}, and no earlier good settings were found; the app runs on its defaults.` };
}

/** Writes checked settings as both the saved and the last good ones, with the change on top of the log. */
export async function writeSettings(
  hubspot: Pick<HubSpotStore, 'upsertDesigns'>,
  input: { settings: AppSettings; savedAt: string; savedBy: string | null; change: string[]; log: readonly SettingsChange[] },
  options: CallOptions,
): Promise<SettingsChange[]> {
  const saved = JSON.stringify({ settings: input.settings, savedAt: input.savedAt, savedBy: input.savedBy } satisfies Saved);
  const entry: SettingsChange = { at: input.savedAt, by: input.savedBy, changes: input.change.slice(0, LINES_PER_CHANGE).map((line) => line.slice(0, LINE_CHARS)) };
  const log = [entry, ...input.log].slice(0, LOG_LIMIT);
  await hubspot.upsertDesigns(
    [
      {
        aurora_design_id: SETTINGS_RECORD_ID,
        aurora_record_kind: RECORD_KINDS.settings,
        aurora_design_name: 'Aurora app settings (change them on the app settings page)',
        aurora_settings: saved,
        aurora_settings_last_good: saved,
        aurora_settings_log: JSON.stringify(log),
      },
    ],
    options,
  );
  return log;
}

const defaultsInForce = (): SettingsInForce => ({ settings: DEFAULT_SETTINGS, source: 'defaults', savedAt: null, savedBy: null, problem: null, log: [], busyUntil: 0 });

function parseSaved(text: string | null | undefined): Saved | null {
  const value = parseJson(text) as Partial<Saved> | null;
  if (!value || typeof value !== 'object' || typeof value.savedAt !== 'string') return null;
  return { settings: value.settings, savedAt: value.savedAt, savedBy: typeof value.savedBy === 'string' ? value.savedBy : null };
}

function parseLog(text: string | null | undefined): SettingsChange[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: Partial<SettingsChange>) =>
    entry && typeof entry.at === 'string' && Array.isArray(entry.changes)
      ? [{ at: entry.at, by: typeof entry.by === 'string' ? entry.by : null, changes: entry.changes.filter((line): line is string => typeof line === 'string') }]
      : [],
  );
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

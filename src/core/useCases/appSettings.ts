// Use cases of the settings page: show the settings in force with the portal's real choices, and save a change after
// checking it against the portal (nothing is written when a check fails, or when another admin saved meanwhile).
import type { AuroraClient } from '../aurora/client';
import type { FunctionContract, Person, PropertyChoice, SettingsChoices, SettingsProblem, SettingsState } from '../contract';
import { personName } from '../mapping/auroraFacts';
import { HubSpotError, HubSpotAuthError, HubSpotDeadlineError } from '../hubspot/errors';
import type { PortalProperty } from '../hubspot/portal';
import type { HubSpotStore } from '../hubspot/store';
import { FACTS, TO_AURORA_FIELDS, typesForFact } from '../settings/catalogue';
import { describeChanges } from '../settings/changes';
import type { AppSettings } from '../settings/model';
import { readSettings, writeSettings, type SettingsInForce } from '../settings/store';
import { parseSettings, validateSettings, type PortalFacts } from '../settings/validate';

export interface SettingsDeps {
  hubspot: HubSpotStore;
  /** Read for its users only (owner mapping); a getter that throws ConfigError when Aurora is not set up. */
  readonly aurora: Pick<AuroraClient, 'users'>;
  now: () => number;
}

type SaveResult = Extract<FunctionContract['aurora_save_settings']['result'], { ok: true }>;

/** The pipelines and the deal, contact and Aurora Design properties, read in parallel. */
export async function readPortalFacts(hubspot: HubSpotStore, deadline: number): Promise<PortalFacts> {
  const call = { deadline };
  const [pipelines, deal, contact, design] = await Promise.all([
    hubspot.getDealPipelines(call),
    hubspot.listProperties('deals', call),
    // A token without contact schema access still saves deal-side settings; contact rows are then not checked.
    hubspot.listProperties('contacts', call).catch(notChecked),
    hubspot.listProperties('aurora_design', call).catch(notChecked),
  ]);
  return { pipelines, properties: { deal, ...(contact ? { contact } : {}), ...(design ? { aurora_design: design } : {}) } };
}

function notChecked(error: unknown): undefined {
  if (!(error instanceof HubSpotError) || error instanceof HubSpotAuthError || error instanceof HubSpotDeadlineError) throw error;
  return undefined;
}

/** The settings in force, what no longer fits the portal, and the choices the page offers. */
export async function getSettings(deps: SettingsDeps, deadline: number): Promise<{ state: SettingsState; choices: SettingsChoices }> {
  const [inForce, portal, people] = await Promise.all([readSettings(deps.hubspot, { deadline }), readPortalFacts(deps.hubspot, deadline), readPeople(deps, deadline)]);
  return { state: stateOf(inForce, portal), choices: { ...choicesOf(portal), ...people } };
}

/** HubSpot's owners and Aurora's users for the override table; what cannot be read is said, not thrown. */
async function readPeople(deps: SettingsDeps, deadline: number): Promise<Pick<SettingsChoices, 'owners' | 'auroraUsers' | 'peopleNote'>> {
  const notes: string[] = [];
  const [owners, auroraUsers] = await Promise.all([
    deps.hubspot.listOwners({ deadline }).catch((error: unknown) => {
      notes.push(`HubSpot's owners could not be read (${wordsOf(error)}); the app needs the crm.objects.owners.read scope for owner mapping.`);
      return [];
    }),
    readAuroraUsers(deps, deadline).catch((error: unknown) => {
      notes.push(`Aurora's users could not be read (${wordsOf(error)}).`);
      return [];
    }),
  ]);
  return { owners, auroraUsers, peopleNote: notes.length > 0 ? notes.join(' ') : null };
}

async function readAuroraUsers(deps: SettingsDeps, deadline: number): Promise<Person[]> {
  const users = await deps.aurora.users.list({ deadline });
  return users.map((user) => ({ id: user.id, name: personName({ ...user, email: null }), email: user.email ?? null }));
}

function wordsOf(error: unknown): string {
  const userFacing = error as { toUserError?: () => { message: string } };
  return typeof userFacing?.toUserError === 'function' ? userFacing.toUserError().message : error instanceof Error ? error.message : 'unknown error';
}

/** Checks and saves the admin's settings; `invalid` names every problem and writes nothing. */
export async function saveSettings(
  deps: SettingsDeps,
  input: { settings: unknown; basedOn: string | null; changedBy: string | null },
  deadline: number,
): Promise<SaveResult> {
  const [inForce, portal] = await Promise.all([readSettings(deps.hubspot, { deadline }), readPortalFacts(deps.hubspot, deadline)]);
  const parsed = parseSettings(input.settings);
  const problems: SettingsProblem[] = parsed.settings ? validateSettings(parsed.settings, portal) : parsed.problems;
  if (!parsed.settings || problems.length > 0) return { ok: true, outcome: 'invalid', problems, state: stateOf(inForce, portal) };
  if (inForce.savedAt !== input.basedOn) {
    const who = inForce.savedBy ? ` by ${inForce.savedBy}` : '';
    const problem = { field: 'Settings', message: `The settings were changed${who} at ${inForce.savedAt ?? 'an earlier time'} after this page loaded them. Review the current settings and save again.` };
    return { ok: true, outcome: 'conflict', problems: [problem], state: stateOf(inForce, portal) };
  }
  const settings = await withAuroraUsers(deps, withPortalLabels(parsed.settings, portal), deadline);
  const unknownUsers = overrideProblems(settings);
  if (unknownUsers.length > 0) return { ok: true, outcome: 'invalid', problems: unknownUsers, state: stateOf(inForce, portal) };
  const change = describeChanges(inForce.settings, settings, portal.pipelines);
  // A page showing the last good settings (the saved ones unusable) may save them back unchanged: that repairs the record.
  if (change.length === 0 && inForce.source === 'saved') return { ok: true, outcome: 'unchanged', problems: [], state: stateOf(inForce, portal) };
  const savedAt = new Date(deps.now()).toISOString();
  const log = await writeSettings(
    deps.hubspot,
    { settings, savedAt, savedBy: input.changedBy, change: change.length > 0 ? change : ['Saved the settings again (repairs unusable saved settings)'], log: inForce.log },
    { deadline },
  );
  const saved: SettingsInForce = { settings, source: 'saved', savedAt, savedBy: input.changedBy, problem: null, log, busyUntil: inForce.busyUntil };
  return { ok: true, outcome: 'saved', problems: [], state: stateOf(saved, portal) };
}

/** With owner mapping on, Aurora's users as they are now (matched by email on every create, without an Aurora request). */
async function withAuroraUsers(deps: SettingsDeps, settings: AppSettings, deadline: number): Promise<AppSettings> {
  if (!settings.owners.enabled) return settings;
  const auroraUsers = await readAuroraUsers(deps, deadline);
  return { ...settings, owners: { ...settings.owners, auroraUsers, usersReadAt: new Date(deps.now()).toISOString() } };
}

/** Each override must name one of Aurora's users (as just read). */
function overrideProblems(settings: AppSettings): SettingsProblem[] {
  if (!settings.owners.enabled) return [];
  return Object.entries(settings.owners.overrides).flatMap(([ownerId, userId]) =>
    settings.owners.auroraUsers.some((user) => user.id === userId) ? [] : [{ field: `Owner override for HubSpot owner ${ownerId}`, message: `Aurora has no user with the id ${userId}.` }],
  );
}

/** The pre-flight names a missing field by its HubSpot label: taken from the portal, not from the page. */
function withPortalLabels(settings: AppSettings, portal: PortalFacts): AppSettings {
  const toAurora = settings.fieldMap.toAurora.map((row) => ({ ...row, label: portal.properties[row.object]?.find((p) => p.name === row.property)?.label ?? row.label }));
  return { ...settings, fieldMap: { ...settings.fieldMap, toAurora } };
}

function stateOf(inForce: SettingsInForce, portal: PortalFacts): SettingsState {
  return { ...inForce, portalProblems: validateSettings(inForce.settings, portal) };
}

function choicesOf(portal: PortalFacts): Omit<SettingsChoices, 'owners' | 'auroraUsers' | 'peopleNote'> {
  const choices = (list: readonly PortalProperty[] | undefined): PropertyChoice[] =>
    (list ?? []).map(({ name, label, type, readOnly }) => ({ name, label, type, readOnly })).sort((a, b) => a.label.localeCompare(b.label));
  return {
    pipelines: portal.pipelines.map((pipeline) => ({
      id: pipeline.id,
      label: pipeline.label,
      closedWonStageId: pipeline.closedWonStageId,
      stages: pipeline.stages.map(({ id, label }) => ({ id, label })),
    })),
    properties: { deal: choices(portal.properties.deal), contact: choices(portal.properties.contact), aurora_design: choices(portal.properties.aurora_design) },
    facts: FACTS.map((fact) => ({ key: fact.key, label: fact.aurora, types: [...typesForFact(fact)] })),
    toAuroraFields: TO_AURORA_FIELDS.map(({ aurora, label }) => ({ aurora, label })),
  };
}

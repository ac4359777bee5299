// Installer use case: makes a portal ready for the app, safe to run any number of times (a second run writes nothing).
// Creates what is missing, leaves what matches alone, and reports what differs instead of changing it.
import type { InstallReport, InstallStep } from '../contract';
import { HubSpotAuthError, HubSpotConflictError, HubSpotDeadlineError, HubSpotError, HubSpotScopeError, HubSpotSubscriptionError } from '../hubspot/errors';
import type { PortalProperty } from '../hubspot/portal';
import type { HubSpotStore } from '../hubspot/store';
import {
  ASSOCIATION_LABELS,
  DEAL_PROPERTIES,
  DESIGN_OBJECT,
  DESIGN_PROPERTIES,
  PROPERTY_GROUP,
  SCREENSHOT_FOLDER,
  type PropertyDefinition,
} from '../dataModel';
import { FIELD_MAP, type FieldMap } from '../mapping/fieldMap';
import { checkFieldMapShape, validateFieldMapAgainst, type MappedObject } from '../mapping/validate';

export interface InstallDeps {
  hubspot: HubSpotStore;
  /** The field map to validate (the deployed FIELD_MAP by default). */
  fieldMap?: FieldMap;
}

export interface InstallOptions {
  /** Report what would be created without writing anything. */
  dryRun?: boolean;
  deadline?: number;
}

const DEALS_OBJECT_TYPE_ID = '0-3';
const NEEDS_ACTION: InstallStep['outcome'][] = ['conflict', 'missing', 'failed'];

class Installer {
  readonly steps: InstallStep[] = [];
  writes = 0;
  /** Properties already reported as conflicting, so the field-map check does not repeat them. */
  readonly reported = new Set<string>();

  /** A create answered 409 because a concurrent run made it first. */
  raced = false;

  constructor(
    readonly store: HubSpotStore,
    readonly options: InstallOptions,
  ) {}

  get call() {
    return { deadline: this.options.deadline };
  }

  step(kind: InstallStep['kind'], name: string, outcome: InstallStep['outcome'], message: string): void {
    this.steps.push({ kind, name, outcome, message });
  }

  /** Runs one write (or only describes it on a dry run); a failure becomes a step, never a crash. */
  async write(kind: InstallStep['kind'], name: string, what: string, run: () => Promise<unknown>): Promise<void> {
    if (this.options.dryRun) {
      this.step(kind, name, 'missing', `Would create ${what}.`);
      return;
    }
    this.writes++;
    try {
      await run();
      this.step(kind, name, 'created', `Created ${what}.`);
    } catch (error) {
      if (this.lostRace(error)) return;
      this.failed(kind, name, error);
    }
  }

  /** Another run created it between our read and our create: the installer compares again instead of reporting it. */
  lostRace(error: unknown): boolean {
    if (!(error instanceof HubSpotConflictError)) return false;
    this.raced = true;
    return true;
  }

  /** Records a HubSpot failure in plain words; auth and deadline failures end the run (nothing else can work). */
  failed(kind: InstallStep['kind'], name: string, error: unknown): void {
    this.record(kind, name, error);
    if (error instanceof HubSpotAuthError || error instanceof HubSpotDeadlineError) throw new StopInstall();
  }

  record(kind: InstallStep['kind'], name: string, error: unknown): void {
    if (!(error instanceof HubSpotError)) throw error;
    if (error instanceof HubSpotScopeError) {
      for (const scope of error.scopes.length > 0 ? error.scopes : ['(unknown)']) {
        if (!this.steps.some((s) => s.kind === 'scope' && s.name === scope)) this.step('scope', scope, 'missing', error.toUserError().message);
      }
    }
    const user = error.toUserError();
    const stopped = error instanceof HubSpotDeadlineError ? ' Run the installer again to finish; what was created is kept.' : '';
    const message = `${user.message} ${user.action}${stopped}`;
    // Parallel reads failing for one reason (a revoked token) are reported once.
    if (error instanceof HubSpotAuthError && this.steps.some((s) => s.message === message)) return;
    this.step(kind, name, 'failed', message);
  }

  /** A read the installer needs; it doubles as the probe for the scope it requires. */
  async probe<T>(scope: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await read();
      this.step('scope', scope, 'unchanged', 'Granted.');
      return value;
    } catch (error) {
      if (error instanceof HubSpotSubscriptionError) {
        this.step('check', 'custom objects', 'missing', 'This portal needs an Enterprise subscription for custom objects (the Aurora Design object).');
        return undefined;
      }
      if (error instanceof HubSpotScopeError) {
        const message = error.toUserError().message;
        this.step('scope', scope, 'missing', message.includes(scope) ? message : `The app's HubSpot token lacks the ${scope} scope.`);
        return undefined;
      }
      this.failed('scope', scope, error);
      return undefined;
    }
  }
}

class StopInstall extends Error {}

/** Compares an existing property with the definition: unchanged, options to add, or a conflict to report. */
function compareProperty(existing: PortalProperty, wanted: PropertyDefinition): { conflict?: string; missingOptions?: PropertyDefinition['options'] } {
  if (existing.type !== wanted.type) {
    return {
      conflict: `"${existing.label || existing.name}" already exists as a ${existing.type} property; the app needs ${wanted.type}. It was left unchanged: rename or delete it in HubSpot, or map another property in the field map.`,
    };
  }
  if (wanted.hasUniqueValue && !existing.hasUniqueValue) {
    return { conflict: `"${existing.label || existing.name}" exists but does not require unique values; the app needs one record per value. It was left unchanged.` };
  }
  if (wanted.type === 'enumeration') {
    const missing = (wanted.options ?? []).filter((o) => !existing.options.some((e) => e.value === o.value));
    if (missing.length > 0) return { missingOptions: missing };
  }
  return {};
}

async function ensureProperties(
  run: Installer,
  object: 'deals' | string,
  label: string,
  definitions: readonly PropertyDefinition[],
  existing: readonly PortalProperty[],
): Promise<void> {
  const toCreate: PropertyDefinition[] = [];
  for (const wanted of definitions) {
    const found = existing.find((p) => p.name === wanted.name);
    if (!found) {
      toCreate.push(wanted);
      continue;
    }
    const { conflict, missingOptions } = compareProperty(found, wanted);
    if (conflict) {
      run.reported.add(`${label}.${wanted.name}`);
      run.step('property', `${label}.${wanted.name}`, 'conflict', conflict);
    } else if (missingOptions && missingOptions.length > 0) {
      const merged = [...found.options.map((o, i) => ({ ...o, displayOrder: i })), ...missingOptions.map((o, i) => ({ ...o, displayOrder: found.options.length + i }))];
      if (run.options.dryRun) {
        run.step('property', `${label}.${wanted.name}`, 'missing', `Would add the options ${missingOptions.map((o) => o.value).join(', ')}.`);
      } else {
        run.writes++;
        try {
          await run.store.updatePropertyOptions(object, wanted.name, merged, run.call);
          run.step('property', `${label}.${wanted.name}`, 'updated', `Added the options ${missingOptions.map((o) => o.value).join(', ')}; existing options were kept.`);
        } catch (error) {
          run.failed('property', `${label}.${wanted.name}`, error);
        }
      }
    } else {
      run.step('property', `${label}.${wanted.name}`, 'unchanged', 'Exists with the expected type.');
    }
  }
  if (toCreate.length === 0) return;
  if (run.options.dryRun) {
    for (const d of toCreate) run.step('property', `${label}.${d.name}`, 'missing', `Would create the ${d.type} property "${d.label}".`);
    return;
  }
  run.writes++;
  try {
    await run.store.createProperties(object, toCreate, PROPERTY_GROUP.name, run.call);
    for (const d of toCreate) run.step('property', `${label}.${d.name}`, 'created', `Created the ${d.type} property "${d.label}".`);
  } catch (error) {
    if (run.lostRace(error)) return;
    for (const d of toCreate) run.failed('property', `${label}.${d.name}`, error);
  }
}

async function ensureGroup(run: Installer, object: string, label: string): Promise<void> {
  const groups = await run.store.listPropertyGroups(object, run.call);
  if (groups.some((g) => g.name === PROPERTY_GROUP.name)) {
    run.step('property_group', `${label}.${PROPERTY_GROUP.name}`, 'unchanged', 'Exists.');
    return;
  }
  await run.write('property_group', `${label}.${PROPERTY_GROUP.name}`, `the "${PROPERTY_GROUP.label}" property group`, () =>
    run.store.createPropertyGroup(object, PROPERTY_GROUP, run.call),
  );
}

async function ensureDesignObject(run: Installer, schemas: Awaited<ReturnType<HubSpotStore['listSchemas']>>): Promise<{ objectTypeId: string; properties: PortalProperty[] } | undefined> {
  const existing = schemas.find((s) => s.name === DESIGN_OBJECT.name);
  if (!existing) {
    let created: Awaited<ReturnType<HubSpotStore['createSchema']>> | undefined;
    await run.write('object_schema', DESIGN_OBJECT.name, `the ${DESIGN_OBJECT.labels.singular} object with its ${DESIGN_PROPERTIES.length} properties and its association with deals`, async () => {
      created = await run.store.createSchema({ ...DESIGN_OBJECT, properties: DESIGN_PROPERTIES }, run.call);
    });
    return created ? { objectTypeId: created.objectTypeId, properties: created.properties } : undefined;
  }

  run.step('object_schema', DESIGN_OBJECT.name, 'unchanged', `Exists (${existing.objectTypeId}).`);
  if (existing.primaryDisplayProperty !== DESIGN_OBJECT.primaryDisplayProperty) {
    run.step('check', `${DESIGN_OBJECT.name} display property`, 'unchanged', `Records show "${existing.primaryDisplayProperty}" as their name (the app would use aurora_design_name); left as your admin set it.`);
  }
  const missingDefinitions = DESIGN_PROPERTIES.filter((d) => !existing.properties.some((p) => p.name === d.name));
  if (missingDefinitions.length > 0) await ensureGroup(run, existing.objectTypeId, DESIGN_OBJECT.name);
  await ensureProperties(run, existing.objectTypeId, DESIGN_OBJECT.name, DESIGN_PROPERTIES, existing.properties);

  const searchable = [...new Set([...existing.searchableProperties, ...DESIGN_OBJECT.searchableProperties])];
  const created = new Set([...existing.properties.map((p) => p.name), ...(run.options.dryRun ? [] : missingDefinitions.map((d) => d.name))]);
  if (searchable.length > existing.searchableProperties.length && searchable.every((name) => created.has(name))) {
    if (run.options.dryRun) run.step('object_schema', `${DESIGN_OBJECT.name} searchable properties`, 'missing', `Would make ${searchable.join(', ')} searchable.`);
    else {
      run.writes++;
      try {
        await run.store.updateSchemaSearchable(existing.objectTypeId, searchable, run.call);
        run.step('object_schema', `${DESIGN_OBJECT.name} searchable properties`, 'updated', `Made ${DESIGN_OBJECT.searchableProperties.join(', ')} searchable.`);
      } catch (error) {
        run.failed('object_schema', `${DESIGN_OBJECT.name} searchable properties`, error);
      }
    }
  }
  if (!existing.associatedObjectTypeIds.includes(DEALS_OBJECT_TYPE_ID)) {
    await run.write('association_label', `${DESIGN_OBJECT.name} ↔ deals`, 'the association between Aurora Designs and deals', () =>
      run.store.createSchemaAssociation(existing.objectTypeId, DEALS_OBJECT_TYPE_ID, `${DESIGN_OBJECT.name}_to_deal`, run.call),
    );
  } else {
    run.step('association_label', `${DESIGN_OBJECT.name} ↔ deals`, 'unchanged', 'Aurora Designs can be associated with deals.');
  }
  const refreshed = existing.properties.concat(run.options.dryRun ? [] : missingDefinitions.map(asPortalProperty));
  return { objectTypeId: existing.objectTypeId, properties: refreshed };
}

async function ensureLabels(run: Installer, objectTypeId: string): Promise<void> {
  const labels = await run.store.listAssociationLabels('deals', objectTypeId, run.call);
  for (const wanted of Object.values(ASSOCIATION_LABELS)) {
    if (labels.some((l) => l.label === wanted.label)) {
      run.step('association_label', wanted.label, 'unchanged', 'Exists.');
      continue;
    }
    await run.write('association_label', wanted.label, `the "${wanted.label}" association label`, () => run.store.createAssociationLabel('deals', objectTypeId, wanted, run.call));
  }
}

async function ensureFolder(run: Installer, folder: { id: string } | null): Promise<void> {
  if (folder) {
    run.step('folder', SCREENSHOT_FOLDER, 'unchanged', 'Exists.');
    return;
  }
  const [parentPath, name] = [SCREENSHOT_FOLDER.slice(0, SCREENSHOT_FOLDER.lastIndexOf('/')), SCREENSHOT_FOLDER.slice(SCREENSHOT_FOLDER.lastIndexOf('/') + 1)];
  await run.write('folder', SCREENSHOT_FOLDER, `the ${SCREENSHOT_FOLDER} folder in HubSpot Files`, async () => {
    let parent = parentPath ? await run.store.getFolder(parentPath, run.call) : null;
    if (parentPath && !parent) {
      run.writes++;
      parent = await run.store.createFolder({ name: parentPath.replace(/^\//, '') }, run.call);
    }
    await run.store.createFolder({ name, ...(parent ? { parentFolderId: parent.id } : {}) }, run.call);
  });
}

const asPortalProperty = (d: PropertyDefinition): PortalProperty => ({
  name: d.name,
  label: d.label,
  type: d.type,
  fieldType: d.fieldType,
  groupName: PROPERTY_GROUP.name,
  hasUniqueValue: d.hasUniqueValue ?? false,
  options: (d.options ?? []).map(({ label, value }) => ({ label, value })),
  readOnly: false,
});

/**
 * Makes the portal ready: property group, deal properties, Aurora Design object, labels, screenshot folder. Two runs at
 * once (two admins, two tabs) both end ready: a create another run won is compared again, never reported as a conflict.
 */
export async function installPortal(deps: InstallDeps, options: InstallOptions = {}): Promise<InstallReport> {
  const first = await installOnce(deps, options);
  if (!first.raced) return first.report;
  const again = await installOnce(deps, options);
  return { ...again.report, writes: first.report.writes + again.report.writes };
}

async function installOnce(deps: InstallDeps, options: InstallOptions): Promise<{ report: InstallReport; raced: boolean }> {
  const run = new Installer(deps.hubspot, options);
  const map = deps.fieldMap ?? FIELD_MAP;
  for (const problem of checkFieldMapShape(map)) run.step('check', 'field map', 'failed', problem);

  try {
    // The reads the installer needs double as scope probes (api-client v14 cannot introspect a static token).
    const call = run.call;
    const [, , dealProperties, schemas, folder] = await Promise.all([
      run.probe('crm.objects.deals.read', () => deps.hubspot.listRecords('deals', { ...call, limit: 1 })),
      run.probe('crm.objects.contacts.read', () => deps.hubspot.listRecords('contacts', { ...call, limit: 1 })),
      run.probe('crm.schemas.deals.read', () => deps.hubspot.listProperties('deals', call)),
      run.probe('crm.schemas.custom.read', () => deps.hubspot.listSchemas(call)),
      run.probe('files', () => deps.hubspot.getFolder(SCREENSHOT_FOLDER, call)),
    ]);

    const portal: Partial<Record<MappedObject, PortalProperty[]>> = {};
    if (dealProperties) {
      await ensureGroup(run, 'deals', 'deal');
      await ensureProperties(run, 'deals', 'deal', DEAL_PROPERTIES, dealProperties);
      portal.deal = dealProperties.concat(DEAL_PROPERTIES.filter((d) => !dealProperties.some((p) => p.name === d.name) && !options.dryRun).map(asPortalProperty));
    }
    if (schemas) {
      const design = await ensureDesignObject(run, schemas);
      if (design) {
        portal.aurora_design = design.properties;
        await ensureLabels(run, design.objectTypeId);
      }
    }
    if (folder !== undefined) await ensureFolder(run, folder);

    try {
      portal.contact = await deps.hubspot.listProperties('contacts', call);
    } catch (error) {
      if (!(error instanceof HubSpotError) || error instanceof HubSpotAuthError || error instanceof HubSpotDeadlineError) throw error;
      run.step('check', 'field map: contact properties', 'unchanged', 'Not verified: the token cannot read contact property definitions; standard contact properties are assumed.');
    }
    const problems = validateFieldMapAgainst(map, portal).filter((p) => !run.reported.has(`${p.object === 'aurora_design' ? DESIGN_OBJECT.name : p.object}.${p.property}`));
    for (const problem of problems) run.step('check', `field map: ${problem.object}.${problem.property}`, problem.problem === 'missing' ? 'missing' : 'conflict', problem.message);
    if (problems.length === 0 && portal.deal && portal.aurora_design) run.step('check', 'field map', 'unchanged', 'Every mapped property exists with a compatible type.');
  } catch (error) {
    // A StopInstall is already recorded; what was created stays, and the next run picks up from there.
    if (!(error instanceof StopInstall)) run.record('check', 'installer', error);
  }

  return { report: { ready: !run.steps.some((s) => NEEDS_ACTION.includes(s.outcome)), writes: run.writes, steps: run.steps }, raced: run.raced };
}

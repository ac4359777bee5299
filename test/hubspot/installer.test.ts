// The installer against the HubSpot simulator with the real api-client: creates everything, then writes nothing.
import { ALL_SCOPES } from '../../simulators/hubspot';
import { main as installFunction } from '../../src/core/functions/installPortal';
import { ASSOCIATION_LABELS, DEAL_PROPERTIES, DESIGN_OBJECT, DESIGN_PROPERTIES, PROPERTY_GROUP } from '../../src/core/dataModel';
import { FIELD_MAP } from '../../src/core/mapping/fieldMap';
import { installPortal } from '../../src/core/useCases/install';
import { storeFor, useSimulator } from './support';

const sim = useSimulator({ seed: false });
const problems = (steps: { outcome: string }[]) => steps.filter((s) => ['conflict', 'missing', 'failed'].includes(s.outcome));

describe('installPortal', () => {
  it('creates the group, every property, the Aurora Design object, its labels and the folder on an empty portal', async () => {
    const report = await installPortal({ hubspot: storeFor(sim()) });

    expect(problems(report.steps)).toEqual([]);
    expect(report.ready).toBe(true);
    expect(report.writes).toBe(sim().state.writes);
    const portal = sim().state;
    expect(portal.groupMap('0-3').get(PROPERTY_GROUP.name)?.label).toBe('Aurora Solar');
    for (const wanted of DEAL_PROPERTIES) {
      const property = portal.propertyMap('0-3').get(wanted.name);
      expect({ name: wanted.name, type: property?.type, group: property?.groupName }).toEqual({ name: wanted.name, type: wanted.type, group: 'aurora_solar' });
    }
    expect(portal.propertyMap('0-3').get('aurora_project_id')?.hasUniqueValue).toBe(true);
    expect(portal.propertyMap('0-3').get('aurora_sync_status')?.options.map((o) => o.value)).toEqual(['never', 'ok', 'partial', 'error']);

    const [schema] = [...portal.schemas.values()];
    expect(schema).toMatchObject({
      name: 'aurora_design',
      labels: { singular: 'Aurora Design', plural: 'Aurora Designs' },
      primaryDisplayProperty: 'aurora_design_name',
      searchableProperties: ['aurora_design_id', 'aurora_project_id', 'aurora_design_name'],
      requiredProperties: ['aurora_design_id'],
    });
    const designProps = portal.propertyMap(schema!.objectTypeId);
    for (const wanted of DESIGN_PROPERTIES) expect([wanted.name, designProps.get(wanted.name)?.type]).toEqual([wanted.name, wanted.type]);
    expect(designProps.get('aurora_design_id')?.hasUniqueValue).toBe(true);

    const dealToDesign = portal.typesBetween('0-3', schema!.objectTypeId).map((t) => t.label);
    expect(dealToDesign).toEqual(expect.arrayContaining([null, ASSOCIATION_LABELS.primary.label, ASSOCIATION_LABELS.sold.label]));
    expect(portal.folderByPath('/Aurora Solar/Screenshots')).toBeDefined();
    expect(report.steps).toContainEqual(expect.objectContaining({ kind: 'check', name: 'field map', outcome: 'unchanged' }));
  });

  it('makes zero write requests on a second run, and says everything is unchanged', async () => {
    await installPortal({ hubspot: storeFor(sim()) });
    const writesBefore = sim().state.writes;

    const second = await installPortal({ hubspot: storeFor(sim()) });

    expect(sim().state.writes).toBe(writesBefore);
    expect(second).toMatchObject({ ready: true, writes: 0 });
    expect(second.steps.every((s) => s.outcome === 'unchanged')).toBe(true);
  });

  it('reports a property that exists with another type, leaves it alone, and installs the rest', async () => {
    sim().control.createProperty('deals', { name: 'aurora_system_size_kw', label: 'System size', type: 'string', fieldType: 'text', groupName: 'dealinformation' });

    const report = await installPortal({ hubspot: storeFor(sim()) });

    expect(report.ready).toBe(false);
    expect(problems(report.steps)).toEqual([
      {
        kind: 'property',
        name: 'deal.aurora_system_size_kw',
        outcome: 'conflict',
        message: expect.stringMatching(/already exists as a string property; the app needs number\. It was left unchanged/),
      },
    ]);
    expect(sim().state.propertyMap('0-3').get('aurora_system_size_kw')?.type).toBe('string');
    expect(sim().state.propertyMap('0-3').get('aurora_price')?.type).toBe('number');
    expect(sim().state.schemas.size).toBe(1);
  });

  it('adds missing options to an existing enumeration, keeping the admin options', async () => {
    sim().control.createProperty('deals', {
      name: 'aurora_sync_status',
      label: 'Sync',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'dealinformation',
      options: [
        { label: 'OK!', value: 'ok' },
        { label: 'Custom', value: 'custom' },
      ],
    });

    const report = await installPortal({ hubspot: storeFor(sim()) });

    expect(report.steps).toContainEqual(expect.objectContaining({ name: 'deal.aurora_sync_status', outcome: 'updated' }));
    expect(sim().state.propertyMap('0-3').get('aurora_sync_status')?.options.map((o) => `${o.value}:${o.label}`)).toEqual([
      'ok:OK!',
      'custom:Custom',
      'never:Never synced',
      'partial:Partial',
      'error:Error',
    ]);
    const again = await installPortal({ hubspot: storeFor(sim()) });
    expect(again.writes).toBe(0);
  });

  it('names each scope the token lacks, in plain words, without crashing', async () => {
    const limited = ALL_SCOPES.filter((s) => !['crm.schemas.custom.read', 'crm.schemas.custom.write', 'files'].includes(s));
    sim().control.setTokenScopes(sim().accessToken, limited);

    const report = await installPortal({ hubspot: storeFor(sim()) });

    expect(report.ready).toBe(false);
    const missing = report.steps.filter((s) => s.kind === 'scope' && s.outcome === 'missing');
    expect(missing.map((s) => s.name).sort()).toEqual(['crm.schemas.custom.read', 'files']);
    expect(missing.find((s) => s.name === 'files')?.message).toBe("The app's HubSpot token lacks the files scope.");
    expect(sim().state.propertyMap('0-3').has('aurora_project_id')).toBe(true);
  });

  it('says when the portal cannot hold custom objects', async () => {
    sim().control.setCustomObjects(false);

    const report = await installPortal({ hubspot: storeFor(sim()) });

    expect(report.ready).toBe(false);
    expect(report.steps).toContainEqual({
      kind: 'check',
      name: 'custom objects',
      outcome: 'missing',
      message: 'This portal needs an Enterprise subscription for custom objects (the Aurora Design object).',
    });
  });

  it('reports a write it is not allowed to make as a missing scope', async () => {
    sim().control.setTokenScopes(
      sim().accessToken,
      ALL_SCOPES.filter((s) => s !== 'crm.schemas.deals.write'),
    );

    const report = await installPortal({ hubspot: storeFor(sim()) });

    expect(report.steps).toContainEqual(expect.objectContaining({ kind: 'scope', name: 'crm.schemas.deals.write', outcome: 'missing' }));
    expect(report.steps).toContainEqual(expect.objectContaining({ kind: 'property_group', outcome: 'failed', message: expect.stringContaining('Reinstall the app') }));
  });

  it('ends at once, with one clear step, when HubSpot rejects the token', async () => {
    const report = await installPortal({ hubspot: storeFor(sim(), { accessToken: 'revoked-token' }) });

    expect(report).toEqual({
      ready: false,
      writes: 0,
      steps: [expect.objectContaining({ outcome: 'failed', message: expect.stringContaining("HubSpot did not accept the app's access token.") })],
    });
  });

  it('on a dry run, lists what it would create and writes nothing', async () => {
    const report = await installPortal({ hubspot: storeFor(sim()) }, { dryRun: true });

    expect(sim().state.writes).toBe(0);
    expect(report.writes).toBe(0);
    expect(report.ready).toBe(false);
    expect(report.steps).toContainEqual(expect.objectContaining({ kind: 'object_schema', name: DESIGN_OBJECT.name, outcome: 'missing' }));
  });

  it('stops cleanly when it runs out of time, and a new run finishes the job', async () => {
    sim().server.latencyMs = 40;
    const first = await installPortal({ hubspot: storeFor(sim()) }, { deadline: Date.now() + 150 });
    sim().server.latencyMs = 0;
    // The deadline stops the installer waiting, not its requests already sent: let them land before the next run.
    await sim().server.idle();

    expect(first.ready).toBe(false);
    expect(first.steps).toContainEqual(expect.objectContaining({ outcome: 'failed', message: expect.stringContaining('Run the installer again') }));
    const second = await installPortal({ hubspot: storeFor(sim()) });
    expect(second.ready).toBe(true);
  });

  it('reports a field map row whose property does not exist', async () => {
    const map = { ...FIELD_MAP, rows: [...FIELD_MAP.rows, { direction: 'to_aurora' as const, aurora: 'customer_phone' as const, auroraLabel: 'Mobile', object: 'contact' as const, property: 'mobilephone', label: 'Mobile Phone Number', required: false }] };

    const report = await installPortal({ hubspot: storeFor(sim()), fieldMap: map });

    expect(report.steps).toContainEqual({
      kind: 'check',
      name: 'field map: contact.mobilephone',
      outcome: 'missing',
      message: 'The contact property mobilephone does not exist in HubSpot.',
    });
  });
});

describe('the aurora_install function', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('builds the store from the environment and returns the report', async () => {
    process.env.PRIVATE_APP_ACCESS_TOKEN = sim().accessToken;
    process.env.HUBSPOT_BASE_URL = sim().url;

    const result = await installFunction({ parameters: {} });

    expect(result).toMatchObject({ ok: true, report: { ready: true } });
    expect(result.ok && result.report.writes).toBe(sim().state.writes);
  });

  it('answers not_configured when there is no HubSpot token', async () => {
    delete process.env.PRIVATE_APP_ACCESS_TOKEN;
    delete process.env.HUBSPOT_ACCESS_TOKEN;

    const result = await installFunction({ parameters: {} });

    expect(result).toMatchObject({ ok: false, error: { code: 'not_configured' } });
  });
});

// Races: everything that can happen to one deal at once. Concurrent create, sync and webhook on one deal; overlapping
// syncs while Aurora changes underneath; the installer run twice at once on a fresh portal. Judged on final state only.
import { startHubSpotSimulator } from '../../simulators/hubspot';
import { createHubSpotStore } from '../../src/core/hubspot/store';
import { createProject } from '../../src/core/useCases/createInAurora';
import { installPortal } from '../../src/core/useCases/install';
import { syncDeal } from '../../src/core/useCases/sync';
import { dealDesigns, dealProps, delivery, handle, linkedDeal, soon, useRig } from './support';

const rig = useRig();

it('ten creates, five syncs and the project webhook on one deal at once give one project, linked once', async () => {
  const dealId = rig().hubspot.control.createRecord('deals', { dealname: 'Race home', pipeline: 'default', dealstage: 'qualifiedtobuy' });
  const contactId = rig().hubspot.control.createRecord('contacts', { firstname: 'Rae', lastname: 'Race', email: 'rae.race@example.com', phone: '+1 650 555 0101', address: '12 Race St', city: 'Palo Alto', state: 'CA', zip: '94301', country: 'USA' });
  rig().hubspot.control.associate('deals', dealId, 'contacts', contactId);
  const creates = Array.from({ length: 10 }, () => createProject(rig().deps, { dealId }, soon()).catch((error: Error) => error));
  const syncs = Array.from({ length: 5 }, () => syncDeal(rig().deps, { dealId }, soon()).catch((error: Error) => error));
  await Promise.all([...creates, ...syncs]);
  const projects = [...rig().aurora.state.projects.values()].filter((p) => p.wire.external_provider_id === dealId);
  expect(projects).toHaveLength(1);
  const projectId = String(projects[0]!.wire.id);
  expect(dealProps(rig(), dealId).aurora_project_id).toBe(projectId);

  // Now syncs and every kind of delivery at once, while Aurora gains designs.
  const designs = [1, 2, 3].map((n) => rig().aurora.control.createDesign({ projectId, name: `Race option ${n}`, sizeKw: 5 + n }));
  rig().aurora.control.setProjectStatus(projectId, 'Proposal sent');
  await Promise.all([
    ...Array.from({ length: 4 }, () => syncDeal(rig().deps, { dealId }, soon()).catch(() => undefined)),
    ...designs.map((d) => handle(rig(), delivery('design_created', { PROJECT_ID: projectId, DESIGN_ID: d.id, SOURCE: 'app' }))),
    handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Proposal sent' })),
  ]);
  await syncDeal(rig().deps, { dealId }, soon());
  expect(dealDesigns(rig(), dealId).map((r) => r.properties.aurora_design_id).sort()).toEqual(designs.map((d) => d.id).sort());
  expect(dealProps(rig(), dealId).aurora_project_status).toBe('Proposal sent');
});

it('overlapping syncs while Aurora changes leave one record per design and Aurora’s latest values', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Overlapping syncs');
  const first = rig().aurora.control.createDesign({ projectId, name: 'First', sizeKw: 6 });
  const running = Array.from({ length: 6 }, (_v, i) =>
    new Promise((resolve) => setTimeout(resolve, i * 15)).then(() => syncDeal(rig().deps, { dealId }, soon()).catch(() => undefined)),
  );
  const second = rig().aurora.control.createDesign({ projectId, name: 'Second', sizeKw: 7 });
  rig().aurora.control.setProjectStatus(projectId, 'Site survey');
  await Promise.all(running);
  await syncDeal(rig().deps, { dealId }, soon());
  const records = dealDesigns(rig(), dealId).map((r) => r.properties.aurora_design_id);
  expect(records.sort()).toEqual([first.id, second.id].sort());
  expect(rig().hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_design_id === first.id)).toHaveLength(1);
  expect(dealProps(rig(), dealId).aurora_project_status).toBe('Site survey');
});

it('the installer run twice at once on a fresh portal: both ready, nothing reported as a conflict, one of everything', async () => {
  const hubspot = await startHubSpotSimulator({ seed: true, rateLimit: { max: 100_000, windowMs: 10_000 } });
  try {
    const store = () => createHubSpotStore({ accessToken: hubspot.accessToken, baseUrl: hubspot.url });
    const [a, b] = await Promise.all([installPortal({ hubspot: store() }), installPortal({ hubspot: store() })]);
    for (const report of [a, b]) {
      expect(report.steps.filter((s) => s.outcome === 'conflict' || s.outcome === 'failed')).toEqual([]);
      expect(report.ready).toBe(true);
    }
    const again = await installPortal({ hubspot: store() });
    expect(again.writes).toBe(0);
    expect(hubspot.server.unhandled).toEqual([]);
  } finally {
    await hubspot.close();
  }
});

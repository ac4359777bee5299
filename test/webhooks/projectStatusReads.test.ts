// What a project status delivery costs Aurora: the project, read once. Whether a later status went under its write is
// read from the deal's property history in HubSpot; Aurora is asked again only when one did.
import { holdRequests, type SimRequest } from '../../simulators/shared/httpServer';
import { dealProps, delivery, handle, linkedDeal, useRig } from '../reliability/support';

const rig = useRig();

const projectReads = (from: number, projectId: string) =>
  rig().aurora.server.log.slice(from).filter((entry) => entry.method === 'GET' && new RegExp(`/projects/${projectId}$`).test(entry.path)).length;

it('a new project status reaches the deal with one Aurora request, and its check is one HubSpot read of the status’s history', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Status reads');
  rig().aurora.control.setProjectStatus(projectId, 'Permit');
  const auroraBefore = rig().aurora.server.log.length;
  const hubspotBefore = rig().hubspot.apiRequests().length;

  const answer = await handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Permit' }));

  expect(answer.body.outcome).toBe('applied');
  expect(dealProps(rig(), dealId).aurora_project_status).toBe('Permit');
  expect(rig().aurora.server.log.slice(auroraBefore).map((entry) => `${entry.method} ${entry.path}`)).toEqual([expect.stringMatching(new RegExp(`^GET /tenants/[^/]+/projects/${projectId}$`))]);
  const hubspotCalls = rig().hubspot.apiRequests().slice(hubspotBefore);
  expect(hubspotCalls.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
    // The deal read by its project (its unique aurora_project_id): as it is now, not from search's index.
    `GET /crm/v3/objects/deals/${projectId}`,
    `PATCH /crm/v3/objects/deals/${dealId}`,
    `GET /crm/v3/objects/deals/${dealId}`,
  ]);
  expect(hubspotCalls.at(-1)?.query).toContain('propertiesWithHistory=aurora_project_status');

  // Repeated: nothing to write, nothing to check.
  const again = rig().aurora.server.log.length;
  expect((await handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Permit' }))).body.outcome).toBe('unchanged');
  expect(projectReads(again, projectId)).toBe(1);
});

it('a status written over a later one is repaired from Aurora by the delivery that buried it; the later delivery reads Aurora once', async () => {
  const { dealId, projectId } = await linkedDeal(rig(), 'Buried status');
  rig().aurora.control.setProjectStatus(projectId, 'Permit');
  // The first delivery's deal write waits in HubSpot while a later status is delivered and written.
  const { release, arrived: landed } = holdRequests(rig().hubspot.server, (req: SimRequest) => req.method === 'PATCH' && req.path.endsWith(`/deals/${dealId}`));
  const auroraBefore = rig().aurora.server.log.length;
  const slow = handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Permit' }));
  await landed;
  rig().aurora.control.setProjectStatus(projectId, 'Installed');
  expect((await handle(rig(), delivery('project_status_changed', { PROJECT_ID: projectId, STATUS: 'Installed' }))).body.outcome).toBe('applied');
  // The later delivery's write went on top of nothing newer: one Aurora request.
  expect(projectReads(auroraBefore, projectId)).toBe(2);
  release();
  expect((await slow).statusCode).toBe(200);

  expect(dealProps(rig(), dealId).aurora_project_status).toBe('Installed');
  // The buried delivery read Aurora once more, repaired the deal, and its repair's own check found nothing under it.
  expect(projectReads(auroraBefore, projectId)).toBe(3);
});

// The simulator's deletions (a project or a design deleted in the Aurora app): what the API answers afterwards.
import { AuroraNotFoundError } from '../../src/core/aurora/errors';
import type { AuroraSimulator } from '../../simulators/aurora';
import { clientFor, INSTANT_ADDRESS, startSim, takeUnhandled } from './support';

let sim: AuroraSimulator;
beforeAll(async () => {
  sim = await startSim();
});
afterEach(() => {
  expect(takeUnhandled(sim)).toEqual([]);
  sim.control.reset();
});
afterAll(() => sim.close());

describe('deletions in the Aurora app', () => {
  it('a deleted project answers 404, with its designs, design requests and agreements gone', async () => {
    const client = clientFor(sim);
    const project = await client.projects.create({ external_provider_id: '42', location: { property_address: INSTANT_ADDRESS } });
    const design = sim.control.createDesign({ projectId: project.id, name: 'Kept nowhere' });
    const request = await client.designRequests.create({ project_id: project.id });
    sim.control.createAgreement({ projectId: project.id, designId: design.id });

    sim.control.deleteProject(project.id);

    await expect(client.projects.retrieve(project.id)).rejects.toBeInstanceOf(AuroraNotFoundError);
    await expect(client.designs.listForProject(project.id)).rejects.toBeInstanceOf(AuroraNotFoundError);
    await expect(client.designs.retrieve(design.id)).rejects.toBeInstanceOf(AuroraNotFoundError);
    await expect(client.designRequests.retrieve(request.id)).rejects.toBeInstanceOf(AuroraNotFoundError);
    expect([...sim.state.agreements.values()]).toEqual([]);
    expect(() => sim.control.deleteProject(project.id)).toThrow('Project not found');
  });

  it('a deleted design leaves the project\'s list, and its assets go with it', async () => {
    const client = clientFor(sim);
    const project = await client.projects.create({ location: { property_address: INSTANT_ADDRESS } });
    const kept = sim.control.createDesign({ projectId: project.id, name: 'Kept' });
    const dropped = sim.control.finishSimulation(sim.control.createDesign({ projectId: project.id, name: 'Dropped' }).id);
    expect(dropped.assets.length).toBeGreaterThan(0);

    sim.control.deleteDesign(dropped.id);

    expect((await client.designs.listForProject(project.id)).map((d) => d.id)).toEqual([kept.id]);
    await expect(client.designs.summary(dropped.id)).rejects.toBeInstanceOf(AuroraNotFoundError);
    expect([...sim.state.assets.values()].filter((a) => a.designId === dropped.id)).toEqual([]);
  });
});

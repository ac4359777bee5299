// The simulator on its own, over plain HTTP: Aurora's error answers (400/401/404/405/422), the /__sim/ control API the
// workbench drives, signed expiring file URLs, lifecycle rules, wire quirks, and the command line.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { auroraDesignUrl, auroraProjectUrl } from '../../src/core/aurora/links';
import { parseArrays, parseOffsetPercent } from '../../src/core/aurora/parse';
import { DEMO, type AuroraSimulator } from '../../simulators/aurora';
import { clientFor, decodePng, eventually, INSTANT_ADDRESS, ORDINARY_ADDRESS, startSim, takeUnhandled } from './support';

let sim: AuroraSimulator;
beforeAll(async () => {
  sim = await startSim();
});
afterEach(() => {
  sim.control.clearFaults();
  expect(takeUnhandled(sim)).toEqual([]);
});
afterAll(() => sim.close());

const auth = { authorization: `Bearer ${DEMO.standardKey}`, 'content-type': 'application/json' };
const projectsUrl = () => `${sim.url}/tenants/${DEMO.tenantId}/projects`;

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const control = (method: string, route: string, body?: unknown) =>
  call(method, `${sim.url}/__sim${route}`, method === 'GET' ? undefined : (body ?? {}), { 'content-type': 'application/json' });

describe('Aurora error answers', () => {
  it('401 without a key, 400 for malformed JSON, 422 for a null customer field, in Aurora’s error shape', async () => {
    expect(await call('GET', projectsUrl(), undefined, {})).toEqual({
      status: 401,
      headers: expect.anything(),
      body: { errors: [{ message: expect.stringContaining('Unauthorized') }] },
    });
    expect((await call('POST', projectsUrl(), '{"project": ')).status).toBe(400);
    const nullEmail = await call('POST', projectsUrl(), { project: { customer_email: null, location: { property_address: INSTANT_ADDRESS } } });
    expect(nullEmail).toMatchObject({ status: 422, body: { errors: [{ message: 'customer_email must be a string' }] } });
    const noLocation = await call('POST', projectsUrl(), { project: { name: 'x' } });
    expect(noLocation.body).toEqual({ errors: [{ message: 'location must include a property_address, or a latitude and a longitude' }] });
    // The documented create tutorial's flat `address` is accepted as well.
    expect((await call('POST', projectsUrl(), { project: { address: '434 Brannan St, San Francisco, CA 94107' } })).status).toBe(200);
  });

  it('405 for a wrong verb on a known path; 404 for an unknown API path (as a real server answers), recorded as unhandled', async () => {
    expect((await call('DELETE', projectsUrl())).status).toBe(405);
    expect(await call('GET', `${sim.url}/tenants/${DEMO.tenantId}/leads`)).toMatchObject({ status: 404, body: { errors: [{ message: 'Not found' }] } });
    expect(takeUnhandled(sim)).toEqual([`GET /tenants/${DEMO.tenantId}/leads`]);
  });

  it('rejects webhook subscriptions Aurora would: unknown event, bad URL, header key without value', async () => {
    const webhooksUrl = `${sim.url}/tenants/${DEMO.tenantId}/webhooks`;
    const bad = await call('POST', webhooksUrl, { webhook: { event: 'made_up', url_template: 'not a url', header_auth_key: 'X-Token' } });
    expect(bad.body).toEqual({
      errors: [
        { message: 'event must be a valid webhook event' },
        { message: 'url_template must be a valid URL' },
        { message: 'header_auth_key and header_auth_value go together' },
      ],
    });
  });
});

describe('/__sim/ control over HTTP', () => {
  it('drives a design from the app through simulation, assets, a sold milestone and a signed agreement', async () => {
    const aurora = clientFor(sim);
    const project = await aurora.projects.create({ name: 'Workbench', location: { property_address: ORDINARY_ADDRESS } });
    const design = await control('POST', '/designs', { projectId: project.id, sizeKw: 8.6 });
    expect(design).toMatchObject({ status: 200, body: { project_id: project.id, system_size_stc: 8600, simulated: false } });
    const designId = String(design.body!.id);
    expect((await control('POST', `/designs/${designId}/simulate`)).body).toMatchObject({ simulated: true, assets: [{ asset_type: 'CAD Auto Screenshot' }, { asset_type: 'Design DXF' }] });
    expect((await control('POST', `/designs/${designId}/assets`, { assetType: 'CAD Screenshot' })).body).toMatchObject({ asset_type: 'CAD Screenshot' });
    expect((await control('POST', `/designs/${designId}/milestone`)).body).toMatchObject({ milestone: { milestone: 'sold' } });
    const agreement = await control('POST', '/agreements', { projectId: project.id, designId });
    const agreementId = String(agreement.body!.id);
    expect((await control('POST', `/agreements/${agreementId}/status`, { status: 'signed' })).body).toMatchObject({ status: 'signed' });
    expect((await aurora.agreements.retrieve(agreementId)).status).toBe('signed');

    const page = await fetch(auroraDesignUrl(sim.url, project.id, designId));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('8.60 kW');
    expect((await fetch(auroraProjectUrl(sim.url, project.id))).status).toBe(200);

    const state = await control('GET', '/state');
    const tenant = (state.body!.tenants as { id: string; designs: { id: string; assets: unknown[] }[] }[]).find((entry) => entry.id === DEMO.tenantId)!;
    expect(tenant.designs.find((entry) => entry.id === designId)?.assets).toHaveLength(3);
  });

  it('answers CORS preflights so a browser panel on another origin can drive it', async () => {
    const preflight = await fetch(`${sim.url}/__sim/designs`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:9999', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await control('GET', '/state')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('enforces agreement rules: a signed agreement cannot be cancelled unless forced', async () => {
    const project = await clientFor(sim).projects.create({ name: 'Rules', location: { property_address: ORDINARY_ADDRESS } });
    const agreement = sim.control.createAgreement({ projectId: project.id });
    sim.control.moveAgreement(agreement.id, 'signed');
    expect(await control('POST', `/agreements/${agreement.id}/status`, { status: 'canceled' })).toMatchObject({ status: 409, body: { error: expect.stringContaining('signed') } });
    expect((await control('POST', `/agreements/${agreement.id}/status`, { status: 'cancel_pending', force: true })).body).toMatchObject({ status: 'cancel_pending' });
    expect(await control('POST', `/agreements/${agreement.id}/status`, { status: 'bogus' })).toMatchObject({ status: 400 });
  });

  it('completes and rejects design requests, and refuses a malformed control body', async () => {
    const aurora = clientFor(sim);
    const project = await aurora.projects.create({ name: 'Requests', location: { property_address: ORDINARY_ADDRESS } });
    const first = await aurora.designRequests.create({ project_id: project.id });
    expect((await control('POST', `/design_requests/${first.id}/reject`, { reason: 'Trees cover the roof' })).body).toMatchObject({
      status: 'designer_rejected',
      rejection_reason: 'Trees cover the roof',
    });
    expect((await control('POST', `/design_requests/${first.id}/complete`)).status).toBe(409);
    expect(await control('POST', '/designs', { sizeKw: 'big' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('projectId') } });
  });

  it('injects faults only on the API, and resets to the seeded demo tenant', async () => {
    expect((await control('POST', '/faults', { status: 503, times: 1 })).status).toBe(200);
    expect((await control('GET', '/state')).status).toBe(200);
    expect((await call('GET', projectsUrl())).status).toBe(503);
    expect((await call('GET', projectsUrl())).status).toBe(200);

    const other = await sim.control.createTenant({ name: 'Temporary' });
    expect((await control('POST', '/reset')).status).toBe(200);
    expect([...sim.state.tenants.keys()]).toEqual([DEMO.tenantId]);
    expect(sim.state.keys.has(other.keys[0]!.key)).toBe(false);
    expect(sim.state.projects.size).toBe(0);
  });
});

describe('files', () => {
  it('serves a PNG whose panels grow with the design, behind a signature that cannot be forged', async () => {
    const aurora = clientFor(sim);
    const project = await aurora.projects.create({ name: 'Files', location: { property_address: ORDINARY_ADDRESS } });
    const panelPixels = async (sizeKw: number) => {
      const design = sim.control.createDesign({ projectId: project.id, sizeKw });
      const asset = sim.control.createAsset(design.id, 'CAD Screenshot');
      const png = decodePng(Buffer.from(await (await fetch(String(asset.url))).arrayBuffer()));
      let count = 0;
      for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (png.pixels(x, y).join() === '28,52,98') count++;
      return { count, url: String(asset.url) };
    };
    const small = await panelPixels(3);
    const large = await panelPixels(12);
    expect(small.count).toBeGreaterThan(0);
    expect(large.count).toBeGreaterThan(small.count);
    expect((await fetch(small.url.replace(/signature=[0-9a-f]+/, 'signature=00'))).status).toBe(403);
  });

  it('expires download URLs', async () => {
    const expiring = await startSim({ assetUrlTtlMs: -1_000 });
    try {
      const project = await clientFor(expiring).projects.create({ name: 'Old', location: { property_address: ORDINARY_ADDRESS } });
      const asset = expiring.control.createAsset(expiring.control.createDesign({ projectId: project.id }).id);
      const response = await fetch(String(asset.url));
      expect(response.status).toBe(403);
      expect(await response.text()).toBe('Request has expired');
    } finally {
      await expiring.close();
    }
  });
});

describe('lifecycle timing and wire quirks', () => {
  it('completes a design request at an ordinary address after the configured delay', async () => {
    const delayed = await startSim({ designRequestDelayMs: 30 });
    try {
      const aurora = clientFor(delayed);
      const project = await aurora.projects.create({ name: 'Later', location: { property_address: ORDINARY_ADDRESS } });
      const request = await aurora.designRequests.create({ project_id: project.id });
      expect(request.status).toBe('submitted');
      await eventually(async () => expect((await aurora.designRequests.retrieve(request.id)).status).toBe('designer_completed'));
    } finally {
      await delayed.close();
    }
  });

  it('can send arrays as a JSON string and the offset as a number, and the parsers read both', async () => {
    const quirky = await startSim({ arraysAsString: true, offsetAsNumber: true, simulationDelayMs: 0 });
    try {
      const aurora = clientFor(quirky);
      const project = await aurora.projects.create({ name: 'Quirks', location: { property_address: INSTANT_ADDRESS } });
      const accepted = await aurora.designRequests.accept((await aurora.designRequests.create({ project_id: project.id })).id);
      await eventually(() => expect(quirky.state.designs.get(accepted.design_id!)?.simulated).toBe(true));
      const summary = await aurora.designs.summary(accepted.design_id!);
      expect(typeof summary.arrays).toBe('string');
      expect(typeof summary.energy_production?.annual_offset).toBe('number');
      expect(parseArrays(summary.arrays).length).toBeGreaterThan(0);
      expect(parseOffsetPercent(summary.energy_production?.annual_offset)).toBeGreaterThan(50);
    } finally {
      await quirky.close();
    }
  });
});

describe('command line', () => {
  it('prints the URL, the tenant id and both keys, and serves the demo tenant', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'simulators/aurora/cli.ts', '--port', '0'], { cwd: root });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('env:')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
      });
      expect(output).toContain(DEMO.tenantId);
      expect(output).toContain(DEMO.standardKey);
      expect(output).toContain(DEMO.restrictedKey);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      const response = await fetch(`${url}/tenants/${DEMO.tenantId}/users/${DEMO.user.id}`, { headers: { authorization: `Bearer ${DEMO.standardKey}` } });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

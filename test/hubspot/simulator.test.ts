// The HubSpot simulator's own contract, over plain HTTP: auth, paths, status codes, error bodies, limits, files, CLI.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import { installed, useSimulator } from './support';

const sim = useSimulator();

async function api(method: string, route: string, body?: unknown, token: string | null = sim().accessToken) {
  const response = await fetch(`${sim().url}${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('the HubSpot simulator', () => {
  it('requires a known Bearer token and answers in HubSpot\'s error shape', async () => {
    for (const token of [null, 'someone-else']) {
      const answer = await api('GET', `/crm/v3/objects/deals/${sim().demo!.deals.sandbox}`, undefined, token);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ status: 'error', message: expect.stringContaining('Authentication credentials not found'), correlationId: expect.any(String), category: 'INVALID_AUTHENTICATION' });
    }
  });

  it('accepts deals as "deals" or "0-3", and properties repeated or comma-separated', async () => {
    const id = sim().demo!.deals.sandbox;
    const repeated = await api('GET', `/crm/v3/objects/deals/${id}?properties=dealname&properties=amount`);
    const commas = await api('GET', `/crm/v3/objects/0-3/${id}?properties=dealname,amount`);

    expect(repeated.status).toBe(200);
    expect(commas.body).toEqual(repeated.body);
    expect(repeated.body).toMatchObject({ id, archived: false, properties: { dealname: 'Jane Homeowner – 901 Mears Ct solar', amount: '41200', hs_object_id: id } });
  });

  it('answers 201 on create, 200 on update, 204 on delete, 404 afterwards', async () => {
    const created = await api('POST', '/crm/v3/objects/contacts', { properties: { firstname: 'Ada', email: 'ada@example.com' } });
    expect(created.status).toBe(201);
    const id = String(created.body!.id);
    expect((await api('PATCH', `/crm/v3/objects/contacts/${id}`, { properties: { lastname: 'Lovelace' } })).status).toBe(200);
    expect((await api('DELETE', `/crm/v3/objects/contacts/${id}`)).status).toBe(204);
    expect(await api('GET', `/crm/v3/objects/contacts/${id}`)).toMatchObject({ status: 404, body: { category: 'OBJECT_NOT_FOUND' } });
    expect(sim().state.writes).toBe(3);
  });

  it('answers 207 when part of a batch fails', async () => {
    const answer = await api('POST', '/crm/v3/objects/deals/batch/read', { inputs: [{ id: sim().demo!.deals.sandbox }, { id: '424242' }], properties: ['dealname'], propertiesWithHistory: [] });

    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ results: [{ id: sim().demo!.deals.sandbox }], numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } }] });
  });

  it('checks that written properties exist and hold values of their type', async () => {
    const id = sim().demo!.deals.sandbox;

    const unknown = await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { made_up: 'x' } });
    const wrongType = await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { amount: 'lots' } });
    const badStage = await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { dealstage: 'nowhere' } });

    expect(unknown).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR', errors: [{ code: 'PROPERTY_DOESNT_EXIST', message: 'Property "made_up" does not exist' }] } });
    expect(wrongType).toMatchObject({ status: 400, body: { errors: [{ code: 'INVALID_FLOAT' }] } });
    expect(badStage).toMatchObject({ status: 400, body: { errors: [{ code: 'INVALID_OPTION' }] } });
    expect(sim().view.deal(id)!.properties.amount).toBe('41200');
  });

  it('enforces unique values with 409', async () => {
    await installed(sim());
    const { sandbox, rejection } = sim().demo!.deals;
    expect((await api('PATCH', `/crm/v3/objects/deals/${sandbox}`, { properties: { aurora_project_id: 'p-1' } })).status).toBe(200);

    const duplicate = await api('PATCH', `/crm/v3/objects/deals/${rejection}`, { properties: { aurora_project_id: 'p-1' } });

    expect(duplicate).toMatchObject({ status: 409, body: { category: 'CONFLICT', message: expect.stringContaining(`Existing ID: ${sandbox}`) } });
  });

  it('answers a contact created with another contact\'s email with 409 naming the existing contact, whatever the case', async () => {
    const jane = sim().demo!.contacts.jane;
    const before = sim().state.contacts.size;

    const duplicate = await api('POST', '/crm/v3/objects/contacts', { properties: { firstname: 'J.', email: 'Jane.Homeowner@Example.com' } });
    const changedTo = await api('PATCH', `/crm/v3/objects/contacts/${sim().demo!.contacts.marcus}`, { properties: { email: 'jane.homeowner@example.com' } });

    for (const answer of [duplicate, changedTo]) {
      expect(answer).toMatchObject({
        status: 409,
        body: { status: 'error', category: 'OBJECT_ALREADY_EXISTS', error: 'CONTACT_EXISTS', message: `Contact already exists. Existing ID: ${jane}`, errors: [{ in: 'email' }] },
      });
    }
    expect(sim().state.contacts.size).toBe(before);
    expect(sim().state.contacts.get(sim().demo!.contacts.marcus)!.properties.email).toBe('marcus.lee@example.com');
  });

  it('answers a record read with ?associations= with the associated ids, one entry per association type', async () => {
    const { deals, contacts } = sim().demo!;

    const contact = await api('GET', `/crm/v3/objects/contacts/${contacts.jane}?associations=deals`);
    const deal = await api('GET', `/crm/v3/objects/deals/${deals.twoContacts}?associations=contacts&associations=notes`);
    const plain = await api('GET', `/crm/v3/objects/deals/${deals.twoContacts}`);

    expect(contact.body!.associations).toEqual({ deals: { results: [{ id: deals.sandbox, type: 'contact_to_deal' }] } });
    const linked = (deal.body!.associations as { contacts: { results: { id: string; type: string }[] } }).contacts.results;
    expect(new Set(linked.map((entry) => entry.id))).toEqual(new Set([contacts.rosa, contacts.tom]));
    expect(linked).toContainEqual({ id: contacts.tom, type: 'primary_contact' });
    expect(deal.body).not.toHaveProperty('associations.notes');
    expect(plain.body).not.toHaveProperty('associations');
  });

  it('reads an uploaded file by id, 404 for an unknown one', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('png-bytes')], { type: 'image/png' }), 'shot.png');
    form.append('options', JSON.stringify({ access: 'PUBLIC_NOT_INDEXABLE' }));
    form.append('folderPath', '/Aurora Solar/Screenshots');
    const uploaded = await fetch(`${sim().url}/files/v3/files`, { method: 'POST', headers: { authorization: `Bearer ${sim().accessToken}` }, body: form });
    const created = (await uploaded.json()) as Record<string, unknown>;

    const read = await api('GET', `/files/v3/files/${String(created.id)}`);
    const missing = await api('GET', '/files/v3/files/999999');

    expect(read).toMatchObject({ status: 200, body: { id: created.id, name: created.name, url: created.url, access: 'PUBLIC_NOT_INDEXABLE', type: 'IMG', size: 9 } });
    expect(read.body).toEqual(created);
    expect(missing).toMatchObject({ status: 404, body: { category: 'OBJECT_NOT_FOUND' } });
  });

  it('limits a token to its window with HubSpot\'s TEN_SECONDLY_ROLLING 429', async () => {
    sim().control.setRateLimit({ max: 2, windowMs: 60_000 });
    const route = `/crm/v3/objects/deals/${sim().demo!.deals.sandbox}`;
    await api('GET', route);
    await api('GET', route);

    const limited = await api('GET', route);

    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 'error', policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT', category: 'RATE_LIMITS' });
    expect(limited.headers.get('x-hubspot-ratelimit-max')).toBe('2');
    expect(limited.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('60000');
  });

  it('tells on every answer how much of the app\'s rolling window is left, except on search answers', async () => {
    sim().control.setRateLimit({ max: 5, windowMs: 60_000 });
    const route = `/crm/v3/objects/deals/${sim().demo!.deals.sandbox}`;

    const first = await api('GET', route);
    const second = await api('GET', route);
    const search = await api('POST', '/crm/v3/objects/deals/search', { filterGroups: [], limit: 1 });

    expect([first, second].map((answer) => answer.headers.get('x-hubspot-ratelimit-remaining'))).toEqual(['4', '3']);
    expect(second.headers.get('x-hubspot-ratelimit-max')).toBe('5');
    expect(second.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('60000');
    expect(search.status).toBe(200);
    expect(search.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
  });

  it('records an unknown route and answers 501', async () => {
    const answer = await api('GET', '/crm/v3/objects/deals/1/made-up-route');

    expect(answer.status).toBe(501);
    expect(sim().server.unhandled).toEqual([expect.objectContaining({ method: 'GET', path: '/crm/v3/objects/deals/1/made-up-route' })]);
    sim().server.unhandled.splice(0);
  });

  it('serves the v4 association routes the api-client calls, with the `_from` source it sends', async () => {
    const client = new Client({ accessToken: sim().accessToken, basePath: sim().url, numberOfApiCallRetries: 0 });
    const { deals, contacts } = sim().demo!;
    const [primary] = sim().state.typesBetween('0-3', '0-1').filter((t) => t.label === 'Primary contact');

    await client.crm.associations.v4.batchApi.create('deals', 'contacts', {
      inputs: [{ _from: { id: deals.noContact }, to: { id: contacts.marcus }, types: [{ associationCategory: 'USER_DEFINED' as never, associationTypeId: primary!.typeId }] }],
    });

    expect(sim().view.deal(deals.noContact)!.contacts).toEqual([expect.objectContaining({ id: contacts.marcus, labels: ['Primary contact'] })]);
  });

  it('offers a live read API for the workbench, readable from another origin', async () => {
    const response = await fetch(`${sim().url}/__sim/deals`, { headers: { origin: 'http://127.0.0.1:9999' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const list = (await response.json()) as { results: { id: string }[] };
    const deal = (await (await fetch(`${sim().url}/__sim/deals/${sim().demo!.deals.twoContacts}`)).json()) as { contacts: { properties: { firstname: string }; labels: string[] }[] };

    expect(list.results.map((d) => d.id)).toEqual(Object.values(sim().demo!.deals));
    expect(deal.contacts.map((c) => [c.properties.firstname, c.labels])).toEqual([
      ['Rosa', []],
      ['Tom', ['Primary contact']],
    ]);
    expect(sim().apiRequests()).toEqual([]);
  });

  it('starts from the command line', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulators/hubspot/cli.ts', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /HubSpot simulator on (http:\/\/[^\s]+)/.exec(output);
          if (found) resolve(found[1]!);
        });
        child.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
      });
      const deals = (await (await fetch(`${url}/__sim/deals`)).json()) as { results: unknown[] };
      expect(deals.results).toHaveLength(5);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

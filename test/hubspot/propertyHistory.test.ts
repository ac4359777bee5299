// HubSpot's property history in the simulator, over plain HTTP and through the store: every write that sets or changes a
// value is kept with its time and source, newest first, on single and batch reads of any object; search never returns it.
import { installed, storeFor, useSimulator } from './support';

const sim = useSimulator();

interface Entry {
  value: string;
  timestamp: string;
  sourceType: string;
}
/** The parts of HubSpot's record answers these tests read. */
interface RecordAnswer {
  id: string;
  updatedAt: string;
  propertiesWithHistory?: Record<string, Entry[]>;
  results: RecordAnswer[];
}

async function api(method: string, route: string, body?: unknown) {
  const response = await fetch(`${sim().url}${route}`, {
    method,
    headers: { authorization: `Bearer ${sim().accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as RecordAnswer) : undefined };
}

const values = (entries: { value: string }[]) => entries.map((entry) => entry.value);
const inOrder = (entries: { timestamp: string }[]) => entries.every((entry, i) => i === 0 || Date.parse(entries[i - 1]!.timestamp) > Date.parse(entry.timestamp));

it('a single read answers each asked property’s values newest first, with times and source; an unchanged value adds nothing', async () => {
  const created = await api('POST', '/crm/v3/objects/deals', { properties: { dealname: 'History', amount: '100' } });
  const id = String(created.body!.id);
  await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { amount: '200' } });
  await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { amount: '200', dealname: 'History, renamed' } });
  await api('PATCH', `/crm/v3/objects/deals/${id}`, { properties: { amount: '300' } });

  const read = await api('GET', `/crm/v3/objects/deals/${id}?properties=amount&propertiesWithHistory=amount,dealname,made_up`);
  expect(read.status).toBe(200);
  const history = read.body!.propertiesWithHistory!;
  expect(Object.keys(history).sort()).toEqual(['amount', 'dealname']);
  expect(values(history.amount!)).toEqual(['300', '200', '100']);
  expect(values(history.dealname!)).toEqual(['History, renamed', 'History']);
  expect(inOrder(history.amount!)).toBe(true);
  expect(history.amount!.every((entry) => entry.sourceType === 'INTEGRATION')).toBe(true);
  // The record's last change is the newest entry's time.
  expect(history.amount![0]!.timestamp).toBe(read.body!.updatedAt);

  // Without the parameter, no history.
  expect((await api('GET', `/crm/v3/objects/deals/${id}?properties=amount`)).body).not.toHaveProperty('propertiesWithHistory');
});

it('a batch read answers history for every record it finds, on contacts as on deals; search does not', async () => {
  const first = await api('POST', '/crm/v3/objects/contacts', { properties: { email: 'ada@example.com', firstname: 'Ada' } });
  const second = await api('POST', '/crm/v3/objects/contacts', { properties: { email: 'grace@example.com', firstname: 'Grace' } });
  await api('POST', '/crm/v3/objects/contacts/batch/update', { inputs: [{ id: String(first.body!.id), properties: { firstname: 'Augusta' } }] });

  const batch = await api('POST', '/crm/v3/objects/contacts/batch/read', {
    idProperty: 'email',
    inputs: [{ id: 'ada@example.com' }, { id: 'grace@example.com' }],
    properties: ['firstname'],
    propertiesWithHistory: ['firstname'],
  });
  expect(batch.status).toBe(200);
  const byEmail = new Map(batch.body!.results.map((r) => [r.id, values(r.propertiesWithHistory!.firstname!)]));
  expect(byEmail.get(String(first.body!.id))).toEqual(['Augusta', 'Ada']);
  expect(byEmail.get(String(second.body!.id))).toEqual(['Grace']);

  const search = await api('POST', '/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada@example.com' }] }], properties: ['firstname'], propertiesWithHistory: ['firstname'] });
  expect(search.status).toBe(200);
  expect(search.body!.results[0]).not.toHaveProperty('propertiesWithHistory');
});

it('the store reads a custom object’s history by its unique property, newest first, and a search gives the time of the last change', async () => {
  const store = await installed(sim());
  await store.upsertDesigns([{ aurora_design_id: 'd-1', aurora_agreement_status: 'sent' }]);
  await store.upsertDesigns([{ aurora_design_id: 'd-1', aurora_agreement_status: 'viewed' }]);
  await store.upsertDesigns([{ aurora_design_id: 'd-1', aurora_agreement_status: 'signed' }]);

  const read = await storeFor(sim()).getRecordHistory('aurora_design', 'd-1', ['aurora_agreement_status'], { idProperty: 'aurora_design_id' });
  expect(read?.record.properties.aurora_agreement_status).toBe('signed');
  expect(values(read!.history.aurora_agreement_status!)).toEqual(['signed', 'viewed', 'sent']);
  expect(await store.getRecordHistory('aurora_design', 'no-such-design', ['aurora_agreement_status'], { idProperty: 'aurora_design_id' })).toBeNull();

  const deal = (await api('POST', '/crm/v3/objects/deals', { properties: { dealname: 'Searched', aurora_project_id: 'p-1' } })).body!;
  const [found] = await store.findDealsByProperty('aurora_project_id', 'p-1', ['dealname']);
  expect(found?.updatedAt).toBe(deal.updatedAt);
});

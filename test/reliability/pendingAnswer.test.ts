// The receiver's answer when a delivery's work fails: "Recorded as pending" only when HubSpot really holds the mark (the
// write happened, or a fresh read shows it); otherwise it says nothing was recorded, and either way Aurora delivers again.
import { holdRequests, type SimRequest } from '../../simulators/shared/httpServer';
import { dealProps, delivery, handle, linkedDeal, useRig } from './support';

const rig = useRig();

afterEach(() => rig().hubspot.server.clearFaults());

/** A design request Aurora's designers finished, which the deal follows, with a mark an earlier put-off delivery left. */
async function followedRequest(name: string) {
  const { dealId, projectId } = await linkedDeal(rig(), name);
  const request = await rig().client.designRequests.create({ project_id: projectId });
  rig().aurora.control.completeDesignRequest(request.id);
  const item = `design_request:${request.id}`;
  await rig().deps.hubspot.updateDeal(dealId, { aurora_design_request_id: request.id, aurora_design_request_status: 'submitted', aurora_sync_pending: item });
  return { dealId, request, item, completed: delivery('design_request_completed', { DESIGN_REQUEST_ID_IN_AURORA: request.id, STATUS: 'designer_completed' }) };
}

const dealWrite = (dealId: string) => (req: SimRequest) => req.method === 'PATCH' && req.path.endsWith(`/objects/deals/${dealId}`);
const dealRead = (dealId: string) => (req: SimRequest) => req.method === 'GET' && req.path.endsWith(`/objects/deals/${dealId}`);

/** The delivery's first deal write is held until `release()`, then refused; `arrived` resolves when it reached HubSpot. */
const holdFirstDealWrite = (dealId: string) => holdRequests(rig().hubspot.server, dealWrite(dealId), { status: 503 });

it('never says "Recorded as pending" when it wrote nothing: a mark another call took off meanwhile, and the deal unreadable', async () => {
  const { dealId, item, completed } = await followedRequest('Unreadable deal');
  const held = holdFirstDealWrite(dealId);
  const answer = handle(rig(), completed);
  await held.arrived;
  // While the delivery's write hangs, another call finishes the design request's work and takes its mark off.
  await rig().deps.hubspot.updateDeal(dealId, { aurora_sync_pending: '' });
  // From now on HubSpot refuses the deal's reads and writes: the delivery can neither write its status nor re-read the list.
  rig().hubspot.server.injectFault({ match: (req) => dealWrite(dealId)(req) || dealRead(dealId)(req), status: 503, times: 50 });
  held.release();
  const answered = await answer;
  rig().hubspot.server.clearFaults();

  expect(answered.statusCode).toBe(503);
  // What the answer says is what HubSpot holds: the deal lists no mark, so the answer does not claim one.
  expect(dealProps(rig(), dealId).aurora_sync_pending ?? '').not.toContain(item);
  expect(answered.body).toMatchObject({ ok: false, outcome: 'failed' });
  expect(answered.body.message).not.toMatch(/Recorded/);

  // Aurora delivers again once HubSpot answers: the work is done.
  expect((await handle(rig(), completed)).body).toMatchObject({ ok: true, outcome: 'applied' });
  expect(dealProps(rig(), dealId).aurora_design_request_status).toBe('designer_completed');
});

it('says "Recorded as pending" when it wrote the mark, and the deal lists it', async () => {
  const { dealId, item, completed } = await followedRequest('Writable list');
  await rig().deps.hubspot.updateDeal(dealId, { aurora_sync_pending: '' });
  // The status write fails every time (the work cannot finish); the list's read and write work.
  let statusWrites = 0;
  const isStatusWrite = (req: SimRequest) => dealWrite(dealId)(req) && !JSON.stringify(req.body ?? {}).includes('aurora_sync_pending');
  rig().hubspot.server.injectFault({ match: (req) => isStatusWrite(req) && ++statusWrites > 0, status: 503, times: 50 });
  const answered = await handle(rig(), completed);
  rig().hubspot.server.clearFaults();

  expect(answered).toMatchObject({ statusCode: 503, body: { ok: false, outcome: 'deferred' } });
  expect(answered.body.message).toContain(`Recorded as pending (${item})`);
  expect(dealProps(rig(), dealId).aurora_sync_pending).toContain(item);
  expect(statusWrites).toBeGreaterThan(0);
});

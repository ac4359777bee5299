// Aurora's simulator emits real webhook GETs at the built aurora_webhook endpoint (run by the functions host exactly as
// HubSpot runs it) and HubSpot's simulator shows the result: design requests, simulations, screenshots, the signed
// contract's hand-off (once), a cancellation after signing, projects no deal links to, forged and malformed calls.
import { captureDeliveryLogs, getEndpoint, dealDesigns, dealNotes, dealProps, failedDeliveries, linkedDeal, startStack, WEBHOOK_TOKEN, type Stack } from './support';
import { randomUUID } from 'node:crypto';
import { readHistory } from '../../src/core/mapping/history';

let stack: Stack & { close(): Promise<void> };
let logs: string[];

beforeAll(async () => {
  logs = captureDeliveryLogs();
  // Redeliveries come after the busy spells these tests make (Retry-After 1 s), as Aurora's ~30 s first retry does.
  stack = await startStack({ aurora: { webhooks: { retryDelaysMs: [1_500, 3_000] } } });
});
afterAll(async () => {
  await stack?.close();
  // One line per delivery, none with the secret (it is in every delivery's query).
  expect(logs.filter((line) => line.includes('aurora_webhook')).length).toBeGreaterThan(20);
  expect(logs.filter((line) => line.includes(WEBHOOK_TOKEN))).toEqual([]);
});
afterEach(async () => {
  await stack.aurora.control.webhooksIdle();
  expect(failedDeliveries(stack.aurora)).toEqual([]);
  expect(stack.aurora.server.unhandled.splice(0)).toEqual([]);
  expect(stack.hubspot.server.unhandled.splice(0)).toEqual([]);
  expect(stack.host.server.unhandled.splice(0)).toEqual([]);
});

const idle = () => stack.aurora.control.webhooksIdle();
const deliveriesOf = (event: string) => stack.aurora.state.deliveries.filter((d) => d.event === event);

describe('design requests', () => {
  it('a design request the rep made completes, and the deal shows it', async () => {
    const { dealId } = await linkedDeal(stack, 'Request via card');
    const created = await stack.host.callCardFunction('aurora_design_request', { parameters: { dealId, action: 'create' } });
    expect(created).toMatchObject({ ok: true, result: { ok: true, designRequest: { status: 'submitted' } } });
    const requestId = dealProps(stack, dealId).aurora_design_request_id!;

    stack.aurora.control.completeDesignRequest(requestId);
    await idle();

    expect(dealProps(stack, dealId)).toMatchObject({ aurora_design_request_id: requestId, aurora_design_request_status: 'designer_completed' });
    expect(deliveriesOf('design_request_completed').at(-1)).toMatchObject({ outcome: 'delivered', statuses: [200] });
  });

  it('a design request made in Aurora is followed by the deal; a rejection brings the reason', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Request in Aurora');
    const request = await stack.client.designRequests.create({ project_id: projectId });
    stack.aurora.control.rejectDesignRequest(request.id, 'The roof is hidden by trees.');
    await idle();

    expect(dealProps(stack, dealId)).toMatchObject({
      aurora_design_request_id: request.id,
      aurora_design_request_status: 'designer_rejected',
      aurora_design_request_rejection_reason: 'The roof is hidden by trees.',
    });
  });
});

describe('designs', () => {
  it('a new design appears on the deal, and a finished simulation brings its numbers and screenshot', async () => {
    const { dealId } = await linkedDeal(stack, 'Simulation');
    const design = stack.aurora.control.createDesign({ projectId: dealProps(stack, dealId).aurora_project_id!, name: 'South roof', sizeKw: 8.4 });
    await idle();
    const [before] = dealDesigns(stack, dealId);
    const aurora = await stack.client.designs.retrieve(design.id);
    expect(before?.properties).toMatchObject({ aurora_design_id: design.id, aurora_design_name: 'South roof' });
    expect(Number(before?.properties.aurora_system_size_kw)).toBe(aurora.system_size_stc! / 1000);
    expect(before?.properties.aurora_annual_production_kwh ?? '').toBe('');

    stack.aurora.control.finishSimulation(design.id);
    await idle();

    const summary = await stack.client.designs.summary(design.id);
    const [after] = dealDesigns(stack, dealId);
    expect(Number(after?.properties.aurora_annual_production_kwh)).toBe(summary.energy_production?.annual);
    expect(Number(after?.properties.aurora_offset_percent)).toBeGreaterThan(0);
    // The simulation saves the auto screenshot: it is copied into HubSpot Files and linked on the design.
    const shot = stack.hubspot.view.files().find((file) => after?.properties.aurora_screenshot_url?.startsWith(file.url));
    expect(shot).toMatchObject({ contentType: 'image/png', path: expect.stringContaining('/Aurora Solar/Screenshots') });
    // The deal rolls up its only design.
    expect(dealProps(stack, dealId)).toMatchObject({ aurora_design_id: design.id, aurora_annual_production_kwh: after?.properties.aurora_annual_production_kwh });
  });

  it('a screenshot asset lands in HubSpot Files and on the design, once; other asset types are left in Aurora', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Screenshot');
    const design = stack.aurora.control.createDesign({ projectId, name: 'Garage', sizeKw: 5 });
    await idle();
    const filesBefore = stack.hubspot.view.files().length;

    const asset = stack.aurora.control.createAsset(design.id, 'CAD Screenshot');
    await idle();
    const [record] = dealDesigns(stack, dealId);
    const url = record?.properties.aurora_screenshot_url ?? '';
    expect(url).toContain(`#aurora-asset=${asset.id}`);
    const files = stack.hubspot.view.files();
    expect(files).toHaveLength(filesBefore + 1);
    expect(url.startsWith(files.at(-1)!.url)).toBe(true);

    // The same delivery again (Aurora may duplicate): answered at once, nothing more in HubSpot.
    const repeat = await fetch(deliveriesOf('asset_created').at(-1)!.url);
    expect(await repeat.json()).toMatchObject({ ok: true, outcome: 'unchanged' });
    stack.aurora.control.createAsset(design.id, 'Racking Spec Sheet');
    await idle();
    expect(stack.hubspot.view.files()).toHaveLength(filesBefore + 1);
    expect(dealDesigns(stack, dealId)[0]?.properties.aurora_screenshot_url).toBe(url);
  });
});

describe('the post-sale hand-off', () => {
  async function signedDeal() {
    const { dealId, projectId } = await linkedDeal(stack, 'Contract');
    const other = stack.aurora.control.createDesign({ projectId, name: 'Option A', sizeKw: 6 });
    const sold = stack.aurora.control.createDesign({ projectId, name: 'Option B', sizeKw: 9.2 });
    stack.aurora.control.finishSimulation(other.id);
    stack.aurora.control.finishSimulation(sold.id);
    await idle();
    const agreement = stack.aurora.control.createAgreement({ projectId, designId: sold.id });
    await idle();
    stack.aurora.control.moveAgreement(agreement.id, 'viewed');
    await idle();
    stack.aurora.control.moveAgreement(agreement.id, 'signed');
    await idle();
    return { dealId, projectId, agreement, sold, other };
  }

  it('a signed contract stamps the deal and the design, marks it sold and primary, moves the deal once and adds one note', async () => {
    const { dealId, sold } = await signedDeal();
    const deal = dealProps(stack, dealId);
    expect(deal).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed', aurora_design_id: sold.id, aurora_design_name: 'Option B' });
    expect(Date.parse(deal.aurora_contract_signed_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const record = dealDesigns(stack, dealId).find((r) => r.properties.aurora_design_id === sold.id);
    expect(record?.properties).toMatchObject({ aurora_agreement_status: 'signed', aurora_is_sold: 'true', aurora_is_primary: 'true' });
    expect(record?.properties.aurora_contract_signed_at).toBe(deal.aurora_contract_signed_at);
    expect(record?.labels).toEqual(expect.arrayContaining(['Primary design', 'Sold design']));
    expect(dealDesigns(stack, dealId).filter((r) => r.labels.includes('Primary design'))).toHaveLength(1);

    const notes = dealNotes(stack, dealId);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Option B');
    expect(notes[0]?.body).toContain(`${Number(record?.properties.aurora_system_size_kw)} kW`);
    expect(notes[0]?.body).toContain(Number(record?.properties.aurora_price).toLocaleString('en-US'));
    expect(notes[0]?.body).toContain(deal.aurora_proposal_url);
    expect(notes[0]?.body).toContain('Closed Won');
  });

  it('a contract signed while Aurora has no requests left still moves the deal, stamps it and adds the note', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Busy Aurora');
    const sold = stack.aurora.control.createDesign({ projectId, name: 'Only option', sizeKw: 7.4 });
    stack.aurora.control.finishSimulation(sold.id);
    await idle();
    const agreement = stack.aurora.control.createAgreement({ projectId, designId: sold.id });
    await idle();
    // The key's budget is spent (other syncs, other tabs): Aurora answers the agreement read and nothing else for a while.
    stack.aurora.server.injectFault({
      match: (req) => req.path.startsWith('/tenants/') && !req.path.includes('/agreements/'),
      status: 429,
      headers: { 'retry-after': '1' },
      body: { errors: [{ message: 'Rate limit exceeded' }] },
      times: 1000,
    });
    stack.aurora.control.moveAgreement(agreement.id, 'signed');
    await idle();
    stack.aurora.server.clearFaults();

    const deal = dealProps(stack, dealId);
    expect(deal).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed' });
    expect(Date.parse(deal.aurora_contract_signed_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const record = dealDesigns(stack, dealId).find((r) => r.properties.aurora_design_id === sold.id);
    expect(record?.properties).toMatchObject({ aurora_agreement_status: 'signed', aurora_is_sold: 'true', aurora_contract_signed_at: deal.aurora_contract_signed_at });
    expect(dealNotes(stack, dealId)).toHaveLength(1);
    // The refreshed figures wait for the next sync, which keeps the first stamp.
    expect(deal.aurora_sync_pending).toBeTruthy();
    await stack.host.callCardFunction('aurora_sync_deal', { parameters: { dealId } });
    expect(dealProps(stack, dealId)).toMatchObject({ dealstage: 'closedwon', aurora_contract_signed_at: deal.aurora_contract_signed_at, aurora_sync_pending: '' });
    expect(dealNotes(stack, dealId)).toHaveLength(1);
  });

  it('a signed contract whose agreement read meets a 429 is handed off by Aurora delivering again, without anyone acting', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Signed at a busy moment');
    const sold = stack.aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 6.6 });
    await idle();
    const agreement = stack.aurora.control.createAgreement({ projectId, designId: sold.id });
    await idle();
    // Another invocation spent the budget: the signed delivery's first read is refused for a second.
    stack.aurora.control.injectFault({ path: `/agreements/${agreement.id}`, status: 429, retryAfterSeconds: 1, times: 1 });
    stack.aurora.control.moveAgreement(agreement.id, 'signed');
    await idle();

    const signed = deliveriesOf('agreement_status_changed').filter((d) => d.url.includes(agreement.id)).at(-1);
    expect(signed).toMatchObject({ outcome: 'delivered', statuses: [503, 200] });
    expect(dealProps(stack, dealId)).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed' });
    expect(dealNotes(stack, dealId)).toHaveLength(1);
  });

  it('a finished simulation whose pricing read meets a 429 is finished by Aurora delivering again, without anyone acting', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Simulated at a busy moment');
    const design = stack.aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 7.2 });
    await idle();
    // Another invocation spent the budget: the simulation delivery's pricing read is refused for a second.
    stack.aurora.control.injectFault({ path: `/designs/${design.id}/pricing`, status: 429, retryAfterSeconds: 1, times: 1 });
    stack.aurora.control.finishSimulation(design.id);
    await idle();

    const simulated = deliveriesOf('performance_simulation_job_completed').filter((d) => d.url.includes(design.id)).at(-1);
    expect(simulated).toMatchObject({ outcome: 'delivered', statuses: [503, 200] });
    const [record] = dealDesigns(stack, dealId);
    expect(Number(record?.properties.aurora_price)).toBeGreaterThan(0);
    expect(dealProps(stack, dealId).aurora_sync_pending ?? '').toBe('');
  });

  it('late, duplicated and repeated deliveries change nothing, and never move a stage back', async () => {
    const { dealId } = await signedDeal();
    // A rep moves the deal on by hand; Aurora then repeats old deliveries.
    await stack.store.updateDeal(dealId, { dealstage: 'decisionmakerboughtin' });
    // Everything but the deal's history, which says once that a repeat was ignored (mapping/history.ts).
    const dealState = () => {
      const { properties, ...rest } = stack.hubspot.view.deal(dealId)!;
      const { aurora_history: history, hs_lastmodifieddate: _modified, ...kept } = properties;
      return { state: JSON.stringify({ ...rest, properties: kept }), history: readHistory(history) };
    };
    const before = dealState();
    const agreementUrls = deliveriesOf('agreement_status_changed').slice(-3).map((d) => d.url);
    const answers = await Promise.all([...agreementUrls, ...agreementUrls].map(async (url) => (await fetch(url)).json()));
    expect(answers.every((body) => body.ok === true && body.outcome === 'unchanged')).toBe(true);
    const after = dealState();
    expect(after.state).toBe(before.state);
    expect(after.history.slice(1)).toEqual(before.history);
    expect(after.history[0]!.what).toBe('Aurora webhook (agreement status changed) ignored: The signed contract was already handed off.');
  });

  it('a cancellation after signing flags the deal with one note and keeps its stage and status', async () => {
    const { dealId, agreement } = await signedDeal();
    stack.aurora.control.moveAgreement(agreement.id, 'cancel_pending', { force: true });
    await idle();
    stack.aurora.control.moveAgreement(agreement.id, 'canceled');
    await idle();

    const deal = dealProps(stack, dealId);
    expect(deal).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed' });
    expect(deal.aurora_attention).toContain('now cancelled in Aurora');
    const notes = dealNotes(stack, dealId);
    expect(notes).toHaveLength(2);
    expect(notes.filter((note) => note.body.startsWith('<p>Needs attention'))).toHaveLength(1);
  });
});

describe('the next sync finishes what no webhook did', () => {
  const agreementSubscription = () => [...stack.aurora.state.webhooks.values()].find((w) => w.wire.event === 'agreement_status_changed')!.wire;
  const sync = (dealId: string) => stack.host.callCardFunction('aurora_sync_deal', { parameters: { dealId } });
  // Aurora stops calling (a subscription disabled after failures); registering again re-enables it.
  const withoutAgreementWebhooks = async (run: () => Promise<void>) => {
    await stack.client.webhooks.update(agreementSubscription().id, { enabled: false });
    try {
      await run();
    } finally {
      const again = await stack.host.callCardFunction('aurora_register_webhooks', {});
      expect(again).toMatchObject({ ok: true, result: { ok: true, registrations: expect.arrayContaining([{ event: 'agreement_status_changed', outcome: 'enabled', message: 'Re-enabled the subscription.' }]) } });
    }
  };

  it('a contract signed while Aurora was not calling is handed off by the next Sync, once', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Missed signature');
    const design = stack.aurora.control.createDesign({ projectId, name: 'Only option', sizeKw: 7 });
    await idle();
    await withoutAgreementWebhooks(async () => {
      const agreement = stack.aurora.control.createAgreement({ projectId, designId: design.id });
      stack.aurora.control.moveAgreement(agreement.id, 'signed');
      await idle();
      expect(dealProps(stack, dealId).dealstage).toBe('contractsent');
      expect(await sync(dealId)).toMatchObject({ ok: true, result: { ok: true } });
    });
    expect(dealProps(stack, dealId)).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed' });
    expect(await sync(dealId)).toMatchObject({ ok: true, result: { ok: true } });
    expect(dealNotes(stack, dealId)).toHaveLength(1);
  });

  it('a Sync after a cancellation keeps the signed status and stage, and flags a cancellation no webhook saw', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Missed cancellation');
    const design = stack.aurora.control.createDesign({ projectId, name: 'Sold one', sizeKw: 7 });
    await idle();
    const agreement = stack.aurora.control.createAgreement({ projectId, designId: design.id });
    stack.aurora.control.moveAgreement(agreement.id, 'signed');
    await idle();
    await withoutAgreementWebhooks(async () => {
      stack.aurora.control.moveAgreement(agreement.id, 'canceled', { force: true });
      await idle();
      expect(dealProps(stack, dealId).aurora_attention ?? '').toBe('');
      expect(await sync(dealId)).toMatchObject({ ok: true, result: { ok: true } });
    });
    const deal = dealProps(stack, dealId);
    expect(deal).toMatchObject({ dealstage: 'closedwon', aurora_agreement_status: 'signed' });
    expect(deal.aurora_attention).toContain('now cancelled in Aurora');
    expect(dealDesigns(stack, dealId)[0]?.properties).toMatchObject({ aurora_agreement_status: 'signed', aurora_is_sold: 'true' });
    await sync(dealId);
    expect(dealNotes(stack, dealId).map((note) => note.body.split('</p>')[0])).toEqual([expect.stringContaining('Contract signed'), expect.stringContaining('Needs attention')]);
  });
});

describe('what the endpoint refuses or only acknowledges', () => {
  const quiet = async (run: () => Promise<void>) => {
    const hubspotRequests = stack.hubspot.apiRequests().length;
    const auroraRequests = stack.aurora.state.requests.length;
    await run();
    expect(stack.hubspot.apiRequests().length).toBe(hubspotRequests);
    expect(stack.aurora.state.requests.length).toBe(auroraRequests);
  };

  it('a forged call (no secret, a wrong one) gets 401 and writes nothing', async () => {
    const { projectId } = await linkedDeal(stack, 'Forged');
    const query = { evt: 'project_status_changed', project_id: projectId, status: 'Project Sold' };
    await quiet(async () => {
      expect(await getEndpoint(stack, query)).toEqual({ status: 401, body: expect.objectContaining({ ok: false, outcome: 'unauthorized' }) });
      expect((await getEndpoint(stack, { ...query, t: `${WEBHOOK_TOKEN}x` })).status).toBe(401);
      expect((await getEndpoint(stack, { ...query, t: '' })).status).toBe(401);
      // HubSpot's endpoint keeps only standard headers, so a token in a custom header never arrives there.
      expect((await getEndpoint(stack, query, { 'X-Aurora-Webhook-Token': WEBHOOK_TOKEN })).status).toBe(401);
    });
  });

  it('a malformed query gets 400 and writes nothing; the answer never echoes the token', async () => {
    await quiet(async () => {
      const bad = await getEndpoint(stack, { t: WEBHOOK_TOKEN, evt: 'asset_created', design_id: 'x', asset_id: randomUUID(), asset_type: 'CAD Screenshot' });
      expect(bad).toEqual({ status: 400, body: expect.objectContaining({ ok: false, outcome: 'invalid', message: expect.stringContaining('design_id') }) });
      expect((await getEndpoint(stack, { t: WEBHOOK_TOKEN, design_id: randomUUID() })).status).toBe(400);
      expect(JSON.stringify(bad.body)).not.toContain(WEBHOOK_TOKEN);
    });
  });

  it('events of a project no deal links to, and events the app does not handle, are acknowledged without writing', async () => {
    const orphan = await stack.client.projects.create({ name: 'Nobody links me', location: { property_address: '12 Elm St, Springfield, IL 62701' } });
    const writes = stack.hubspot.state.writes;
    stack.aurora.control.setProjectStatus(orphan.id, 'Project Sold');
    const design = stack.aurora.control.createDesign({ projectId: orphan.id, sizeKw: 4 });
    stack.aurora.control.finishSimulation(design.id);
    await idle();
    expect(stack.hubspot.state.writes).toBe(writes);
    expect(deliveriesOf('project_status_changed').at(-1)).toMatchObject({ outcome: 'delivered', statuses: [200] });
    const unknown = await getEndpoint(stack, { t: WEBHOOK_TOKEN, evt: 'project_created', project_id: orphan.id });
    expect(unknown).toEqual({ status: 200, body: expect.objectContaining({ ok: true, outcome: 'ignored' }) });
  });

  it('a delivery about something Aurora has since deleted is settled, not retried', async () => {
    const { projectId } = await linkedDeal(stack, 'Deleted later');
    stack.aurora.control.setProjectStatus(projectId, 'Site survey');
    await idle();
    stack.aurora.control.deleteProject(projectId);
    const late = await fetch(deliveriesOf('project_status_changed').at(-1)!.url);
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ ok: true, outcome: 'gone' });
  });

  it('a project status change reaches the deal', async () => {
    const { dealId, projectId } = await linkedDeal(stack, 'Status');
    stack.aurora.control.setProjectStatus(projectId, 'Project Sold');
    await idle();
    expect(dealProps(stack, dealId).aurora_project_status).toBe('Project Sold');
  });
});

// Workflow actions end to end: HubSpot's execution request POSTed to the built endpoint function on the functions host,
// against both simulators: outputs, idempotent re-runs, plain failure reasons, the opt-in trust model, and the retry
// answer (429 + Retry-After) when Aurora's budget is spent.
import { DEMO } from '../../simulators/aurora';
import { createAuroraClient } from '../../src/core/aurora/client';
import { claimDesignId } from '../../src/core/dataModel';
import { actionUrl, executionRequest, optIn, post, useActionWorld } from './support';
import { SETTINGS_RECORD_ID } from '../../src/core/settings/store';
import { holdRequests, type SimRequest } from '../../simulators/shared/httpServer';
import { OUTPUT_PROPERTIES } from '../../src/core/workflows/protocol';

const world = useActionWorld();

const auroraProjectsOf = (dealId: string) => [...world().aurora.state.projects.values()].map((p) => p.wire).filter((wire) => wire.external_provider_id === dealId);
/** The properties the action reads its outputs from (the deal after its work). */
const OUTPUTS_ASKED = [...OUTPUT_PROPERTIES].sort().join();
const deal = (dealId: string) => world().hubspot.view.deal(dealId)!.properties;
const designRecords = (dealId: string) =>
  (world().hubspot.view.deal(dealId)!.custom.aurora_design ?? []).filter((r) => r.properties.aurora_record_kind !== 'project_claim');

async function run(action: string, dealId: string, inputFields: Record<string, unknown> = {}) {
  return post(actionUrl(world(), action), executionRequest(world(), dealId, inputFields));
}

const addressOf = (projectId: string) => String((world().aurora.state.projects.get(projectId)!.wire.location as { property_address?: string }).property_address);

/** Someone else spends the key's budget: one request a minute, and it is used. */
async function spendAuroraBudget() {
  world().aurora.control.setRateLimit({ requests: 1, perMs: 60_000 });
  const client = createAuroraClient({ apiKey: DEMO.standardKey, tenantId: DEMO.tenantId, baseUrl: world().aurora.url, maxRetries: 0 });
  await client.projects.list({ perPage: 1, maxPages: 1 }).next().catch(() => undefined);
}

async function createdDeal() {
  const dealId = world().hubspot.demo!.deals.sandbox;
  await optIn(world(), dealId);
  const created = await run('create_project', dealId);
  return { dealId, projectId: String(created.body.outputFields!.aurora_project_id) };
}

describe('Create Aurora project (workflow action)', () => {
  it('creates the project once and outputs its id and link; a re-enrolled deal gets the same project back', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await optIn(world(), dealId);

    const first = await run('create_project', dealId);

    const [project] = auroraProjectsOf(dealId);
    expect(auroraProjectsOf(dealId)).toHaveLength(1);
    expect(first).toMatchObject({ status: 200, body: { outputFields: { hs_execution_state: 'SUCCESS', outcome: 'created', aurora_project_id: project!.id, failure_reason: '' } } });
    expect(first.body.outputFields!.aurora_project_url).toBe(deal(dealId).aurora_project_url);
    expect(first.body.outputFields!.aurora_project_url).toContain(project!.id);
    expect(deal(dealId).aurora_project_id).toBe(project!.id);

    const second = await run('create_project', dealId);

    expect(second).toMatchObject({ status: 200, body: { outputFields: { hs_execution_state: 'SUCCESS', outcome: 'already_linked', aurora_project_id: project!.id } } });
    expect(auroraProjectsOf(dealId)).toHaveLength(1);
    expect(world().aurora.state.projects.size).toBe(1);
  });

  it('makes one project when a workflow enrolls the deal five times at once', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await optIn(world(), dealId);

    const answers = await Promise.all(Array.from({ length: 5 }, () => run('create_project', dealId)));

    const [project] = auroraProjectsOf(dealId);
    expect(auroraProjectsOf(dealId)).toHaveLength(1);
    // Each answer is the project, or "call again" while another execution holds the create claim: never a failure.
    for (const answer of answers) {
      if (answer.status === 429) expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      else expect(answer.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', aurora_project_id: project!.id });
    }
    expect(answers.filter((a) => a.body.outputFields?.outcome === 'created')).toHaveLength(1);
  });

  it('answers 429 (call again in 30 s) while another call holds the create claim', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await optIn(world(), dealId);
    // A Create in Aurora from the card is under way: it holds the claim, no project yet.
    await world().store.createRecord('aurora_design', { aurora_design_id: claimDesignId(dealId), aurora_record_kind: 'project_claim', aurora_deal_id: dealId, aurora_design_name: 'claim' });

    const answer = await run('create_project', dealId);

    expect([answer.status, answer.retryAfter]).toEqual([429, '30']);
    expect(world().aurora.state.projects.size).toBe(0);
  });

  it('fails with the missing fields by their HubSpot names, creating nothing', async () => {
    const dealId = world().hubspot.demo!.deals.missingStreet;
    await optIn(world(), dealId);

    const answer = await run('create_project', dealId);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ errorCode: 'MISSING_FIELDS', outputFields: { hs_execution_state: 'FAIL_CONTINUE', outcome: 'failed' } });
    expect(answer.body.failureReason).toContain('Street Address');
    expect(answer.body.outputFields!.failure_reason).toBe(answer.body.failureReason);
    expect(world().aurora.state.projects.size).toBe(0);
  });

  it('answers 429 with Retry-After when Aurora has no budget left, creates nothing, and creates once when called again', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await optIn(world(), dealId);
    await spendAuroraBudget();

    const limited = await run('create_project', dealId);

    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(limited.body.outputFields).toBeUndefined();
    expect(world().aurora.state.projects.size).toBe(0);
    expect(deal(dealId).aurora_project_id ?? '').toBe('');

    // HubSpot calls again once the window has room: Retry-After later, when the time the app's budget board holds has passed.
    world().aurora.control.setRateLimit({ requests: 90, perMs: 60_000 });
    await world().store.upsertDesigns([{ aurora_design_id: SETTINGS_RECORD_ID, aurora_busy_until: new Date(Date.now() - 1_000).toISOString() }]);
    const retried = await run('create_project', dealId);

    expect(retried.body.outputFields).toMatchObject({ outcome: 'created' });
    expect(auroraProjectsOf(dealId)).toHaveLength(1);
  });
});

describe('Sync from Aurora (workflow action)', () => {
  it('outputs the rolled-up design: size, price, agreement status, sync status; a second run writes no new record', async () => {
    const { dealId, projectId } = await createdDeal();
    const design = world().aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 8 });
    world().aurora.control.finishSimulation(design.id);
    const agreement = world().aurora.control.createAgreement({ projectId, designId: design.id });

    const first = await run('sync_deal', dealId);

    const props = deal(dealId);
    expect(first).toMatchObject({
      status: 200,
      body: {
        outputFields: {
          hs_execution_state: 'SUCCESS',
          outcome: 'synced',
          aurora_project_id: projectId,
          sync_status: 'ok',
          system_size_kw: Number(props.aurora_system_size_kw),
          price: Number(props.aurora_price),
          agreement_status: agreement.status,
        },
      },
    });
    expect(first.body.outputFields!.system_size_kw).toBeGreaterThan(7);
    expect(first.body.outputFields!.price).toBeGreaterThan(0);
    expect(designRecords(dealId)).toHaveLength(1);
    const writes = world().hubspot.state.writes;

    const second = await run('sync_deal', dealId);

    expect(second.body.outputFields).toEqual(first.body.outputFields);
    expect(designRecords(dealId)).toHaveLength(1);
    // Inside the freshness window nothing new means nothing written (docs/aurora-budget.md#read-only-what-changed).
    expect(world().hubspot.state.writes).toBe(writes);
  });

  it('says the sync status as the card does: "ok" when another sync\'s "partial" lands last with nothing marked anywhere', async () => {
    const { dealId, projectId } = await createdDeal();
    const design = world().aurora.control.createDesign({ projectId, name: 'South roof', sizeKw: 8 });
    world().aurora.control.finishSimulation(design.id);
    // The action's read of its outputs, after its own sync wrote "ok": another sync cut short lands its "partial" first
    // (its marks were cleared since by this action's sync; the stored status is the last writer's).
    const asked = (req: SimRequest) => req.query.getAll('properties').flatMap((value) => value.split(',')).sort().join();
    const outputsRead = (req: SimRequest) => req.method === 'GET' && req.path.endsWith(`/deals/${dealId}`) && asked(req) === OUTPUTS_ASKED;
    const held = holdRequests(world().hubspot.server, outputsRead);
    const answer = run('sync_deal', dealId);
    await held.arrived;
    await world().store.updateDeal(dealId, { aurora_sync_status: 'partial', aurora_last_error: '' });
    held.release();

    expect((await answer).body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', sync_status: 'ok' });
    expect(deal(dealId).aurora_sync_status).toBe('partial');
    expect(designRecords(dealId).every((record) => !record.properties.aurora_sync_pending)).toBe(true);
  });

  it('fails plainly for a deal with no Aurora project', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await optIn(world(), dealId);

    const answer = await run('sync_deal', dealId);

    expect(answer.body).toMatchObject({ errorCode: 'NOT_LINKED', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } });
    expect(answer.body.failureReason).toBe('This deal has no Aurora project yet: put the Create Aurora project action before this one.');
  });

  it('answers 429 with Retry-After when Aurora has no budget left, never a failure', async () => {
    const { dealId } = await createdDeal();
    await spendAuroraBudget();

    const limited = await run('sync_deal', dealId);

    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(limited.body.errorCode).toBeUndefined();
  });
});

describe('Update Aurora project (workflow action)', () => {
  it('sends a changed email once; an address change waits for the action to allow it', async () => {
    const { dealId, projectId } = await createdDeal();
    const contactId = world().hubspot.demo!.contacts.jane;
    await world().store.updateRecord('contacts', contactId, { email: 'jane.new@example.com' });

    const updated = await run('update_project', dealId);

    expect(updated.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', outcome: 'updated', aurora_project_id: projectId });
    expect(world().aurora.state.projects.get(projectId)!.wire.customer_email).toBe('jane.new@example.com');
    expect((await run('update_project', dealId)).body.outputFields).toMatchObject({ outcome: 'unchanged' });

    await world().store.updateRecord('contacts', contactId, { address: '1 Hacker Way' });
    const held = await run('update_project', dealId, { confirm_address_change: 'false' });

    expect(held.body).toMatchObject({ errorCode: 'ADDRESS_CONFIRMATION', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } });
    expect(addressOf(projectId)).not.toContain('1 Hacker Way');

    const sent = await run('update_project', dealId, { confirm_address_change: 'true' });

    expect(sent.body.outputFields).toMatchObject({ outcome: 'updated' });
    expect(addressOf(projectId)).toContain('1 Hacker Way');
  });
});

describe('who may run the actions (endpoint function: no signature reaches it)', () => {
  it('acts only on deals a workflow opted in: anything else fails plainly and spends nothing', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    const writes = world().hubspot.state.writes;

    const answer = await run('create_project', dealId);

    expect(answer.body).toMatchObject({ errorCode: 'NOT_OPTED_IN', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } });
    expect(answer.body.failureReason).toContain('Aurora automation = Yes');
    expect(world().aurora.state.requests).toEqual([]);
    expect(world().hubspot.state.writes).toBe(writes);
  });

  it('refuses another portal, an unknown action, a GET and a body that is not an execution request, doing nothing', async () => {
    const dealId = world().hubspot.demo!.deals.sandbox;
    await optIn(world(), dealId);
    const writes = world().hubspot.state.writes;

    expect((await post(actionUrl(world(), 'create_project'), executionRequest(world(), dealId, {}, 99_999))).status).toBe(403);
    expect((await post(actionUrl(world(), 'delete_everything'), executionRequest(world(), dealId))).status).toBe(404);
    expect((await post(actionUrl(world(), 'create_project'), { object: { objectId: dealId } })).status).toBe(400);
    expect((await fetch(actionUrl(world(), 'create_project'))).status).toBe(405);
    expect(world().aurora.state.requests).toEqual([]);
    expect(world().hubspot.state.writes).toBe(writes);
    expect(world().aurora.state.projects.size).toBe(0);
  });

  it('fails plainly for a deal that does not exist and for other object types', async () => {
    expect((await run('sync_deal', '987654321')).body).toMatchObject({ errorCode: 'DEAL_NOT_FOUND' });
    const contact = executionRequest(world(), world().hubspot.demo!.contacts.jane);
    const answer = await post(actionUrl(world(), 'sync_deal'), { ...contact, object: { ...contact.object, objectType: 'CONTACT' } });
    expect(answer.body).toMatchObject({ errorCode: 'WRONG_OBJECT' });
  });
});

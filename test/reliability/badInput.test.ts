// Bad input, as an attacker or a broken peer sends it: card parameters, webhook queries and headers, Aurora's answers
// and HubSpot's answers. Each case gets a clear answer (a typed failure, a 4xx, a partial sync that says what is left)
// or is tolerated; none crashes, answers 500, leaks a secret, or leaves garbled data on the deal.
import { randomUUID } from 'node:crypto';
import * as createDesignEdge from '../../src/core/functions/createDesign';
import * as createProjectEdge from '../../src/core/functions/createProject';
import * as dealOverviewEdge from '../../src/core/functions/dealOverview';
import * as designRequestEdge from '../../src/core/functions/designRequest';
import * as syncDealEdge from '../../src/core/functions/syncDeal';
import * as updateProjectEdge from '../../src/core/functions/updateProject';
import { syncDeal } from '../../src/core/useCases/sync';
import type { SimRequest } from '../../simulators/shared/httpServer';
import { handleAuroraWebhook, type WebhookRequest } from '../../src/core/webhooks/receiver';
import { assertNoSecrets, dealDesigns, dealProps, delivery, linkedDeal, soon, startRig, WEBHOOK_TOKEN, type Rig } from './support';

let rig: Rig;
let saved: NodeJS.ProcessEnv;
let deal: { dealId: string; projectId: string; designId: string };

beforeAll(async () => {
  rig = await startRig();
  saved = { ...process.env };
  Object.assign(process.env, rig.env);
  const linked = await linkedDeal(rig, 'Bad input');
  const design = rig.aurora.control.createDesign({ projectId: linked.projectId, name: 'Baseline', sizeKw: 6 });
  await syncDeal(rig.deps, { dealId: linked.dealId }, soon());
  deal = { ...linked, designId: design.id };
});
afterAll(async () => {
  // Restore in place: the function bundles read the real process.env, which a reassignment would leave changed.
  for (const key of Object.keys(rig.env)) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  assertNoSecrets(rig);
  await rig.close();
});
afterEach(() => {
  rig.aurora.server.clearFaults();
  rig.hubspot.server.clearFaults();
});

const SECRETS = () => [rig.env.AURORA_API_KEY, rig.env.HUBSPOT_ACCESS_TOKEN, WEBHOOK_TOKEN];
const noSecret = (value: unknown) => {
  const text = JSON.stringify(value) ?? '';
  for (const secret of SECRETS()) expect(text).not.toContain(secret);
};
/** Nothing on the deal or its designs holds a script link or control characters an answer smuggled in (markup is text). */
function dealStaysClean(): void {
  const values = [...Object.values(dealProps(rig, deal.dealId)), ...dealDesigns(rig, deal.dealId).flatMap((r) => Object.values(r.properties))];
  // eslint-disable-next-line no-control-regex
  expect(values.filter((v) => /^\s*javascript:|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/i.test(v))).toEqual([]);
  noSecret(values);
}

// ---- card parameters: every card-called edge validates its parameters before anything runs.

const EDGES = { sync: syncDealEdge.main, overview: dealOverviewEdge.main, create: createProjectEdge.main, request: designRequestEdge.main, design: createDesignEdge.main, update: updateProjectEdge.main };
type EdgeName = keyof typeof EDGES;
const huge = 'x'.repeat(200_000);

const CARD_CASES: [string, EdgeName, unknown, 'invalid_input' | 'clear'][] = [
  ['no parameters at all', 'sync', undefined, 'invalid_input'],
  ['parameters is null', 'sync', null, 'invalid_input'],
  ['parameters is a string', 'overview', 'dealId=1', 'invalid_input'],
  ['parameters is an array', 'overview', ['1'], 'invalid_input'],
  ['dealId missing', 'create', {}, 'invalid_input'],
  ['dealId as a number', 'sync', { dealId: 12 }, 'invalid_input'],
  ['dealId negative', 'sync', { dealId: '-5' }, 'invalid_input'],
  ['dealId with letters', 'sync', { dealId: '12abc' }, 'invalid_input'],
  ['dealId with SQL', 'sync', { dealId: "1' OR '1'='1" }, 'invalid_input'],
  ['dealId with a path', 'overview', { dealId: '../../crm/v3/objects/contacts' }, 'invalid_input'],
  ['dealId 200 000 characters', 'sync', { dealId: huge }, 'invalid_input'],
  ['dealId in Arabic-Indic digits', 'sync', { dealId: '١٢٣' }, 'invalid_input'],
  ['dealId of 21 digits', 'sync', { dealId: '123456789012345678901' }, 'invalid_input'],
  ['dealId of a deal that does not exist', 'sync', { dealId: '999999999' }, 'clear'],
  ['dealId of a deal that does not exist (create)', 'create', { dealId: '999999998' }, 'clear'],
  ['unknown design request action', 'request', { dealId: '1', action: 'delete' }, 'invalid_input'],
  ['design request action with a prototype key', 'request', JSON.parse('{"dealId":"1","action":"create","__proto__":{"admin":true}}'), 'clear'],
  ['design name of 200 000 characters', 'design', { dealId: '1', name: huge }, 'invalid_input'],
  ['design name blank', 'design', { dealId: '1', name: '   ' }, 'invalid_input'],
  ['confirmAddressChange as a string', 'update', { dealId: '1', confirmAddressChange: 'yes' }, 'invalid_input'],
];

describe('card parameters', () => {
  it.each(CARD_CASES)('%s', async (_name, edge, parameters, expected) => {
    const fixed = JSON.parse(JSON.stringify(parameters ?? null)?.replace('"1"', JSON.stringify(deal.dealId)) ?? 'null') as unknown;
    const result = (await EDGES[edge]({ parameters: parameters === undefined ? undefined : fixed })) as { ok: boolean; error?: { code: string; message: string } };
    noSecret(result);
    if (expected === 'invalid_input') expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input' }) });
    else expect(result.ok === true || (result.error !== undefined && result.error.code !== 'internal')).toBe(true);
    dealStaysClean();
  });
});

// ---- webhook queries and headers: authenticated first, then validated, never a 500.

const query = (values: Record<string, string | string[]>): WebhookRequest => ({ method: 'GET', query: values, headers: {} });
const WEBHOOK_CASES: [string, () => WebhookRequest, number[]][] = [
  ['no token', () => query({ evt: 'project_status_changed', project_id: deal.projectId }), [401]],
  ['wrong token', () => query({ t: 'guess', evt: 'project_status_changed', project_id: deal.projectId }), [401]],
  ['token with a trailing space', () => query({ t: `${WEBHOOK_TOKEN} `, evt: 'project_status_changed', project_id: deal.projectId }), [401]],
  ['token prefix only', () => query({ t: WEBHOOK_TOKEN.slice(0, 10), evt: 'project_status_changed', project_id: deal.projectId }), [401]],
  ['token 1 MB long', () => query({ t: 'a'.repeat(1_000_000), evt: 'project_status_changed', project_id: deal.projectId }), [401]],
  ['token only in a lower-case header', () => ({ method: 'GET', query: { evt: 'project_status_changed', project_id: deal.projectId }, headers: { 'x-aurora-webhook-token': WEBHOOK_TOKEN } }), [200]],
  ['token as an array of guesses then the token', () => query({ t: ['guess', WEBHOOK_TOKEN], evt: 'project_status_changed', project_id: deal.projectId }), [401]],
  ['POST', () => ({ ...delivery('project_status_changed', { PROJECT_ID: deal.projectId }), method: 'POST' }), [405]],
  ['lower-case get', () => ({ ...delivery('project_status_changed', { PROJECT_ID: deal.projectId }), method: 'get' }), [200]],
  ['evt missing', () => query({ t: WEBHOOK_TOKEN, project_id: deal.projectId }), [400]],
  ['evt unknown', () => query({ t: WEBHOOK_TOKEN, evt: 'project_teleported', project_id: deal.projectId }), [200]],
  ['evt in capitals', () => query({ t: WEBHOOK_TOKEN, evt: 'PROJECT_STATUS_CHANGED', project_id: deal.projectId }), [400]],
  ['evt with control characters', () => query({ t: WEBHOOK_TOKEN, evt: 'project_status_changed\u0000\n', project_id: deal.projectId }), [400]],
  ['evt __proto__', () => query({ t: WEBHOOK_TOKEN, evt: '__proto__' }), [400]],
  ['project id not a UUID', () => delivery('project_status_changed', { PROJECT_ID: 'not-a-uuid' }), [400]],
  ['project id with SQL', () => delivery('project_status_changed', { PROJECT_ID: "1' OR 1=1 --" }), [400]],
  ['project id of no deal', () => delivery('project_status_changed', { PROJECT_ID: randomUUID() }), [200]],
  ['project id missing', () => delivery('project_status_changed', {}), [400]],
  ['agreement id Aurora does not know', () => delivery('agreement_status_changed', { PROJECT_ID: deal.projectId, AGREEMENT_ID: randomUUID(), STATUS: 'signed' }), [200]],
  ['design id Aurora does not know', () => delivery('performance_simulation_job_completed', { DESIGN_ID: randomUUID() }), [200]],
  ['design of another project named with this project', () => delivery('design_created', { PROJECT_ID: deal.projectId, DESIGN_ID: randomUUID() }), [200]],
  ['design request id Aurora does not know', () => delivery('design_request_completed', { DESIGN_REQUEST_ID: randomUUID() }), [200, 400]],
  ['asset id Aurora does not know', () => delivery('asset_created', { DESIGN_ID: deal.designId, ASSET_ID: randomUUID(), ASSET_TYPE: 'CAD Screenshot' }), [200]],
  ['status 10 000 characters', () => delivery('agreement_status_changed', { PROJECT_ID: deal.projectId, AGREEMENT_ID: randomUUID(), STATUS: 's'.repeat(10_000) }), [400]],
  ['status with HTML', () => delivery('project_status_changed', { PROJECT_ID: deal.projectId, STATUS: '<script>alert(1)</script>' }), [200]],
  ['status in unicode and emoji', () => delivery('project_status_changed', { PROJECT_ID: deal.projectId, STATUS: 'Genehmigt ✅ 許可' }), [200]],
  ['empty asset type', () => delivery('asset_created', { DESIGN_ID: deal.designId, ASSET_ID: randomUUID(), ASSET_TYPE: '' }), [400]],
  ['query keys __proto__ and constructor', () => ({ ...delivery('project_status_changed', { PROJECT_ID: deal.projectId }), query: { ...JSON.parse('{"__proto__":["x"],"constructor":["y"]}'), ...delivery('project_status_changed', { PROJECT_ID: deal.projectId }).query } }), [200]],
  ['a thousand extra parameters', () => ({ ...delivery('project_status_changed', { PROJECT_ID: deal.projectId }), query: { ...Object.fromEntries(Array.from({ length: 1_000 }, (_v, i) => [`k${i}`, 'v'])), ...delivery('project_status_changed', { PROJECT_ID: deal.projectId }).query } }), [200]],
  ['parameter values not strings', () => ({ method: 'GET', query: { t: [WEBHOOK_TOKEN], evt: [12 as unknown as string], project_id: [null as unknown as string] }, headers: {} }), [400]],
];

describe('webhook queries and headers', () => {
  it.each(WEBHOOK_CASES)('%s', async (_name, request, statuses) => {
    const answer = await handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: rig.deps, log: (entry) => rig.logs.push(entry), timing: { answerWithinMs: 5_000, reserveMs: 1_000 } }, request());
    expect(statuses).toContain(answer.statusCode);
    noSecret(answer);
    dealStaysClean();
  });
});

// ---- Aurora's answers: the sync reads them through zod; a broken answer is a clear failure or a partial sync.

/** Aurora answers the next matching GET with this instead of its own. */
const auroraAnswers = (suffix: string, answer: { status?: number; body?: unknown; raw?: string; headers?: Record<string, string> }, times = 20) =>
  rig.aurora.server.injectFault({
    times,
    status: answer.status ?? 200,
    body: answer.raw === undefined ? answer.body : undefined,
    headers: answer.headers,
    match: (req: SimRequest) => req.method === 'GET' && req.path.endsWith(suffix),
    ...(answer.raw !== undefined ? { body: undefined } : {}),
  });

const rawAnswer = (suffix: string, status: number, raw: string, contentType: string) =>
  rig.aurora.server.injectFault({ times: 20, status, headers: { 'content-type': contentType }, body: raw, match: (req: SimRequest) => req.method === 'GET' && req.path.endsWith(suffix) });

const designPath = () => `/projects/${deal.projectId}/designs`;
const AURORA_CASES: [string, () => void][] = [
  ['design list truncated JSON', () => rawAnswer(designPath(), 200, '{"designs": [{"id": "', 'application/json')],
  ['design list as HTML with 200', () => rawAnswer(designPath(), 200, '<html><body>Maintenance</body></html>', 'text/html')],
  ['design list empty body', () => rawAnswer(designPath(), 200, '', 'application/json')],
  ['design list is an array, not an object', () => auroraAnswers(designPath(), { body: [] })],
  ['design list items without ids', () => auroraAnswers(designPath(), { body: { designs: [{ name: 'no id' }] } })],
  ['design name 100 000 characters with HTML', () => auroraAnswers(designPath(), { body: { designs: [{ id: deal.designId, name: `<script>alert(1)</script>${'y'.repeat(100_000)}`, project_id: deal.projectId }] } })],
  ['design name with control characters', () => auroraAnswers(designPath(), { body: { designs: [{ id: deal.designId, name: 'Roof\u0000\u0007\u001b[31m', project_id: deal.projectId }] } })],
  ['summary with absurd numbers', () => auroraAnswers('/summary', { body: { design: { id: deal.designId, system_size_stc: 1e308, energy_production: { annual: -5, annual_offset: 'NaN' } } } })],
  ['summary with wrong types', () => auroraAnswers('/summary', { body: { design: { id: deal.designId, system_size_stc: 'big', arrays: 'none', energy_production: [] } } })],
  ['pricing with a string price', () => auroraAnswers('/pricing', { body: { pricing: { system_price: 'call us', price_per_watt: {} } } })],
  ['agreement status unknown to the app', () => auroraAnswers('/agreements', { body: { agreements: [{ id: randomUUID(), project_id: deal.projectId, design_id: deal.designId, status: 'teleported' }] } })],
  ['agreement list naming another project', () => auroraAnswers('/agreements', { body: { agreements: [{ id: randomUUID(), project_id: randomUUID(), design_id: deal.designId, status: 'signed' }] } })],
  ['project answer 500 with an HTML page', () => rawAnswer(`/projects/${deal.projectId}`, 500, '<html>Internal error</html>', 'text/html')],
  ['project answer redirects elsewhere', () => auroraAnswers(`/projects/${deal.projectId}`, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } })],
  ['project answer 204 without a body', () => auroraAnswers(`/projects/${deal.projectId}`, { status: 204 })],
  ['project answer 404 for a project of another tenant', () => auroraAnswers(`/projects/${deal.projectId}`, { status: 404, body: { error: 'Project not found' } }, 2)],
  ['web proposal with a javascript: link', () => auroraAnswers('/web_proposal', { body: { url: 'javascript:alert(1)', url_expired: false } })],
  ['assets with a file:// link', () => auroraAnswers('/assets', { body: { assets: [{ id: randomUUID(), design_id: deal.designId, asset_type: 'CAD Screenshot', url: 'file:///etc/passwd' }] } })],
  ['assets with an internal address', () => auroraAnswers('/assets', { body: { assets: [{ id: randomUUID(), design_id: deal.designId, asset_type: 'CAD Screenshot', url: 'http://169.254.169.254/latest' }] } })],
  ['a 1 MB design list', () => auroraAnswers(designPath(), { body: { designs: Array.from({ length: 300 }, () => ({ id: randomUUID(), name: 'z'.repeat(3_000), project_id: deal.projectId })) } }, 1)],
];

describe("Aurora's answers", () => {
  it.each(AURORA_CASES)('%s', async (_name, arrange) => {
    arrange();
    const outcome: { ok: boolean; summary?: unknown; error?: unknown } = await syncDeal(rig.deps, { dealId: deal.dealId }, soon()).then(
      (summary) => ({ ok: true, summary }),
      (error: unknown) => ({ ok: false, error: (error as { toUserError?: () => unknown }).toUserError?.() ?? String(error) }),
    );
    noSecret(outcome);
    if (!outcome.ok) expect(outcome.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    dealStaysClean();
    rig.aurora.server.clearFaults();
    // The next sync brings the deal back to what Aurora holds.
    await syncDeal(rig.deps, { dealId: deal.dealId }, soon());
    expect(dealDesigns(rig, deal.dealId).map((r) => r.properties.aurora_design_id)).toEqual([deal.designId]);
  });
});

// ---- HubSpot's answers: the store reads them through zod; a broken answer is a clear failure.

const hubspotAnswers = (match: (req: SimRequest) => boolean, answer: { status: number; body?: unknown; headers?: Record<string, string> }) =>
  rig.hubspot.server.injectFault({ times: 20, ...answer, match });
const isDealRead = (req: SimRequest) => req.method === 'GET' && /\/objects\/(deals|0-3)\/\d+$/.test(req.path);
const HUBSPOT_CASES: [string, () => void][] = [
  ['deal read as truncated JSON', () => hubspotAnswers(isDealRead, { status: 200, body: '{"id": "1", "properties": {', headers: { 'content-type': 'application/json' } })],
  ['deal read as HTML', () => hubspotAnswers(isDealRead, { status: 200, body: '<html>Login</html>', headers: { 'content-type': 'text/html' } })],
  ['deal read without properties', () => hubspotAnswers(isDealRead, { status: 200, body: { id: '1' } })],
  ['deal read with properties of the wrong type', () => hubspotAnswers(isDealRead, { status: 200, body: { id: '1', properties: { aurora_project_id: 42, dealstage: ['x'] } } })],
  ['deal read redirected', () => hubspotAnswers(isDealRead, { status: 301, headers: { location: 'http://127.0.0.1:1/' } })],
  ['deal read 404', () => hubspotAnswers(isDealRead, { status: 404, body: { status: 'error', message: 'Object not found', category: 'OBJECT_NOT_FOUND' } })],
  ['deal update answered 400 with an unknown category', () => hubspotAnswers((req) => req.method === 'PATCH', { status: 400, body: { status: 'error', message: 'Something new', category: 'BRAND_NEW_CATEGORY' } })],
  ['design upsert answered 207 with every input failed', () => hubspotAnswers((req) => req.path.endsWith('/batch/upsert'), { status: 207, body: { status: 'COMPLETE', results: [], errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'bad' }] } })],
  ['association read with an unknown shape', () => hubspotAnswers((req) => req.method === 'POST' && req.path.includes('/associations/'), { status: 200, body: { results: 'none' } })],
  ['search answered with a 10 000-character message', () => hubspotAnswers((req) => req.path.endsWith('/search'), { status: 400, body: { status: 'error', message: 'm'.repeat(10_000), category: 'VALIDATION_ERROR' } })],
];

describe("HubSpot's answers", () => {
  it.each(HUBSPOT_CASES)('%s', async (_name, arrange) => {
    arrange();
    const outcome = await syncDealEdge.main({ parameters: { dealId: deal.dealId } });
    noSecret(outcome);
    expect(outcome.ok === true || outcome.error.code !== undefined).toBe(true);
    rig.hubspot.server.clearFaults();
    dealStaysClean();
  });
});

it('the catalogue holds at least 60 cases', () => {
  expect(CARD_CASES.length + WEBHOOK_CASES.length + AURORA_CASES.length + HUBSPOT_CASES.length).toBeGreaterThanOrEqual(60);
});

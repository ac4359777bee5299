// Chaos: both simulators inject latency spikes, 10% 5xx, 429 bursts and dropped connections while CHAOS_DEALS deals
// (200 by default) go through create, design request, accept, sync and signing, and Aurora's webhooks arrive duplicated
// (20%), delayed and shuffled. Afterwards only final state is judged, against the simulators' ground truth: one Aurora
// project per deal, one design record per Aurora design, deal properties equal to what Aurora holds, no stage or
// agreement status ever seen going back, and every deal that differed from Aurora said so on the deal before a rep's Sync.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readConfig } from '../../src/core/config';
import { CARD_DEADLINE_MS, createDeps } from '../../src/core/deps';
import { CLAIM_STALE_MS } from '../../src/core/postSale/claims';
import { createProject } from '../../src/core/useCases/createInAurora';
import { acceptDesignRequest, requestDesign } from '../../src/core/useCases/designRequests';
import { syncDeal } from '../../src/core/useCases/sync';
import { agreementRank } from '../../src/core/postSale/precedence';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { registerWebhooks } from '../../src/core/useCases/webhookRegistration';
import { createWebhookServer } from '../../src/core/webhooks/standalone';
import { SALES_PIPELINE } from '../../simulators/hubspot/seed';
import { assertNoSecrets, dealDesigns, dealNotes, startRig, WEBHOOK_TOKEN, type Rig } from './support';

const DEALS = Number(process.env.CHAOS_DEALS ?? 200);
const IN_FLIGHT = Number(process.env.CHAOS_IN_FLIGHT ?? 40);
const CHAOS = { spikeRatio: 0.05, spikeMs: 600, errorRatio: 0.1, errorStatus: 503, dropRatio: 0.02, burstRatio: 0.003, burstMs: 400 };

jest.setTimeout(540_000);

let rig: Rig;
let receiver: http.Server;
/** Set when the run failed (or timed out): no rep starts another attempt, and nothing keeps the process alive. */
let stopped = false;
let watch: ReturnType<typeof setInterval> | undefined;
const stageOrder = new Map<string, number>(SALES_PIPELINE.stages.map((stage) => [stage.id, stage.displayOrder]));

beforeAll(async () => {
  rig = await startRig({ aurora: { webhooks: { duplicateRatio: 0.2, reorderWindowMs: 500, retryDelaysMs: [200, 1_000, 3_000], timeoutMs: 10_000 } } });
  receiver = createWebhookServer((request) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: rig.deps, log: (entry) => rig.logs.push(entry) }, request));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpointUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/aurora/webhook`;
  await registerWebhooks({ aurora: rig.deps.aurora }, { endpointUrl, token: WEBHOOK_TOKEN });
});
afterAll(async () => {
  stopped = true;
  clearInterval(watch);
  rig.aurora.control.clearFaults();
  rig.hubspot.control.setChaos({ spikeRatio: 0, errorRatio: 0, dropRatio: 0, burstRatio: 0 });
  await rig.aurora.control.webhooksIdle();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await rig.close();
});

/** A deal with a primary contact at an ordinary address (the designers answer when the test says so). */
function newDeal(index: number): string {
  const { control } = rig.hubspot;
  const dealId = control.createRecord('deals', { dealname: `Chaos home ${index}`, pipeline: 'default', dealstage: 'qualifiedtobuy', amount: '30000' });
  const contactId = control.createRecord('contacts', {
    firstname: 'Casey',
    lastname: `Chaos${index}`,
    email: `casey.chaos${index}@example.com`,
    phone: '+1 650 555 0100',
    address: `${100 + index} Cowper St`,
    city: 'Palo Alto',
    state: 'CA',
    zip: '94301',
    country: 'USA',
  });
  control.associate('deals', dealId, 'contacts', contactId);
  return dealId;
}

/** The app as it runs a minute from now: claims left by calls that failed are stale by then. */
const aMinuteLater = () => createDeps(readConfig(rig.env), { aurora: rig.deps.aurora, now: () => Date.now() + CLAIM_STALE_MS + 1_000 });

/** A rep pressing the button again until it works: a thrown error or an unfinished outcome is a visible failure. */
async function untilDone<T>(failures: string[], what: string, run: () => Promise<T>, done: (result: T) => boolean = () => true): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (stopped) throw new Error(`${what}: the run stopped`);
    try {
      const result = await run();
      if (done(result)) return result;
      failures.push(`${what}: unfinished`);
    } catch (error) {
      failures.push(`${what}: ${(error as Error).name} ${(error as Error).message}`);
    }
    if (attempt >= 12) throw new Error(`${what} never succeeded: ${failures.slice(-3).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

/** One deal from nothing to a signed contract, as a rep and Aurora's users would take it. */
async function salesCycle(dealId: string, failures: string[]): Promise<void> {
  const { deps, aurora } = rig;
  const deadline = () => Date.now() + CARD_DEADLINE_MS;
  // "Creating…" (a claim left by a call that failed mid-way) clears after a minute: the rep comes back a minute later.
  let creator = deps;
  const created = await untilDone(
    failures,
    'create',
    () => createProject(creator, { dealId }, creator.now() + CARD_DEADLINE_MS),
    (r) => {
      if (r.outcome === 'in_progress') creator = aMinuteLater();
      return r.outcome === 'created' || r.outcome === 'already_linked';
    },
  );
  const projectId = 'project' in created ? created.project.id : '';
  const requested = await untilDone(failures, 'request design', () => requestDesign(deps, { dealId }, deadline()));
  aurora.control.completeDesignRequest(requested.designRequest.id);
  const accepted = await untilDone(failures, 'accept', () => acceptDesignRequest(deps, { dealId }, deadline()), (r) => Boolean(r.designRequest.designId));
  const designId = accepted.designRequest.designId!;
  aurora.control.finishSimulation(designId);
  await untilDone(failures, 'sync', () => syncDeal(deps, { dealId }, deadline()));
  const agreement = aurora.control.createAgreement({ projectId, designId });
  aurora.control.moveAgreement(String(agreement.id), 'viewed');
  aurora.control.moveAgreement(String(agreement.id), 'signed');
}

/** Runs items `size` at a time; the first failure stops the rest, and is thrown once every worker has stopped. */
async function inPool<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let first: { error: unknown } | undefined;
  await Promise.all(Array.from({ length: size }, async () => {
    for (let item = queue.shift(); item !== undefined && !first; item = queue.shift()) {
      await run(item).catch((error: unknown) => {
        first ??= { error };
        stopped = true;
      });
    }
  }));
  if (first) throw first.error;
}

interface Truth {
  projects: number;
  project?: { id: string; status: string };
  designs: { id: string; name: string }[];
  agreement?: { status: string; designId: string };
}

/** What Aurora holds for each deal (the simulator's own state, not the app's reads). */
function auroraTruth(dealIds: readonly string[]): Map<string, Truth> {
  const snapshot = rig.aurora.control.snapshot() as { tenants: { projects: Record<string, unknown>[]; designs: Record<string, unknown>[]; agreements: Record<string, unknown>[] }[] };
  const tenant = snapshot.tenants.find((t) => t.projects.some((p) => dealIds.includes(String(p.external_provider_id))))!;
  return new Map(
    dealIds.map((dealId) => {
      const projects = tenant.projects.filter((p) => String(p.external_provider_id) === dealId);
      const project = projects[0];
      const designs = project ? tenant.designs.filter((d) => d.project_id === project.id).map((d) => ({ id: String(d.id), name: String(d.name) })) : [];
      const agreement = project ? tenant.agreements.find((a) => a.project_id === project.id) : undefined;
      return [
        dealId,
        {
          projects: projects.length,
          project: project ? { id: String(project.id), status: String(project.status ?? '') } : undefined,
          designs: designs.sort((a, b) => a.id.localeCompare(b.id)),
          agreement: agreement ? { status: String(agreement.status), designId: String(agreement.design_id) } : undefined,
        },
      ];
    }),
  );
}

/** Where HubSpot differs from Aurora for one deal (empty when it matches). */
function differences(dealId: string, truth: Truth): string[] {
  const deal = rig.hubspot.view.deal(dealId)!.properties;
  const records = dealDesigns(rig, dealId);
  const out: string[] = [];
  const expect = (name: string, actual: unknown, wanted: unknown) => {
    if (actual !== wanted) out.push(`${name}: ${String(actual)} ≠ ${String(wanted)}`);
  };
  expect('project id', deal.aurora_project_id, truth.project?.id);
  expect('project status', deal.aurora_project_status ?? '', truth.project?.status);
  expect('designs', records.map((r) => r.properties.aurora_design_id).sort().join(','), truth.designs.map((d) => d.id).join(','));
  for (const design of truth.designs) expect(`design ${design.id} name`, records.find((r) => r.properties.aurora_design_id === design.id)?.properties.aurora_design_name, design.name);
  expect('agreement status', deal.aurora_agreement_status, truth.agreement?.status);
  expect('rolled-up design', deal.aurora_design_id, truth.agreement?.designId);
  expect('stage', deal.dealstage, 'closedwon');
  // Exactly one, also when a note's create answer was lost (HubSpot wrote it, the client gave up) and a later sync took
  // its claim over.
  expect('hand-off notes', dealNotes(rig, dealId).filter((n) => n.body.includes('Contract signed')).length, 1);
  return out;
}

/** For diagnosis of silent deals (to CHAOS_DUMP, or a temporary file): properties, records, HubSpot requests, receiver lines, deliveries. */
function dumpDeals(file: string, dealIds: readonly string[]): void {
  const snapshot = rig.aurora.control.snapshot() as { tenants: { agreements: Record<string, unknown>[] }[] };
  const dumps = dealIds.map((dealId) => {
    const props = rig.hubspot.view.deal(dealId)!.properties;
    const agreement = snapshot.tenants.flatMap((t) => t.agreements).find((a) => a.project_id === props.aurora_project_id);
    const keys = [dealId, props.aurora_project_id, agreement?.id].filter(Boolean).map(String);
    const about = (entry: unknown) => keys.some((key) => JSON.stringify(entry).includes(key));
    const records = rig.hubspot.view.customRecords('aurora_design').filter(about);
    return { dealId, props, records, hubspot: rig.hubspot.server.log.filter(about), receiver: rig.logs.filter(about), deliveries: rig.aurora.control.deliveries().filter(about) };
  });
  writeFileSync(file, JSON.stringify(dumps, null, 1));
  console.info(`chaos: the silent deals' requests and deliveries are in ${file}`);
}

/** Says on the deal that something is left: what the card shows the rep. */
const visiblyUnfinished = (dealId: string): boolean => {
  const deal = rig.hubspot.view.deal(dealId)!.properties;
  return ['partial', 'error'].includes(deal.aurora_sync_status ?? '') || Boolean(deal.aurora_sync_pending) || Boolean(deal.aurora_last_error);
};

it(`${DEALS} deals through create, design request, accept, sync and signing under chaos end as Aurora holds them`, async () => {
  const dealIds = Array.from({ length: DEALS }, (_v, index) => newDeal(index));
  const regressions: string[] = [];
  const highest = new Map<string, { stage: number; agreement: number }>();
  // Sampled while everything runs: a stage or agreement status once seen never goes back.
  watch = setInterval(() => {
    for (const { id, properties } of rig.hubspot.view.deals()) {
      const now = { stage: stageOrder.get(properties.dealstage ?? '') ?? -1, agreement: agreementRank(properties.aurora_agreement_status) };
      const seen = highest.get(id) ?? now;
      if (now.stage < seen.stage) regressions.push(`deal ${id}: stage went back to ${properties.dealstage}`);
      if (now.agreement < seen.agreement) regressions.push(`deal ${id}: agreement went back to ${properties.aurora_agreement_status}`);
      highest.set(id, { stage: Math.max(seen.stage, now.stage), agreement: Math.max(seen.agreement, now.agreement) });
    }
  }, 50);

  rig.aurora.control.setChaos(CHAOS);
  rig.hubspot.control.setChaos(CHAOS);
  const failures = new Map(dealIds.map((id) => [id, [] as string[]]));
  const started = Date.now();
  try {
    await inPool(dealIds, IN_FLIGHT, (dealId) => salesCycle(dealId, failures.get(dealId)!));
    await rig.aurora.control.webhooksIdle();
  } finally {
    rig.aurora.control.clearFaults();
    rig.hubspot.control.setChaos({ spikeRatio: 0, errorRatio: 0, dropRatio: 0, burstRatio: 0 });
  }
  await rig.aurora.control.webhooksIdle();
  clearInterval(watch);

  const truth = auroraTruth(dealIds);
  const differing = dealIds.filter((id) => differences(id, truth.get(id)!).length > 0);
  const silentIds = differing.filter((id) => !visiblyUnfinished(id));
  const silent = silentIds.map((id) => `deal ${id}: ${differences(id, truth.get(id)!).join('; ')}`);
  if (silentIds.length > 0) dumpDeals(process.env.CHAOS_DUMP ?? join(tmpdir(), `chaos-silent-${Date.now()}.json`), silentIds);
  const deliveries = rig.aurora.control.deliveries();
  console.info(
    [
      `chaos: ${DEALS} deals in ${Math.round((Date.now() - started) / 1000)} s; rep retries ${[...failures.values()].flat().length};`,
      `webhooks ${deliveries.length} (${deliveries.filter((d) => d.duplicate).length} duplicates, ${deliveries.filter((d) => d.outcome !== 'delivered').length} given up);`,
      `deals differing from Aurora before a rep's Sync: ${differing.length} (silent: ${silent.length})`,
    ].join(' '),
  );

  // A minute later a rep sees what the deal says is unfinished and presses Sync (claims left by calls that failed are
  // stale by then); afterwards every deal matches Aurora.
  const later = aMinuteLater();
  await inPool(differing, IN_FLIGHT, async (dealId) => void (await syncDeal(later, { dealId }, later.now() + CARD_DEADLINE_MS).catch(() => undefined)));
  const after = auroraTruth(dealIds);

  // Neither a stage nor an agreement status is ever seen going back, not even for a while.
  expect([...new Set(regressions)]).toEqual([]);
  expect(silent).toEqual([]);
  expect(dealIds.filter((id) => after.get(id)!.projects !== 1)).toEqual([]);
  const designIds = rig.hubspot.view.customRecords('aurora_design').filter((r) => r.properties.aurora_record_kind !== 'project_claim').map((r) => r.properties.aurora_design_id);
  expect(designIds.length).toBe(new Set(designIds).size);
  expect(dealIds.flatMap((id) => differences(id, after.get(id)!).map((d) => `deal ${id}: ${d}`))).toEqual([]);
  expect(rig.aurora.server.unhandled).toEqual([]);
  expect(rig.hubspot.server.unhandled).toEqual([]);
  assertNoSecrets(rig, [[...failures.values()]]);
});

// Attacks on the hand-off's claims: a call that holds one and runs out of time (its note's answer lost on the way) must
// not keep every other delivery out for longer than it can still write, and the calls that then find its claim stale
// must not both take it over (docs/claims.md).
import type { SimRequest } from '../../simulators/shared/httpServer';
import { readConfig } from '../../src/core/config';
import { createDeps, type Deps } from '../../src/core/deps';
import { handleAuroraWebhook, type WebhookRequest, type WebhookTiming } from '../../src/core/webhooks/receiver';
import { dealNotes, dealProps, delivery, handle, linkedDeal, sentAgreement, useRig, WEBHOOK_TOKEN } from './support';

const rig = useRig();
afterEach(() => rig().hubspot.server.clearFaults());

/** The app as it runs `ms` from now (Aurora's first redelivery comes about 30 s after a 503). */
const after = (ms: number): Deps => createDeps(readConfig(rig().env), { aurora: rig().deps.aurora, now: () => Date.now() + ms });
const deliverWith = (deps: Deps, request: WebhookRequest, timing?: Partial<WebhookTiming>) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: deps, now: deps.now, timing }, request);

const isNoteCreate = (req: Pick<SimRequest, 'method' | 'path'>) => req.method === 'POST' && req.path === '/crm/v3/objects/notes';
const handoffNotes = (dealId: string) => dealNotes(rig(), dealId).filter((note) => note.body.includes('Contract signed'));

/** A signed contract whose first delivery runs out of time while HubSpot holds its note's create; `lands` says whether HubSpot then writes it. */
async function deliveryThatDied(name: string, lands: boolean) {
  const { dealId, projectId } = await linkedDeal(rig(), name);
  const { design, agreementId } = await sentAgreement(rig(), { dealId, projectId }, { name: 'South roof', sizeKw: 7 });
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  const signed = delivery('agreement_status_changed', { PROJECT_ID: projectId, AGREEMENT_ID: agreementId, STATUS: 'signed', DESIGN_ID: design.id });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  rig().hubspot.server.injectFault({ match: isNoteCreate, until: held, ...(lands ? {} : { status: 503 }) });
  const first = await handle(rig(), signed, { answerWithinMs: 4_000, reserveMs: 1_500 });
  release();
  await rig().hubspot.server.idle();
  expect(first.statusCode).toBe(503);
  expect(handoffNotes(dealId)).toHaveLength(lands ? 1 : 0);
  return { dealId, projectId, signed };
}

it("Aurora's first redelivery (30 s later) finishes a hand-off whose call died with its note's answer lost: one note", async () => {
  const { dealId, signed } = await deliveryThatDied('Died while HubSpot wrote the note', true);
  const writesBefore = rig().hubspot.server.log.filter(isNoteCreate).length;

  const redelivered = await deliverWith(after(30_000), signed);
  expect(redelivered.statusCode).toBe(200);
  expect(handoffNotes(dealId)).toHaveLength(1);
  // The redelivery found the note the dead call's create left, instead of writing one.
  expect(rig().hubspot.server.log.filter(isNoteCreate).length).toBe(writesBefore);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed', aurora_sync_pending: '' }));
});

it('two redeliveries that find the same dead call’s claim stale: only one takes it over, one note', async () => {
  const { dealId, signed } = await deliveryThatDied('Died before HubSpot wrote the note', false);

  // The first taker's look for the dead call's note waits until the other delivery has answered, or also looks.
  const isNoteLookup = (req: SimRequest) => req.method === 'GET' && /\/crm\/v4\/objects\/deals\/\d+\/associations\/notes/.test(req.path);
  let lookups = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  rig().hubspot.server.injectFault({ times: 1_000, match: (req) => isNoteLookup(req) && ++lookups === 1, until: held });
  rig().hubspot.server.injectFault({ times: 1_000, match: (req) => isNoteLookup(req) && lookups > 1 && Boolean(release()) });

  // Past any claim's lifetime (also the minute a claim without its call's last moment counts as alive).
  const later = after(61_000);
  const answers = await Promise.all([deliverWith(later, signed), deliverWith(later, signed).finally(() => release())]);
  await rig().hubspot.server.idle();

  expect(handoffNotes(dealId)).toHaveLength(1);
  expect(answers.map((answer) => answer.statusCode)).toContain(200);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed' }));
});

it('a call that took a dead call’s claim over and died too does not keep the next one out: it takes the claim over at once', async () => {
  const { dealId, signed } = await deliveryThatDied('Died twice before the note', false);
  // Aurora's first redelivery takes the claim over, and its own note's create hangs past its time and fails.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  rig().hubspot.server.injectFault({ match: isNoteCreate, until: held, status: 503 });
  expect((await deliverWith(after(30_000), signed, { answerWithinMs: 4_000, reserveMs: 1_500 })).statusCode).toBe(503);
  release();
  await rig().hubspot.server.idle();
  expect(handoffNotes(dealId)).toHaveLength(0);

  // The next redelivery, five minutes on, finds both stale and finishes in one go.
  expect((await deliverWith(after(300_000), signed)).statusCode).toBe(200);
  expect(handoffNotes(dealId)).toHaveLength(1);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_sync_pending: '' }));
});

it('a call that takes over a hand-off whose note may be written never releases its claim, so no later call writes a second note', async () => {
  const { dealId, signed } = await deliveryThatDied('Note written, then the stage write fails', true);
  // Aurora's first redelivery takes the claim over; HubSpot refuses its deal writes for now.
  const isDealWrite = (req: Pick<SimRequest, 'method' | 'path'>) => req.method === 'PATCH' && req.path === `/crm/v3/objects/deals/${dealId}`;
  rig().hubspot.server.injectFault({ match: isDealWrite, status: 503, times: 100 });
  expect((await deliverWith(after(30_000), signed)).statusCode).toBe(503);
  rig().hubspot.server.clearFaults();

  // The next redelivery finds the note the first call left at the claim's time.
  expect((await deliverWith(after(300_000), signed)).statusCode).toBe(200);
  expect(handoffNotes(dealId)).toHaveLength(1);
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'closedwon', aurora_agreement_status: 'signed' }));
});

// The deal pipelines a signed hand-off decides its stage move from: remembered by a warm process, read again when they
// cannot be trusted for the deal at hand (docs/hubspot-calls.md#the-deal-pipelines). Each test starts as a new process.
import { readConfig } from '../../src/core/config';
import { webhookServices } from '../../src/core/functions/auroraWebhook';
import { forgetInstallFacts } from '../../src/core/hubspot/installFacts';
import { DEFAULT_SETTINGS } from '../../src/core/settings/model';
import { writeSettings } from '../../src/core/settings/store';
import { handleAuroraWebhook } from '../../src/core/webhooks/receiver';
import { SALES_PIPELINE } from '../../simulators/hubspot/seed';
import { dealNotes, dealProps, delivery, linkedDeal, sentAgreement, soon, useRig, WEBHOOK_TOKEN } from '../reliability/support';

const rig = useRig();

const deployed = (request: ReturnType<typeof delivery>) => handleAuroraWebhook({ webhookToken: WEBHOOK_TOKEN, services: webhookServices(readConfig(rig().env)) }, request);
const pipelineReads = (since: number) => rig().hubspot.apiRequests().slice(since).filter((request) => request.method === 'GET' && request.path === '/crm/v3/pipelines/deals').length;
const salesStages = () => rig().hubspot.state.pipelines.find((pipeline) => pipeline.id === 'default')!.stages;

/** A deal whose contract Aurora holds as signed, and the delivery that says so. */
async function signedDeal(name: string) {
  const deal = await linkedDeal(rig(), name);
  const { agreementId } = await sentAgreement(rig(), deal, { name: `${name} roof`, sizeKw: 6 });
  rig().aurora.control.moveAgreement(agreementId, 'signed');
  return { ...deal, signed: delivery('agreement_status_changed', { PROJECT_ID: deal.projectId, AGREEMENT_ID: agreementId, STATUS: 'signed' }) };
}

/** A won stage an admin adds at the end of the sales pipeline in HubSpot's settings. */
function addWonStage(id: string, label: string) {
  rig().hubspot.control.setPipelineStages('default', [...salesStages(), { id, label, displayOrder: salesStages().length, metadata: { isClosed: 'true', probability: '1.0' } }]);
}

beforeEach(async () => {
  forgetInstallFacts();
  // A first hand-off in this process: the pipelines are read, and remembered.
  const first = await signedDeal('Warm-up');
  expect((await deployed(first.signed)).statusCode).toBe(200);
  expect(dealProps(rig(), first.dealId).dealstage).toBe('closedwon');
});

afterEach(async () => {
  rig().hubspot.control.setPipelineStages('default', SALES_PIPELINE.stages);
  await writeSettings(rig().deps.hubspot, { settings: DEFAULT_SETTINGS, savedAt: new Date().toISOString(), savedBy: null, change: [], log: [] }, { deadline: soon() });
});

it('a warm process hands the next deal over from the pipelines it remembers: no pipelines read', async () => {
  const { dealId, signed } = await signedDeal('Second sale');
  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(signed)).statusCode).toBe(200);
  expect(pipelineReads(before)).toBe(0);
  expect(dealProps(rig(), dealId).dealstage).toBe('closedwon');
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
});

it('a stage an admin added and chose as the post-sale stage after the pipelines were remembered: read again, and the deal moves there', async () => {
  addWonStage('handedtoinstall', 'Handed to install');
  const settings = { ...DEFAULT_SETTINGS, postSale: { ...DEFAULT_SETTINGS.postSale, moveStage: true, stageByPipeline: { default: 'handedtoinstall' } } };
  await writeSettings(rig().deps.hubspot, { settings, savedAt: new Date().toISOString(), savedBy: null, change: [], log: [] }, { deadline: soon() });
  const { dealId, signed } = await signedDeal('New post-sale stage');
  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(signed)).statusCode).toBe(200);
  expect(pipelineReads(before)).toBe(1);
  expect(dealProps(rig(), dealId).dealstage).toBe('handedtoinstall');
  expect(dealProps(rig(), dealId).aurora_history).toContain('moved the deal to Handed to install');
});

it('a deal in a stage added after the pipelines were remembered, beyond the post-sale one: read again, and never moved back', async () => {
  addWonStage('installed', 'Installed');
  const { dealId, signed } = await signedDeal('Already installed');
  await rig().deps.hubspot.updateDeal(dealId, { dealstage: 'installed' });
  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(signed)).statusCode).toBe(200);
  expect(pipelineReads(before)).toBe(1);
  expect(dealProps(rig(), dealId).dealstage).toBe('installed');
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
});

it('a remembered post-sale stage an admin deleted since: HubSpot refuses the move, the pipelines are read again, the hand-off is done without it', async () => {
  // The admin's chosen stage, known to this process before it is deleted.
  addWonStage('handedtoinstall', 'Handed to install');
  const settings = { ...DEFAULT_SETTINGS, postSale: { ...DEFAULT_SETTINGS.postSale, moveStage: true, stageByPipeline: { default: 'handedtoinstall' } } };
  await writeSettings(rig().deps.hubspot, { settings, savedAt: new Date().toISOString(), savedBy: null, change: [], log: [] }, { deadline: soon() });
  const remember = await signedDeal('Remembers the new stage');
  expect((await deployed(remember.signed)).statusCode).toBe(200);
  expect(dealProps(rig(), remember.dealId).dealstage).toBe('handedtoinstall');
  rig().hubspot.control.setPipelineStages('default', SALES_PIPELINE.stages);

  const { dealId, signed } = await signedDeal('Stage deleted');
  const before = rig().hubspot.apiRequests().length;
  expect((await deployed(signed)).statusCode).toBe(200);
  expect(pipelineReads(before)).toBe(1);
  // A fresh process would find the chosen stage gone and leave the deal where it is; so does this one.
  expect(dealProps(rig(), dealId)).toEqual(expect.objectContaining({ dealstage: 'contractsent', aurora_agreement_status: 'signed' }));
  expect(dealProps(rig(), dealId).aurora_history).toContain('left the deal in its stage');
  expect(dealNotes(rig(), dealId)).toHaveLength(1);
});

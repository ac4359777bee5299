// The Aurora half of `npm run probe`: calls every Aurora route the app relies on through the app's own client (so its
// zod schemas judge each answer) and records per route whether Aurora answered as the app expects. It writes only with
// a sandbox key: one project at Aurora's documented test address, a blank design, a design request, and webhook
// subscriptions it deletes again (docs/aurora-api.md#sandbox-test-addresses).
import type { AuroraClient } from '../aurora/client';
import { AuroraNotFoundError } from '../aurora/errors';
import { ENDPOINTS, type EndpointName } from '../aurora/endpoints';
import { SANDBOX_ADDRESSES } from '../aurora/inferred';
import type { AuroraDesign, AuroraProject } from '../aurora/schemas';
import { isAllowedAssetUrl } from '../aurora/downloader';
import { HANDLED_EVENTS, urlTemplateFor } from '../aurora/webhookDeliveries';
import { findingOfError, ProbeStopped, type Finding } from './findings';

export interface AuroraProbeInput {
  aurora: AuroraClient;
  /** A sandbox key: the probe may create (and, for webhook subscriptions, delete again). */
  sandbox: boolean;
  /** Hosts the app downloads screenshots from besides Aurora's own (the same list the sync uses). */
  assetHosts: readonly string[];
  /** AURORA_WEBHOOK_URL when set: the URL the event subscriptions are tried with. */
  webhookUrl?: string;
  deadline: number;
}

/** Says what differs in an answer the schema accepted, or null when it is as the app expects. */
type Verify<T> = (value: T) => string | null;

const PROBE_NAME = 'Aurora for HubSpot probe';
const SANDBOX_ONLY = 'The probe writes only with a sandbox key (sk_sand_/rk_sand_); run it with one to check this.';

/** Runs the checks in order, keeping what later checks need (the project, a design, …). */
class AuroraProbe {
  readonly findings: Finding[] = [];

  constructor(readonly input: AuroraProbeInput) {}

  get options() {
    return { deadline: this.input.deadline };
  }

  /** One route: confirmed, or what differs; `none` names what a 404 means when Aurora may simply have nothing yet. */
  async check<T>(name: EndpointName, check: string, run: () => Promise<T>, verify?: Verify<T>, none?: string): Promise<T | undefined> {
    const route = `${ENDPOINTS[name].method} ${ENDPOINTS[name].path}`;
    try {
      const value = await run();
      const difference = verify?.(value) ?? null;
      this.findings.push({ area: 'aurora', check, route, status: difference ? 'different' : 'confirmed', detail: difference ?? 'Answered as the app expects.' });
      return value;
    } catch (error) {
      if (none && error instanceof AuroraNotFoundError) this.findings.push({ area: 'aurora', check, route, status: 'not_checked', detail: none });
      else this.findings.push(findingOfError(check, route, error));
      return undefined;
    }
  }

  skip(name: EndpointName, check: string, why: string): void {
    this.findings.push({ area: 'aurora', check, route: `${ENDPOINTS[name].method} ${ENDPOINTS[name].path}`, status: 'not_checked', detail: why });
  }
}

const includesId = (id: string | undefined, what: string) => (list: { id: string }[]) =>
  !id || list.some((item) => item.id === id) ? null : `The list does not include the ${what} the probe just created (${id}).`;

/** The tenant and a project to read: the one the probe creates (sandbox) or the newest one. */
async function projectToRead(probe: AuroraProbe): Promise<AuroraProject | undefined> {
  const { aurora, sandbox } = probe.input;
  const o = probe.options;
  let newest: AuroraProject[] | undefined;
  try {
    newest = await aurora.projects.listPage(1, 1, o);
    probe.findings.push({ area: 'aurora', check: 'list projects (page 1)', route: `GET ${ENDPOINTS.listProjects.path}`, status: 'confirmed', detail: 'Answered as the app expects.' });
  } catch (error) {
    if (error instanceof AuroraNotFoundError) throw new ProbeStopped('Aurora does not know this tenant for this key (404): check AURORA_TENANT_ID.');
    probe.findings.push(findingOfError('list projects (page 1)', `GET ${ENDPOINTS.listProjects.path}`, error));
  }
  if (!sandbox) {
    probe.skip('createProject', 'create a project', SANDBOX_ONLY);
    const id = newest?.[0]?.id;
    if (!id) return undefined;
    return probe.check('retrieveProject', 'read a project', () => aurora.projects.retrieve(id, o));
  }
  const address = SANDBOX_ADDRESSES.instantComplete[0];
  const created = await probe.check('createProject', `create a project at Aurora's test address (${address})`, () =>
    aurora.projects.create({ name: PROBE_NAME, external_provider_id: 'aurora-hubspot-probe', location: { property_address: address } }, o),
  );
  if (!created) return undefined;
  await probe.check('retrieveProject', 'read a project', () => aurora.projects.retrieve(created.id, o), (found) => (found.id === created.id ? null : `Read project ${found.id} instead of ${created.id}.`));
  const renamed = `${PROBE_NAME} (checked)`;
  await probe.check('updateProject', 'update a project (name)', () => aurora.projects.update(created.id, { name: renamed }, o), (found) =>
    found.name === renamed ? null : `The answer's name is ${JSON.stringify(found.name)}, not the name sent.`,
  );
  return created;
}

/** A design to read: a blank one the probe creates (sandbox), else the project's newest. */
async function designToRead(probe: AuroraProbe, project: AuroraProject): Promise<AuroraDesign | undefined> {
  const { aurora, sandbox } = probe.input;
  const o = probe.options;
  const created = sandbox
    ? await probe.check('createDesign', 'create a blank design', () => aurora.designs.create({ project_id: project.id, name: 'Probe design' }, o))
    : (probe.skip('createDesign', 'create a blank design', SANDBOX_ONLY), undefined);
  const listed = await probe.check('listDesigns', "list a project's designs", () => aurora.designs.listForProject(project.id, o), includesId(created?.id, 'design'));
  // Another listed design (the accepted request's model, in the sandbox) has more to read than the blank one.
  const design = listed?.find((candidate) => candidate.id !== created?.id) ?? created;
  if (design) await probe.check('retrieveDesign', 'read a design', () => aurora.designs.retrieve(design.id, o));
  return design;
}

/** The reads designReads makes, for reporting them as not checked when there is no design. */
const DESIGN_READS: readonly EndpointName[] = ['retrieveDesignSummary', 'retrievePricing', 'listFinancings', 'retrieveWebProposal', 'retrieveDefaultProposal', 'listAssets'];

/** Every read the sync makes for one design. */
async function designReads(probe: AuroraProbe, design: AuroraDesign): Promise<void> {
  const { aurora, assetHosts } = probe.input;
  const o = probe.options;
  const noneYet = (what: string) => `Aurora has no ${what} for this design yet (404), which the app reads as "none": check again on a finished design.`;
  await probe.check('retrieveDesignSummary', 'read a design summary', () => aurora.designs.summary(design.id, o), undefined, noneYet('summary'));
  await probe.check('retrievePricing', "read a design's pricing", () => aurora.pricing.retrieve(design.id, o), undefined, noneYet('pricing'));
  const plans = await probe.check('listFinancings', "list a design's financings", () => aurora.financings.list(design.id, o));
  const plan = plans?.find((candidate) => candidate.selected_in_sales_mode) ?? plans?.[0];
  if (plan) await probe.check('retrieveFinancing', 'read one financing', () => aurora.financings.retrieve(design.id, plan.id, o));
  else probe.skip('retrieveFinancing', 'read one financing', 'The design has no financing to read.');
  await probe.check('retrieveWebProposal', "read a design's web proposal link", () => aurora.proposals.webProposal(design.id, o), undefined, noneYet('web proposal'));
  await probe.check('retrieveDefaultProposal', "read a design's default proposal", () => aurora.proposals.defaultProposal(design.id, o), undefined, noneYet('proposal'));
  const assets = await probe.check('listAssets', "list a design's assets", () => aurora.assets.list(design.id, o), (list) => {
    const urls = list.map((asset) => asset.url).filter((url): url is string => typeof url === 'string' && url !== '');
    if (list.length > 0 && urls.length === 0) return 'The list items carry no download url (the app then reads each asset on its own: one more request each).';
    const foreign = urls.find((url) => !isAllowedAssetUrl(url, assetHosts));
    return foreign ? `A download url is on ${new URL(foreign).host}, not an Aurora host: add it to AURORA_ASSET_HOSTS.` : null;
  });
  const asset = assets?.[0];
  if (asset) await probe.check('retrieveAsset', 'read one asset (fresh download url)', () => aurora.assets.retrieve(asset.id, o));
  else probe.skip('retrieveAsset', 'read one asset (fresh download url)', 'The design has no asset yet: check again on a design with a screenshot.');
}

/** Agreements, the owner, design requests: the project-level reads (and, in the sandbox, a design request). */
async function projectReads(probe: AuroraProbe, project: AuroraProject): Promise<void> {
  const { aurora, sandbox } = probe.input;
  const o = probe.options;
  const agreements = await probe.check('listAgreements', "list a project's agreements", () => aurora.agreements.listForProject(project.id, o));
  const agreement = agreements?.[0];
  if (agreement) await probe.check('retrieveAgreement', 'read one agreement', () => aurora.agreements.retrieve(agreement.id, o));
  else probe.skip('retrieveAgreement', 'read one agreement', 'No agreement in this project: send one from Sales Mode, then probe again.');
  if (project.owner_id) await probe.check('retrieveUser', "read the project's owner", () => aurora.users.retrieve(project.owner_id as string, o));
  else probe.skip('retrieveUser', "read the project's owner", 'The project has no owner.');

  const request = sandbox
    ? await probe.check('createDesignRequest', 'order a design request (test address: no credits)', () => aurora.designRequests.create({ project_id: project.id }, o))
    : (probe.skip('createDesignRequest', 'order a design request', SANDBOX_ONLY), undefined);
  const listed = await probe.check('listDesignRequests', 'list design requests', () => aurora.designRequests.list(o), includesId(request?.id, 'design request'));
  const known = request ?? listed?.[0];
  const read = known ? await probe.check('retrieveDesignRequest', 'read a design request', () => aurora.designRequests.retrieve(known.id, o)) : undefined;
  if (!known) probe.skip('retrieveDesignRequest', 'read a design request', 'No design request to read.');
  if (sandbox && read?.status === 'designer_completed') await probe.check('acceptDesignRequest', 'accept a completed design request', () => aurora.designRequests.accept(read.id, o));
  else probe.skip('acceptDesignRequest', 'accept a completed design request', sandbox ? `The request is ${read?.status ?? 'unknown'}, not designer_completed.` : SANDBOX_ONLY);
}

/** Subscriptions: list; in the sandbox, one subscription per handled event (accepted or refused), updated and deleted again. */
async function webhookChecks(probe: AuroraProbe): Promise<void> {
  const { aurora, sandbox, webhookUrl } = probe.input;
  const o = probe.options;
  await probe.check('listWebhooks', 'list webhook subscriptions', () => aurora.webhooks.list(o));
  if (!sandbox) {
    for (const name of ['createWebhook', 'updateWebhook', 'deleteWebhook'] as const) probe.skip(name, 'manage webhook subscriptions', SANDBOX_ONLY);
    return;
  }
  const endpoint = webhookUrl ?? 'https://example.com/aurora-for-hubspot-probe';
  const created: string[] = [];
  for (const event of HANDLED_EVENTS) {
    const template = urlTemplateFor(endpoint, 'probe', event);
    const webhook = await probe.check('createWebhook', `subscribe to ${event}`, () => aurora.webhooks.create({ event, url_template: template, description: `${PROBE_NAME} (deleted right away)`, enabled: false }, o));
    if (webhook) created.push(webhook.id);
  }
  const [first, ...rest] = created;
  if (!first) return;
  await probe.check('updateWebhook', 'change a subscription (enabled: false)', () => aurora.webhooks.update(first, { enabled: false }, o), (found) => (found.enabled === false ? null : 'The answer does not say enabled: false.'));
  await probe.check('deleteWebhook', 'delete a subscription', () => aurora.webhooks.delete(first, o));
  for (const id of rest) await aurora.webhooks.delete(id, o).catch(() => undefined);
}

/** Every Aurora check, in order; stops (ProbeStopped) only when the key or the tenant is wrong. */
export async function probeAurora(input: AuroraProbeInput): Promise<Finding[]> {
  const probe = new AuroraProbe(input);
  const project = await projectToRead(probe);
  if (project) {
    // Project reads first: in the sandbox the accepted design request adds a modelled design the design reads can use.
    await projectReads(probe, project);
    const design = await designToRead(probe, project);
    if (design) await designReads(probe, design);
    else for (const name of DESIGN_READS) probe.skip(name, 'read a design and what hangs off it', 'No design to read: add one to the project in Aurora, then probe again.');
  }
  await webhookChecks(probe);
  return probe.findings;
}

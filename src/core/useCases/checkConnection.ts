// Use case "Test connection": one cheap read per Aurora feature the app uses (401 = the key is wrong, 403 = the key is
// not provisioned for that feature) and the HubSpot checks an admin needs. Reads only, never writes.
import { toAdmin } from '@aurora/format';
import type { AuroraClient } from '../aurora/client';
import { AuroraAuthenticationError, AuroraError, AuroraNotFoundError, AuroraPermissionError } from '../aurora/errors';
import { parseAuroraDate } from '../aurora/parse';
import type { AuroraDesign } from '../aurora/schemas';
import type { AuroraConfig } from '../config';
import type { ConnectionReport } from '../contract';
import { HubSpotError } from '../hubspot/errors';
import type { HubSpotStore } from '../hubspot/store';
import { findingOfError } from '../probe/findings';
import { installPortal } from './install';

type Feature = ConnectionReport['features'][number];
type FeatureName = Feature['feature'];

export interface ConnectionDeps {
  aurora: Pick<AuroraClient, 'projects' | 'designRequests' | 'designs' | 'pricing' | 'financings' | 'agreements' | 'assets' | 'webhooks'>;
  hubspot: HubSpotStore;
}

/** The error's words for the admin reading the settings page: what to do, never "ask your HubSpot admin to …". */
const words = (error: AuroraError | HubSpotError) => {
  const user = error.toUserError();
  return `${user.message} ${toAdmin(user.action)}`;
};

/** Runs one feature read: available, not provisioned (403), or failing for another reason; 401 is re-thrown. */
async function probe(feature: FeatureName, read: () => Promise<unknown>): Promise<Feature> {
  try {
    await read();
    return { feature, status: 'available', message: 'Available.' };
  } catch (error) {
    if (error instanceof AuroraAuthenticationError || !(error instanceof AuroraError)) throw error;
    if (error instanceof AuroraPermissionError) {
      return { feature, status: 'unavailable', message: `The API key is not provisioned for this (Aurora answered 403). Ask your Aurora admin to allow it.` };
    }
    // A 404 on a route, a refused body or an unreadable answer: the probe's words, which name the route and what was seen.
    const finding = findingOfError(feature, `${error.call.method} ${error.call.path}`, error);
    const message = finding.status === 'different' ? `${finding.detail} (${finding.route}) Run npm run probe with a sandbox key and send its findings to whoever maintains the app.` : words(error);
    return { feature, status: 'unavailable', message };
  }
}

/** Features the test could not probe, with why: they are neither available nor unavailable yet. */
const notChecked = (features: readonly FeatureName[], reason: string): Feature[] => features.map((feature) => ({ feature, status: 'not_checked', message: reason }));

const newestFirst = (designs: readonly AuroraDesign[]) =>
  [...designs].sort((a, b) => (parseAuroraDate(b.created_at)?.getTime() ?? 0) - (parseAuroraDate(a.created_at)?.getTime() ?? 0));

async function checkAurora(deps: ConnectionDeps, config: AuroraConfig, deadline: number): Promise<Pick<ConnectionReport, 'aurora' | 'features'>> {
  const options = { deadline };
  const connected = { environment: config.environment, tenantId: config.tenantId };
  const ALL: FeatureName[] = ['projects', 'design_requests', 'pricing', 'financings', 'agreements', 'assets', 'webhooks'];
  let newestProjectId: string | undefined;
  let projects: Feature = { feature: 'projects', status: 'available', message: 'Available.' };
  try {
    newestProjectId = (await deps.aurora.projects.listPage(1, 1, options))[0]?.id;
  } catch (error) {
    if (error instanceof AuroraAuthenticationError) {
      return { aurora: { ...connected, ok: false, message: `${words(error)}` }, features: notChecked(ALL, 'Aurora did not accept the API key.') };
    }
    if (error instanceof AuroraNotFoundError) {
      const message = `Aurora does not know tenant ${config.tenantId} for this key. Check AURORA_TENANT_ID: sandbox and production tenants differ.`;
      return { aurora: { ...connected, ok: false, message }, features: notChecked(ALL, 'Aurora did not find the tenant.') };
    }
    if (!(error instanceof AuroraError)) throw error;
    // 403: the key works but may not list projects; every other failure means Aurora did not really answer.
    if (!(error instanceof AuroraPermissionError)) return { aurora: { ...connected, ok: false, message: words(error) }, features: notChecked(ALL, 'Aurora did not answer.') };
    projects = await probe('projects', () => Promise.reject(error));
  }

  const designFeatures: FeatureName[] = ['pricing', 'financings', 'agreements', 'assets'];
  const [designRequests, webhooks, designChecks] = await Promise.all([
    probe('design_requests', () => deps.aurora.designRequests.list(options)),
    probe('webhooks', () => deps.aurora.webhooks.list(options)),
    (async (): Promise<Feature[]> => {
      if (!newestProjectId) return notChecked(designFeatures, 'The tenant has no project yet: create a project with a design in Aurora, then test again.');
      let designs: AuroraDesign[];
      try {
        designs = await deps.aurora.designs.listForProject(newestProjectId, options);
      } catch (error) {
        if (error instanceof AuroraAuthenticationError || !(error instanceof AuroraError)) throw error;
        return notChecked(designFeatures, `Could not list the newest project's designs to probe these: ${words(error)}`);
      }
      const design = newestFirst(designs)[0];
      if (!design) return notChecked(designFeatures, 'The newest project has no design yet: add a design to it in Aurora, then test again.');
      return Promise.all([
        probe('pricing', () => deps.aurora.pricing.retrieve(design.id, options)),
        probe('financings', () => deps.aurora.financings.list(design.id, options)),
        probe('agreements', () => deps.aurora.agreements.listForProject(newestProjectId as string, options)),
        probe('assets', () => deps.aurora.assets.list(design.id, options)),
      ]);
    })(),
  ]);
  const features = [projects, designRequests, ...designChecks, webhooks];
  return { aurora: { ...connected, ok: true, message: `Connected to the ${config.environment} tenant ${config.tenantId}.` }, features };
}

async function checkHubSpot(hubspot: HubSpotStore, deadline: number): Promise<ConnectionReport['hubspot']> {
  try {
    await hubspot.listRecords('deals', { deadline, limit: 1 });
  } catch (error) {
    if (!(error instanceof HubSpotError)) throw error;
    return [{ check: 'Access token', ok: false, message: words(error) }];
  }
  const report = await installPortal({ hubspot }, { dryRun: true, deadline });
  const needsAction = report.steps.filter((step) => ['missing', 'conflict', 'failed'].includes(step.outcome));
  const noCustomObjects = report.steps.find((step) => step.kind === 'check' && step.name === 'custom objects' && step.outcome === 'missing');
  return [
    { check: 'Access token', ok: true, message: 'HubSpot accepts the app’s token.' },
    noCustomObjects
      ? { check: 'Custom objects', ok: false, message: noCustomObjects.message }
      : { check: 'Custom objects', ok: true, message: 'The portal can hold the Aurora Design object.' },
    report.ready
      ? { check: 'HubSpot setup', ok: true, message: 'Every property, the Aurora Design object, its labels and the screenshot folder exist.' }
      : {
          check: 'HubSpot setup',
          ok: false,
          message: `${needsAction.length} item${needsAction.length === 1 ? '' : 's'} to fix, e.g. ${needsAction[0]?.name ?? 'the installer'}: ${needsAction[0]?.message ?? ''} Run Set up HubSpot.`,
        },
  ];
}

/** The connection report: what the Aurora key can use and whether HubSpot is ready; reads only, never writes. */
export async function testConnection(deps: ConnectionDeps, config: AuroraConfig, options: { deadline: number }): Promise<ConnectionReport> {
  const [aurora, hubspot] = await Promise.all([checkAurora(deps, config, options.deadline), checkHubSpot(deps.hubspot, options.deadline)]);
  return { ...aurora, hubspot };
}

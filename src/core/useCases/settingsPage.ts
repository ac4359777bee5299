// Use case "Settings overview": environment and tenant (never the key), the webhook endpoint (never its token), setup
// state, the field map as rows, and the deals whose last sync had problems.
import type { Config } from '../config';
import type { ResultOf, SetupState, SyncProblem } from '../contract';
import { HubSpotValidationError } from '../hubspot/errors';
import type { HubSpotStore } from '../hubspot/store';
import { readDatetime, readText } from '../mapping/conversions';
import { FIELD_MAP, type FieldMap } from '../mapping/fieldMap';
import { describeFieldMap } from '../mapping/validate';
import { installPortal } from './install';

/** The settings page pages through these; older problems are found on the deals themselves. */
const PROBLEM_LIMIT = 50;

type Overview = Extract<ResultOf<'aurora_settings_overview'>, { ok: true }>;

export interface OverviewDeps {
  hubspot: HubSpotStore;
  fieldMap?: FieldMap;
}

/** Deals whose last sync was partial or failed, most recent first, in the words the sync stored. */
export async function recentSyncProblems(hubspot: HubSpotStore, deadline: number): Promise<SyncProblem[]> {
  const deals = await hubspot.listDealsWithProperty('aurora_sync_status', {
    values: ['error', 'partial'],
    properties: ['dealname', 'aurora_sync_status', 'aurora_last_error', 'aurora_last_synced_at', 'hs_lastmodifieddate'],
    sorts: ['-aurora_last_synced_at'],
    limit: PROBLEM_LIMIT,
    deadline,
  });
  const problems = deals.map((deal) => {
    const p = deal.properties;
    const fallback = p.aurora_sync_status === 'partial' ? 'The last sync was partial.' : 'The last sync failed.';
    return {
      dealId: deal.id,
      dealName: readText(p.dealname),
      at: readDatetime(p.aurora_last_synced_at) ?? readDatetime(p.hs_lastmodifieddate),
      message: readText(p.aurora_last_error) ?? fallback,
    };
  });
  // Sorted here too: a search index may ignore a sort on a property it does not index.
  return problems.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
}

/** Missing secrets first, then what the installer would still have to do (a dry run: reads only). */
async function setupState(config: Config, hubspot: HubSpotStore, deadline: number): Promise<SetupState> {
  const problems = config.missing.map((m) => `${m.name} is missing: ${m.why}.`);
  if (!config.webhookToken) problems.push('AURORA_WEBHOOK_TOKEN is missing: the secret Aurora’s webhook calls must carry (hs secret add AURORA_WEBHOOK_TOKEN).');
  if (!config.webhookUrl) problems.push('AURORA_WEBHOOK_URL is missing: the public URL of the webhook endpoint, needed to register webhooks (reps can still use Sync).');
  const report = await installPortal({ hubspot }, { dryRun: true, deadline });
  const todo = report.steps.filter((step) => ['missing', 'conflict', 'failed'].includes(step.outcome));
  if (todo.length > 0) problems.push(`HubSpot is not fully set up (${todo.length} item${todo.length === 1 ? '' : 's'}, e.g. ${todo[0]?.name}): run Set up HubSpot.`);
  return { ready: problems.length === 0, problems };
}

export async function settingsOverview(deps: OverviewDeps, config: Config, options: { deadline: number }): Promise<Overview> {
  const [setup, problems] = await Promise.all([
    setupState(config, deps.hubspot, options.deadline),
    // Before the installer has run, HubSpot rejects a search on the app's properties: the setup state says why.
    recentSyncProblems(deps.hubspot, options.deadline).catch((error: unknown) => {
      if (error instanceof HubSpotValidationError) return [];
      throw error;
    }),
  ]);
  return {
    ok: true,
    environment: config.aurora?.environment ?? null,
    tenantId: config.aurora?.tenantId ?? null,
    webhookUrl: config.webhookUrl ?? null,
    setup,
    fieldMap: describeFieldMap(deps.fieldMap ?? FIELD_MAP),
    problems,
  };
}

// What every webhook event's handler shares: the context it runs in, the bounded work it returns once the deal is found,
// how it finds the deal of a project, how a sync's result is put in words, and the design record read behind the checks.
import type { Deps } from '../deps';
import type { DealRecord } from '../hubspot/context';
import { DEAL_READ_PROPERTIES, linkedProjectId } from '../mapping/dealState';
import type { SyncSummary } from '../contract';
import type { DealPropertyKey, DesignPropertyKey, DesignPropertyName } from '../dataModel';
import { noteClaimId, POST_SALE_CLAIM_READ, signedClaimId } from '../postSale/handoff';
import type { WebhookEvent } from '../aurora/webhookDeliveries';
import type { MarkedDesign } from '../sync/pendingMarks';
import { HubSpotConflictError, HubSpotValidationError } from '../hubspot/errors';

/** What each event's handler works with. */
export interface EventContext {
  /** When the delivery arrived: the `contract signed at` stamp (Aurora has no signed_at, docs/aurora-api.md#agreements). */
  receivedAt: Date;
  /** Epoch ms by which the work must be done. */
  deadline: number;
}

/** The bounded work for a located event; its result says whether HubSpot changed. */
export interface EventWork {
  deal: DealRecord;
  projectId: string;
  /** `kind:id` items the next sync completes if this work cannot finish (aurora_sync_pending). */
  pending: string[];
  /** The one design the event names: its items go on its own record (sync/pendingMarks.ts). */
  design?: MarkedDesign;
  apply(): Promise<WorkResult>;
}

/**
 * What the work came to. `checkedOnly`: found unchanged by a cheap check (no sync), with HubSpot calls to spare for the
 * deal's history entry within the delivery's budget (useCases/ignoredDeliveries.ts).
 */
export interface WorkResult {
  outcome: 'applied' | 'unchanged';
  message: string;
  checkedOnly?: true;
}

export const checkedUnchanged = (message: string): WorkResult => ({ outcome: 'unchanged', message, checkedOnly: true });

export type Located = { found: true; work: EventWork } | { found: false; outcome: 'no_deal' | 'gone' | 'ignored' | 'unchanged'; message: string; projectId?: string };
/** The deal properties a handler reads: the sync's own, plus the pipeline the hand-off moves the deal in. */
export const WEBHOOK_DEAL_READ: readonly DealPropertyKey[] = [...DEAL_READ_PROPERTIES, 'pipeline'];

type Apply = EventWork['apply'];
export const work = (deal: DealRecord, projectId: string, pending: string[], apply: Apply, design?: MarkedDesign): Located => ({ found: true, work: { deal, projectId, pending, apply, design } });
export const noDeal = (projectId: string): Located => ({
  found: false,
  outcome: 'no_deal',
  projectId,
  message: `No deal is linked to Aurora project ${projectId}; nothing was written.`,
});

/** The deal linked to a project as a delivery finds it; `current`: read as it is now, not from search's lagging index. */
export interface ProjectDeal {
  deal: DealRecord;
  /** With `designIds`, read with the deal (the read by project) unless it came from search. */
  designRecordIds?: string[];
  current: boolean;
}

/**
 * The deal linked to a project: read by its unique `aurora_project_id` (one call, the deal as it is now, so its project
 * is checked by the read itself); a portal where that property is not unique (HubSpot refuses the read) is searched as
 * before (docs/hubspot-calls.md#the-deal-of-a-project).
 */
export async function projectDeal(deps: Deps, projectId: string, deadline: number, options: { designIds?: boolean } = {}): Promise<ProjectDeal | null> {
  try {
    const found = await deps.hubspot.getDealOfProject(projectId, WEBHOOK_DEAL_READ, { deadline, designIds: options.designIds });
    // Never trusted alone: the value read by is the value checked.
    return found && linkedProjectId(found.deal) === projectId ? { ...found, current: true } : null;
  } catch (error) {
    // A read refused as bad (a 400, whatever its words: a read cannot be a duplicate) is a property HubSpot cannot read by.
    if (!(error instanceof HubSpotValidationError || error instanceof HubSpotConflictError)) throw error;
    const [deal] = await deps.hubspot.findDealsByProperty('aurora_project_id', projectId, WEBHOOK_DEAL_READ, { deadline, limit: 1 });
    return deal ? { deal, current: false } : null;
  }
}

export async function dealOfProject(deps: Deps, projectId: string, deadline: number): Promise<DealRecord | null> {
  return (await projectDeal(deps, projectId, deadline))?.deal ?? null;
}

export const summaryWords = (sync: SyncSummary): { outcome: 'applied' | 'unchanged'; message: string } =>
  sync.changedDesigns > 0 || sync.changedDealProperties.length > 0
    ? { outcome: 'applied', message: `Synced: ${sync.changedDesigns} design record(s) and ${sync.changedDealProperties.length} deal propert${sync.changedDealProperties.length === 1 ? 'y' : 'ies'} changed.` }
    : { outcome: 'unchanged', message: 'HubSpot already matched Aurora.' };

/** What a design's HubSpot record says, for the checks that spare Aurora a repeated sync. */
export const DESIGN_CHECK_READ = [
  'aurora_design_id',
  'aurora_project_id',
  'aurora_deal_id',
  'aurora_design_name',
  'aurora_screenshot_url',
  'aurora_dxf_url',
  'aurora_milestone',
  'aurora_is_sold',
  'aurora_proposal_url',
  'aurora_annual_production_kwh',
  'aurora_price',
  'aurora_agreement_id',
  'aurora_agreement_status',
  'aurora_contract_signed_at',
  'aurora_sync_pending',
] satisfies readonly DesignPropertyName[];

export const designRecord = (deps: Deps, designId: string, deadline: number) =>
  deps.hubspot.getRecord('aurora_design', designId, DESIGN_CHECK_READ, { deadline, idProperty: 'aurora_design_id' });

/**
 * The records an event's handler reads first, read with the settings record: the design record the event names, or for
 * an agreement event the claims of its contract's hand-off (their ids come from the agreement id in the query).
 */
export function recordsReadFirst(event: WebhookEvent): { designIds: string[]; properties: readonly DesignPropertyKey[] } {
  if (event.event === 'agreement_status_changed') return { designIds: [signedClaimId(event.data.agreement_id), noteClaimId(event.data.agreement_id)], properties: POST_SALE_CLAIM_READ };
  return { designIds: 'design_id' in event.data ? [event.data.design_id] : [], properties: DESIGN_CHECK_READ };
}

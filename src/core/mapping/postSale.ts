// The post-sale hand-off rule, as data: the stage a deal moves to when its Aurora contract is signed, per pipeline.
// A pipeline not listed moves to its own closed-won stage. An admin sets it on the settings page (src/core/settings).
import type { DealPipeline } from '../hubspot/deals';

export interface PostSaleSettings {
  /** Pipeline id → stage id, e.g. `{ default: 'closedwon', '7654321': '98765432' }`. Ids are in HubSpot's pipeline settings. */
  signedStageByPipeline: Readonly<Record<string, string>>;
  /** false leaves deal stages alone (the properties and the note are still written). */
  moveStage: boolean;
  /** Pipelines whose deals stay where they are (the admin chose "don't move" for them). */
  leaveAlone?: readonly string[];
}

export const POST_SALE: PostSaleSettings = {
  signedStageByPipeline: {},
  moveStage: true,
};

/** The stage a signed contract moves a deal of this pipeline to, or null when there is none to move to. */
export function signedStageFor(pipeline: DealPipeline, settings: PostSaleSettings = POST_SALE): string | null {
  if (!settings.moveStage || settings.leaveAlone?.includes(pipeline.id)) return null;
  return settings.signedStageByPipeline[pipeline.id] ?? pipeline.closedWonStageId;
}

/** The pipeline a deal is in (HubSpot's `default` when the deal names none, or one the list does not hold). */
export function pipelineOf(pipelines: readonly DealPipeline[], pipelineId: string | null | undefined): DealPipeline | undefined {
  return pipelines.find((candidate) => candidate.id === pipelineId) ?? pipelines.find((candidate) => candidate.id === 'default');
}

/**
 * Whether remembered pipelines can decide a deal's move: they hold the deal's pipeline, the stage it is in and the stage
 * the settings name for it. A stage or pipeline added since they were read would otherwise be taken for unknown (a
 * deal in a new late stage moved back; a newly configured stage never reached): docs/hubspot-calls.md#the-deal-pipelines.
 */
export function pipelinesKnowDeal(pipelines: readonly DealPipeline[], deal: { pipeline?: string | null; dealstage?: string | null }, settings: PostSaleSettings = POST_SALE): boolean {
  const pipeline = deal.pipeline ? pipelines.find((candidate) => candidate.id === deal.pipeline) : pipelineOf(pipelines, null);
  if (!pipeline) return false;
  const holds = (stageId: string | null | undefined) => !stageId || pipeline.stages.some((stage) => stage.id === stageId);
  return holds(deal.dealstage) && holds(settings.signedStageByPipeline[pipeline.id]);
}

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

// What each Aurora event does. The webhook is a doorbell: every handler re-reads Aurora's current state and lets the
// sync use cases write HubSpot, so duplicates and late deliveries converge on the same state. Cheap checks first
// (HubSpot already holds this asset, the hand-off is done) keep repeated deliveries from spending Aurora's rate limit.
// The handlers live by event kind: designEvents.ts, agreementEvents.ts, projectEvents.ts (shared parts: eventWork.ts).
import type { Deps } from '../deps';
import type { WebhookEvent } from '../aurora/webhookDeliveries';
import { agreementEvent } from './agreementEvents';
import { assetEvent, designCreatedEvent, milestoneEvent, proposalEvent, simulationEvent } from './designEvents';
import type { EventContext, Located } from './eventWork';
import { designRequestEvent, projectStatusEvent } from './projectEvents';

export type { EventContext, EventWork, Located } from './eventWork';
export { recordsReadFirst } from './eventWork';

/** Finds the deal an event is about (reading Aurora where the event names no project) and returns the bounded work. */
export function locateEvent(deps: Deps, event: WebhookEvent, context: EventContext): Promise<Located> {
  switch (event.event) {
    case 'agreement_status_changed':
      return agreementEvent(deps, event.data, context);
    case 'design_request_completed':
    case 'design_request_rejected':
      return designRequestEvent(deps, event.data.design_request_id, context);
    case 'project_status_changed':
      return projectStatusEvent(deps, event.data.project_id, context);
    case 'asset_created':
      return assetEvent(deps, event.data, context);
    case 'design_created':
      return designCreatedEvent(deps, event.data, context);
    case 'milestone_created':
      return milestoneEvent(deps, event.data, context);
    case 'performance_simulation_job_completed':
      return simulationEvent(deps, event.data.design_id, context);
    case 'web_proposal_url_created':
      return proposalEvent(deps, event.data.design_id, context);
  }
}

// What HubSpot's workflow engine sends to a custom action's actionUrl and what it understands back
// (docs/hubspot-workflow-actions.md): the request body, the actions this app offers, their output fields, and the three
// answers: outputs (SUCCESS), a plain failure reason (FAIL_CONTINUE), or 429 + Retry-After (HubSpot calls again later).
import { z } from 'zod';
import type { DealRecord } from '../hubspot/context';
import { readText } from '../mapping/conversions';
import { syncInfoOf } from '../mapping/dealState';
import { allPending } from '../mapping/pending';

/** The `action` query parameter of each action's actionUrl names the use case (one endpoint serves all three). */
export const WORKFLOW_ACTIONS = ['create_project', 'sync_deal', 'update_project'] as const;
export type WorkflowActionName = (typeof WORKFLOW_ACTIONS)[number];
export const ACTION_PARAM = 'action';

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/** HubSpot's execution request; unknown fields are tolerated. */
export const actionRequestSchema = z.looseObject({
  callbackId: z.string().min(1).max(200),
  origin: z.looseObject({ portalId: id, actionDefinitionId: z.unknown().optional(), actionDefinitionVersion: z.unknown().optional() }),
  context: z.looseObject({ source: z.string().optional(), workflowId: z.unknown().optional() }).optional(),
  object: z.looseObject({ objectId: id, objectType: z.string() }),
  inputFields: z.record(z.string(), z.unknown()).default({}),
});
export type ActionRequest = z.infer<typeof actionRequestSchema>;

/**
 * The deal property a workflow sets to let these actions act on a deal. Requests whose HubSpot signature the host
 * cannot check (public endpoint functions do not see it) only act on deals that carry it: a forger cannot set it.
 */
export const AUTOMATION_PROPERTY = 'aurora_automation';

/** The outputs every action returns, for later workflow steps (names as in the action definitions' outputFields). */
export interface ActionOutputs {
  outcome: string;
  aurora_project_id: string;
  aurora_project_url: string;
  sync_status: string;
  system_size_kw: number | null;
  price: number | null;
  agreement_status: string;
  failure_reason: string;
}

/** The deal properties the outputs are read from after the action. */
export const OUTPUT_PROPERTIES = [
  'aurora_project_id',
  'aurora_project_url',
  'aurora_sync_status',
  'aurora_system_size_kw',
  'aurora_price',
  'aurora_agreement_status',
  'aurora_sync_pending',
  'aurora_last_error',
  'aurora_last_synced_at',
] as const;

const numberOf = (value: string | null | undefined): number | null => {
  const text = readText(value);
  if (text === null) return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : null;
};

/**
 * The outputs as the deal now holds them. `sync_status` as the card says it (mapping/dealState.ts syncInfoOf): from the
 * pending marks (the deal's list, and `designMarks`: what the action's own sync left on the designs), not from the stored
 * status, which is the last writer's (docs/pending-work.md#what-the-card-says).
 */
export function outputsOf(deal: DealRecord | null, outcome: string, failureReason = '', designMarks: readonly string[] = []): ActionOutputs {
  const p = deal?.properties ?? {};
  return {
    outcome,
    aurora_project_id: readText(p.aurora_project_id) ?? '',
    aurora_project_url: readText(p.aurora_project_url) ?? '',
    sync_status: deal ? syncInfoOf(deal, allPending(p.aurora_sync_pending, [designMarks.join(';')])).status : 'never',
    system_size_kw: numberOf(p.aurora_system_size_kw),
    price: numberOf(p.aurora_price),
    agreement_status: readText(p.aurora_agreement_status) ?? '',
    failure_reason: failureReason,
  };
}

export interface ActionResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** 200 with the outputs: the workflow records a success and goes on. */
export const succeeded = (outputs: ActionOutputs): ActionResponse => ({
  statusCode: 200,
  headers: JSON_HEADERS,
  body: { outputFields: { ...outputs, hs_execution_state: 'SUCCESS' } },
});

/**
 * 200 with `hs_execution_state: FAIL_CONTINUE`: the workflow history shows the failure and its plain reason (the
 * `errorCode` drives the definitions' execution rules), and the workflow goes on.
 */
export const failed = (errorCode: string, outputs: ActionOutputs): ActionResponse => ({
  statusCode: 200,
  headers: JSON_HEADERS,
  body: { outputFields: { ...outputs, hs_execution_state: 'FAIL_CONTINUE' }, errorCode, failureReason: outputs.failure_reason },
});

/** 429 with Retry-After (whole seconds): HubSpot calls the action again later, so a spent budget never fails a workflow. */
export function retryLater(afterMs: number, reason: string): ActionResponse {
  const seconds = Math.max(1, Math.ceil(afterMs / 1000));
  return { statusCode: 429, headers: { ...JSON_HEADERS, 'Retry-After': String(seconds) }, body: { retryAfterSeconds: seconds, reason } };
}

/** Refusals before any work (bad method, signature, body): nothing was read or written. */
export const refused = (statusCode: number, message: string): ActionResponse => ({ statusCode, headers: JSON_HEADERS, body: { message } });

// The host-independent handler of HubSpot's custom workflow action calls: authenticate (signature where the host sees
// it, else the deal's opt-in), run the same use case as the card, and answer with outputs, a plain failure reason, or
// 429 + Retry-After when Aurora's (or HubSpot's) budget is spent, so HubSpot's own engine paces the work.
import { AuroraBusyError, AuroraDeadlineError, AuroraRateLimitError } from '../aurora/errors';
import { CARD_DEADLINE_MS, type Deps } from '../deps';
import { toFailure } from '../functions/edge';
import type { DealRecord } from '../hubspot/context';
import { HubSpotNotFoundError } from '../hubspot/errors';
import { readText } from '../mapping/conversions';
import { createProject } from '../useCases/createInAurora';
import { runSync } from '../useCases/sync';
import { NotLinkedError } from '../useCases/errors';
import { updateProject } from '../useCases/updateInAurora';
import type { RawHeaders } from '../webhooks/auth';
import { flattenQuery, type RawQuery } from '../aurora/webhookDeliveries';
import {
  ACTION_PARAM,
  actionRequestSchema,
  AUTOMATION_PROPERTY,
  failed,
  OUTPUT_PROPERTIES,
  outputsOf,
  refused,
  retryLater,
  succeeded,
  WORKFLOW_ACTIONS,
  type ActionRequest,
  type ActionResponse,
  type WorkflowActionName,
} from './protocol';
import { checkSignature } from './signature';

export interface WorkflowActionRequest {
  method: string;
  query: RawQuery;
  headers: RawHeaders;
  /** The parsed JSON body (all a public endpoint function gets). */
  body: unknown;
  /** The body as received and the full URL called, where the host has them: needed to check HubSpot's signature. */
  raw?: { body: string; uri: string };
}

export interface ActionLogEntry {
  action?: string;
  dealId?: string;
  callbackId?: string;
  statusCode: number;
  result: string;
  ms: number;
  detail?: string;
}

export interface WorkflowActionDeps {
  services: Deps | (() => Deps | Promise<Deps>);
  /** The portal this host serves (an endpoint function's `context.accountId`): calls naming another portal are refused. */
  portalId?: string;
  /** The app's client secret, on hosts that see HubSpot's headers: every call must then carry a valid signature. */
  clientSecret?: string;
  now?: () => number;
  log?: (entry: ActionLogEntry) => void;
  /** Time the use case may take; HubSpot's function limit is about 15 s. */
  workMs?: number;
}

const NOT_LINKED_IN_WORKFLOW = 'This deal has no Aurora project yet: put the Create Aurora project action before this one.';

/** When HubSpot should call again if no better figure is known (Aurora's window is a minute). */
const DEFAULT_RETRY_MS = 60_000;
/** Another call holds the create claim: it finishes within a function's lifetime. */
const CLAIM_RETRY_MS = 30_000;

type Work = { kind: 'done'; outcome: string; designMarks?: readonly string[] } | { kind: 'failed'; code: string; reason: string } | { kind: 'retry'; afterMs: number; reason: string };

/** Handles one call of a workflow action on any host: `{ method, query, headers, body }` in, `{ statusCode, headers, body }` out. */
export async function handleWorkflowAction(deps: WorkflowActionDeps, request: WorkflowActionRequest): Promise<ActionResponse> {
  const now = deps.now ?? Date.now;
  const started = now();
  const entry: Omit<ActionLogEntry, 'statusCode' | 'result' | 'ms'> = {};
  const respond = (response: ActionResponse, detail?: string): ActionResponse => {
    const body = response.body as { outputFields?: { outcome?: string }; errorCode?: string };
    const result = body.errorCode ?? body.outputFields?.outcome ?? (response.statusCode === 429 ? 'retry_later' : 'refused');
    deps.log?.({ ...entry, statusCode: response.statusCode, result, ms: now() - started, ...(detail ? { detail } : {}) });
    return response;
  };

  if (request.method.toUpperCase() !== 'POST') return respond(refused(405, 'Workflow actions are POST requests.'));
  const action = flattenQuery(request.query)[ACTION_PARAM];
  if (!isAction(action)) return respond(refused(404, `Unknown action; the actionUrl must end in ?${ACTION_PARAM}=<${WORKFLOW_ACTIONS.join('|')}>.`));
  entry.action = action;

  const signed = authenticate(deps, request, now());
  if (signed !== true) return respond(refused(401, signed));
  const parsed = actionRequestSchema.safeParse(request.body ?? parseRaw(request.raw?.body));
  if (!parsed.success) return respond(refused(400, `Not a workflow action request: ${parsed.error.issues.map((i) => i.path.join('.') || 'body').join(', ')}.`));
  const call = parsed.data;
  Object.assign(entry, { dealId: call.object.objectId, callbackId: call.callbackId });
  if (deps.portalId && call.origin.portalId !== deps.portalId) return respond(refused(403, 'This app serves another HubSpot portal.'));
  if (!/^(deal|0-3)$/i.test(call.object.objectType)) return respond(failed('WRONG_OBJECT', outputsOf(null, 'failed', 'Aurora actions work on deals only.')));

  try {
    const services = typeof deps.services === 'function' ? await deps.services() : deps.services;
    return respond(await runAction(services, action, call, { signed: Boolean(deps.clientSecret), deadline: started + (deps.workMs ?? CARD_DEADLINE_MS) }));
  } catch (error) {
    // The card's words say "press Create in Aurora"; a workflow needs the action that does it.
    if (error instanceof NotLinkedError) return respond(failed('NOT_LINKED', outputsOf(null, 'failed', NOT_LINKED_IN_WORKFLOW)));
    const user = toFailure(error).error;
    const detail = user.code === 'internal' && error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : undefined;
    if (user.retryable) return respond(retryLater(retryAfterOf(error), user.message), detail);
    return respond(failed(user.code.toUpperCase(), outputsOf(null, 'failed', `${user.message} ${user.action}`)), detail);
  }
}

const isAction = (value: string | undefined): value is WorkflowActionName => (WORKFLOW_ACTIONS as readonly string[]).includes(value ?? '');

function parseRaw(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True, or why the call is refused. Without a client secret the host cannot check signatures: the opt-in rules. */
function authenticate(deps: WorkflowActionDeps, request: WorkflowActionRequest, now: number): true | string {
  if (!deps.clientSecret) return true;
  if (!request.raw) return 'This host cannot check HubSpot signatures (no raw body).';
  const check = checkSignature(deps.clientSecret, { method: request.method, uri: request.raw.uri, body: request.raw.body, headers: request.headers }, now);
  if (check === 'valid') return true;
  return check === 'missing' ? 'Missing HubSpot signature.' : check === 'expired' ? 'The HubSpot signature is older than 5 minutes.' : 'Wrong HubSpot signature.';
}

async function runAction(deps: Deps, action: WorkflowActionName, call: ActionRequest, options: { signed: boolean; deadline: number }): Promise<ActionResponse> {
  const dealId = call.object.objectId;
  const { deadline } = options;
  let deal: DealRecord;
  try {
    deal = await deps.hubspot.getDeal(dealId, [AUTOMATION_PROPERTY, ...OUTPUT_PROPERTIES], { deadline });
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return failed('DEAL_NOT_FOUND', outputsOf(null, 'failed', 'The deal no longer exists in HubSpot.'));
    throw error;
  }
  if (!options.signed && deal.properties[AUTOMATION_PROPERTY] !== 'true') {
    const reason = `This deal is not opted in to Aurora automation. Add the step "Set property value: Aurora automation = Yes" before this action.`;
    return failed('NOT_OPTED_IN', outputsOf(deal, 'failed', reason));
  }

  const work = await USE_CASES[action](deps, dealId, call.inputFields, deadline);
  if (work.kind === 'retry') return retryLater(work.afterMs, work.reason);
  const after = await deps.hubspot.getDeal(dealId, [...OUTPUT_PROPERTIES], { deadline: deadline + 2_000 });
  if (work.kind === 'failed') return failed(work.code, outputsOf(after, 'failed', work.reason));
  // A sync that Aurora's budget or time cut short left work on the deal: HubSpot calls again and the next sync does it first.
  if (action === 'sync_deal' && readText(after.properties.aurora_sync_pending)) return retryLater(DEFAULT_RETRY_MS, 'Aurora did not answer everything in time; the rest is synced on the next call.');
  return succeeded(outputsOf(after, work.outcome, '', work.designMarks));
}

const USE_CASES: Record<WorkflowActionName, (deps: Deps, dealId: string, inputs: Record<string, unknown>, deadline: number) => Promise<Work>> = {
  async create_project(deps, dealId, _inputs, deadline) {
    const result = await createProject(deps, { dealId }, deadline);
    if (result.outcome === 'in_progress') return { kind: 'retry', afterMs: CLAIM_RETRY_MS, reason: 'Another call is creating the Aurora project.' };
    if (result.outcome === 'needs_input') {
      return { kind: 'failed', code: 'MISSING_FIELDS', reason: `Fill in ${result.missing.map((m) => m.label).join(', ')} on the deal or its primary contact, then enroll it again.` };
    }
    return { kind: 'done', outcome: result.outcome };
  },
  async sync_deal(deps, dealId, _inputs, deadline) {
    const { summary, pending } = await runSync(deps, { dealId, trigger: 'HubSpot workflow' }, deadline);
    // Designs left undone (their marks are on their own records): HubSpot calls again and the next sync does them first.
    if (summary.designsLeft > 0) return { kind: 'retry', afterMs: DEFAULT_RETRY_MS, reason: 'Aurora did not answer everything in time; the rest is synced on the next call.' };
    // The designs' marks after this sync, as it left them (it read every marked design): no HubSpot call for them.
    return { kind: 'done', outcome: 'synced', designMarks: pending };
  },
  async update_project(deps, dealId, inputs, deadline) {
    const confirmAddressChange = String(inputs.confirm_address_change ?? '').toLowerCase() === 'true';
    const result = await updateProject(deps, { dealId, confirmAddressChange }, deadline);
    if (result.outcome === 'needs_confirmation') {
      const reason = 'The site address changed; Aurora would locate the site again. Set "Send address changes" to Yes on this action to send it.';
      return { kind: 'failed', code: 'ADDRESS_CONFIRMATION', reason };
    }
    return { kind: 'done', outcome: result.outcome };
  },
};

/** HubSpot should call again once Aurora's window has room: its own Retry-After when it gave one. */
function retryAfterOf(error: unknown): number {
  if (error instanceof AuroraBusyError) return Math.max(1_000, error.until - Date.now());
  const limited = error instanceof AuroraDeadlineError ? error.lastError : error;
  if (limited instanceof AuroraRateLimitError && limited.retryAfterMs !== undefined) return Math.max(1_000, limited.retryAfterMs);
  return DEFAULT_RETRY_MS;
}

// Public endpoint edge for HubSpot's custom workflow actions: turns the endpoint context (params as arrays, JSON body,
// standard headers only, the portal as accountId) into the host-independent request, and the answer into HTTP.
import { z } from 'zod';
import { readConfig } from '../config';
import { loadDeps } from '../deps';
import { handleWorkflowAction, type ActionLogEntry, type WorkflowActionRequest } from '../workflows/handler';

const values = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const endpointContext = z.looseObject({
  params: values.optional(),
  query: values.optional(),
  headers: values.optional(),
  method: z.string().optional(),
  body: z.unknown().optional(),
  accountId: z.union([z.number(), z.string()]).optional(),
});

/** The request as the handler reads it, and the portal the function runs in; an unreadable context is an empty POST. */
export function requestFromContext(context: unknown): { request: WorkflowActionRequest; portalId: string | undefined } {
  const parsed = endpointContext.safeParse(context ?? {});
  const data = parsed.success ? parsed.data : {};
  return {
    request: { method: data.method ?? 'POST', query: { ...data.query, ...data.params }, headers: data.headers ?? {}, body: data.body },
    portalId: data.accountId === undefined ? undefined : String(data.accountId),
  };
}

/** One JSON line per call in the function log: ids and outcomes, never the body. */
const logCall = (entry: ActionLogEntry) => console.log(JSON.stringify({ aurora_workflow_action: entry }));

export const main = async (context: unknown) => {
  const config = readConfig();
  const { request, portalId } = requestFromContext(context);
  // HubSpot's signature headers do not reach endpoint functions, so the deal's opt-in is the check here (README).
  const response = await handleWorkflowAction({ services: () => loadDeps(config, {}, { priority: 'background' }), portalId, log: logCall }, request);
  return { statusCode: response.statusCode, headers: response.headers, body: JSON.stringify(response.body) };
};

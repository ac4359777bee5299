// The page's calls to the workbench server, and the `hubspot.serverless` transport the renderer uses.
import type { ServerlessTransport } from '../renderer/host';
import type { FunctionCallRecord } from '../protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiError(response.status, body.message ?? `${path} answered ${response.status}`);
  return body as T;
}

export const getJson = <T>(path: string) => request<T>(path);
export const postJson = <T>(path: string, body: unknown) =>
  request<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

type CallListener = (calls: FunctionCallRecord[]) => void;
const calls: FunctionCallRecord[] = [];
const listeners = new Set<CallListener>();

/** Subscribes to the list of app function calls made from this page (newest first). */
export function onFunctionCalls(listener: CallListener): () => void {
  listeners.add(listener);
  listener(calls);
  return () => void listeners.delete(listener);
}

function record(entry: FunctionCallRecord) {
  calls.unshift(entry);
  calls.splice(30);
  for (const listener of listeners) listener([...calls]);
}

/** POSTs the call to the functions host; rejects (like HubSpot) when the function failed to run. */
export const serverlessTransport: ServerlessTransport = async (name, options, context) => {
  const crm = context.crm as { objectId?: number; objectTypeId?: string } | undefined;
  const started = performance.now();
  const response = await fetch(`/api/functions/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ parameters: options.parameters, propertiesToSend: options.propertiesToSend, objectId: crm?.objectId, objectTypeId: crm?.objectTypeId }),
  });
  const body = (await response.json().catch(() => null)) as { ok?: unknown; message?: string; errors?: { message?: string; context?: { reason?: string } }[] } | null;
  const ms = Number(response.headers.get('x-function-ms') ?? Math.round(performance.now() - started));
  if (!response.ok) {
    const reason = body?.errors?.[0]?.context?.reason ?? `HTTP ${response.status}`;
    record({ at: new Date().toISOString(), uid: name, ms, ok: false, summary: reason });
    console.error(`[workbench] ${name} failed: ${body?.errors?.[0]?.message ?? body?.message ?? reason}`);
    throw Object.assign(new Error(body?.message ?? `The function ${name} failed.`), { responseJSON: body, status: response.status });
  }
  // HubSpot ran the function; `ok: false` is the function's own user-facing failure.
  record({ at: new Date().toISOString(), uid: name, ms, ok: true, summary: body?.ok === false ? 'ok: false' : body?.ok === true ? 'ok: true' : 'returned' });
  return body;
};

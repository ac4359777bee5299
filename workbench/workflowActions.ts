// The workbench plays HubSpot's workflow engine: it builds the execution request HubSpot POSTs to an action's actionUrl
// (docs/hubspot-workflow-actions.md#request) and sends it to the functions host's action endpoint, optionally after the
// workflow step that opts the deal in (Set property value: Aurora automation = Yes).
import { randomInt } from 'node:crypto';
import type { WorkflowActionRun } from './protocol';

/** The body HubSpot sends when an enrolled deal reaches a custom action. */
export function executionRequest(input: { portalId: number; dealId: string; inputFields?: Record<string, unknown>; workflowId?: number }) {
  return {
    callbackId: `ap-${input.portalId}-${input.dealId}-${randomInt(1e9)}-0`,
    origin: { portalId: input.portalId, actionDefinitionId: 10860211, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: input.workflowId ?? 192814114 },
    object: { objectId: Number(input.dealId), objectType: 'DEAL' },
    inputFields: input.inputFields ?? {},
  };
}

export interface WorkflowActionRunner {
  run(input: { action: string; dealId: string; inputFields: Record<string, unknown>; optIn: boolean }): Promise<WorkflowActionRun>;
}

export function workflowActionRunner(options: { endpoint: string; portalId: number; hubspot: { baseUrl: string; accessToken: string } }): WorkflowActionRunner {
  const setOptIn = async (dealId: string) => {
    const response = await fetch(`${options.hubspot.baseUrl}/crm/v3/objects/deals/${encodeURIComponent(dealId)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${options.hubspot.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { aurora_automation: 'true' } }),
    });
    if (!response.ok) throw new Error(`HubSpot refused to set Aurora automation on the deal (HTTP ${response.status}).`);
  };
  return {
    async run({ action, dealId, inputFields, optIn }) {
      if (optIn) await setOptIn(dealId);
      const request = executionRequest({ portalId: options.portalId, dealId, inputFields });
      const url = `${options.endpoint}?action=${encodeURIComponent(action)}`;
      const started = Date.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      const body = (await response.json().catch(() => null)) as WorkflowActionRun['response']['body'];
      return { url, request, response: { status: response.status, retryAfter: response.headers.get('retry-after'), body }, ms: Date.now() - started };
    },
  };
}

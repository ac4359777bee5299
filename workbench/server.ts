// The workbench page's HTTP server: the page and its bundle, the HubSpot reads it shows, card function calls
// (handed to the functions host), and the simulator panel's view of Aurora.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Router, startServer, type RunningServer, type SimResponse } from '../simulators/shared/httpServer';
import type { FunctionsHost } from './functionsHost';
import { HubSpotReadError, type HubSpotReader } from './hubspotReader';
import type { SimAction, SimProjectView, WorkbenchInfo } from './protocol';
import type { WorkflowActionRunner } from './workflowActions';

/** The simulator panel's access to the embedded Aurora simulator. */
export interface AuroraPanel {
  project(projectId: string): Promise<SimProjectView | null>;
  act(action: SimAction): Promise<void>;
}

export interface PageServerOptions {
  port: number;
  /** workbench/page (index.html, styles.css). */
  pageDir: string;
  /** The browser bundle (main.js and its chunks). */
  assetsDir: string;
  info: WorkbenchInfo;
  hubspot: HubSpotReader;
  functions: FunctionsHost;
  /** Absent when Aurora is a real service: the panel is then hidden. */
  aurora: AuroraPanel | undefined;
  /** Sends workflow action executions as HubSpot would; absent when the functions host has no action endpoint. */
  workflowActions?: WorkflowActionRunner;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const cardCallSchema = z.looseObject({
  parameters: z.unknown().optional(),
  propertiesToSend: z.array(z.string()).optional(),
  objectId: z.union([z.string(), z.number()]).optional(),
  objectTypeId: z.string().optional(),
});

const simActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('complete_design_request'), designRequestId: z.string().min(1) }),
  z.object({ action: z.literal('reject_design_request'), designRequestId: z.string().min(1) }),
  z.object({ action: z.literal('finish_simulation'), designId: z.string().min(1) }),
  z.object({ action: z.literal('create_asset'), designId: z.string().min(1) }),
  z.object({
    action: z.literal('move_agreement'),
    projectId: z.string().min(1),
    designId: z.string().nullable(),
    agreementId: z.string().nullable(),
    status: z.string().min(1),
  }),
]);

const workflowRunSchema = z.object({
  dealId: z.string().regex(/^\d{1,20}$/),
  inputFields: z.record(z.string(), z.string()).default({}),
  optIn: z.boolean().default(false),
});

const json = (status: number, body: unknown): SimResponse => ({ status, body, headers: { 'cache-control': 'no-store' } });

async function staticFile(file: string): Promise<SimResponse> {
  try {
    const raw = await readFile(file);
    return { status: 200, raw, headers: { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' } };
  } catch {
    return json(404, { message: `${path.basename(file)} not found` });
  }
}

/** Runs a HubSpot read; a HubSpot error becomes a 502 with HubSpot's words so the page can show them. */
async function fromHubSpot(read: () => Promise<unknown>): Promise<SimResponse> {
  try {
    return json(200, await read());
  } catch (error) {
    const status = error instanceof HubSpotReadError && error.status === 404 ? 404 : 502;
    return json(status, { message: (error as Error).message });
  }
}

export async function startPageServer(options: PageServerOptions): Promise<RunningServer> {
  const { pageDir, assetsDir, info, hubspot, functions, aurora, workflowActions } = options;
  const router = new Router()
    .get('/', () => staticFile(path.join(pageDir, 'index.html')))
    .get('/assets/styles.css', () => staticFile(path.join(pageDir, 'styles.css')))
    .get('/assets/:file', (req) => staticFile(path.join(assetsDir, path.basename(req.params.file ?? ''))))
    .get('/api/info', () => json(200, info))
    .get('/api/deals', () => fromHubSpot(() => hubspot.listDeals()))
    .get('/api/deals/:id', (req) => fromHubSpot(() => hubspot.getDeal(req.params.id ?? '')))
    .post('/api/functions/:uid', async (req) => {
      const call = cardCallSchema.safeParse(req.body ?? {});
      if (!call.success) return json(400, { message: 'The card call is not { parameters, propertiesToSend, objectId, objectTypeId }.' });
      const outcome = await functions.callCardFunction(req.params.uid ?? '', call.data);
      const headers = { 'cache-control': 'no-store', 'x-function-ms': String(outcome.ms) };
      return outcome.ok ? { status: 200, body: outcome.result, headers } : { status: 400, body: outcome.failure, headers };
    })
    .post('/api/workflow-actions/:action', async (req) => {
      if (!workflowActions) return json(404, { message: 'The functions host has no workflow action endpoint.' });
      const run = workflowRunSchema.safeParse(req.body ?? {});
      if (!run.success) return json(400, { message: 'A workflow action run is { dealId, inputFields?, optIn? }.' });
      try {
        return json(200, await workflowActions.run({ action: req.params.action ?? '', ...run.data }));
      } catch (error) {
        return json(502, { message: (error as Error).message });
      }
    })
    .get('/api/simulator/projects/:projectId', async (req) => {
      if (!aurora) return json(404, { message: 'Aurora is a real service here: there is no simulator to show.' });
      const view = await aurora.project(req.params.projectId ?? '');
      return view ? json(200, view) : json(404, { message: `The Aurora simulator has no project ${req.params.projectId}.` });
    })
    .post('/api/simulator/actions', async (req) => {
      if (!aurora) return json(404, { message: 'Aurora is a real service here: there is no simulator to drive.' });
      const action = simActionSchema.safeParse(req.body);
      if (!action.success) return json(400, { message: `Unknown simulator action: ${action.error.issues[0]?.message ?? 'invalid'}` });
      try {
        await aurora.act(action.data);
        return json(200, { ok: true });
      } catch (error) {
        return json(409, { message: (error as Error).message });
      }
    });
  return startServer({ router, port: options.port });
}

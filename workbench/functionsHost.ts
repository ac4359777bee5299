// Local functions host: runs the BUILT app functions (src/app/functions/dist) with HubSpot's `main(context)` contract,
// for card calls (parameters, propertiesToSend) and for public endpoints (params as arrays, standard headers only).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { readConfig } from '../src/core/config';
import { Router, startServer, type RunningServer, type SimRequest, type SimResponse } from '../simulators/shared/httpServer';

/** HubSpot's local executors stop a function after 15 s (`EXECUTION_TIMEOUT_MS` in ui-extensions-dev-server 2.1.2). */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 15_000;

/** The only request headers HubSpot documents (and its emulator forwards) to endpoint functions. */
const STANDARD_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'connection',
  'cookie',
  'host',
  'true-client-ip',
  'upgrade-insecure-requests',
  'user-agent',
  'x-forwarded-for',
];

const hsProjectSchema = z.looseObject({ srcDir: z.string().default('src') });
const hsMetaSchema = z.looseObject({
  uid: z.string().min(1),
  type: z.string(),
  config: z.looseObject({
    entrypoint: z.string().min(1),
    secretKeys: z.array(z.string()).optional(),
    endpoint: z.looseObject({ path: z.string().min(1), methods: z.array(z.string()).optional(), method: z.string().optional() }).optional(),
  }),
});

export interface AppFunction {
  uid: string;
  /** Absolute path of the built CommonJS bundle the hsmeta `entrypoint` names. */
  file: string;
  secretKeys: string[];
  /** Set for public endpoint functions: served at /hs/serverless/<path>. */
  endpoint?: { path: string; methods: string[] };
}

/** Reads every `app-function` component from `<srcDir>/app/functions/*-hsmeta.json`. */
export function discoverFunctions(projectRoot: string): AppFunction[] {
  const { srcDir } = hsProjectSchema.parse(JSON.parse(readFileSync(path.join(projectRoot, 'hsproject.json'), 'utf8')));
  const sourceRoot = path.join(projectRoot, srcDir);
  const functionsDir = path.join(sourceRoot, 'app', 'functions');
  return readdirSync(functionsDir)
    .filter((file) => file.endsWith('-hsmeta.json'))
    .sort()
    .map((file) => hsMetaSchema.parse(JSON.parse(readFileSync(path.join(functionsDir, file), 'utf8'))))
    .filter((meta) => meta.type === 'app-function')
    .map((meta) => {
      const endpoint = meta.config.endpoint;
      return {
        uid: meta.uid,
        file: path.join(sourceRoot, meta.config.entrypoint),
        secretKeys: meta.config.secretKeys ?? [],
        ...(endpoint && {
          endpoint: {
            path: endpoint.path.replace(/^\/+/, ''),
            methods: (endpoint.methods ?? (endpoint.method ? [endpoint.method] : ['GET'])).map((m) => m.toUpperCase()),
          },
        }),
      };
    });
}

/** A call from a card: what `hubspot.serverless(uid, { parameters, propertiesToSend })` sends, plus the record HubSpot knows. */
export interface CardCall {
  parameters?: unknown;
  propertiesToSend?: string[];
  objectId?: string | number;
  objectTypeId?: string;
}

/** The error body HubSpot returns (HTTP 400) when a card-called function fails; the card's promise rejects with it. */
export interface FunctionFailure {
  status: 'error';
  message: string;
  category: 'VALIDATION_ERROR';
  subCategory: 'GenXExecutionErrorType.APP_ERROR';
  errors: { subCategory: string; message: string; context: { reason: FailureReason; serverlessFunction: string } }[];
}

export type FailureReason = 'TIMEOUT' | 'UNCAUGHT_ERROR' | 'INVALID_RESPONSE' | 'INVALID_FUNCTION' | 'FUNCTION_NOT_FOUND';

export type CallOutcome = { ok: true; result: unknown; ms: number } | { ok: false; failure: FunctionFailure; ms: number };

export interface FunctionsHostOptions {
  projectRoot: string;
  /**
   * Secrets and settings the functions read from process.env (set while the host runs, restored on close); a function
   * receives the host's own URL, for settings that name the webhook endpoint.
   */
  env: Record<string, string | undefined> | ((hostUrl: string) => Record<string, string | undefined>);
  port?: number;
  timeoutMs?: number;
  /** The HubSpot account id endpoint functions receive as `context.accountId`. */
  accountId?: number;
  log?: (line: string) => void;
}

export interface FunctionsHost {
  url: string;
  port: number;
  functions: AppFunction[];
  /** The public URL of an endpoint function (the webhook receiver Aurora calls). */
  endpointUrl(uid: string): string;
  callCardFunction(uid: string, call: CardCall): Promise<CallOutcome>;
  server: RunningServer;
  close(): Promise<void>;
}

class FunctionError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** HubSpot object type ids the CRM v3 objects API also knows by name (the simulator may only know the names). */
const OBJECT_TYPE_NAMES: Record<string, string> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals', '0-5': 'tickets' };

const crmObjectSchema = z.looseObject({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) });

let envOwner: object | undefined;

/** Starts the host on 127.0.0.1; only one host per process, because the functions share process.env. */
export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  if (envOwner) throw new Error('A functions host is already running in this process (the functions share process.env); close it first.');
  const owner = {};
  envOwner = owner;
  try {
    return await runFunctionsHost(options, owner);
  } catch (error) {
    if (envOwner === owner) envOwner = undefined;
    throw error;
  }
}

async function runFunctionsHost(options: FunctionsHostOptions, owner: object): Promise<FunctionsHost> {
  const { projectRoot, timeoutMs = DEFAULT_FUNCTION_TIMEOUT_MS, accountId = 0, log = () => {} } = options;
  const functions = discoverFunctions(projectRoot);
  const requireFromProject = createRequire(path.join(projectRoot, 'package.json'));
  const modules = new Map<string, (context: unknown) => unknown>();

  const loadMain = (fn: AppFunction) => {
    const cached = modules.get(fn.uid);
    if (cached) return cached;
    let main: unknown;
    try {
      main = (requireFromProject(fn.file) as { main?: unknown }).main;
    } catch (error) {
      throw new FunctionError('INVALID_FUNCTION', `cannot load ${path.relative(projectRoot, fn.file)} (${(error as Error).message}); run \`node scripts/build.mjs --functions\``);
    }
    if (typeof main !== 'function') throw new FunctionError('INVALID_FUNCTION', `${path.relative(projectRoot, fn.file)} does not export main`);
    modules.set(fn.uid, main as (context: unknown) => unknown);
    return main as (context: unknown) => unknown;
  };

  /** Runs main(context) under the deadline and returns the result JSON round-tripped, as HubSpot does. */
  const execute = async (fn: AppFunction, context: unknown): Promise<unknown> => {
    const main = loadMain(fn);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new FunctionError('TIMEOUT', `timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([Promise.resolve().then(() => main(context)), deadline]);
      return roundTrip(result);
    } catch (error) {
      if (error instanceof FunctionError) throw error;
      throw new FunctionError('UNCAUGHT_ERROR', String(error instanceof Error ? `${error.name}: ${error.message}` : error));
    } finally {
      clearTimeout(timer);
    }
  };

  let env: Record<string, string | undefined> = {};
  const readRecordProperties = async (call: CardCall): Promise<Record<string, string | null>> => {
    const names = call.propertiesToSend ?? [];
    if (names.length === 0 || call.objectId === undefined) return {};
    const hubspot = readConfig(env).hubspot;
    if (!hubspot) throw new FunctionError('UNCAUGHT_ERROR', 'propertiesToSend needs a HubSpot access token');
    const objectType = OBJECT_TYPE_NAMES[call.objectTypeId ?? '0-3'] ?? call.objectTypeId ?? 'deals';
    const query = names.map((name) => `properties=${encodeURIComponent(name)}`).join('&');
    const url = `${hubspot.baseUrl ?? 'https://api.hubapi.com'}/crm/v3/objects/${encodeURIComponent(objectType)}/${encodeURIComponent(String(call.objectId))}?${query}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${hubspot.accessToken}` } });
    if (!response.ok) throw new FunctionError('UNCAUGHT_ERROR', `reading propertiesToSend from HubSpot failed with HTTP ${response.status}`);
    const record = crmObjectSchema.parse(await response.json());
    return Object.fromEntries(names.map((name) => [name, record.properties[name] ?? null]));
  };

  const callCardFunction = async (uid: string, call: CardCall): Promise<CallOutcome> => {
    const started = Date.now();
    const fn = functions.find((candidate) => candidate.uid === uid);
    try {
      if (!fn) {
        throw new FunctionError('FUNCTION_NOT_FOUND', `no function with uid "${uid}". Declare it by adding an *-hsmeta.json file with "type": "app-function" and "uid": "${uid}"`);
      }
      const propertiesToSend = await readRecordProperties(call);
      const result = await execute(fn, { parameters: call.parameters ?? {}, propertiesToSend });
      log(`${uid} ok in ${Date.now() - started} ms`);
      return { ok: true, result, ms: Date.now() - started };
    } catch (error) {
      const failure = error instanceof FunctionError ? error : new FunctionError('UNCAUGHT_ERROR', String(error));
      log(`${uid} FAILED in ${Date.now() - started} ms: ${failure.reason} ${failure.message}`);
      return { ok: false, failure: functionFailure(uid, failure), ms: Date.now() - started };
    }
  };

  const router = new Router();
  for (const fn of functions) {
    if (!fn.endpoint) continue;
    for (const method of fn.endpoint.methods) {
      router.add(method, `/hs/serverless/${fn.endpoint.path}`, (req) => callEndpoint(fn, req));
    }
  }

  const callEndpoint = async (fn: AppFunction, req: SimRequest): Promise<SimResponse> => {
    const started = Date.now();
    const contentType = String(req.headers['content-type'] ?? '');
    if (req.rawBody.length > 0 && !contentType.startsWith('application/json')) {
      return { status: 415, body: { message: 'Endpoint functions accept application/json bodies only.' } };
    }
    const params: Record<string, string[]> = {};
    for (const [key, value] of req.query) (params[key] ??= []).push(value);
    const headers = Object.fromEntries(STANDARD_HEADERS.flatMap((name) => (typeof req.headers[name] === 'string' ? [[name, req.headers[name]]] : [])));
    try {
      const result = await execute(fn, { params, headers, method: req.method, body: req.body, accountId });
      const response = toHttpResponse(result);
      log(`${fn.uid} ${req.method} ${response.status} in ${Date.now() - started} ms`);
      return response;
    } catch (error) {
      const failure = error instanceof FunctionError ? error : new FunctionError('UNCAUGHT_ERROR', String(error));
      log(`${fn.uid} ${req.method} FAILED in ${Date.now() - started} ms: ${failure.reason} ${failure.message}`);
      return { status: 500, body: { message: `The function failed to execute (${failure.reason}).` } };
    }
  };

  const server = await startServer({ router, port: options.port ?? 0 });

  // The functions read their secrets from process.env, as on HubSpot.
  env = typeof options.env === 'function' ? options.env(server.url) : options.env;
  const previousEnv = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    previousEnv.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const restoreEnv = () => {
    for (const [key, value] of previousEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (envOwner === owner) envOwner = undefined;
  };

  return {
    url: server.url,
    port: server.port,
    functions,
    endpointUrl(uid) {
      const fn = functions.find((candidate) => candidate.uid === uid);
      if (!fn?.endpoint) throw new Error(`${uid} is not an endpoint function`);
      return `${server.url}/hs/serverless/${fn.endpoint.path}`;
    },
    callCardFunction,
    server,
    async close() {
      await server.close();
      restoreEnv();
    },
  };
}

function roundTrip(value: unknown): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new FunctionError('INVALID_RESPONSE', `the result is not JSON-serialisable (${(error as Error).message})`);
  }
  if (text === undefined) throw new FunctionError('INVALID_RESPONSE', 'the result is not JSON-serialisable');
  return JSON.parse(text);
}

const endpointResultSchema = z.looseObject({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  body: z.unknown().optional(),
});

/** Turns an endpoint function's `{ statusCode, headers?, body }` (or a bare value) into the HTTP answer. */
function toHttpResponse(result: unknown): SimResponse {
  const parsed = endpointResultSchema.safeParse(result);
  const { statusCode, headers, body } = parsed.success ? parsed.data : { statusCode: 200, headers: undefined, body: result };
  const headerMap = Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key.toLowerCase(), String(value)]));
  if (body === undefined || body === null) return { status: statusCode, headers: headerMap, raw: Buffer.alloc(0) };
  if (typeof body === 'string') {
    headerMap['content-type'] ??= 'text/plain; charset=utf-8';
    return { status: statusCode, headers: headerMap, raw: Buffer.from(body) };
  }
  return { status: statusCode, headers: headerMap, body };
}

function functionFailure(uid: string, error: FunctionError): FunctionFailure {
  return {
    status: 'error',
    message: "There was a problem reaching the app's API. Contact the app developer for more information.",
    category: 'VALIDATION_ERROR',
    subCategory: 'GenXExecutionErrorType.APP_ERROR',
    errors: [
      {
        subCategory: 'ServerlessActionExecutionError.SERVERLESS_FUNCTION_ERROR',
        message: `The serverless function '${uid}' failed to execute: ${error.message}.`,
        context: { reason: error.reason, serverlessFunction: uid },
      },
    ],
  };
}

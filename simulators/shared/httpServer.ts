// A small real HTTP server for the simulators: routing with path params, JSON bodies, a request log,
// injectable faults (latency, error statuses, dropped connections), 405 for wrong verbs and 501 for unknown routes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there is none (or it is not JSON: see rawBody). */
  body: unknown;
  rawBody: Buffer;
  /** Path parameters from the route pattern (`/tenants/:tenantId` → { tenantId }). */
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
  /** Close the connection without answering (a connection reset). */
  drop?: boolean;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  /** Set for requests no route answered. */
  unhandled?: boolean;
  /** A write's JSON body (not GET or HEAD), so a test can tell which writer set a value. */
  body?: unknown;
  /** When the request arrived (`at` is when it was answered): two writes overlapped when one arrived before the other's answer. */
  arrivedAt?: string;
}

/** A one-shot (or n-shot) fault applied to the next matching requests before routing. */
export interface Fault {
  match?: (req: SimRequest) => boolean;
  /** Answer with this status (and optional body/headers) instead of routing. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering (a connection reset). */
  drop?: boolean;
  /** Wait this long before handling (or failing) the request. */
  delayMs?: number;
  /** Hold the request until this settles (a test releases it: "this write lands after that one"). */
  until?: Promise<unknown>;
  /** How many requests this fault applies to; default 1. */
  times?: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** Routes by method and `:param` patterns; a path that matches no route is 501, a known path with another verb 405. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const source = path.replace(/:([A-Za-z_]+)/g, (_m, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  get = (path: string, handler: Handler) => this.add('GET', path, handler);
  post = (path: string, handler: Handler) => this.add('POST', path, handler);
  put = (path: string, handler: Handler) => this.add('PUT', path, handler);
  patch = (path: string, handler: Handler) => this.add('PATCH', path, handler);
  delete = (path: string, handler: Handler) => this.add('DELETE', path, handler);

  /** The handler for a request, `'method_not_allowed'`, or undefined when no route knows the path. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method_not_allowed' | undefined {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => (params[key] = decodeURIComponent(found[index + 1]!)));
      return { handler: route.handler, params };
    }
    return pathKnown ? 'method_not_allowed' : undefined;
  }
}

export interface ServerOptions {
  router: Router;
  port?: number;
  host?: string;
  /** Runs before routing (auth, rate limits); a returned response short-circuits the route. */
  before?: (req: SimRequest) => SimResponse | undefined | Promise<SimResponse | undefined>;
  /** Runs on every answer a route gave (e.g. to add the service's rate-limit headers); returns the answer to send. */
  after?: (req: SimRequest, response: SimResponse) => SimResponse;
  /** Shape of the 405/501 bodies, so each simulator answers in its service's error format. */
  errorBody?: (status: number, message: string) => unknown;
  /** Status for a path no route knows: 501 by default; a simulator whose service answers 404 says so (still recorded). */
  unknownRouteStatus?: (path: string) => number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Every request answered, in order. */
  log: LoggedRequest[];
  /** Requests no route knew (answered 501): a test that produced any of these used an unsupported route. */
  unhandled: LoggedRequest[];
  /** Added to every request (simulated network and service latency). */
  latencyMs: number;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Resolves once no request is being handled (requests a caller gave up on still land: tests wait for them). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Starts the server on 127.0.0.1 (port 0 = any free port). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { router, before, host = '127.0.0.1' } = options;
  const errorBody = options.errorBody ?? ((_status: number, message: string) => ({ message }));
  const faults: Fault[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let active = 0;

  const state: RunningServer = {
    url: '',
    port: 0,
    log: [],
    unhandled: [],
    latencyMs: 0,
    injectFault: (fault) => faults.push({ times: 1, ...fault }),
    clearFaults: () => void faults.splice(0),
    idle: async () => {
      // Quiet for a short grace period, so a request already on the wire is counted before we call it idle.
      for (let quietSince = Date.now(); Date.now() - quietSince < 25; await sleep(5)) if (active > 0) quietSince = Date.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server = http.createServer((req, res) => {
    active++;
    res.on('close', () => active--);
    // Nothing a client sends may throw out of the callback (an unreadable URL or a broken body would end the process).
    handle(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(errorBody(400, 'The request could not be read')));
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const arrivedAt = new Date().toISOString();
    const rawBody = await readBody(req);
    const simReq: SimRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: parseJson(rawBody),
      rawBody,
      params: {},
    };
    const record = (status: number, unhandled = false) => {
      const entry: LoggedRequest = { at: new Date().toISOString(), arrivedAt, method: simReq.method, path: simReq.path, query: url.search, status };
      if (simReq.method !== 'GET' && simReq.method !== 'HEAD' && simReq.body !== undefined) entry.body = simReq.body;
      if (unhandled) {
        entry.unhandled = true;
        state.unhandled.push(entry);
      }
      state.log.push(entry);
    };
    const send = (response: SimResponse) => {
      const payload = response.raw ?? (response.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(response.body)));
      const headers: Record<string, string> = { ...(response.headers ?? {}) };
      if (!response.raw && response.body !== undefined) headers['content-type'] ??= 'application/json; charset=utf-8';
      res.writeHead(response.status, headers);
      res.end(payload);
    };

    try {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      const faultIndex = faults.findIndex((f) => !f.match || f.match(simReq));
      if (faultIndex >= 0) {
        const fault = faults[faultIndex]!;
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) faults.splice(faultIndex, 1);
        if (fault.delayMs) await sleep(fault.delayMs);
        if (fault.until) await fault.until.catch(() => undefined);
        if (fault.drop) {
          record(0);
          req.socket.destroy();
          return;
        }
        if (fault.status) {
          record(fault.status);
          send({ status: fault.status, body: fault.body ?? errorBody(fault.status, 'Injected fault'), headers: fault.headers });
          return;
        }
      }
      const early = before ? await before(simReq) : undefined;
      if (early?.drop) {
        record(0);
        req.socket.destroy();
        return;
      }
      if (early) {
        record(early.status);
        send(early);
        return;
      }
      const found = router.match(simReq.method, simReq.path);
      if (found === undefined) {
        const status = options.unknownRouteStatus?.(simReq.path) ?? 501;
        record(status, true);
        send({ status, body: errorBody(status, status === 501 ? `The simulator does not implement ${simReq.method} ${simReq.path}` : 'Not found') });
        return;
      }
      if (found === 'method_not_allowed') {
        record(405);
        send({ status: 405, body: errorBody(405, `${simReq.method} is not allowed on ${simReq.path}`) });
        return;
      }
      simReq.params = found.params;
      const answered = await found.handler(simReq);
      const response = options.after ? options.after(simReq, answered) : answered;
      record(response.status);
      send(response);
    } catch (error) {
      record(500);
      send({ status: 500, body: errorBody(500, `Simulator error: ${(error as Error).message}`) });
    }
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.port = port;
  state.url = `http://${host}:${port}`;
  return state;
}

/**
 * Holds the next `count` requests `match` picks until `release()` (then answers them, or `status` instead); `arrived`
 * resolves once all of them reached the server: how a test makes one write land after another.
 */
export function holdRequests(server: RunningServer, match: (req: SimRequest) => boolean, options: { count?: number; status?: number } = {}) {
  const count = options.count ?? 1;
  let release!: () => void;
  let arrivedAll!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrivedAll = resolve));
  let seen = 0;
  server.injectFault({
    times: count,
    until: gate,
    ...(options.status === undefined ? {} : { status: options.status }),
    match: (req) => {
      if (seen >= count || !match(req)) return false;
      if (++seen === count) arrivedAll();
      return true;
    },
  });
  return { release, arrived };
}

// Attacks on the listening servers as an outsider without the secret: prototype keys in the query, request lines Node
// accepts but URL parsing does not, many idle connections. The standalone receiver and the simulators' HTTP server run
// as their own processes here, so a crash shows as an exit; after every attack each still answers.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts a TypeScript entry point and waits for the line naming its port. */
async function run(entry: string, args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(TSX, [entry, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::\]):(\d+)/.exec(text);
      if (found) {
        clearInterval(timer);
        resolve(Number(found[1]));
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`${entry} exited (${code}) before listening: ${text}`));
    });
  });
  return { child, port, exited, output: () => text };
}

/** Sends raw bytes and returns what came back (the connection is closed by either side or after a pause). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.setTimeout(3_000, () => socket.destroy());
  });
}

const HOSTILE_REQUESTS = [
  'GET /?__proto__=1&t=x HTTP/1.1',
  'GET /?constructor=1&t=x HTTP/1.1',
  'GET /?__proto__=1&__proto__=2&prototype=3&hasOwnProperty=4 HTTP/1.1',
  'GET //[::1 HTTP/1.1',
  'GET http://[ HTTP/1.1',
  'GET http://a:b HTTP/1.1',
  'GET http://x:99999/ HTTP/1.1',
  'GET /?t=%E0%A4%A&evt=%ZZ HTTP/1.1',
  'GET * HTTP/1.1',
  `GET /?${'a=1&'.repeat(2_000)} HTTP/1.1`,
];

async function survives(server: Running): Promise<void> {
  for (const line of HOSTILE_REQUESTS) {
    await raw(server.port, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const alive = await Promise.race([server.exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 50))]);
    if (!alive) throw new Error(`"${line.slice(0, 60)}" brought the server down:\n${server.output()}`);
  }
}

async function stop(server: Running): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

describe('the standalone webhook receiver', () => {
  const env = { AURORA_WEBHOOK_TOKEN: 'standalone-attack-token-1234567890', HUBSPOT_ACCESS_TOKEN: 'pat-na1-unused', AURORA_API_KEY: 'sk_sand_unused', AURORA_TENANT_ID: '00000000-0000-4000-8000-000000000000' };

  it('stays up through hostile requests and answers each one', async () => {
    const server = await run('src/core/webhooks/standalone.ts', ['0'], env);
    try {
      await survives(server);
      expect(await raw(server.port, 'GET /?__proto__=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 (400|401)/);
    } finally {
      await stop(server);
    }
  });
});

describe('the simulators’ HTTP server', () => {
  it('stays up through hostile requests', async () => {
    const server = await run('simulators/hubspot/cli.ts', ['--port', '0']);
    try {
      await survives(server);
      expect(await raw(server.port, 'GET /__sim/summary HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      await stop(server);
    }
  });
});

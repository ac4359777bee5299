// `npm start`: reads the settings (environment over `.env`), starts the workbench, prints one line per part,
// and stops cleanly on Ctrl-C.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PortInUseError, startWorkbench } from './index';
import { parseDotEnv, readWorkbenchSettings, type Env } from './settings';

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text: string) => (process.stdout.isTTY ? `\u001b[2m${text}\u001b[22m` : text);

/** Runs until SIGINT/SIGTERM; resolves the exit code. */
export async function main(processEnv: Env): Promise<number> {
  const projectRoot = path.resolve(__dirname, '..');
  // WORKBENCH_ENV_FILE points at another file (tests point it at none, so a developer's .env cannot change them).
  const dotEnvFile = path.resolve(projectRoot, processEnv.WORKBENCH_ENV_FILE ?? '.env');
  const env: Env = { ...(existsSync(dotEnvFile) ? parseDotEnv(readFileSync(dotEnvFile, 'utf8')) : {}), ...processEnv };
  let workbench;
  // Function calls are logged once the parts are listed (the first-run setup has its own summary lines).
  let logCalls = false;
  try {
    const settings = readWorkbenchSettings(env);
    workbench = await startWorkbench({ projectRoot, settings, env, log: (line) => logCalls && console.log(dim(`  function ${line}`)) });
  } catch (error) {
    console.error(error instanceof PortInUseError ? error.message : `The workbench could not start: ${(error as Error).message}`);
    return 1;
  }
  const width = Math.max(...workbench.parts.map((part) => part.name.length));
  for (const part of workbench.parts) console.log(`${bold(part.name.padEnd(width))}  ${part.url}  ${dim(part.detail)}`);
  for (const line of workbench.setup) console.log(dim(line));
  console.log(dim(`Started in ${process.uptime().toFixed(1)} s (with the build). Press Ctrl-C to stop.`));
  logCalls = true;

  const running = workbench;
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        resolve(1);
        return;
      }
      stopping = true;
      console.log(dim(`\n${signal}: stopping the workbench…`));
      void running.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

// Builds the project: one CommonJS bundle per app function (named by its hsmeta entrypoint), and the card
// and settings page with HubSpot's own remoteBuild. Usage: node scripts/build.mjs [--functions] [--ui]
import { build } from 'esbuild';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const functionsDir = path.join(srcDir, 'app', 'functions');
const args = new Set(process.argv.slice(2));
const all = !args.has('--functions') && !args.has('--ui');

/** The function components, read from their hsmeta files: uid, bundle path, TypeScript entry. */
export function functionComponents() {
  return readdirSync(functionsDir)
    .filter((file) => file.endsWith('-hsmeta.json'))
    .map((file) => {
      const meta = JSON.parse(readFileSync(path.join(functionsDir, file), 'utf8'));
      const outfile = path.join(srcDir, meta.config.entrypoint);
      const name = path.basename(outfile, '.js');
      return { uid: meta.uid, outfile, entry: path.join(srcDir, 'core', 'functions', `${name}.ts`) };
    });
}

const runtimePackages = Object.keys(JSON.parse(readFileSync(path.join(functionsDir, 'package.json'), 'utf8')).dependencies);

async function buildFunctions() {
  const components = functionComponents();
  await Promise.all(
    components.map(({ entry, outfile }) => {
      if (!existsSync(entry)) throw new Error(`No TypeScript entry ${path.relative(root, entry)} for ${path.relative(root, outfile)}`);
      return build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        // HubSpot's 2026.03 function runtime and @hubspot/api-client 14 both mean Node 22 (docs/hubspot-platform.md#nodejs-version).
        target: 'node22',
        // Runtime packages HubSpot installs from src/app/functions/package.json (api-client alone is ~12 MB bundled).
        external: runtimePackages,
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
      });
    }),
  );
  console.log(`built ${components.length} functions into ${path.relative(root, functionsDir)}/dist`);
}

async function buildUi() {
  const { remoteBuild } = await import('@hubspot/ui-extensions-dev-server/build');
  for (const [dir, entryPoint] of [
    ['cards', 'AuroraDealCard.tsx'],
    ['settings', 'AuroraSettingsPage.tsx'],
  ]) {
    await remoteBuild({ root: path.join(srcDir, 'app', dir), entryPoint, outputDir: 'dist', logLevel: 'warn' });
  }
  console.log('built the card and the settings page with remoteBuild');
}

if (all || args.has('--functions')) await buildFunctions();
if (all || args.has('--ui')) await buildUi();

// Bundles the workbench page with the REAL card and settings entries for the browser, with `@hubspot/ui-extensions`
// replaced by the workbench's DOM renderer.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

export interface BrowserBundleOptions {
  projectRoot: string;
  /** Where main.js and its chunks go (served under /assets/). */
  outdir: string;
}

/** Resolves the SDK to the renderer, and gives the app's own JSX a runtime that rejects raw DOM tags. */
function rendererPlugin(projectRoot: string): Plugin {
  const renderer = path.join(projectRoot, 'workbench', 'renderer');
  const appDir = path.join(projectRoot, 'src', 'app') + path.sep;
  return {
    name: 'workbench-renderer',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@hubspot\/ui-extensions(\/.*)?$/ }, (args) => {
        if (args.path === '@hubspot/ui-extensions') return { path: path.join(renderer, 'index.tsx') };
        if (args.path === '@hubspot/ui-extensions/crm') return { path: path.join(renderer, 'crm.tsx') };
        return { errors: [{ text: `${args.path} is not available in the workbench (only @hubspot/ui-extensions and /crm are).` }] };
      });
      pluginBuild.onResolve({ filter: /^react\/jsx-runtime$/ }, (args) =>
        args.importer.startsWith(appDir) ? { path: path.join(renderer, 'jsxRuntime.ts') } : undefined,
      );
    },
  };
}

/** Builds workbench/page/main.tsx (which imports the card and settings entries) into outdir. */
export async function buildBrowserBundle({ projectRoot, outdir }: BrowserBundleOptions): Promise<void> {
  // Chunk names carry content hashes: start from an empty folder so stale chunks do not pile up.
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: projectRoot,
    entryPoints: [path.join(projectRoot, 'workbench', 'page', 'main.tsx')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"development"' },
    plugins: [rendererPlugin(projectRoot)],
    logLevel: 'silent',
  });
}

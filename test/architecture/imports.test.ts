// The layout's two rules, checked on the real import graph of src/: every arrow points down the layers below, and no
// module imports itself again through others (no circle). The card and settings page take only types from the contract.
import path from 'node:path';
import { circles, readImportGraph, upwardArrows, type ImportGraph, type Layer } from './importGraph';

const ROOT = path.resolve(__dirname, '..', '..');

/** Top to bottom: a module may import its own layer and any lower one. A new folder must be given a layer here. */
export const LAYERS: readonly Layer[] = [
  { name: 'edges', rank: 6, prefixes: ['src/core/functions/', 'src/core/webhooks/', 'src/core/workflows/'] },
  { name: 'use cases', rank: 5, prefixes: ['src/core/useCases/'] },
  { name: 'sync steps', rank: 4, prefixes: ['src/core/sync/'] },
  { name: 'post-sale', rank: 3, prefixes: ['src/core/postSale/'] },
  { name: 'wiring', rank: 2.5, prefixes: ['src/core/deps.ts'] },
  { name: 'settings', rank: 2.2, prefixes: ['src/core/settings/'] },
  { name: 'mapping', rank: 2, prefixes: ['src/core/mapping/'] },
  { name: 'probe', rank: 1.5, prefixes: ['src/core/probe/'] },
  { name: 'adapters', rank: 1, prefixes: ['src/core/aurora/', 'src/core/hubspot/'] },
  { name: 'vocabulary', rank: 0, prefixes: ['src/core/contract.ts', 'src/core/dataModel.ts', 'src/core/config.ts', 'src/core/settings/schema.ts'] },
];

describe('import direction', () => {
  const graph = readImportGraph(ROOT, ['src/core']);

  it('reads the whole of src/core', () => {
    expect(graph.size).toBeGreaterThan(60);
    expect(graph.get('src/core/deps.ts')).toEqual(expect.arrayContaining(['src/core/aurora/client.ts', 'src/core/hubspot/store.ts']));
  });

  it('has every arrow pointing down the layers', () => {
    expect(upwardArrows(graph, LAYERS)).toEqual([]);
  });

  it('has no circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('lets the card and the settings page import only the contract from src/core', () => {
    const ui = readImportGraph(ROOT, ['src/app/cards', 'src/app/settings', 'src/app/packages']);
    const intoCore = [...ui].flatMap(([file, targets]) => targets.filter((t) => t.startsWith('src/core/') && t !== 'src/core/contract.ts').map((t) => `${file} -> ${t}`));
    expect(intoCore).toEqual([]);
  });
});

describe('the check itself', () => {
  const toy = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('reports an upward arrow and a file in no layer', () => {
    const graph = toy({ 'src/core/aurora/client.ts': ['src/core/useCases/sync.ts'], 'src/core/useCases/sync.ts': [], 'src/core/elsewhere/x.ts': [] });
    expect(upwardArrows(graph, LAYERS)).toEqual([
      'src/core/aurora/client.ts (adapters) imports src/core/useCases/sync.ts (use cases), a higher layer',
      'src/core/elsewhere/x.ts is in no layer',
    ]);
  });

  it('reports circles, short and long', () => {
    const graph = toy({ a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'] });
    expect(circles(graph)).toEqual([['a', 'b', 'c'], ['d']]);
  });
});

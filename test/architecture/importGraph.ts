// The import graph of the TypeScript sources, read with the TypeScript compiler's own pre-processor, and the two rules
// the layout keeps: every arrow points down the layers, and no module reaches itself again (no circle).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** file (relative to the root, forward slashes) → the files it imports (type-only imports and re-exports included). */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolve(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${fromFile} imports ${specifier}, which does not resolve to a file`);
}

/** Every relative import of every source file under `dirs` (paths relative to `root`). */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of dirs.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.flatMap(({ fileName }) => {
      const target = resolve(file, fileName);
      return target ? [rel(target)] : [];
    });
    graph.set(rel(file), [...new Set(targets)]);
  }
  return graph;
}

/** A layer: files whose path starts with `prefix`; a module may import its own layer and the layers below it. */
export interface Layer {
  name: string;
  rank: number;
  prefixes: readonly string[];
}

export function layerOf(file: string, layers: readonly Layer[]): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const prefix of layer.prefixes) {
      if (file.startsWith(prefix) && (!best || prefix.length > best.length)) best = { layer, length: prefix.length };
    }
  }
  return best?.layer;
}

/** Arrows that point up (to a higher layer) and files no layer claims. */
export function upwardArrows(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file, layers);
    if (!from) {
      problems.push(`${file} is in no layer`);
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target, layers);
      if (!to) problems.push(`${file} imports ${target}, which is in no layer`);
      else if (to.rank > from.rank) problems.push(`${file} (${from.name}) imports ${target} (${to.name}), a higher layer`);
    }
  }
  return problems;
}

/** Every circle of imports (Tarjan's strongly connected components with more than one file, or a file importing itself). */
export function circles(graph: ImportGraph): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    order.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, order.get(target)!));
      }
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

// The lower bound on a sync's wall time: the longest dependency chain of its calls, and for each capped resource the time
// its calls need at that cap plus their earliest start and shortest way out; no schedule can beat the larger of these.

export interface CallNode {
  id: string;
  /** What serves it: `aurora`, `hubspot`, `files` (asset downloads), `upload` (HubSpot Files). */
  resource: string;
  latencyMs: number;
  /** Ids of the calls whose answers it needs (earlier in the list). */
  after: readonly string[];
}

export interface Bound {
  boundMs: number;
  /** The longest chain, as if every call could run at once. */
  pathMs: number;
  /** Per capped resource: for the calls that start no earlier than some time and leave at least some work behind them,
   * that time + their rounds at the cap + that work; the largest over every such set. */
  resourceMs: Record<string, number>;
}

/** `nodes` must be listed after the nodes they depend on; `caps` gives calls in flight per resource (absent = no cap). */
export function lowerBound(nodes: readonly CallNode[], caps: Record<string, number>): Bound {
  const start = new Map<string, number>();
  for (const node of nodes) {
    start.set(node.id, Math.max(0, ...node.after.map((id) => end(id))));
  }
  function end(id: string): number {
    const node = nodes.find((n) => n.id === id);
    if (!node || !start.has(id)) throw new Error(`call ${id} is used before it is listed`);
    return start.get(id)! + node.latencyMs;
  }
  // Longest way from the end of a call to the end of the sync.
  const tail = new Map<string, number>();
  for (const node of [...nodes].reverse()) {
    const next = nodes.filter((n) => n.after.includes(node.id));
    tail.set(node.id, Math.max(0, ...next.map((n) => n.latencyMs + tail.get(n.id)!)));
  }
  const pathMs = Math.max(0, ...nodes.map((n) => end(n.id)));
  const resourceMs: Record<string, number> = {};
  for (const [resource, cap] of Object.entries(caps)) {
    const calls = nodes.filter((n) => n.resource === resource);
    if (calls.length === 0) continue;
    // Any set of calls that cannot start before `from` and each leave at least `after` of work behind them must pass
    // through the cap after `from`: the larger of these over every such set is the bound (the first round of Aurora
    // calls holds only the calls nothing else waits for; everything after the design list waits for it).
    let best = 0;
    for (const from of new Set(calls.map((n) => start.get(n.id)!))) {
      for (const after of new Set(calls.map((n) => tail.get(n.id)!))) {
        const set = calls.filter((n) => start.get(n.id)! >= from && tail.get(n.id)! >= after);
        if (set.length > 0) best = Math.max(best, from + busyAtCap(set, cap) + after);
      }
    }
    resourceMs[resource] = best;
  }
  return { boundMs: Math.max(pathMs, ...Object.values(resourceMs)), pathMs, resourceMs };
}

/** How long `calls` keep a resource busy at `cap` calls at once: whole rounds for equal latencies, else the work per slot. */
function busyAtCap(calls: readonly CallNode[], cap: number): number {
  const equal = calls.every((n) => n.latencyMs === calls[0]!.latencyMs);
  return equal ? Math.ceil(calls.length / cap) * calls[0]!.latencyMs : calls.reduce((sum, n) => sum + n.latencyMs, 0) / cap;
}

export interface SyncShape {
  designs: number;
  /** Designs with a selected financing (one more call after the list). */
  withFinancing: number;
  /** Screenshots not yet in HubSpot Files (download + upload each). */
  screenshotsToCopy: number;
  /** DXF exports not yet in HubSpot Files (download + upload each, from the same asset list as the screenshot). */
  dxfsToCopy?: number;
  /** Aurora Design records already linked to the deal (one batch read per 100). */
  linkedRecords: number;
  /** Whether the project has an owner to look up. */
  owner: boolean;
  /** Whether anything is written (records upserted and linked, the deal updated). */
  writes: boolean;
  /** Inside the freshness window with nothing changed: Aurora's design and agreement lists are all it needs. */
  listsOnly?: boolean;
}

export interface Latencies {
  aurora: number;
  hubspot: number;
  /** Asset downloads (the simulator serves them with Aurora's latency). */
  files: number;
}

/** The calls `syncDeal` makes for a deal of this shape, with what each waits for (src/core/useCases/sync.ts). */
export function syncCallGraph(shape: SyncShape, latency: Latencies): CallNode[] {
  const nodes: CallNode[] = [];
  const add = (id: string, resource: string, after: string[]) => {
    nodes.push({ id, resource, latencyMs: resource === 'aurora' ? latency.aurora : resource === 'files' ? latency.files : latency.hubspot, after });
    return id;
  };
  const deal = add('hs.deal', 'hubspot', []);
  // The deal's design records: object schema -> links -> batch read; the association labels (to name the links' types)
  // beside the links.
  const schemas = add('hs.schemas', 'hubspot', []);
  const labels = add('hs.labels', 'hubspot', [schemas]);
  let read = add('hs.links', 'hubspot', [schemas]);
  for (let i = 0; i < Math.ceil(shape.linkedRecords / 100); i++) read = add(`hs.read.${i}`, 'hubspot', [read]);
  /** The records as the sync knows them: read, and their links named. */
  const records = [read, labels];

  const reads: string[] = [...records];
  if (shape.listsOnly) {
    add('au.designs', 'aurora', [deal]);
    add('au.agreements', 'aurora', [deal]);
    return nodes;
  }
  const project = add('au.project', 'aurora', [deal]);
  const list = add('au.designs', 'aurora', [deal]);
  reads.push(project, list, add('au.agreements', 'aurora', [deal]));
  if (shape.owner) reads.push(add('au.owner', 'aurora', [project]));
  for (let i = 0; i < shape.designs; i++) {
    const assets = add(`au.assets.${i}`, 'aurora', [list]);
    const financings = add(`au.financings.${i}`, 'aurora', [list]);
    reads.push(assets, financings);
    for (const kind of ['summary', 'pricing', 'proposal']) reads.push(add(`au.${kind}.${i}`, 'aurora', [list]));
    if (i < shape.withFinancing) reads.push(add(`au.financing.${i}`, 'aurora', [financings]));
    const copies: [kind: string, count: number][] = [['screenshot', shape.screenshotsToCopy], ['dxf', shape.dxfsToCopy ?? 0]];
    for (const [kind, count] of copies) {
      if (i >= count) continue;
      const download = add(`files.${kind}.${i}`, 'files', [assets, ...records]);
      reads.push(add(`hs.upload.${kind}.${i}`, 'upload', [download]));
    }
  }
  if (shape.writes) {
    const upsert = add('hs.upsert', 'hubspot', reads);
    add('hs.deal.update', 'hubspot', reads);
    add('hs.link', 'hubspot', [upsert]);
  }
  return nodes;
}

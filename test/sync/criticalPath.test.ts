// The benchmark's lower bound on a sync's wall time: the longest chain, or a capped resource's rounds plus its way in and out.
import { lowerBound, syncCallGraph } from '../../bench/criticalPath';

describe('lowerBound', () => {
  it('is the longest chain when nothing is capped', () => {
    const bound = lowerBound(
      [
        { id: 'a', resource: 'x', latencyMs: 100, after: [] },
        { id: 'b', resource: 'x', latencyMs: 50, after: ['a'] },
        { id: 'c', resource: 'y', latencyMs: 200, after: [] },
        { id: 'd', resource: 'y', latencyMs: 10, after: ['b', 'c'] },
      ],
      {},
    );
    expect(bound).toEqual({ boundMs: 210, pathMs: 210, resourceMs: {} });
  });

  it('counts the rounds a cap forces, plus the earliest start and the shortest tail', () => {
    const nodes = [
      { id: 'head', resource: 'h', latencyMs: 80, after: [] },
      ...Array.from({ length: 9 }, (_, i) => ({ id: `call${i}`, resource: 'api', latencyMs: 120, after: ['head'] })),
    ];
    nodes.push({ id: 'write', resource: 'h', latencyMs: 80, after: nodes.filter((n) => n.resource === 'api').map((n) => n.id) });
    const bound = lowerBound(nodes, { api: 4 });
    expect(bound.pathMs).toBe(280);
    // 9 calls at 4 a time need 3 rounds of 120 ms, after the 80 ms head and before the 80 ms write.
    expect(bound.resourceMs.api).toBe(80 + 3 * 120 + 80);
    expect(bound.boundMs).toBe(520);
  });

  it('counts only the calls that can start in a round: what waits for an answer fills the rounds after it', () => {
    const nodes = [
      { id: 'head', resource: 'h', latencyMs: 80, after: [] },
      { id: 'list', resource: 'api', latencyMs: 120, after: ['head'] },
      { id: 'beside', resource: 'api', latencyMs: 120, after: ['head'] },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `item${i}`, resource: 'api', latencyMs: 120, after: ['list'] })),
    ];
    // Seven calls fit two rounds of four, but the five items wait for the list: they need two rounds after it.
    expect(lowerBound(nodes, { api: 4 }).resourceMs.api).toBe(80 + 120 + 2 * 120);
  });

  it('keeps the longest way out of the calls that must come last', () => {
    const nodes = [
      ...Array.from({ length: 8 }, (_, i) => ({ id: `call${i}`, resource: 'api', latencyMs: 100, after: [] })),
      { id: 'copy', resource: 'files', latencyMs: 300, after: ['call0'] },
      { id: 'copy2', resource: 'files', latencyMs: 300, after: ['call1'] },
      { id: 'copy3', resource: 'files', latencyMs: 300, after: ['call2'] },
    ];
    // Three calls lead to a 300 ms copy: with two slots they take two rounds, then 300 ms; the rest fill the slots meanwhile.
    expect(lowerBound(nodes, { api: 2 }).resourceMs.api).toBe(2 * 100 + 300);
  });

  it('refuses a call listed before what it waits for', () => {
    expect(() => lowerBound([{ id: 'b', resource: 'x', latencyMs: 1, after: ['a'] }], {})).toThrow('call a is used before it is listed');
  });
});

describe('syncCallGraph', () => {
  it('models the calls of a first sync of one design: 10 Aurora calls, the screenshot chain the longest', () => {
    const graph = syncCallGraph({ designs: 1, withFinancing: 1, screenshotsToCopy: 1, linkedRecords: 0, owner: true, writes: true }, { aurora: 120, hubspot: 80, files: 120 });
    expect(graph.filter((n) => n.resource === 'aurora')).toHaveLength(10);
    // deal 80 -> designs 120 -> assets 120 -> download 120 -> upload 80 -> upsert 80 -> link 80
    expect(lowerBound(graph, { aurora: 4, files: 4, upload: 4 }).pathMs).toBe(680);
  });

  it('copies a simulated design\'s screenshot and DXF export: two downloads and two uploads, side by side after the asset list', () => {
    const graph = syncCallGraph({ designs: 5, withFinancing: 5, screenshotsToCopy: 5, dxfsToCopy: 5, linkedRecords: 0, owner: true, writes: true }, { aurora: 120, hubspot: 80, files: 120 });
    expect(graph.filter((n) => n.resource === 'upload')).toHaveLength(10);
    expect(graph.find((n) => n.id === 'files.dxf.0')?.after).toEqual(['au.assets.0', 'hs.links', 'hs.labels']);
    // deal 80 -> designs 120 -> assets 120 -> download 120, then ten uploads at 4 a time (3 rounds of 80 ms), upsert, link.
    const bound = lowerBound(graph, { aurora: 4, files: 4, upload: 4 });
    expect(bound.resourceMs.upload).toBe(80 + 120 + 120 + 120 + 3 * 80 + 80 + 80);
  });

  it('bounds a first sync of 20 designs by Aurora\'s cap after the design list: only three reads can go before it answers', () => {
    const graph = syncCallGraph({ designs: 20, withFinancing: 20, screenshotsToCopy: 20, dxfsToCopy: 20, linkedRecords: 0, owner: true, writes: true }, { aurora: 120, hubspot: 80, files: 120 });
    expect(graph.filter((n) => n.resource === 'aurora')).toHaveLength(124);
    // deal 80 -> project, design list, agreements 120 -> the owner and 120 design reads at 4 a time (31 rounds) -> upsert 80 -> link 80
    expect(lowerBound(graph, { aurora: 4, files: 4, upload: 4 }).boundMs).toBe(80 + 120 + 31 * 120 + 160);
  });

  it('models a re-sync with nothing new inside the freshness window: two Aurora lists beside the HubSpot record chain', () => {
    const graph = syncCallGraph({ designs: 20, withFinancing: 0, screenshotsToCopy: 0, linkedRecords: 20, owner: false, writes: false, listsOnly: true }, { aurora: 120, hubspot: 80, files: 120 });
    expect(graph.filter((n) => n.resource === 'aurora').map((n) => n.id)).toEqual(['au.designs', 'au.agreements']);
    // schemas 80 -> links 80 -> records 80 (the labels beside the links), longer than deal 80 -> a list 120
    expect(lowerBound(graph, { aurora: 4 }).boundMs).toBe(240);
  });
});

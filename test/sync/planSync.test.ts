// planSync is pure: what was read (Aurora's answers, HubSpot's records) in, every HubSpot change out as data. Each case
// below is a table row: its reads and holdings, and what the plan must say. No simulator, no I/O.
import type { AuroraAgreement, AuroraDesign } from '../../src/core/aurora/schemas';
import type { LinkedDesign } from '../../src/core/hubspot/designs';
import { FIELD_MAP } from '../../src/core/mapping/fieldMap';
import type { DesignReads } from '../../src/core/sync/designFacts';
import { planSync, type HubSpotHoldings, type SyncPlan, type SyncReads } from '../../src/core/sync/planSync';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const EARLIER = '2026-03-01T09:00:00.000Z';
const PROJECT = 'p-1';
const DEAL = '42';

const design = (id: string, createdAt: string, extra: Partial<AuroraDesign> = {}): AuroraDesign => ({ id, name: `Design ${id}`, project_id: PROJECT, created_at: createdAt, ...extra });

/** Every read of a design answered: a summary, a price, no financing, a proposal link, no files. */
function fullRead(d: AuroraDesign, overrides: Partial<DesignReads> = {}): DesignReads {
  return {
    design: d,
    summary: { value: { design_id: d.id, system_size_stc: 6000, energy_production: { annual: 9000, annual_offset: '95%' } } },
    pricing: { value: { system_price: 18000, price_per_watt: 3 } },
    financing: { value: null },
    proposal: { value: { url: `https://proposals.example/${d.id}`, url_expired: false } },
    screenshot: { value: null },
    dxf: { value: null },
    assetsListed: true,
    ...overrides,
  } as DesignReads;
}

function reads(designs: AuroraDesign[], overrides: Partial<SyncReads> = {}): SyncReads {
  return {
    project: { id: PROJECT, status: 'Active' },
    projectUrl: `https://v2.aurorasolar.com/projects/${PROJECT}`,
    designs,
    read: designs.map((d) => fullRead(d)),
    partial: false,
    fresh: false,
    agreements: { value: [] },
    owner: { value: null },
    designRequest: null,
    lacking: [],
    keyLacks: [],
    busyUntil: null,
    notes: [],
    ...overrides,
  };
}

const holdings = (linked: LinkedDesign[] = [], deal: Record<string, string | null> = {}): HubSpotHoldings => ({
  deal: { id: DEAL, properties: { aurora_project_id: PROJECT, ...deal } },
  linked,
});

/** A design record exactly as an earlier plan wrote it (so "unchanged" means unchanged). */
function recordOf(read: DesignReads, recordId: string, labels: LinkedDesign['labels'] = [], extra: Record<string, string> = {}): LinkedDesign {
  const earlier = planSync(reads([read.design], { read: [read] }), holdings(), FIELD_MAP, Date.parse(EARLIER));
  return { recordId, labels, record: { id: recordId, properties: { ...earlier.upserts[0]!, aurora_is_primary: 'false', ...extra } } };
}

const signed = (id: string, designId: string, status = 'signed'): AuroraAgreement => ({ id, design_id: designId, project_id: PROJECT, status, created_at: EARLIER });

interface Case {
  name: string;
  reads: SyncReads;
  holdings: HubSpotHoldings;
  expect: (plan: SyncPlan) => void;
}

const a = design('d-a', '2026-01-01T00:00:00Z');
const b = design('d-b', '2026-02-01T00:00:00Z');

const cases: Case[] = [
  {
    name: 'a new design: one upsert with its figures, labels for it, the deal rolls it up, nothing pending',
    reads: reads([a]),
    holdings: holdings(),
    expect: (plan) => {
      expect(plan.upserts).toHaveLength(1);
      expect(plan.upserts[0]).toMatchObject({ aurora_design_id: 'd-a', aurora_system_size_kw: '6', aurora_price: '18000', aurora_deal_id: DEAL, aurora_record_kind: 'design' });
      // "Primary" is HubSpot's mark, never written by the sync.
      expect(plan.upserts[0]).not.toHaveProperty('aurora_is_primary');
      expect(plan.labels).toEqual([{ designId: 'd-a', labels: [] }]);
      expect(plan.deal).toMatchObject({ aurora_design_id: 'd-a', aurora_system_size_kw: '6', aurora_project_status: 'Active', aurora_sync_status: 'ok', aurora_sync_pending: '', aurora_last_synced_at: new Date(NOW).toISOString() });
      expect(plan).toMatchObject({ status: 'ok', pending: [], deletions: [], contracts: [], designsLeft: 0 });
    },
  },
  {
    name: 'an unchanged design: no upsert, and a deal that already matches changes only its sync time',
    reads: reads([a]),
    holdings: holdings([recordOf(fullRead(a), 'r-a')]),
    expect: (plan) => {
      expect(plan.upserts).toEqual([]);
      expect(plan.deletions).toEqual([]);
      expect(plan.deal.aurora_design_id).toBe('d-a');
    },
  },
  {
    name: 'a design deleted in Aurora: its record is deleted on a full sync, and the roll-up moves to what is left',
    reads: reads([b]),
    holdings: holdings([recordOf(fullRead(a), 'r-a'), recordOf(fullRead(b), 'r-b')]),
    expect: (plan) => {
      expect(plan.deletions).toEqual(['r-a']);
      expect(plan.labels.map((l) => l.designId)).toEqual(['d-b']);
      expect(plan.deal.aurora_design_id).toBe('d-b');
    },
  },
  {
    name: 'a claim record is never deleted as a stale design',
    reads: reads([a]),
    holdings: holdings([recordOf(fullRead(a), 'r-a'), { recordId: 'r-claim', labels: [], record: { id: 'r-claim', properties: { aurora_design_id: `claim:deal:${DEAL}`, aurora_record_kind: 'project_claim', aurora_project_id: PROJECT } } }]),
    expect: (plan) => expect(plan.deletions).toEqual([]),
  },
  {
    name: 'roll-up: the sold design wins over the newer one, and keeps its sold label',
    reads: reads([a, design('d-b', '2026-02-01T00:00:00Z')].map((d) => (d.id === 'd-a' ? { ...d, milestone: { milestone: 'sold' } } : d)) as AuroraDesign[]),
    holdings: holdings(),
    expect: (plan) => {
      expect(plan.deal.aurora_design_id).toBe('d-a');
      expect(plan.labels).toEqual([
        { designId: 'd-a', labels: ['sold'] },
        { designId: 'd-b', labels: [] },
      ]);
    },
  },
  {
    name: 'roll-up: with nothing sold, the design a rep marked primary wins over the newest, and its label stays',
    reads: reads([a, b]),
    holdings: holdings([recordOf(fullRead(a), 'r-a', ['primary']), recordOf(fullRead(b), 'r-b')]),
    expect: (plan) => {
      expect(plan.deal.aurora_design_id).toBe('d-a');
      expect(plan.labels).toEqual([
        { designId: 'd-a', labels: ['primary'] },
        { designId: 'd-b', labels: [] },
      ]);
    },
  },
  {
    name: 'roll-up: with nothing sold or primary, the newest design',
    reads: reads([a, b]),
    holdings: holdings(),
    expect: (plan) => expect(plan.deal.aurora_design_id).toBe('d-b'),
  },
  {
    name: 'a partial read (one design asked for): nothing is deleted, and the other design is left pending',
    reads: reads([a, b], { read: [fullRead(b)], partial: true }),
    // d-x is no longer listed, but only a full sync may conclude it was deleted.
    holdings: holdings([recordOf(fullRead(design('d-x', '2025-12-01T00:00:00Z')), 'r-x')], { aurora_sync_pending: 'screenshot:d-b;agreement:p-9' }),
    expect: (plan) => {
      expect(plan.upserts.map((u) => u.aurora_design_id)).toEqual(['d-b']);
      expect(plan.deletions).toEqual([]);
      // d-a was not read and HubSpot does not have it; d-b's old item is done; the agreement item was read again.
      expect(plan.pending).toEqual(['design:d-a']);
      expect(plan).toMatchObject({ status: 'partial', designsLeft: 1 });
    },
  },
  {
    name: 'a partial read with nothing new leaves the sync time alone (only a complete sync confirms the deal current)',
    reads: reads([a, b], { read: [fullRead(a)], partial: true }),
    holdings: holdings([recordOf(fullRead(a), 'r-a'), recordOf(fullRead(b), 'r-b')]),
    expect: (plan) => {
      expect(plan.upserts).toEqual([]);
      expect(plan.status).toBe('ok');
      expect(plan.deal).toMatchObject({ aurora_sync_status: 'ok' });
    },
  },
  {
    name: 'a partial read keeps what an earlier sync left for designs it did not touch',
    reads: reads([a, b], { read: [fullRead(b)], partial: true, agreements: { skipped: 'failed' } }),
    holdings: holdings([recordOf(fullRead(a), 'r-a')], { aurora_sync_pending: 'screenshot:d-a;agreement:p-1' }),
    expect: (plan) => expect(plan.pending).toEqual(['agreement:p-1', 'screenshot:d-a']),
  },
  {
    name: 'pending work: a read that failed leaves the design pending, a known record keeps its values, the words say so',
    reads: reads([a, b], { read: [fullRead(a, { summary: { skipped: 'failed' } }), fullRead(b, { screenshot: { skipped: 'failed' } })], busyUntil: NOW + 30_000 }),
    holdings: holdings([recordOf(fullRead(a), 'r-a')]),
    expect: (plan) => {
      expect(plan.upserts.map((u) => u.aurora_design_id)).toEqual(['d-b']);
      expect(plan.pending).toEqual(['design:d-a', 'screenshot:d-b']);
      expect(plan.deal.aurora_sync_pending).toBe('design:d-a;screenshot:d-b');
      expect(plan.status).toBe('partial');
      expect(plan.skipped.join(' ')).toMatch(/Aurora was busy/);
      // The deal keeps only words no mark records: the card and the settings page say the pending work from the marks.
      expect(plan.deal.aurora_last_error).toBe('');
      expect(plan.designsLeft).toBe(2);
    },
  },
  {
    name: 'pending work: an unread agreement list and design request are left for the next sync',
    reads: reads([a], { agreements: { skipped: 'failed' }, designRequest: { id: 'dr-1', read: { skipped: 'failed' } } }),
    holdings: holdings(),
    expect: (plan) => expect(plan.pending).toEqual(['agreement:p-1', 'design_request:dr-1']),
  },
  {
    name: 'a lacking feature is said in words, not left pending',
    reads: reads([a], { read: [fullRead(a, { pricing: { skipped: 'lacking' } })], lacking: ['Pricing (the Aurora API key is not allowed to read pricing)'] }),
    holdings: holdings(),
    expect: (plan) => {
      expect(plan.pending).toEqual([]);
      expect(plan.upserts[0]).not.toHaveProperty('aurora_price');
      expect(plan).toMatchObject({ status: 'partial', skipped: ['Pricing (the Aurora API key is not allowed to read pricing)'] });
      expect(plan.deal.aurora_last_error).toBe('Pricing (the Aurora API key is not allowed to read pricing)');
    },
  },
  {
    name: 'a signed contract: the design is sold and stamped, the deal rolls it up, and the hand-off is planned',
    reads: reads([a, b], { agreements: { value: [signed('ag-1', 'd-a')] } }),
    holdings: holdings(),
    expect: (plan) => {
      const record = plan.upserts.find((u) => u.aurora_design_id === 'd-a');
      expect(record).toMatchObject({ aurora_agreement_id: 'ag-1', aurora_agreement_status: 'signed', aurora_is_sold: 'true', aurora_contract_signed_at: new Date(NOW).toISOString() });
      expect(plan.deal).toMatchObject({ aurora_design_id: 'd-a', aurora_agreement_status: 'signed' });
      expect(plan.contracts).toEqual([{ kind: 'hand_off', agreement: signed('ag-1', 'd-a') }]);
    },
  },
  {
    name: 'a signed contract seen before keeps its first signing time',
    reads: reads([a], { agreements: { value: [signed('ag-1', 'd-a')] } }),
    holdings: holdings([recordOf(fullRead(a), 'r-a', [], { aurora_agreement_id: 'ag-1', aurora_agreement_status: 'signed', aurora_contract_signed_at: EARLIER, aurora_is_sold: 'true' })]),
    expect: (plan) => {
      expect(plan.upserts).toEqual([]);
      expect(plan.deal.aurora_contract_signed_at).toBe(EARLIER);
    },
  },
  {
    name: 'a signed contract cancelled in Aurora stays signed in HubSpot and is flagged for a person',
    reads: reads([a], { agreements: { value: [signed('ag-1', 'd-a', 'canceled')] } }),
    holdings: holdings([recordOf(fullRead(a), 'r-a', [], { aurora_agreement_id: 'ag-1', aurora_agreement_status: 'signed', aurora_contract_signed_at: EARLIER, aurora_is_sold: 'true' })]),
    expect: (plan) => {
      expect(plan.upserts).toEqual([]);
      expect(plan.deal.aurora_agreement_status).toBe('signed');
      expect(plan.contracts).toEqual([{ kind: 'flag_cancellation', agreement: signed('ag-1', 'd-a', 'canceled') }]);
    },
  },
  {
    name: "a design record read before the signature landed (kept: its summary failed) never takes the deal's agreement status back",
    reads: reads([a], { read: [fullRead(a, { summary: { skipped: 'failed' } })], agreements: { value: [signed('ag-1', 'd-a')] } }),
    holdings: holdings([recordOf(fullRead(a), 'r-a')], { aurora_design_id: 'd-a', aurora_agreement_status: 'signed', aurora_contract_signed_at: EARLIER }),
    expect: (plan) => {
      expect(plan.deal.aurora_agreement_status ?? 'kept').toBe('kept');
      expect(plan.deal.aurora_contract_signed_at ?? 'kept').toBe('kept');
    },
  },
  {
    name: 'an agreement only sent or viewed plans no post-sale step',
    reads: reads([a], { agreements: { value: [signed('ag-1', 'd-a', 'viewed')] } }),
    holdings: holdings(),
    expect: (plan) => {
      expect(plan.contracts).toEqual([]);
      expect(plan.upserts[0]).toMatchObject({ aurora_agreement_status: 'viewed', aurora_is_sold: 'false' });
    },
  },
];

describe('pending marks on the designs\' own records (docs/pending-work.md)', () => {
  const onRecords = (linked: LinkedDesign[] = [], deal: Record<string, string | null> = {}): HubSpotHoldings => ({ ...holdings(linked, deal), marksOnRecords: true });
  const marked = (read: DesignReads, mark: string) => recordOf(read, `r-${read.design.id}`, [], { aurora_sync_pending: mark });
  const failedSummary = (d: typeof a) => fullRead(d, { summary: { skipped: 'failed' } });

  it('a design left undone is marked on its own record, the deal keeps only deal-level items', () => {
    const plan = planSync(reads([a, b], { read: [failedSummary(a), fullRead(b)], agreements: { skipped: 'failed' } }), onRecords(), FIELD_MAP, NOW);
    expect(plan.upserts.find((u) => u.aurora_design_id === 'd-a')).toMatchObject({ aurora_sync_pending: 'design:d-a' });
    expect(plan.upserts.find((u) => u.aurora_design_id === 'd-b')).toMatchObject({ aurora_sync_pending: '' });
    expect(plan.deal.aurora_sync_pending).toBe(`agreement:${PROJECT}`);
    expect(plan).toMatchObject({ status: 'partial', designsLeft: 1, pending: [`agreement:${PROJECT}`, 'design:d-a'] });
  });

  it('a whole read clears a design\'s marks; a known design whose summary failed gets a marks-only write', () => {
    const cleared = planSync(reads([a], { read: [fullRead(a)] }), onRecords([marked(fullRead(a), 'design:d-a')]), FIELD_MAP, NOW);
    expect(cleared.upserts).toEqual([expect.objectContaining({ aurora_design_id: 'd-a', aurora_sync_pending: '' })]);
    const kept = planSync(reads([a], { read: [failedSummary(a)] }), onRecords([recordOf(fullRead(a), 'r-a')]), FIELD_MAP, NOW);
    expect(kept.upserts).toEqual([{ aurora_design_id: 'd-a', aurora_sync_pending: 'design:d-a' }]);
  });

  it('a partial read (a webhook\'s) never clears a mark, and a one-design sync writes nothing about designs it did not read', () => {
    const partial = { ...fullRead(a), whole: false };
    const plan = planSync(reads([a, b], { read: [partial], partial: true }), onRecords([marked(fullRead(a), 'design:d-a')]), FIELD_MAP, NOW);
    expect(plan.upserts.every((u) => !('aurora_sync_pending' in u))).toBe(true);
    expect(plan.deal.aurora_sync_pending).toBe('');
    expect(plan.pending).toEqual([]);
  });

  it('a webhook that records marks itself: its sync clears but never adds', () => {
    const held = onRecords([marked(fullRead(a), 'design:d-a')]);
    const failing = planSync(reads([a], { read: [fullRead(a, { pricing: { skipped: 'failed' } })], partial: true }), held, FIELD_MAP, NOW, { callerMarks: true });
    expect(failing.upserts.every((u) => !('aurora_sync_pending' in u))).toBe(true);
    expect(failing.pending).toEqual(['design:d-a']);
    const done = planSync(reads([a], { read: [fullRead(a)], partial: true }), held, FIELD_MAP, NOW, { callerMarks: true });
    expect(done.upserts).toEqual([expect.objectContaining({ aurora_sync_pending: '' })]);
  });

  it('a design item an older portal left on the deal is settled by a whole read of that design', () => {
    const plan = planSync(reads([a, b], { read: [fullRead(a)], partial: true }), onRecords([], { aurora_sync_pending: 'design:d-a;screenshot:d-b;project:p' }), FIELD_MAP, NOW);
    expect(plan.deal.aurora_sync_pending).toBe('project:p;screenshot:d-b');
  });

  it('without the property on the portal, marks stay on the deal as before', () => {
    const plan = planSync(reads([a], { read: [failedSummary(a)] }), holdings(), FIELD_MAP, NOW);
    expect(plan.deal.aurora_sync_pending).toBe('design:d-a');
    expect(plan.upserts.every((u) => !('aurora_sync_pending' in u))).toBe(true);
  });
});

describe('planSync', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    c.expect(planSync(c.reads, c.holdings, FIELD_MAP, NOW));
  });

  it('is pure: the same reads give the same plan, and the inputs are left as they were', () => {
    const input = reads([a, b], { agreements: { value: [signed('ag-1', 'd-a')] } });
    const held = holdings([recordOf(fullRead(a), 'r-a', ['primary'])]);
    const before = JSON.stringify([input, held]);
    expect(planSync(input, held, FIELD_MAP, NOW)).toEqual(planSync(input, held, FIELD_MAP, NOW));
    expect(JSON.stringify([input, held])).toBe(before);
  });
});

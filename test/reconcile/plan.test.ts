// The reconciliation's pure planning: what each kind of deal needs, never a project creation.
import type { AuroraProject } from '../../src/core/aurora';
import type { DealRecord } from '../../src/core/hubspot/context';
import { indexProjects, planDeal } from '../../src/core/sync/reconcilePlan';

const NOW = Date.parse('2026-12-03T09:00:00Z');
const HOUR = 3_600_000;
const options = { now: NOW, freshForMs: 24 * HOUR };
const deal = (id: string, properties: Record<string, string | null> = {}): DealRecord => ({ id, properties: { dealname: `Deal ${id}`, ...properties } }) as DealRecord;
const project = (id: string, dealId: string | null) => ({ id, external_provider_id: dealId }) as AuroraProject;
const synced = (hoursAgo: number, status = 'ok') => ({ aurora_project_id: 'p1', aurora_sync_status: status, aurora_last_synced_at: new Date(NOW - hoursAgo * HOUR).toISOString() });

describe('planDeal', () => {
  const index = indexProjects([project('p-a', '11'), project('p-b', '12'), project('p-c', '12'), project('p-d', null)]);

  it.each([
    ['fresh', synced(2), { kind: 'unchanged', why: 'fresh' }],
    ['stale', synced(30), { kind: 'sync', reason: 'stale' }],
    ['last sync failed', synced(1, 'error'), { kind: 'sync', reason: 'failed' }],
    // A stored partial alone (another sync's, or a feature the key lacks) is no work: only marks are.
    ['partial, nothing marked', synced(1, 'partial'), { kind: 'unchanged', why: 'fresh' }],
    ['partial, stale', synced(30, 'partial'), { kind: 'sync', reason: 'stale' }],
    ['work pending', { ...synced(1), aurora_sync_pending: 'design:d1' }, { kind: 'sync', reason: 'pending' }],
    ['never synced', { aurora_project_id: 'p1' }, { kind: 'sync', reason: 'never_synced' }],
  ])('a linked deal, %s', (_name, properties, expected) => {
    expect(planDeal(deal('10', properties), undefined, options)).toEqual(expected);
  });

  it('reports a linked deal whose Aurora project is gone instead of syncing it again', () => {
    expect(planDeal(deal('10', { ...synced(30), aurora_project_status: 'Not found in Aurora' }), undefined, options)).toMatchObject({ kind: 'failed' });
  });

  it('links an unlinked deal to the one project naming it, leaves one without a project alone, and refuses to guess between two', () => {
    expect(planDeal(deal('11'), index, options)).toEqual({ kind: 'link', project: project('p-a', '11') });
    expect(planDeal(deal('13'), index, options)).toEqual({ kind: 'unchanged', why: 'no_project' });
    expect(planDeal(deal('12'), index, options)).toMatchObject({ kind: 'failed', reason: expect.stringContaining('p-b, p-c') });
  });
});

// What `npm run reconcile` prints: the progress line (bar, counts, ETA from Aurora's rate limit) and the summary table.
import type { ReconcileProgress, ReconcileReport } from '../src/core/useCases/reconcile';

export interface Pace {
  /** Aurora requests made so far in this run, and deals finished in this run. */
  auroraRequests: number;
  dealsThisRun: number;
  /** The key's limit: `requests` per `perMs`. */
  rate: { requests: number; perMs: number };
}

export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Time left if the rest of the deals cost what the finished ones did, at the rate limit (Aurora is the scarce side). */
export function etaMs(progress: ReconcileProgress, pace: Pace): number | null {
  if (progress.total === null || pace.dealsThisRun === 0) return null;
  const perDeal = pace.auroraRequests / pace.dealsThisRun;
  return ((progress.total - progress.done) * perDeal * pace.rate.perMs) / pace.rate.requests;
}

export function progressLine(progress: ReconcileProgress, pace: Pace, width = 24): string {
  const total = progress.total ?? 0;
  const share = total > 0 ? Math.min(1, progress.done / total) : 0;
  const filled = Math.round(share * width);
  const eta = etaMs(progress, pace);
  const { linked, synced, unchanged, failed } = progress.tally;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progress.done}/${progress.total ?? '?'} deals` +
    ` · linked ${linked} · synced ${synced} · unchanged ${unchanged} · failed ${failed}` +
    ` · ETA ${eta === null ? '…' : duration(eta)}`
  );
}

export function summaryTable(report: ReconcileReport, pace: Pace, elapsedMs: number): string {
  const would = report.dryRun ? ' (would)' : '';
  const rows: [string, number][] = [
    [`linked${would}`, report.tally.linked],
    [`synced${would}`, report.tally.synced],
    ['unchanged', report.tally.unchanged],
    ['failed', report.tally.failed],
    ['total', report.done],
  ];
  const perDeal = pace.dealsThisRun > 0 ? (pace.auroraRequests / pace.dealsThisRun).toFixed(1) : '0';
  const lines = [
    report.dryRun ? 'Dry run: nothing was linked, synced or written.' : 'Reconciliation finished.',
    report.resumedAfter ? `Resumed after deal ${report.resumedAfter} (the deals before it were counted by the earlier run).` : '',
    '',
    ...rows.map(([label, n]) => `  ${label.padEnd(18)}${String(n).padStart(7)}`),
    '',
    `Aurora requests: ${pace.auroraRequests} (${perDeal} per deal) in ${duration(elapsedMs)}.`,
  ].filter((line, i) => line !== '' || i > 1);
  if (report.failures.length > 0) {
    lines.push('', 'Failed:');
    for (const failure of report.failures) lines.push(`  deal ${failure.dealId.padEnd(10)} ${(failure.dealName ?? '').slice(0, 40).padEnd(41)} ${failure.reason}`);
  }
  return lines.join('\n');
}

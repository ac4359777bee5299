// A lease on reading one Aurora design whole (docs/aurora-budget.md#one-read-per-new-design): a new design is announced
// by several events at once (created, simulated, its screenshot and DXF), each a delivery of its own. One call reads
// the design whole under the lease; a delivery that arrived before that read began is covered by it (Aurora sends an
// event after the change, so the read sees it); one that arrived later comes back. Aurora's budget is spent once.
import { RECORD_KINDS, type DesignPropertyName } from '../dataModel';
import type { CallOptions } from '../hubspot/runner';
import type { PropertyWrite } from '../hubspot/context';
import { releaseClaim, takeClaim, type ClaimDeps } from '../postSale/claims';
import { readText } from '../mapping/conversions';

/** The lease's record id (its unique aurora_design_id). */
export const readLeaseId = (designId: string): string => `lease:read:${designId}`;

/** When the holder began reading, on its own clock; absent when its read covers nobody else (a card's call). */
const READS_FROM = 'aurora_design_created_at' satisfies DesignPropertyName;
/** A lease older than this was left by a call that died (functions stop after about 15 s). */
const LEASE_STALE_MS = 20_000;

export type ReadLease =
  /** Ours: read the design whole, then release. */
  | { state: 'held'; release: () => Promise<void> }
  /** A delivery's read began after this delivery arrived: it sees this change, and Aurora delivers it again should it fail. */
  | { state: 'covered' }
  /** Someone is reading it who may have begun before this change, or whose failure nobody would repeat: come back later. */
  | { state: 'taken' };

export interface LeaseRequest {
  designId: string;
  /** When this call's own change was announced to it (a delivery's receipt); null for a card's call. */
  arrivedAt: number | null;
  /** Whether Aurora delivers the holder's event again should its read fail (webhooks): only such a read covers others. */
  redelivered: boolean;
}

/** Takes the lease, or says whether the call reading the design already covers this one. Never waits. */
export async function takeReadLease(deps: ClaimDeps, request: LeaseRequest, options: CallOptions): Promise<ReadLease> {
  const startedAt = deps.now();
  const properties: PropertyWrite<DesignPropertyName> = {
    aurora_design_id: readLeaseId(request.designId),
    aurora_record_kind: RECORD_KINDS.projectClaim,
    aurora_design_name: `Reading Aurora design ${request.designId}`,
    ...(request.redelivered ? { [READS_FROM]: new Date(startedAt).toISOString() } : {}),
  };
  const claim = await takeClaim(deps, properties, { ...options, read: [READS_FROM], takeOverStale: true, staleMs: LEASE_STALE_MS });
  if (claim.state === 'held') return { state: 'held', release: () => releaseClaim(deps, claim.id, options) };
  if (claim.state === 'vanished') return { state: 'taken' };
  const readsFrom = Date.parse(readText(claim.claim.properties[READS_FROM]) ?? '');
  const covered = claim.state === 'in_flight' && request.arrivedAt !== null && Number.isFinite(readsFrom) && request.arrivedAt <= readsFrom;
  return { state: covered ? 'covered' : 'taken' };
}

// The Aurora side of a sync: every read goes through one priority lane (Aurora's concurrency cap), optional resources the
// key lacks are asked for once, and failures become "left for the next sync" instead of failing the whole sync.
import type { Deps } from '../deps';
import { AuroraBusyError, AuroraError, AuroraNotFoundError, AuroraPermissionError, type AuroraFeature, type RequestOptions } from '../aurora';
import { Lane, LaneDeadlineError } from './lanes';

/** A read that did not give a value: the key lacks the feature, or it failed this time (try again later). */
export type Skipped = { skipped: 'lacking' | 'failed' };
export type Read<T> = { value: T } | Skipped;

export const isRead = <T>(read: Read<T>): read is { value: T } => 'value' in read;
/** The value; `undefined` when not read (the field map then leaves HubSpot's value alone). */
export const valueOf = <T>(read: Read<T>): T | undefined => (isRead(read) ? read.value : undefined);

/** Features a sync can do without: the rest still syncs and the card says which is missing. */
export const OPTIONAL_FEATURES: readonly AuroraFeature[] = ['pricing', 'financings', 'agreements', 'assets', 'proposals', 'users', 'design_requests'];

/** Lane priorities: project-level reads first, then follow-ups of started designs, then designs in order. */
export const PRIORITY = { project: 3_000_000, followUp: 1_000_000 } as const;

export class AuroraReads {
  /** Features the key is not provisioned for, with the action Aurora's error named ("read pricing"). */
  readonly lacking = new Map<AuroraFeature, string>();
  readonly lane: Lane;
  /** When Aurora's budget ran out during this sync: the time it frees (epoch ms), else 0. */
  busyUntil = 0;

  constructor(
    private readonly deps: Deps,
    readonly deadline: number,
    cap: number,
  ) {
    this.lane = new Lane(cap, deadline, deps.now);
  }

  get options(): RequestOptions {
    return { deadline: this.deadline };
  }

  /** A read the sync cannot do without: its failure propagates. */
  required<T>(priority: number, run: (options: RequestOptions) => Promise<T>): Promise<T> {
    return this.lane.run(() => run(this.options), priority);
  }

  /**
   * A read the sync can do without. 404 means Aurora has none (null); 403 marks the feature lacking for the rest of the
   * sync; anything else (rate limit past the deadline, 5xx, timeout) is a failure to retry on the next sync.
   */
  async optional<T>(feature: AuroraFeature, priority: number, run: (options: RequestOptions) => Promise<T>): Promise<Read<T | null>> {
    try {
      // Checked again when the call's turn comes: a 403 seen meanwhile spares the key the same refusal.
      return { value: await this.lane.run(() => (this.lacking.has(feature) ? Promise.reject(LACKING) : run(this.options)), priority) };
    } catch (error) {
      if (error === LACKING) return { skipped: 'lacking' };
      if (error instanceof AuroraNotFoundError) return { value: null };
      if (error instanceof AuroraPermissionError && OPTIONAL_FEATURES.includes(error.resource)) {
        this.lacking.set(error.resource, error.call.action);
        return { skipped: 'lacking' };
      }
      if (error instanceof AuroraBusyError) this.busyUntil = Math.max(this.busyUntil, error.until);
      if (error instanceof AuroraError || error instanceof LaneDeadlineError) return { skipped: 'failed' };
      throw error;
    }
  }

  /** The lacking features in words an admin can act on, one line each. */
  lackingWords(): string[] {
    // In a fixed order, so the same lacks give the same words (and no write) on every sync.
    const lacking = [...this.lacking].sort(([a], [b]) => OPTIONAL_FEATURES.indexOf(a) - OPTIONAL_FEATURES.indexOf(b));
    return lacking.map(([feature, action]) => `${FEATURE_WORDS[feature] ?? feature} (the Aurora API key is not allowed to ${action}; an Aurora admin can grant it to the key)`);
  }
}

const LACKING = Symbol('lacking');

const FEATURE_WORDS: Partial<Record<AuroraFeature, string>> = {
  pricing: 'Pricing',
  financings: 'Financing',
  agreements: 'Agreement status',
  assets: 'Design screenshots',
  proposals: 'Proposal links',
  users: 'Project owner',
  design_requests: 'Design request status',
};

// The Aurora side of a sync: every read carries its priority in the client's queue (the client caps concurrency), optional
// resources the key lacks are asked for once, and failures become "left for the next sync" instead of failing the sync.
import { AuroraBusyError, AuroraDeadlineError, AuroraError, AuroraNotFoundError, AuroraPermissionError, AuroraRateLimitError, ENDPOINTS, type AuroraFeature, type RequestOptions } from '../aurora';

/** A read that did not give a value: the key lacks the feature, or it failed this time (try again later). */
export type Skipped = { skipped: 'lacking' | 'failed' };
export type Read<T> = { value: T } | Skipped;

export const isRead = <T>(read: Read<T>): read is { value: T } => 'value' in read;
/** The value; `undefined` when not read (the field map then leaves HubSpot's value alone). */
export const valueOf = <T>(read: Read<T>): T | undefined => (isRead(read) ? read.value : undefined);

/** Features a sync can do without: the rest still syncs and the card says which is missing. */
export const OPTIONAL_FEATURES: readonly AuroraFeature[] = ['pricing', 'financings', 'agreements', 'assets', 'proposals', 'users', 'design_requests'];

/** Queue priorities: project-level reads first, then follow-ups of started designs, then designs in order. */
export const PRIORITY = { project: 3_000_000, followUp: 1_000_000 } as const;

/**
 * Lists under an object the sync has just read: an empty list is how Aurora says "none", so a 404 there means the
 * route itself does not exist on this tenant (the list paths are partly inferred, docs/aurora-api.md#inferred-routes-and-names).
 */
const LIST_PATHS: ReadonlySet<string> = new Set([ENDPOINTS.listAgreements.path, ENDPOINTS.listAssets.path, ENDPOINTS.listFinancings.path]);

export class AuroraReads {
  /** Features the key is not provisioned for, with the action Aurora's error named ("read pricing"). */
  readonly lacking = new Map<AuroraFeature, string>();
  /** Features whose list route answered 404, with that route: HubSpot keeps its values and the admin is told. */
  readonly missingRoutes = new Map<AuroraFeature, string>();
  /** Set when Aurora's rate limit refused a read: when Aurora lets the app in again (epoch ms). */
  busyUntil: number | null = null;
  /** Features some read of which Aurora answered: the key may read them now. */
  readonly answered = new Set<AuroraFeature>();
  /** One per feature: aborted once the feature is known lacking, so its reads still waiting for a slot are never sent. */
  private readonly withdrawals = new Map<AuroraFeature, AbortController>();

  constructor(readonly deadline: number) {}

  /** A read the sync cannot do without: its failure propagates. */
  required<T>(priority: number, run: (options: RequestOptions) => Promise<T>): Promise<T> {
    return run({ deadline: this.deadline, queuePriority: priority });
  }

  /**
   * A read the sync can do without. 404 means Aurora has none (null), except on a list, where it means the route is
   * missing (reported, HubSpot's values kept); 403 marks the feature lacking for the rest of the sync; anything else (rate limit past the deadline, 5xx, timeout) is a failure to retry on the next sync.
   */
  async optional<T>(feature: AuroraFeature, priority: number, run: (options: RequestOptions) => Promise<T>): Promise<Read<T | null>> {
    const withdrawal = this.withdrawalOf(feature);
    if (withdrawal.signal.aborted) return { skipped: 'lacking' };
    try {
      // A call still waiting for its turn when a 403 or a missing route is seen is withdrawn: the key is spared the same refusal.
      const value = await run({ deadline: this.deadline, queuePriority: priority, signal: withdrawal.signal });
      this.answered.add(feature);
      return { value };
    } catch (error) {
      if (error === LACKING) return { skipped: 'lacking' };
      if (error instanceof AuroraNotFoundError && LIST_PATHS.has(error.call.path)) {
        this.missingRoutes.set(feature, `${error.call.method} ${error.call.path}`);
        withdrawal.abort(LACKING);
        return { skipped: 'lacking' };
      }
      if (error instanceof AuroraNotFoundError) {
        this.answered.add(feature);
        return { value: null };
      }
      if (error instanceof AuroraPermissionError && OPTIONAL_FEATURES.includes(error.resource)) {
        this.lacking.set(error.resource, error.call.action);
        this.withdrawalOf(error.resource).abort(LACKING);
        return { skipped: 'lacking' };
      }
      if (error instanceof AuroraError) {
        this.noteBusy(error);
        return { skipped: 'failed' };
      }
      throw error;
    }
  }

  private withdrawalOf(feature: AuroraFeature): AbortController {
    let controller = this.withdrawals.get(feature);
    if (!controller) this.withdrawals.set(feature, (controller = new AbortController()));
    return controller;
  }

  private noteBusy(error: unknown): void {
    const until = error instanceof AuroraBusyError ? error.until : error instanceof AuroraRateLimitError ? error.retryAt : error instanceof AuroraDeadlineError ? error.busyUntil : undefined;
    if (until !== undefined) this.busyUntil = Math.max(this.busyUntil ?? 0, until);
  }

  /** The lacking features by name ("Pricing"), in a fixed order. */
  lackingNames(): string[] {
    return [...this.lacking.keys()].sort((a, b) => OPTIONAL_FEATURES.indexOf(a) - OPTIONAL_FEATURES.indexOf(b)).map((feature) => FEATURE_WORDS[feature] ?? feature);
  }

  /** The lacking features and missing routes in words an admin can act on, one line each. */
  lackingWords(): string[] {
    // In a fixed order, so the same lacks give the same words (and no write) on every sync.
    const lacking = [...this.lacking].sort(([a], [b]) => OPTIONAL_FEATURES.indexOf(a) - OPTIONAL_FEATURES.indexOf(b));
    const refused = lacking.map(([feature, action]) => `${FEATURE_WORDS[feature] ?? feature} (${KEY_LACKS_WORDS} ${action}; ${GRANT_WORDS})`);
    const missing = [...this.missingRoutes].map(
      ([feature, route]) => `${FEATURE_WORDS[feature] ?? feature} (Aurora answered 404 for ${route}: the route the app uses does not exist on this tenant; run npm run probe and send its findings to whoever maintains the app)`,
    );
    return [...refused, ...missing];
  }
}

const LACKING = Symbol('lacking');
const KEY_LACKS_WORDS = 'the Aurora API key is not allowed to';
const GRANT_WORDS = 'an Aurora admin can grant it to the key';

const FEATURE_WORDS: Partial<Record<AuroraFeature, string>> = {
  pricing: 'Pricing',
  financings: 'Financing',
  agreements: 'Agreement status',
  assets: 'Design screenshots',
  proposals: 'Proposal links',
  users: 'Project owner',
  design_requests: 'Design request status',
};

/** The sentence lackingWords() gives for a feature the key lacks, whatever action Aurora's error named. */
const lackSentence = (feature: AuroraFeature): RegExp => new RegExp(`${FEATURE_WORDS[feature] ?? feature} \\(${KEY_LACKS_WORDS} [^;()]*; ${GRANT_WORDS}\\)`, 'g');

/**
 * What a sync that read only what changed keeps of the words the last complete one stored (a feature the key lacks, a
 * file that failed its checks, a target HubSpot refused): all of them but the key's lack of a feature Aurora has just
 * answered (the key was granted it since). Null when nothing is left.
 */
export function carriedWords(stored: string | null, answered: ReadonlySet<AuroraFeature>): string | null {
  const kept = [...answered].reduce((words, feature) => words.replace(lackSentence(feature), ''), stored ?? '');
  return kept.replace(/\s+/g, ' ').trim() || null;
}

/** The features words name as lacking from the key, by name ("Pricing"), in a fixed order. */
export function lackingNamesIn(words: string | null): string[] {
  return OPTIONAL_FEATURES.filter((feature) => new RegExp(lackSentence(feature).source).test(words ?? '')).map((feature) => FEATURE_WORDS[feature] ?? feature);
}

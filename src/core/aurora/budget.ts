// One Aurora budget per API key across every invocation of the app: when Aurora answers 429, the time it gives is put on
// a board every function reads (docs/aurora-budget.md), so no other invocation spends requests Aurora would refuse. Reps'
// clicks wait for the budget within their deadline; background work never waits, it returns through its engine later.

/** A rep waiting on the card (waits for the budget within its deadline) or work an engine repeats later (never waits). */
export type CallPriority = 'interactive' | 'background';

/** What every part of the app knows about the key's budget; functions are separate processes, so it lives outside them. */
export interface BudgetBoard {
  /** Epoch ms before which Aurora refuses this key, as far as the app knows (0 when nothing is known). */
  busyUntil(): Promise<number>;
  /** Tells every part of the app that Aurora refuses this key until `until` (epoch ms). Never throws. */
  noteBusy(until: number): Promise<void>;
}

/** A 429 without Retry-After: Aurora's window is a minute, so a minute is the longest the refusal can last. */
export const UNKNOWN_RETRY_AFTER_MS = 60_000;

/** A board for one process only (tests, scripts): what this process learned, nobody else. */
export function localBoard(): BudgetBoard {
  let until = 0;
  return {
    busyUntil: async () => until,
    noteBusy: async (next) => {
      until = Math.max(until, next);
    },
  };
}

/**
 * A board over a shared store (a HubSpot record): read once per invocation (started early, so it costs no wall time),
 * written on a 429 only. The store has no conditional writes; two writers racing leave one of two close times, and the
 * next 429 corrects it, which costs at most one refused request.
 */
export function sharedBoard(store: { read(): Promise<number>; write(until: number): Promise<void> }): BudgetBoard {
  let known = 0;
  let loaded: Promise<number> | undefined;
  const load = () => {
    loaded ??= store.read().then(
      (stored) => (known = Math.max(known, stored)),
      () => known,
    );
    return loaded;
  };
  return {
    busyUntil: async () => Math.max(known, await load()),
    async noteBusy(until) {
      if (until <= known) return;
      known = until;
      await store.write(until).catch(() => undefined);
    },
  };
}

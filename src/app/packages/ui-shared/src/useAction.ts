// One button's call to an app function as a small state machine: idle -> running -> succeeded | failed.
import { useCallback, useRef, useState } from 'react';
import type { Failure, UserError } from '../../../../core/contract';

type Outcome = { ok: true } | Failure;
export type Success<R> = Extract<R, { ok: true }>;

export type ActionState<R> =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'succeeded'; result: Success<R> }
  | { status: 'failed'; error: UserError };

const UNEXPECTED: UserError = {
  code: 'internal',
  message: 'Something unexpected went wrong in the card.',
  action: 'Reload the page and try again.',
  retryable: true,
};

/** The icon HubSpot's LoadingButton shows when a run ends (its default is a check mark, whatever happened). */
export type ResultIcon = 'success' | 'warning' | 'xCircle';

export interface Action<A extends unknown[], R> {
  state: ActionState<R>;
  running: boolean;
  /** For the button's `resultIconName`: a failure is never marked as a success. */
  resultIcon: ResultIcon;
  run: (...args: A) => Promise<void>;
  /** Runs again with the arguments of the last run (the "Try again" button). */
  retry: () => Promise<void>;
  reset: () => void;
}

/**
 * Runs `perform` once at a time (a second click while running is ignored) and keeps its outcome for the UI.
 * `settled` runs after every finished call, success or failure, since a failed write may still have written part.
 * `incomplete` tells a success that left work undone (a partial sync), which ends with a warning icon.
 */
export function useAction<A extends unknown[], R extends Outcome>(
  perform: (...args: A) => Promise<R>,
  settled?: (result: R, ...args: A) => void | Promise<void>,
  incomplete?: (result: Success<R>) => boolean,
): Action<A, R> {
  const [state, setState] = useState<ActionState<R>>({ status: 'idle' });
  const inFlight = useRef(false);
  const latest = useRef({ perform, settled });
  latest.current = { perform, settled };

  const lastArgs = useRef<A | null>(null);

  const run = useCallback(async (...args: A) => {
    if (inFlight.current) return;
    inFlight.current = true;
    lastArgs.current = args;
    setState({ status: 'running' });
    let result: R;
    try {
      result = await latest.current.perform(...args);
    } catch {
      // callFunction already turns rejections into failures; this keeps a bug from leaving the button spinning.
      result = { ok: false, error: UNEXPECTED } as R;
    }
    try {
      // The button keeps spinning until the card shows the data the write produced.
      await latest.current.settled?.(result, ...args);
    } catch {
      // The reload reports its own failures on the card; the write's outcome below is what the rep needs here.
    }
    setState(result.ok ? { status: 'succeeded', result: result as Success<R> } : { status: 'failed', error: (result as Failure).error });
    inFlight.current = false;
  }, []);

  const retry = useCallback(() => (lastArgs.current ? run(...lastArgs.current) : Promise.resolve()), [run]);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  const resultIcon: ResultIcon = state.status === 'failed' ? 'xCircle' : state.status === 'succeeded' && incomplete?.(state.result) ? 'warning' : 'success';
  return { state, running: state.status === 'running', resultIcon, run, retry, reset };
}

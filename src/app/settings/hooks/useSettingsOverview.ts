// Loads what the settings page shows (aurora_settings_overview) and reloads it after the admin changes something.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultOf, UserError } from '../../../core/contract';
import type { CallFunction } from '@aurora/ui-shared';

export type SettingsOverview = Extract<ResultOf<'aurora_settings_overview'>, { ok: true }>;

export type SettingsOverviewState =
  | { status: 'loading' }
  | { status: 'failed'; error: UserError }
  | { status: 'loaded'; overview: SettingsOverview; reloadError: UserError | null };

export function useSettingsOverview(call: CallFunction) {
  const [state, setState] = useState<SettingsOverviewState>({ status: 'loading' });
  // Only the newest request may set the state: a slow early answer must not overwrite a later one.
  const requestSeq = useRef(0);

  const reload = useCallback(async () => {
    const seq = ++requestSeq.current;
    const result = await call('aurora_settings_overview', {});
    if (seq !== requestSeq.current) return;
    setState((current) => {
      if (result.ok) return { status: 'loaded', overview: result, reloadError: null };
      if (current.status === 'loaded') return { ...current, reloadError: result.error };
      return { status: 'failed', error: result.error };
    });
  }, [call]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload };
}

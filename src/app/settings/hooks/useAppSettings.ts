// Loads the app's settings (aurora_get_settings), keeps the admin's unsaved edits as a draft, and saves them.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppSettings, ResultOf, SettingsChoices, SettingsState, UserError } from '../../../core/contract';
import { type CallFunction, useAction } from '@aurora/ui-shared';

export type AppSettingsState =
  | { status: 'loading' }
  | { status: 'failed'; error: UserError }
  | { status: 'loaded'; current: SettingsState; choices: SettingsChoices; draft: AppSettings };

export function useAppSettings(call: CallFunction, changedBy: string | undefined) {
  const [state, setState] = useState<AppSettingsState>({ status: 'loading' });
  const requestSeq = useRef(0);

  const load = useCallback(async () => {
    const seq = ++requestSeq.current;
    const result = await call('aurora_get_settings', {});
    if (seq !== requestSeq.current) return;
    setState(result.ok ? { status: 'loaded', current: result.state, choices: result.choices, draft: result.state.settings } : { status: 'failed', error: result.error });
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Changes the draft; nothing is saved until Save. */
  const edit = useCallback((change: (draft: AppSettings) => AppSettings) => {
    setState((current) => (current.status === 'loaded' ? { ...current, draft: change(current.draft) } : current));
  }, []);

  const save = useAction(
    (settings: AppSettings, basedOn: string | null) => call('aurora_save_settings', { settings, basedOn, ...(changedBy ? { changedBy } : {}) }),
    (result: ResultOf<'aurora_save_settings'>) => {
      // After a save the page shows what is stored; after a refused save the admin's draft stays for correcting.
      if (!result.ok) return;
      setState((current) => {
        if (current.status !== 'loaded') return current;
        const draft = result.outcome === 'saved' || result.outcome === 'unchanged' ? result.state.settings : current.draft;
        return { ...current, current: result.state, draft };
      });
    },
  );

  return { state, load, edit, save };
}

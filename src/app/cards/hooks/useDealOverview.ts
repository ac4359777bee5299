// Loads the card's data (aurora_deal_overview) and reloads it after writes, keeping what is shown while reloading.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DealOverview, UserError } from '../../../core/contract';
import type { CallFunction } from '@aurora/ui-shared';

export type OverviewState =
  | { status: 'loading' }
  | { status: 'failed'; error: UserError }
  | { status: 'loaded'; overview: DealOverview; reloading: boolean; reloadError: UserError | null };

export interface DealOverviewHandle {
  state: OverviewState;
  reload: () => Promise<void>;
  /** Shows a write's own result at once (e.g. the new project) while the reload is under way. */
  patch: (change: (overview: DealOverview) => DealOverview) => void;
}

export function useDealOverview(call: CallFunction, dealId: string): DealOverviewHandle {
  const [state, setState] = useState<OverviewState>({ status: 'loading' });
  // Only the newest request may set the state: a slow early answer must not overwrite a later one.
  const requestSeq = useRef(0);

  const reload = useCallback(async () => {
    const seq = ++requestSeq.current;
    setState((current) => (current.status === 'loaded' ? { ...current, reloading: true } : { status: 'loading' }));
    const result = await call('aurora_deal_overview', { dealId });
    if (seq !== requestSeq.current) return;
    setState((current) => {
      if (result.ok) return { status: 'loaded', overview: result.overview, reloading: false, reloadError: null };
      // Keep the data already on screen and say the refresh failed, rather than blanking the card.
      if (current.status === 'loaded') return { ...current, reloading: false, reloadError: result.error };
      return { status: 'failed', error: result.error };
    });
  }, [call, dealId]);

  const patch = useCallback((change: (overview: DealOverview) => DealOverview) => {
    setState((current) => (current.status === 'loaded' ? { ...current, overview: change(current.overview) } : current));
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { state, reload, patch };
}

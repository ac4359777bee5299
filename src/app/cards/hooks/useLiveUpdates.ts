// Keeps an open card current: reloads the overview when the deal's Aurora properties change (webhooks, other reps),
// polls it while Aurora's designers hold a design request or another tab creates the Aurora project, and re-renders every minute so "3 minutes ago" stays true.
import { useEffect, useRef, useState } from 'react';
import type { onCrmPropertiesUpdateAction } from '@hubspot/ui-extensions';
import type { DealPropertyKey } from '../../../core/contract';

/** The deal properties whose change makes what the card shows out of date. */
export const LIVE_PROPERTIES: readonly DealPropertyKey[] = [
  'aurora_project_id',
  'aurora_project_status',
  'aurora_last_synced_at',
  'aurora_sync_status',
  'aurora_design_id',
  'aurora_agreement_status',
  'aurora_design_request_status',
  'aurora_attention',
  'aurora_contract_signed_at',
  // The hand-off moves the stage; the card's designs and agreement follow it.
  'dealstage',
  // Customer fields the field map reads from the deal (src/core/mapping/fieldMap.ts; contact fields live on the contact).
  'dealname',
];

export interface LiveTiming {
  /** Quiet time after the last property update before reloading: a sync or webhook writes several properties in a row. */
  debounceMs: number;
  /** How often the overview is re-read while a design request is submitted. */
  pollMs: number;
  /** How often the overview is re-read while another call creates the Aurora project (done within seconds). */
  creatingPollMs: number;
  /** How often the card re-renders for relative times. */
  clockMs: number;
}

export const LIVE_TIMING: LiveTiming = { debounceMs: 1_000, pollMs: 20_000, creatingPollMs: 3_000, clockMs: 60_000 };

export interface LiveUpdatesOptions {
  onCrmPropertiesUpdate: onCrmPropertiesUpdateAction;
  reload: () => Promise<void>;
  /** The card is loading, or a write of its own is in flight: either reads the overview when it finishes. */
  busy: boolean;
  /** Re-read the overview this often while set (a design request is with Aurora's designers, a create is under way). */
  pollEveryMs: number | null;
  timing: Pick<LiveTiming, 'debounceMs' | 'clockMs'>;
}

export function useLiveUpdates({ onCrmPropertiesUpdate, reload, busy, pollEveryMs, timing }: LiveUpdatesOptions): void {
  const latest = useRef({ reload, busy, debounceMs: timing.debounceMs });
  latest.current = { reload, busy, debounceMs: timing.debounceMs };
  const mounted = useRef(true);
  const subscribed = useRef(false);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The values HubSpot last reported: an update that repeats them (e.g. a late echo of the card's own write) is no news.
  const seen = useRef(new Map<string, string>());

  useEffect(() => {
    if (busy) clearTimeout(pending.current); // the write's own reload will show the change
  }, [busy]);

  useEffect(() => {
    mounted.current = true;
    // HubSpot offers no way to unsubscribe, so subscribe once per card and ignore calls after unmount.
    if (!subscribed.current) {
      subscribed.current = true;
      onCrmPropertiesUpdate([...LIVE_PROPERTIES], (properties, error) => {
        // A failed property read says nothing changed; Sync and the next update still work.
        if (!mounted.current || error) return;
        const news = Object.entries(properties).filter(([name, value]) => seen.current.get(name) !== value);
        for (const [name, value] of news) seen.current.set(name, value);
        // During a load or the card's own write the update is (mostly) what it wrote; both read the overview when done.
        if (news.length === 0 || latest.current.busy) return;
        clearTimeout(pending.current);
        pending.current = setTimeout(() => {
          if (mounted.current && !latest.current.busy) void latest.current.reload();
        }, latest.current.debounceMs);
      });
    }
    return () => {
      mounted.current = false;
      clearTimeout(pending.current);
    };
  }, [onCrmPropertiesUpdate]);

  useEffect(() => {
    if (pollEveryMs === null) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The next read is scheduled after the last one answered, so slow answers never pile up.
    const schedule = () => {
      timer = setTimeout(async () => {
        try {
          if (!latest.current.busy) await latest.current.reload();
        } finally {
          if (!stopped) schedule();
        }
      }, pollEveryMs);
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pollEveryMs]);

  useClockTick(timing.clockMs);
}

/** Re-renders the calling component every `everyMs`. */
function useClockTick(everyMs: number): void {
  const [, setTicks] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTicks((ticks) => ticks + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
}

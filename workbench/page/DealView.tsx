// A deal record page: the deal's properties (live), the REAL card in its tab, and the panel that plays Aurora.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, LoadingSpinner } from '../renderer/components';
import { ExtensionHost, type ExtensionApi, type RenderCallback } from '../renderer/host';
import type { DealDetail, WorkbenchInfo } from '../protocol';
import { getJson, serverlessTransport } from './api';
import { FunctionCallsPanel } from './FunctionCallsPanel';
import { PropertiesPanel } from './PropertiesPanel';
import { SimulatorPanel } from './SimulatorPanel';
import { WorkflowActionPanel } from './WorkflowActionPanel';
import { demoUser, unsupportedAction } from './extensionContext';

type PropertiesListener = { names: string[] | '*'; callback: (properties: Record<string, string>, error?: { message: string }) => void };

interface PageAlert {
  id: number;
  type: 'info' | 'warning' | 'success' | 'danger' | 'tip';
  title: string | undefined;
  message: string;
}

const pick = (properties: Record<string, string | null>, names: string[] | '*'): Record<string, string> =>
  Object.fromEntries(Object.entries(properties).filter(([name]) => names === '*' || names.includes(name)).map(([name, value]) => [name, value ?? '']));

/** Reads the deal now, every `pollMs`, and on demand; remembers which properties changed in the last read. */
function useDeal(dealId: string, pollMs: number) {
  const [deal, setDeal] = useState<DealDetail | Error | undefined>(undefined);
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const previous = useRef<DealDetail | undefined>(undefined);
  const listeners = useRef(new Set<PropertiesListener>());

  const refresh = useCallback(async () => {
    try {
      const next = await getJson<DealDetail>(`/api/deals/${encodeURIComponent(dealId)}`);
      const before = previous.current;
      previous.current = next;
      setDeal(next);
      if (before) {
        const names = Object.keys(next.properties).filter((name) => (before.properties[name] ?? null) !== (next.properties[name] ?? null));
        if (names.length > 0) {
          setChanged(new Set(names));
          for (const listener of listeners.current) {
            if (listener.names === '*' || listener.names.some((name) => names.includes(name))) listener.callback(pick(next.properties, listener.names));
          }
        }
      }
      return next;
    } catch (error) {
      setDeal((current) => (current && !(current instanceof Error) ? current : (error as Error)));
      return undefined;
    }
  }, [dealId]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), pollMs);
    return () => clearInterval(timer);
  }, [refresh, pollMs]);

  useEffect(() => {
    if (changed.size === 0) return undefined;
    const timer = setTimeout(() => setChanged(new Set()), 2500);
    return () => clearTimeout(timer);
  }, [changed]);

  return { deal, changed, refresh, listeners };
}

export function DealView({ dealId, info, card }: { dealId: string; info: WorkbenchInfo; card: RenderCallback | Error }) {
  const { deal, changed, refresh, listeners } = useDeal(dealId, info.pollMs);
  const [alerts, setAlerts] = useState<PageAlert[]>([]);
  const [cardKey, setCardKey] = useState(0);
  const alertId = useRef(0);

  const actions = useMemo<ExtensionApi['actions']>(
    () => ({
      addAlert: ({ type = 'info', message, title }: { type?: PageAlert['type']; message: string; title?: string }) =>
        setAlerts((current) => [...current, { id: ++alertId.current, type, message, title }]),
      refreshObjectProperties: () => void refresh(),
      reloadPage: () => {
        setCardKey((key) => key + 1);
        void refresh();
      },
      fetchCrmObjectProperties: async (names: string[] | '*') => {
        const latest = await refresh();
        if (!latest) throw new Error('Could not read the deal from HubSpot.');
        return pick(latest.properties, names);
      },
      onCrmPropertiesUpdate: (names: string[] | '*', callback: PropertiesListener['callback']) => {
        listeners.current.add({ names, callback });
      },
      copyTextToClipboard: (text: string) => navigator.clipboard.writeText(text),
      openIframeModal: unsupportedAction('openIframeModal'),
      navigateToPage: unsupportedAction('navigateToPage'),
      closeOverlay: unsupportedAction('closeOverlay'),
    }),
    [refresh, listeners],
  );

  const context = useMemo<ExtensionApi['context']>(
    () => ({
      location: 'crm.record.tab',
      crm: { objectId: Number(dealId), objectTypeId: '0-3' },
      portal: { id: info.hubspot.portalId, timezone: 'America/Los_Angeles' },
      user: demoUser,
      extension: { appId: 'aurora-solar-for-hubspot', appName: info.appName, cardTitle: info.cardTitle },
      variables: {},
    }),
    // cardKey: a new context per reload, so "reload page" re-runs the extension like HubSpot does.
    [dealId, info, cardKey],
  );

  const dismiss = (id: number) => setAlerts((current) => current.filter((alert) => alert.id !== id));
  const loaded = deal && !(deal instanceof Error) ? deal : undefined;
  const name = loaded?.properties.dealname ?? `Deal ${dealId}`;

  return (
    <>
      <a className="wb-back" href="#/">
        ‹ Deals
      </a>
      {deal instanceof Error && <div className="wb-error">Could not read this deal from HubSpot: {deal.message}</div>}
      <div className="wb-record">
        <aside className="wb-record__left">
          <section className="wb-panel wb-record-head">
            <div className="wb-record-head__icon" aria-hidden="true">
              $
            </div>
            <h1 className="wb-record-head__name" data-testid="deal-name">
              {name}
            </h1>
            <div className="wb-record-head__meta">
              Stage: <strong data-testid="deal-stage">{loaded?.stageLabel ?? '—'}</strong>
            </div>
          </section>
          {loaded ? <PropertiesPanel deal={loaded} changed={changed} /> : <LoadingSpinner label="Loading the deal" showLabel layout="centered" />}
        </aside>
        <section>
          <nav className="wb-tabs" aria-label="Record tabs">
            <span className="wb-tab">Overview</span>
            <span className="wb-tab">Activities</span>
            <span className="wb-tab wb-tab--active">{info.cardTitle}</span>
          </nav>
          <div className="wb-card">
            <div className="wb-card__head">
              <h2 className="wb-card__title">{info.cardTitle}</h2>
              <span className="wb-card__app">{info.appName}</span>
            </div>
            {alerts.length > 0 && (
              <div className="wb-alerts" data-testid="page-alerts">
                {alerts.map((alert) => (
                  <div className="wb-alert-row" key={alert.id}>
                    <Alert title={alert.title ?? ''} variant={alert.type}>
                      {alert.message}
                    </Alert>
                    <button type="button" className="wb-alert-row__close" aria-label="Dismiss" onClick={() => dismiss(alert.id)}>
                      ×
                    </button>
                  </div>
                ))}
              </div>
            )}
            <div data-testid="card">
              {card instanceof Error ? (
                <div className="uie-crash">
                  The card's entry failed to load: <pre>{card.message}</pre>
                </div>
              ) : (
                <ExtensionHost key={cardKey} render={card} context={context} actions={actions} transport={serverlessTransport} />
              )}
            </div>
          </div>
        </section>
        <aside className="wb-record__right">
          {info.aurora.mode === 'simulator' && <SimulatorPanel projectId={loaded?.properties.aurora_project_id ?? null} pollMs={info.pollMs} />}
          <WorkflowActionPanel dealId={dealId} onDone={() => void refresh()} />
          <FunctionCallsPanel />
        </aside>
      </div>
    </>
  );
}

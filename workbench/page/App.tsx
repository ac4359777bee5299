// The workbench page: HubSpot-like navigation and the three views (deal list, deal record, app settings).
import { useEffect, useState } from 'react';
import type { RenderCallback } from '../renderer/host';
import type { WorkbenchInfo } from '../protocol';
import { DealsView } from './DealsView';
import { DealView } from './DealView';
import { SettingsView } from './SettingsView';

type Route = { view: 'deals' } | { view: 'deal'; id: string } | { view: 'settings' };

function parseRoute(hash: string): Route {
  const deal = /^#\/deals\/([^/]+)$/.exec(hash);
  if (deal) return { view: 'deal', id: decodeURIComponent(deal[1]!) };
  if (hash === '#/settings') return { view: 'settings' };
  return { view: 'deals' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

const Sprocket = () => (
  <svg className="wb-nav__logo" viewBox="0 0 24 24" aria-hidden="true">
    <circle cx="14" cy="13" r="5" fill="none" stroke="#ff7a59" strokeWidth="2.6" />
    <path d="M14 8V4M10.5 16.5 6 20M9 13H4" stroke="#ff7a59" strokeWidth="2.6" strokeLinecap="round" />
    <circle cx="14" cy="3.2" r="1.8" fill="#ff7a59" />
    <circle cx="5" cy="21" r="1.8" fill="#ff7a59" />
  </svg>
);

const modeLabel = (mode: 'simulator' | 'remote', remote: string) => (mode === 'simulator' ? 'simulator' : remote);

export function App({ info, card, settings }: { info: WorkbenchInfo; card: RenderCallback | Error; settings: RenderCallback | Error }) {
  const route = useRoute();
  return (
    <>
      <header className="wb-nav">
        <a className="wb-nav__brand" href="#/">
          <Sprocket />
          Workbench
        </a>
        <a className={`wb-nav__link ${route.view !== 'settings' ? 'wb-nav__link--active' : ''}`} href="#/">
          Deals
        </a>
        <a className={`wb-nav__link ${route.view === 'settings' ? 'wb-nav__link--active' : ''}`} href="#/settings">
          Settings
        </a>
        <span className="wb-nav__spacer" />
        <span className="wb-mode" data-testid="mode-aurora">
          Aurora: <strong>{modeLabel(info.aurora.mode, 'live API')}</strong>
        </span>
        <span className="wb-mode" data-testid="mode-hubspot">
          HubSpot: <strong>{modeLabel(info.hubspot.mode, `portal ${info.hubspot.portalId || ''}`.trim())}</strong>
        </span>
      </header>
      <main className="wb-main">
        {route.view === 'deals' && <DealsView />}
        {route.view === 'deal' && <DealView key={route.id} dealId={route.id} info={info} card={card} />}
        {route.view === 'settings' && <SettingsView info={info} settings={settings} />}
      </main>
    </>
  );
}

// The app's settings page inside a HubSpot-like settings layout, running the REAL settings extension.
import { useMemo, useRef, useState } from 'react';
import { Alert } from '../renderer/components';
import { ExtensionHost, type ExtensionApi, type RenderCallback } from '../renderer/host';
import type { WorkbenchInfo } from '../protocol';
import { serverlessTransport } from './api';
import { demoUser, unsupportedAction } from './extensionContext';

interface PageAlert {
  id: number;
  type: 'info' | 'warning' | 'success' | 'danger' | 'tip';
  title: string | undefined;
  message: string;
}

export function SettingsView({ info, settings }: { info: WorkbenchInfo; settings: RenderCallback | Error }) {
  const [alerts, setAlerts] = useState<PageAlert[]>([]);
  const alertId = useRef(0);
  const actions = useMemo<ExtensionApi['actions']>(
    () => ({
      addAlert: ({ type = 'info', message, title }: { type?: PageAlert['type']; message: string; title?: string }) =>
        setAlerts((current) => [...current, { id: ++alertId.current, type, message, title }]),
      copyTextToClipboard: (text: string) => navigator.clipboard.writeText(text),
      reloadPage: () => window.location.reload(),
      openIframeModal: unsupportedAction('openIframeModal'),
      navigateToPage: unsupportedAction('navigateToPage'),
      closeOverlay: unsupportedAction('closeOverlay'),
    }),
    [],
  );
  const context = useMemo<ExtensionApi['context']>(
    () => ({
      location: 'settings',
      portal: { id: info.hubspot.portalId, timezone: 'America/Los_Angeles' },
      user: demoUser,
      extension: { appId: 'aurora-solar-for-hubspot', appName: info.appName },
      variables: {},
    }),
    [info],
  );
  return (
    <div className="wb-settings">
      <nav className="wb-settings__nav" aria-label="Settings">
        <div className="wb-settings__nav-head">Integrations</div>
        <span className="wb-settings__nav-item">Private apps</span>
        <span className="wb-settings__nav-item wb-settings__nav-item--active">Connected apps</span>
        <span className="wb-settings__nav-item">Data management</span>
      </nav>
      <section className="wb-settings__content" data-testid="settings">
        <h1 className="wb-title">{info.appName}</h1>
        <p className="wb-subtitle">Settings · webhook endpoint <span className="wb-mono">{info.webhookUrl}</span></p>
        {alerts.map((alert) => (
          <Alert key={alert.id} title={alert.title ?? ''} variant={alert.type}>
            {alert.message}
          </Alert>
        ))}
        {settings instanceof Error ? (
          <div className="uie-crash">
            The settings page's entry failed to load: <pre>{settings.message}</pre>
          </div>
        ) : (
          <ExtensionHost render={settings} context={context} actions={actions} transport={serverlessTransport} />
        )}
      </section>
    </div>
  );
}

// The admin settings page: the Aurora connection, HubSpot setup, webhooks, the field map and recent sync problems.
import { Divider, Flex, LoadingSpinner } from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import { AudienceContext, type CallFunction, ErrorAlert, useAction } from '@aurora/ui-shared';
import { useSettingsOverview } from '../hooks/useSettingsOverview';
import { AppSettingsSection } from './app-settings/AppSettingsSection';
import { ConnectionSection } from './ConnectionSection';
import { FieldMapTable } from './FieldMapTable';
import { InstallSection } from './InstallSection';
import { SyncProblems } from './SyncProblems';
import { WebhooksSection } from './WebhooksSection';

export interface SettingsPageProps {
  call: CallFunction;
  actions: { addAlert: AddAlertAction };
  /** The clock for "3 minutes ago"; tests pass a fixed one. */
  now?: () => Date;
  /** The admin's email from HubSpot's settings context, recorded with each settings change. */
  changedBy?: string;
  /** The portal id from HubSpot's settings context (links to deal records). */
  portalId?: number;
}

const systemNow = () => new Date();

/** The page speaks to the admin reading it: "ask your HubSpot admin to …" becomes what to do (AudienceContext). */
export function SettingsPage(props: SettingsPageProps) {
  return (
    <AudienceContext.Provider value="admin">
      <SettingsPageBody {...props} />
    </AudienceContext.Provider>
  );
}

function SettingsPageBody({ call, actions, now = systemNow, changedBy, portalId }: SettingsPageProps) {
  const { state, reload } = useSettingsOverview(call);
  const testConnection = useAction(
    () => call('aurora_test_connection', {}),
    undefined,
    (result) => !result.report.aurora.ok || result.report.hubspot.some((check) => !check.ok),
  );
  // Setup and webhook registration change what the overview reports (setup state, endpoint), so reload it after.
  const install = useAction(() => call('aurora_install', {}), () => reload(), (result) => !result.report.ready);
  const registerWebhooks = useAction(
    () => call('aurora_register_webhooks', {}),
    () => reload(),
    (result) => result.registrations.some((registration) => registration.outcome === 'failed'),
  );

  if (state.status === 'loading') return <LoadingSpinner label="Loading Aurora Solar settings" layout="centered" />;
  const overview = state.status === 'loaded' ? state.overview : null;
  const loadError = state.status === 'failed' ? state.error : state.status === 'loaded' ? state.reloadError : null;
  return (
    <Flex direction="column" gap="md">
      {/* The actions below still work without the overview: the installer only needs HubSpot, for example. */}
      {loadError ? <ErrorAlert title="Could not load the Aurora Solar settings" error={loadError} onRetry={() => void reload()} /> : null}
      <ConnectionSection overview={overview} testConnection={testConnection} />
      <Divider />
      <InstallSection setup={overview?.setup ?? null} install={install} />
      <Divider />
      <WebhooksSection webhookUrl={overview?.webhookUrl ?? null} registerWebhooks={registerWebhooks} />
      <Divider />
      <AppSettingsSection call={call} changedBy={changedBy} now={now()} />
      {overview ? (
        <>
          <Divider />
          <FieldMapTable rows={overview.fieldMap} />
          <Divider />
          <SyncProblems problems={overview.problems} call={call} addAlert={actions.addAlert} onRetried={reload} now={now()} portalId={portalId} />
        </>
      ) : null}
    </Flex>
  );
}

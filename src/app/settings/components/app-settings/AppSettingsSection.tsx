// The app's settings an admin changes here, in effect on the next call: post-sale stage, asset hosts, freshness window,
// the field map and owner mapping; with what is in force, why, and who changed what when.
import { useState } from 'react';
import { Alert, Button, ButtonRow, Divider, Flex, Heading, LoadingButton, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { SettingsState } from '../../../../core/contract';
import { type CallFunction, ErrorAlert } from '@aurora/ui-shared';
import { useAppSettings } from '../../hooks/useAppSettings';
import { ChangeLog } from './ChangeLog';
import { GeneralSettings } from './GeneralSettings';
import { OwnerSettings } from './OwnerSettings';
import { PostSaleSettings } from './PostSaleSettings';
import { SaveOutcome } from './SaveOutcome';
import { ToAuroraRows } from './ToAuroraRows';
import { ToHubSpotTargets } from './ToHubSpotTargets';

export interface AppSettingsSectionProps {
  call: CallFunction;
  /** The admin's email as HubSpot's settings context gives it, recorded with each change. */
  changedBy?: string;
  now: Date;
}

export function AppSettingsSection({ call, changedBy, now }: AppSettingsSectionProps) {
  const { state, load, edit, save } = useAppSettings(call, changedBy);
  const [discards, setDiscards] = useState(0);
  if (state.status === 'loading') return <LoadingSpinner label="Loading the app settings" />;
  if (state.status === 'failed') return <ErrorAlert title="Could not load the app settings" error={state.error} onRetry={() => void load()} />;
  const { current, choices, draft } = state;
  const dirty = JSON.stringify(draft) !== JSON.stringify(current.settings);
  return (
    <Flex direction="column" gap="md">
      <Heading>App settings</Heading>
      <Text variant="microcopy">Saved here, in HubSpot; every change is checked against this portal and applies from the next sync, create or webhook.</Text>
      <InForce current={current} />
      <PostSaleSettings settings={draft} pipelines={choices.pipelines} edit={edit} />
      <Divider />
      <ToAuroraRows settings={draft} choices={choices} edit={edit} />
      <ToHubSpotTargets settings={draft} choices={choices} edit={edit} />
      <Divider />
      <OwnerSettings settings={draft} choices={choices} edit={edit} />
      <Divider />
      {/* Remounted when the settings shown are replaced (saved, discarded, reloaded), so its text fields start from them. */}
      <GeneralSettings key={JSON.stringify(current.settings) + String(discards)} settings={draft} edit={edit} />
      <ButtonRow>
        <LoadingButton variant="primary" loading={save.running} disabled={!dirty && current.source === 'saved'} onClick={() => void save.run(draft, current.savedAt)}>
          Save settings
        </LoadingButton>
        <Button
          variant="secondary"
          disabled={!dirty || save.running}
          onClick={() => {
            edit(() => current.settings);
            setDiscards((count) => count + 1);
          }}
        >
          Discard changes
        </Button>
      </ButtonRow>
      <SaveOutcome state={save.state} onRetry={() => void save.retry()} />
      <ChangeLog log={current.log} now={now} />
    </Flex>
  );
}

/** Which settings run and why; what in them no longer fits the portal. */
function InForce({ current }: { current: SettingsState }) {
  return (
    <>
      {current.problem ? (
        <Alert title="Running on the last good settings" variant="warning">
          <Text>{current.problem}</Text>
          <Text>Review the settings below (they are the ones in force) and save them to replace the unusable ones.</Text>
        </Alert>
      ) : null}
      {current.portalProblems.length > 0 ? (
        <Alert title="Some settings no longer fit this portal" variant="warning">
          {current.portalProblems.map((problem) => (
            <Text key={`${problem.field}:${problem.message}`}>
              • {problem.field}: {problem.message}
            </Text>
          ))}
        </Alert>
      ) : null}
      {current.source === 'defaults' && !current.problem ? <Text variant="microcopy">Nothing saved yet: the app runs on its defaults, shown below.</Text> : null}
    </>
  );
}

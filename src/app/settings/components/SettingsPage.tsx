// The admin settings page (skeleton): shows the connection settings the app runs with.
import { useEffect, useState } from 'react';
import { Alert, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ResultOf } from '../../../core/contract';
import type { CallFunction } from '../callFunction';

export function SettingsPage({ call }: { call: CallFunction }) {
  const [overview, setOverview] = useState<ResultOf<'aurora_settings_overview'> | null>(null);
  useEffect(() => {
    void call('aurora_settings_overview', {}).then(setOverview);
  }, [call]);
  if (!overview) return <LoadingSpinner label="Loading settings" />;
  if (!overview.ok) return <Alert title="Could not load the settings" variant="error">{overview.error.message}</Alert>;
  return <Text>Aurora environment: {overview.environment ?? 'not set'}</Text>;
}

// The Aurora connection: environment and tenant (never the key), and Test connection with what the key can use.
import { Alert, ButtonRow, DescriptionList, DescriptionListItem, Flex, Heading, LoadingButton, StatusTag, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { ConnectionReport, FeatureStatus, ResultOf } from '../../../core/contract';
import { featureLabel, humanize } from '../format';
import { type Action, ErrorAlert } from '@aurora/ui-shared';
import type { SettingsOverview } from '../hooks/useSettingsOverview';
import { PagedTable } from './PagedTable';

export interface ConnectionSectionProps {
  overview: SettingsOverview | null;
  testConnection: Action<[], ResultOf<'aurora_test_connection'>>;
}

export function ConnectionSection({ overview, testConnection }: ConnectionSectionProps) {
  const { state } = testConnection;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Aurora connection</Heading>
      {overview ? (
        <DescriptionList direction="row">
          <DescriptionListItem label="Aurora environment">
            <Text>{overview.environment ? humanize(overview.environment) : 'Not set'}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Tenant id">
            <Text>{overview.tenantId ?? 'Not set'}</Text>
          </DescriptionListItem>
        </DescriptionList>
      ) : null}
      <Text variant="microcopy">The API key is kept in the app&apos;s secrets (AURORA_API_KEY) and is never shown here.</Text>
      <ButtonRow>
        <LoadingButton variant="primary" loading={testConnection.running} resultIconName={testConnection.resultIcon} onClick={() => void testConnection.run()}>
          Test connection
        </LoadingButton>
      </ButtonRow>
      {state.status === 'failed' ? (
        <ErrorAlert title="The connection test failed" error={state.error} onRetry={() => void testConnection.retry()} />
      ) : null}
      {state.status === 'succeeded' ? <ConnectionResult report={state.result.report} /> : null}
    </Flex>
  );
}

const FEATURE_STATUS_TAGS: Record<FeatureStatus, { variant: 'success' | 'danger' | 'default'; label: string }> = {
  available: { variant: 'success', label: 'Available' },
  unavailable: { variant: 'danger', label: 'Not available' },
  not_checked: { variant: 'default', label: 'Not checked' },
};

const labels = (features: ConnectionReport['features']) => features.map((feature) => featureLabel(feature.feature)).join(', ');

function ConnectionResult({ report }: { report: ConnectionReport }) {
  const unavailable = report.features.filter((feature) => feature.status === 'unavailable');
  const notChecked = report.features.filter((feature) => feature.status === 'not_checked');
  const checked = report.features.length - notChecked.length;
  // One reason per cause (e.g. "no project yet" for all four design features), not one per feature.
  const notCheckedReasons = [...new Set(notChecked.map((feature) => feature.message))];
  const hubspotProblems = report.hubspot.filter((check) => !check.ok);
  return (
    <Flex direction="column" gap="sm">
      {report.aurora.ok ? (
        <Alert title="Connected to Aurora" variant={unavailable.length > 0 ? 'warning' : notChecked.length > 0 ? 'info' : 'success'}>
          <Text>
            {humanize(report.aurora.environment)} tenant {report.aurora.tenantId}: the key can use {checked - unavailable.length} of {checked} checked features.
          </Text>
          {unavailable.length > 0 ? (
            <Text>
              Not available with this key: {labels(unavailable)}. The card works without them and says what it skipped; ask Aurora to enable them for this
              key if you need them.
            </Text>
          ) : null}
          {notChecked.length > 0 ? (
            <Text>
              {notChecked.length} not checked yet ({labels(notChecked)}). {notCheckedReasons.join(' ')}
            </Text>
          ) : null}
        </Alert>
      ) : (
        <Alert title="Aurora did not accept the connection" variant="danger">
          <Text>{report.aurora.message}</Text>
        </Alert>
      )}
      <Text format={{ fontWeight: 'demibold' }}>Aurora features</Text>
      <PagedTable
        testId="aurora-features"
        header={
          <TableRow>
            <TableHeader>Feature</TableHeader>
            <TableHeader>Status</TableHeader>
            <TableHeader>Details</TableHeader>
          </TableRow>
        }
        rows={report.features.map((feature) => (
          <TableRow key={feature.feature}>
            <TableCell>{featureLabel(feature.feature)}</TableCell>
            <TableCell>
              <StatusTag variant={FEATURE_STATUS_TAGS[feature.status].variant}>{FEATURE_STATUS_TAGS[feature.status].label}</StatusTag>
            </TableCell>
            <TableCell>{feature.message}</TableCell>
          </TableRow>
        ))}
      />
      <Text format={{ fontWeight: 'demibold' }}>HubSpot account</Text>
      {hubspotProblems.length > 0 ? (
        <Alert title="HubSpot is missing something the app needs" variant="warning">
          {hubspotProblems.map((check) => (
            <Text key={check.check}>
              • {check.check}: {check.message}
            </Text>
          ))}
        </Alert>
      ) : null}
      <PagedTable
        testId="hubspot-checks"
        header={
          <TableRow>
            <TableHeader>Check</TableHeader>
            <TableHeader>Status</TableHeader>
            <TableHeader>Details</TableHeader>
          </TableRow>
        }
        rows={report.hubspot.map((check) => (
          <TableRow key={check.check}>
            <TableCell>{check.check}</TableCell>
            <TableCell>
              <StatusTag variant={check.ok ? 'success' : 'danger'}>{check.ok ? 'OK' : 'Problem'}</StatusTag>
            </TableCell>
            <TableCell>{check.message}</TableCell>
          </TableRow>
        ))}
      />
    </Flex>
  );
}

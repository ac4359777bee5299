// Set up HubSpot (the idempotent installer): properties, the Aurora Design object, association labels, folder, checks.
import { Alert, ButtonRow, Flex, Heading, LoadingButton, StatusTag, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { InstallReport, ResultOf, SetupState } from '../../../core/contract';
import { humanize, isProblemStep, stepVariant } from '../format';
import { type Action, ErrorAlert } from '@aurora/ui-shared';
import { PagedTable } from './PagedTable';

export interface InstallSectionProps {
  setup: SetupState | null;
  install: Action<[], ResultOf<'aurora_install'>>;
}

export function InstallSection({ setup, install }: InstallSectionProps) {
  const { state } = install;
  return (
    <Flex direction="column" gap="sm">
      <Heading>HubSpot setup</Heading>
      {setup ? (
        <Flex direction="row" gap="sm" align="center">
          <StatusTag variant={setup.ready ? 'success' : 'warning'}>{setup.ready ? 'Ready' : 'Not ready'}</StatusTag>
          <Text>{setup.ready ? 'Reps can use the Aurora card on deals.' : 'Reps cannot use the Aurora card until this is fixed:'}</Text>
        </Flex>
      ) : null}
      {setup && !setup.ready
        ? setup.problems.map((problem) => (
            <Text key={problem}>• {problem}</Text>
          ))
        : null}
      <Text variant="microcopy">
        Creates or checks the Aurora Solar deal properties, the Aurora Design object and its deal associations, and the screenshots folder. Safe to run
        again: it changes only what is missing.
      </Text>
      <ButtonRow>
        <LoadingButton variant="primary" loading={install.running} resultIconName={install.resultIcon} onClick={() => void install.run()}>
          Set up HubSpot
        </LoadingButton>
      </ButtonRow>
      {state.status === 'failed' ? <ErrorAlert title="Setup did not finish" error={state.error} onRetry={() => void install.retry()} /> : null}
      {state.status === 'succeeded' ? <InstallResult report={state.result.report} /> : null}
    </Flex>
  );
}

function InstallResult({ report }: { report: InstallReport }) {
  const problems = report.steps.filter(isProblemStep);
  // Problems first, so the admin sees what to fix without paging.
  const steps = [...problems, ...report.steps.filter((step) => !isProblemStep(step))];
  return (
    <Flex direction="column" gap="sm">
      {report.ready ? (
        <Alert title="HubSpot is ready for Aurora Solar" variant="success">
          <Text>{report.writes === 0 ? 'Everything was already in place; nothing was changed.' : `Made ${report.writes} change${report.writes === 1 ? '' : 's'} in HubSpot.`}</Text>
        </Alert>
      ) : (
        <Alert title="HubSpot is not ready yet" variant="danger">
          <Text>Fix these, then run Set up HubSpot again:</Text>
          {problems.map((step) => (
            <Text key={`${step.kind}:${step.name}`}>
              • {step.name}: {step.message}
            </Text>
          ))}
        </Alert>
      )}
      <PagedTable
        testId="install-steps"
        header={
          <TableRow>
            <TableHeader>Item</TableHeader>
            <TableHeader>Name</TableHeader>
            <TableHeader>Outcome</TableHeader>
            <TableHeader>Details</TableHeader>
          </TableRow>
        }
        rows={steps.map((step) => (
          <TableRow key={`${step.kind}:${step.name}`}>
            <TableCell>{humanize(step.kind)}</TableCell>
            <TableCell>{step.name}</TableCell>
            <TableCell>
              <StatusTag variant={stepVariant(step.outcome)}>{humanize(step.outcome)}</StatusTag>
            </TableCell>
            <TableCell>{step.message}</TableCell>
          </TableRow>
        ))}
      />
    </Flex>
  );
}

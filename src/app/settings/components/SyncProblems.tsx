// Deals with a failed sync or unfinished Aurora work: which deal, when, what waits and what happens next, and a button to sync it again.
import { EmptyState, Flex, Heading, Link, LoadingButton, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import type { SyncProblem } from '../../../core/contract';
import { type CallFunction, useAction } from '@aurora/ui-shared';
import { relativeTime } from '../format';
import { PagedTable } from './PagedTable';

export interface SyncProblemsProps {
  problems: SyncProblem[];
  call: CallFunction;
  addAlert: AddAlertAction;
  /** Reloads the page's data after a retry (a fixed deal leaves the list). */
  onRetried: () => Promise<void>;
  now: Date;
  /** The portal, for links to each deal's record, where the Aurora card shows the deal's history. */
  portalId?: number;
}

export function SyncProblems({ problems, call, addAlert, onRetried, now, portalId }: SyncProblemsProps) {
  return (
    <Flex direction="column" gap="sm">
      <Heading>Recent sync problems</Heading>
      {problems.length === 0 ? (
        <EmptyState title="No sync problems" layout="horizontal" imageName="successfullyConnectedEmail" flush>
          <Text>No deal has a failed sync or Aurora work waiting to be finished.</Text>
        </EmptyState>
      ) : (
        <PagedTable
          testId="sync-problems"
          header={
            <TableRow>
              <TableHeader>Deal</TableHeader>
              <TableHeader>When</TableHeader>
              <TableHeader>Problem</TableHeader>
              <TableHeader>Retry</TableHeader>
            </TableRow>
          }
          rows={problems.map((problem) => (
            <ProblemRow key={`${problem.dealId}:${problem.at ?? ''}`} problem={problem} call={call} addAlert={addAlert} onRetried={onRetried} now={now} portalId={portalId} />
          ))}
        />
      )}
    </Flex>
  );
}

function ProblemRow({ problem, call, addAlert, onRetried, now, portalId }: { problem: SyncProblem } & Omit<SyncProblemsProps, 'problems'>) {
  const dealName = problem.dealName ?? `Deal ${problem.dealId}`;
  const retry = useAction(
    () => call('aurora_sync_deal', { dealId: problem.dealId }),
    async (result) => {
      if (result.ok) addAlert({ type: result.sync.status === 'ok' ? 'success' : 'warning', message: syncedWords(dealName, result.sync.status, result.sync.skipped) });
      await onRetried();
    },
    (result) => result.sync.status !== 'ok',
  );
  const { state } = retry;
  return (
    <TableRow>
      <TableCell>
        <Text>{dealName}</Text>
        <Text variant="microcopy">Deal id {problem.dealId}</Text>
        {portalId ? (
          <Link href={{ url: `https://app.hubspot.com/contacts/${portalId}/record/0-3/${problem.dealId}`, external: true }}>History on the deal&apos;s Aurora card</Link>
        ) : null}
      </TableCell>
      <TableCell>{relativeTime(problem.at, now)}</TableCell>
      <TableCell>
        <Text>{problem.message}</Text>
        {state.status === 'failed' ? (
          <Text variant="microcopy">
            Retry failed: {state.error.message} {state.error.action}
          </Text>
        ) : null}
      </TableCell>
      <TableCell>
        <LoadingButton size="sm" variant="secondary" loading={retry.running} resultIconName={retry.resultIcon} onClick={() => void retry.run()}>
          Sync again
        </LoadingButton>
      </TableCell>
    </TableRow>
  );
}

function syncedWords(dealName: string, status: 'ok' | 'partial', skipped: string[]): string {
  return status === 'ok' ? `Synced ${dealName}.` : `Synced ${dealName}, but could not sync: ${skipped.join('; ')}.`;
}

// The linked deal: project header, sync outcome, out-of-date customer details, designs and the design request.
import { Alert, ButtonRow, Divider, Flex, LoadingButton, Text } from '@hubspot/ui-extensions';
import type { DealOverview, ProjectView } from '../../../core/contract';
import { describePending } from '../format';
import type { DealWrites } from '../hooks/useDealWrites';
import { DesignRequestSection } from './DesignRequestSection';
import { DesignsSection } from './DesignsSection';
import { ErrorAlert } from '@aurora/ui-shared';
import { OutOfDateNotice } from './OutOfDateNotice';
import { ProjectHeader } from './ProjectHeader';
import { SyncSummaryAlert } from './SyncSummaryAlert';

export interface LinkedProjectProps {
  overview: DealOverview;
  project: ProjectView;
  writes: DealWrites;
  now: Date;
}

export function LinkedProject({ overview, project, writes, now }: LinkedProjectProps) {
  const { sync, updateProject, designRequest, createDesign, busy } = writes;
  const projectGone = [sync, updateProject, designRequest, createDesign, writes.makePrimary].some(
    (action) => action.state.status === 'failed' && action.state.error.code === 'aurora_not_found',
  );
  return (
    <Flex direction="column" gap="md">
      <ProjectHeader project={project} sync={overview.sync} syncAction={sync} busy={busy} now={now} />
      {projectGone ? <ProjectGone unlink={writes.unlink} busy={busy} /> : null}
      {sync.state.status === 'failed' ? <ErrorAlert title="Sync failed" error={sync.state.error} onRetry={() => void sync.retry()} /> : null}
      {sync.state.status === 'succeeded' ? <SyncSummaryAlert summary={sync.state.result.sync} /> : null}
      {sync.state.status === 'idle' ? <LastSync overview={overview} /> : null}
      <OutOfDateNotice fields={overview.outOfDate} action={updateProject} busy={busy} />
      <Divider />
      <DesignsSection
        designs={overview.designs}
        dealDesign={overview.dealDesign}
        createDesign={createDesign}
        makePrimary={writes.makePrimary}
        busy={busy}
      />
      <Divider />
      <DesignRequestSection designRequest={overview.designRequest} action={designRequest} busy={busy} now={now} />
    </Flex>
  );
}

/** What is not in HubSpot yet: the work marked pending on the deal and its designs, and what the last sync could not read. */
function LastSync({ overview }: { overview: DealOverview }) {
  const { status, lastError, pending } = overview.sync;
  const waiting = describePending(pending);
  if (status === 'error') {
    return (
      <Alert title="The last sync failed" variant="danger">
        <Text>{lastError ?? 'Aurora data could not be synced.'}</Text>
        <Text>Press Sync to try again. If it keeps failing, ask your HubSpot admin to check the app settings.</Text>
      </Alert>
    );
  }
  if (status === 'partial') {
    return (
      <Alert title="Not everything from Aurora is in HubSpot yet" variant="warning">
        {lastError ? <Text>{lastError}</Text> : null}
        {waiting ? <Text>Waiting for the next sync: {waiting}.</Text> : null}
        <Text>Press Sync to finish it.</Text>
      </Alert>
    );
  }
  return waiting ? <Text variant="microcopy">Waiting for the next sync: {waiting}.</Text> : null;
}

/** Aurora no longer has the project (deleted there): the way out is to unlink the deal and create a new one. */
export function ProjectGone({ unlink, busy }: { unlink: DealWrites['unlink']; busy: boolean }) {
  return (
    <>
      <Alert title="This project no longer exists in Aurora" variant="danger">
        <Text>It was probably deleted in Aurora. Unlink this deal to create a new Aurora project for it.</Text>
        <ButtonRow>
          <LoadingButton variant="destructive" loading={unlink.running} resultIconName={unlink.resultIcon} disabled={busy && !unlink.running} onClick={() => void unlink.run()}>
            Unlink from Aurora
          </LoadingButton>
        </ButtonRow>
      </Alert>
      {unlink.state.status === 'failed' ? (
        <ErrorAlert title="Could not unlink the deal" error={unlink.state.error} onRetry={() => void unlink.retry()} />
      ) : null}
    </>
  );
}

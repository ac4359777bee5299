// The Deal card's body: loads the deal's Aurora overview and shows the state it is in (not set up, not linked, being created, linked).
import { Alert, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { CallFunction } from '@aurora/ui-shared';
import { useDealOverview } from '../hooks/useDealOverview';
import { useDealWrites, type CardActions } from '../hooks/useDealWrites';
import { LIVE_TIMING, useLiveUpdates, type LiveTiming } from '../hooks/useLiveUpdates';
import { CreateProject, CreatingProject } from './CreateProject';
import { DealHistory } from './DealHistory';
import { ErrorAlert } from '@aurora/ui-shared';
import { LinkedProject, ProjectGone } from './LinkedProject';
import { SetupNeeded } from './SetupNeeded';

export interface DealCardProps {
  dealId: string;
  call: CallFunction;
  actions: CardActions;
  /** Where an admin finds the app's settings (HubSpot's Connected apps page); null hides the link. */
  settingsUrl?: string | null;
  /** The clock for "3 minutes ago"; tests pass a fixed one. */
  now?: () => Date;
  /** Live-update windows; tests pass small ones. */
  timing?: Partial<LiveTiming>;
}

const systemNow = () => new Date();

export function DealCard({ dealId, call, actions, settingsUrl = null, now = systemNow, timing }: DealCardProps) {
  const { state, reload, patch } = useDealOverview(call, dealId);
  const writes = useDealWrites({ call, dealId, actions, reload, patch });
  const live = { ...LIVE_TIMING, ...timing };
  const overviewNow = state.status === 'loaded' ? state.overview : null;
  useLiveUpdates({
    onCrmPropertiesUpdate: actions.onCrmPropertiesUpdate,
    reload,
    // The first load and the card's own writes read the overview anyway once they are done.
    busy: writes.busy || state.status === 'loading',
    // Another tab's create links the deal within seconds; a designer may finish the roof model any minute. Their writes
    // to the deal may not reach an open record page.
    pollEveryMs:
      overviewNow?.link.state === 'creating' ? live.creatingPollMs : overviewNow?.designRequest?.status === 'submitted' ? live.pollMs : null,
    timing: live,
  });

  if (state.status === 'loading') return <LoadingSpinner label="Loading Aurora project" layout="centered" />;
  if (state.status === 'failed') {
    if (state.error.code === 'not_configured') return <SetupNeeded problems={[state.error.message]} settingsUrl={settingsUrl} />;
    if (state.error.code === 'aurora_not_found') return <ProjectGone unlink={writes.unlink} busy={writes.busy} />;
    return <ErrorAlert title="Could not load the Aurora project" error={state.error} onRetry={() => void reload()} />;
  }

  const { overview } = state;
  if (!overview.setup.ready) return <SetupNeeded problems={overview.setup.problems} settingsUrl={settingsUrl} />;
  return (
    <Flex direction="column" gap="md">
      {state.reloadError ? (
        <ErrorAlert title="Could not refresh the Aurora project" error={state.reloadError} onRetry={() => void reload()} />
      ) : null}
      {overview.attention ? (
        <Alert title="Needs attention" variant="danger">
          <Text>{overview.attention}</Text>
        </Alert>
      ) : null}
      {overview.link.state === 'linked' ? (
        <LinkedProject overview={overview} project={overview.link.project} writes={writes} now={now()} />
      ) : overview.link.state === 'creating' ? (
        <CreatingProject since={overview.link.since} now={now()} />
      ) : (
        <CreateProject
          preflight={overview.link.preflight}
          unfinishedSince={overview.link.unfinishedSince}
          now={now()}
          create={writes.createProject}
          busy={writes.busy}
          onCheckAgain={() => void reload()}
        />
      )}
      <DealHistory history={overview.history ?? []} now={now()} />
    </Flex>
  );
}

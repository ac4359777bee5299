// The unlinked deal: what Create in Aurora will send, which HubSpot fields must be filled in first, or a create under way.
import { Alert, Button, ButtonRow, DescriptionList, DescriptionListItem, Flex, Heading, LoadingButton, Text } from '@hubspot/ui-extensions';
import type { MissingField, Preflight } from '../../../core/contract';
import type { DealWrites } from '../hooks/useDealWrites';
import { ErrorAlert } from '@aurora/ui-shared';
import { relativeTime } from '../format';

export interface CreateProjectProps {
  preflight: Preflight;
  /** An earlier Create stopped then without linking: Aurora may have its project (Create looks for it first). */
  unfinishedSince?: string | null;
  now: Date;
  create: DealWrites['createProject'];
  busy: boolean;
  /** Re-reads the deal, e.g. after the rep filled in the missing fields. */
  onCheckAgain: () => void;
}

export function CreateProject({ preflight, unfinishedSince = null, now, create, busy, onCheckAgain }: CreateProjectProps) {
  const { state } = create;
  const inProgress = state.status === 'succeeded' && state.result.outcome === 'in_progress';
  const checkAgain = () => {
    create.reset();
    onCheckAgain();
  };
  return (
    <Flex direction="column" gap="sm">
      <Heading>Aurora Solar project</Heading>
      <Text>This deal is not linked to an Aurora project yet.</Text>
      {preflight.missing.length > 0 ? (
        <MissingFields missing={preflight.missing} onCheckAgain={checkAgain} />
      ) : (
        <>
          {preflight.willSend.length > 0 ? (
            <>
              <Text format={{ fontWeight: 'demibold' }}>Create in Aurora will send:</Text>
              <DescriptionList direction="row">
                {preflight.willSend.map((item) => (
                  <DescriptionListItem key={item.label} label={item.label}>
                    <Text>{item.value}</Text>
                  </DescriptionListItem>
                ))}
              </DescriptionList>
            </>
          ) : null}
          {inProgress ? (
            <Alert title="The Aurora project is already being created" variant="info">
              <Text>A Create in Aurora for this deal started a moment ago and has not linked its project yet. Check again in a few seconds.</Text>
              <ButtonRow>
                <Button onClick={checkAgain}>Check again</Button>
              </ButtonRow>
            </Alert>
          ) : (
            <ButtonRow>
              <LoadingButton variant="primary" loading={create.running} resultIconName={create.resultIcon} disabled={busy && !create.running} onClick={() => void create.run()}>
                Create in Aurora
              </LoadingButton>
            </ButtonRow>
          )}
        </>
      )}
      {state.status === 'failed' ? (
        <ErrorAlert title="Could not create the Aurora project" error={state.error} onRetry={() => void create.retry()} />
      ) : unfinishedSince && !create.running && !inProgress ? (
        <Alert title="An earlier Create in Aurora did not finish" variant="info">
          <Text>
            It stopped {relativeTime(unfinishedSince, now)}. Aurora may have made the project: Create in Aurora looks for it first and links it, so it
            never makes a second one.
          </Text>
        </Alert>
      ) : null}
    </Flex>
  );
}

/** Another tab, rep or workflow holds the create: no Create button (the card polls until the link appears). */
export function CreatingProject({ since, now }: { since: string; now: Date }) {
  return (
    <Flex direction="column" gap="sm">
      <Heading>Aurora Solar project</Heading>
      <Alert title="Creating the Aurora project…" variant="info">
        <Text>
          A Create in Aurora (another rep&apos;s, another tab&apos;s, or one HubSpot could not record yet) started creating the Aurora project {relativeTime(since, now)}.
          It shows here as soon as it is linked; if that create stopped, Create in Aurora is offered again a minute after it started and links any project
          Aurora made, never a second one.
        </Text>
      </Alert>
    </Flex>
  );
}

const OBJECT_WORDS: Record<MissingField['object'], string> = { deal: 'deal', contact: 'primary contact' };

function MissingFields({ missing, onCheckAgain }: { missing: MissingField[]; onCheckAgain: () => void }) {
  return (
    <Alert title="Fill in these fields before creating the Aurora project" variant="warning">
      {missing.map((field) => (
        <Text key={`${field.object}.${field.property}`}>
          • {field.property === 'contact' ? field.label : `${field.label} (${OBJECT_WORDS[field.object] ?? field.object})`}: {field.message}
        </Text>
      ))}
      <Text>Edit them on this deal or its primary contact, then check again.</Text>
      <ButtonRow>
        <Button onClick={onCheckAgain}>Check again</Button>
      </ButtonRow>
    </Alert>
  );
}

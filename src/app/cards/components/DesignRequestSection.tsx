// Aurora's design service for this project: request a roof model (it may cost credits), follow it, accept it.
import { useState } from 'react';
import { Button, Flex, Heading, LoadingButton, StatusTag, Text } from '@hubspot/ui-extensions';
import type { DesignRequestView } from '../../../core/contract';
import { designRequestTag } from '../format';
import type { DealWrites } from '../hooks/useDealWrites';
import { ConfirmAlert } from './ConfirmAlert';
import { formatClockTime, formatDate, relativeTime } from '@aurora/format';
import { ErrorAlert, useTimeZone } from '@aurora/ui-shared';
import { SyncSummaryAlert } from './SyncSummaryAlert';

export interface DesignRequestSectionProps {
  designRequest: DesignRequestView | null;
  action: DealWrites['designRequest'];
  busy: boolean;
  now: Date;
}

export function DesignRequestSection({ designRequest, action, busy, now }: DesignRequestSectionProps) {
  const [confirming, setConfirming] = useState(false);
  const [previousId, setPreviousId] = useState<string | null>(null);
  const { state } = action;
  const blocked = busy && !action.running;
  const rejected = designRequest?.status === 'designer_rejected';
  // The rep's own new request, already rejected when the call answered: said so, so it is not taken for the old one.
  const rejectedAtOnce =
    rejected && state.status === 'succeeded' && previousId !== null && state.result.designRequest.id === designRequest.id && designRequest.id !== previousId;
  const hopeless = rejected && cannotSucceedAgain(designRequest.rejectionReason);
  const create = async () => {
    setPreviousId(designRequest?.id ?? null);
    await action.run('create');
    setConfirming(false);
  };
  const requestButton = (label: string) => (
    <Button variant="secondary" disabled={busy} onClick={() => setConfirming(true)}>
      {label}
    </Button>
  );

  return (
    <Flex direction="column" gap="sm">
      <Heading>Design request</Heading>
      {designRequest ? <RequestStatus request={designRequest} now={now} /> : <Text>Ask Aurora&apos;s design team to build the 3D roof model for this project.</Text>}
      {rejectedAtOnce ? <Text format={{ fontWeight: 'demibold' }}>Aurora rejected the new request at once, for the reason above.</Text> : null}
      {hopeless ? (
        <Text>
          A new request would be rejected for the same reason. Check the site in Aurora (Open in Aurora), or create a blank design and draw the
          roof there.
        </Text>
      ) : null}
      {confirming ? (
        <ConfirmAlert
          title="Request a roof model from Aurora?"
          confirmLabel="Request design"
          running={action.running}
          resultIcon={action.resultIcon}
          onConfirm={() => void create()}
          onCancel={() => setConfirming(false)}
        >
          <Text>
            Aurora&apos;s designers will model this roof, usually within a few business hours. This may use design credits on your Aurora
            account.
          </Text>
        </ConfirmAlert>
      ) : (
        <Flex direction="row" gap="sm" wrap>
          {!designRequest ? requestButton('Request a design') : null}
          {designRequest?.status === 'designer_completed' ? (
            <LoadingButton variant="primary" loading={action.running} resultIconName={action.resultIcon} disabled={blocked} onClick={() => void action.run('accept')}>
              Accept design
            </LoadingButton>
          ) : null}
          {designRequest?.status === 'accepted' ? requestButton('Request another design') : null}
          {rejected && !hopeless ? requestButton('Request again') : null}
          {designRequest && !FINAL.has(designRequest.status) && designRequest.status !== 'designer_completed' ? (
            <LoadingButton variant="secondary" loading={action.running} resultIconName={action.resultIcon} disabled={blocked} onClick={() => void action.run('refresh')}>
              Check status
            </LoadingButton>
          ) : null}
        </Flex>
      )}
      {state.status === 'failed' ? <ErrorAlert title="The design request did not go through" error={state.error} onRetry={() => void action.retry()} /> : null}
      {state.status === 'succeeded' && state.result.sync ? <SyncSummaryAlert summary={state.result.sync} /> : null}
    </Flex>
  );
}

const FINAL = new Set(['designer_rejected', 'accepted']);

/**
 * Rejection reasons about the site itself (not a home, outside Aurora's imagery, an address Aurora cannot place): a new
 * request for the same site would be rejected again and may still use design credits.
 */
const SITE_PROBLEM = /not (a )?residential|outside (of )?(the )?(coverage|service)|no (aerial )?imagery|could not (be )?(locate|located|find|found|geocode)|cannot (be )?(locate|located|find|found)|not (be )?(located|found)/i;

export const cannotSucceedAgain = (reason: string | null): boolean => reason !== null && SITE_PROBLEM.test(reason);

const STATUS_WORDS: Record<string, string> = {
  submitted: "Aurora's designers are working on the roof model.",
  designer_completed: 'The roof model is ready. Accept it to add the design to this project.',
  accepted: 'Aurora added the design from this request to the project.',
};

const SINCE_WORDS: Record<string, string> = { submitted: 'Submitted', designer_completed: 'Ready', designer_rejected: 'Rejected', accepted: 'Accepted' };

function RequestStatus({ request, now }: { request: DesignRequestView; now: Date }) {
  const tag = designRequestTag(request.status);
  const timeZone = useTimeZone();
  // When the status was first seen, so an old rejection is not taken for a new one.
  const since = request.statusAt
    ? `${SINCE_WORDS[request.status] ?? 'Status seen'} ${relativeTime(request.statusAt, now, '')} (${formatDate(request.statusAt, timeZone)}, ${formatClockTime(request.statusAt, timeZone)})`
    : null;
  const words =
    request.status === 'designer_rejected'
      ? `Aurora's designers rejected the request: ${request.rejectionReason?.trim().replace(/\.+$/, '') || 'no reason given'}.`
      : STATUS_WORDS[request.status];
  return (
    <Flex direction="row" gap="sm" align="center" wrap>
      <StatusTag variant={tag.variant}>{tag.label}</StatusTag>
      {words ? <Text>{words}</Text> : null}
      {since ? <Text variant="microcopy">{since}</Text> : null}
    </Flex>
  );
}

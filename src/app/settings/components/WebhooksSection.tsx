// Aurora webhooks: the endpoint Aurora calls, and Register webhooks with what each subscription came to.
import { Alert, ButtonRow, DescriptionList, DescriptionListItem, Flex, Heading, LoadingButton, StatusTag, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { ResultOf, WebhookRegistration } from '../../../core/contract';
import { humanize, registrationVariant } from '../format';
import { type Action, ErrorAlert } from '@aurora/ui-shared';
import { PagedTable } from './PagedTable';

export interface WebhooksSectionProps {
  webhookUrl: string | null;
  registerWebhooks: Action<[], ResultOf<'aurora_register_webhooks'>>;
}

export function WebhooksSection({ webhookUrl, registerWebhooks }: WebhooksSectionProps) {
  const { state } = registerWebhooks;
  const endpointUrl = state.status === 'succeeded' ? state.result.endpointUrl : webhookUrl;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Aurora webhooks</Heading>
      <Text variant="microcopy">
        Aurora calls this endpoint when a design request completes, a design or its screenshot changes, or an agreement changes status, so deals update
        without pressing Sync.
      </Text>
      <DescriptionList direction="row">
        <DescriptionListItem label="Endpoint URL">
          <Text>{endpointUrl ?? 'Not configured (AURORA_WEBHOOK_URL). Reps can still use Sync on the card.'}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <ButtonRow>
        <LoadingButton variant="secondary" loading={registerWebhooks.running} resultIconName={registerWebhooks.resultIcon} onClick={() => void registerWebhooks.run()}>
          Register webhooks
        </LoadingButton>
      </ButtonRow>
      {state.status === 'failed' ? (
        <ErrorAlert title="Could not register the webhooks" error={state.error} onRetry={() => void registerWebhooks.retry()} />
      ) : null}
      {state.status === 'succeeded' ? <RegistrationResult registrations={state.result.registrations} /> : null}
    </Flex>
  );
}

function RegistrationResult({ registrations }: { registrations: WebhookRegistration[] }) {
  const failed = registrations.filter((registration) => registration.outcome === 'failed' || registration.outcome === 'refused');
  return (
    <Flex direction="column" gap="sm">
      {failed.length === 0 ? (
        <Alert title="Webhooks registered" variant="success">
          <Text>Aurora will notify HubSpot of {registrations.length} kinds of events.</Text>
        </Alert>
      ) : (
        <Alert title="Some webhooks were not registered" variant="warning">
          {failed.map((registration) => (
            <Text key={registration.event}>
              • {humanize(registration.event)}: {registration.message}
            </Text>
          ))}
          <Text>Deals still update when reps press Sync. Fix the problem and register again.</Text>
        </Alert>
      )}
      <PagedTable
        testId="webhook-registrations"
        header={
          <TableRow>
            <TableHeader>Event</TableHeader>
            <TableHeader>Outcome</TableHeader>
            <TableHeader>Details</TableHeader>
          </TableRow>
        }
        rows={registrations.map((registration) => (
          <TableRow key={registration.event}>
            <TableCell>{humanize(registration.event)}</TableCell>
            <TableCell>
              <StatusTag variant={registrationVariant(registration.outcome)}>{humanize(registration.outcome)}</StatusTag>
            </TableCell>
            <TableCell>{registration.message}</TableCell>
          </TableRow>
        ))}
      />
    </Flex>
  );
}

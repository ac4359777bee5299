// A failed call in plain words: what happened, what to do, and a retry button when retrying can help.
import { Alert, Button, ButtonRow, Text } from '@hubspot/ui-extensions';
import type { UserError } from '../../../core/contract';

export function ErrorAlert({ title, error, onRetry }: { title: string; error: UserError; onRetry?: () => void }) {
  return (
    <Alert title={title} variant="danger">
      <Text>{error.message}</Text>
      {error.action ? <Text>{error.action}</Text> : null}
      {error.retryable && onRetry ? (
        <ButtonRow>
          <Button onClick={() => onRetry()}>Try again</Button>
        </ButtonRow>
      ) : null}
    </Alert>
  );
}

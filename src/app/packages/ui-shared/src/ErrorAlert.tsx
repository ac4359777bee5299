// A failed call in plain words: what happened, what to do, and a retry button when retrying can help.
import type { ReactNode } from 'react';
import { Alert, Button, ButtonRow, Text } from '@hubspot/ui-extensions';
import type { UserError } from '../../../../core/contract';
import { useContext } from 'react';
import { actionWords, AudienceContext, useTimeZone } from './timeZone';

export interface ErrorAlertProps {
  title: string;
  error: UserError;
  onRetry?: () => void;
  /** Extra ways out, e.g. "Unlink" when the project was deleted in Aurora. */
  children?: ReactNode;
}

export function ErrorAlert({ title, error, onRetry, children }: ErrorAlertProps) {
  const retry = error.retryable && onRetry;
  const action = actionWords(error, useTimeZone(), useContext(AudienceContext));
  return (
    <Alert title={title} variant="danger">
      <Text>{error.message}</Text>
      {action ? <Text>{action}</Text> : null}
      {retry || children ? (
        <ButtonRow>
          {retry ? <Button onClick={() => onRetry()}>Try again</Button> : null}
          {children}
        </ButtonRow>
      ) : null}
    </Alert>
  );
}

// An inline confirmation (no overlay): what will happen, a confirm button that shows progress, and Cancel.
import type { ReactNode } from 'react';
import { Alert, Button, ButtonRow, LoadingButton } from '@hubspot/ui-extensions';
import type { ResultIcon } from '@aurora/ui-shared';

export interface ConfirmAlertProps {
  title: string;
  confirmLabel: string;
  running: boolean;
  /** The confirming action's result icon (a failure is never marked as a success). */
  resultIcon: ResultIcon;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

export function ConfirmAlert({ title, confirmLabel, running, resultIcon, onConfirm, onCancel, children }: ConfirmAlertProps) {
  return (
    <Alert title={title} variant="warning">
      {children}
      <ButtonRow>
        <LoadingButton variant="primary" loading={running} resultIconName={resultIcon} onClick={() => onConfirm()}>
          {confirmLabel}
        </LoadingButton>
        <Button variant="secondary" disabled={running} onClick={() => onCancel()}>
          Cancel
        </Button>
      </ButtonRow>
    </Alert>
  );
}

// Customer details changed in HubSpot since they were sent to Aurora: offer to push them, confirming an address change.
import { useState } from 'react';
import { Alert, ButtonRow, LoadingButton, Text } from '@hubspot/ui-extensions';
import type { DealOverview } from '../../../core/contract';
import type { DealWrites } from '../hooks/useDealWrites';
import { ConfirmAlert } from './ConfirmAlert';
import { ErrorAlert } from '@aurora/ui-shared';

export interface OutOfDateNoticeProps {
  fields: DealOverview['outOfDate'];
  action: DealWrites['updateProject'];
  busy: boolean;
}

export function OutOfDateNotice({ fields, action, busy }: OutOfDateNoticeProps) {
  const [confirming, setConfirming] = useState(false);
  const { state } = action;
  // The function may find an address change the overview did not know about; it then asks before sending it.
  const askedToConfirm = state.status === 'succeeded' && state.result.outcome === 'needs_confirmation';
  const needsConfirmation = fields.some((field) => field.confirmRequired);
  const failure = state.status === 'failed' ? <ErrorAlert title="Could not update the Aurora project" error={state.error} onRetry={() => void action.retry()} /> : null;

  if (fields.length === 0 && !askedToConfirm) return failure;
  const update = async (confirmAddressChange: boolean) => {
    await action.run(confirmAddressChange);
    setConfirming(false);
  };
  if (confirming || askedToConfirm) {
    return (
      <>
        <ConfirmAlert
          title="Change the site address in Aurora?"
          confirmLabel="Update address in Aurora"
          running={action.running}
          resultIcon={action.resultIcon}
          onConfirm={() => void update(true)}
          onCancel={() => {
            setConfirming(false);
            action.reset();
          }}
        >
          <Text>
            Aurora will locate the site again from the new address. Roof models and designs made for the old address may no longer match.
          </Text>
        </ConfirmAlert>
        {failure}
      </>
    );
  }
  return (
    <>
      <Alert title="Aurora has older customer details" variant="warning">
        <Text>Changed in HubSpot since they were sent to Aurora: {fields.map((field) => field.label).join(', ')}.</Text>
        <ButtonRow>
          <LoadingButton
            variant="secondary"
            loading={action.running}
            resultIconName={action.resultIcon}
            disabled={busy && !action.running}
            onClick={() => (needsConfirmation ? setConfirming(true) : void update(false))}
          >
            Update in Aurora
          </LoadingButton>
        </ButtonRow>
      </Alert>
      {failure}
    </>
  );
}

// The Deal card's body (skeleton): loads the overview for the deal and shows it.
import { useEffect, useState } from 'react';
import { Alert, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { DealOverview, UserError } from '../../../core/contract';
import type { CallFunction } from '../callFunction';

export interface DealCardProps {
  dealId: string;
  call: CallFunction;
}

type State = { kind: 'loading' } | { kind: 'loaded'; overview: DealOverview } | { kind: 'failed'; error: UserError };

export function DealCard({ dealId, call }: DealCardProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    void call('aurora_deal_overview', { dealId }).then((result) =>
      setState(result.ok ? { kind: 'loaded', overview: result.overview } : { kind: 'failed', error: result.error }),
    );
  }, [call, dealId]);

  if (state.kind === 'loading') return <LoadingSpinner label="Loading Aurora project" />;
  if (state.kind === 'failed')
    return (
      <Alert title="Could not load the Aurora project" variant="error">
        {state.error.message} {state.error.action}
      </Alert>
    );
  return <Text>{state.overview.link.state === 'linked' ? 'Linked to Aurora' : 'Not linked to Aurora yet'}</Text>;
}

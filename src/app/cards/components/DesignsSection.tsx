// The designs of the linked project: the table, and a button to start a blank design in Aurora.
import { Flex, Heading, LoadingButton } from '@hubspot/ui-extensions';
import type { DesignRow } from '../../../core/contract';
import type { DealWrites } from '../hooks/useDealWrites';
import { DesignsTable } from './DesignsTable';
import { ErrorAlert } from '@aurora/ui-shared';
import { SyncSummaryAlert } from './SyncSummaryAlert';

export interface DesignsSectionProps {
  designs: DesignRow[];
  createDesign: DealWrites['createDesign'];
  busy: boolean;
}

export function DesignsSection({ designs, createDesign, busy }: DesignsSectionProps) {
  const { state } = createDesign;
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" justify="between" align="center" wrap>
        <Heading>Designs ({designs.length})</Heading>
        <LoadingButton variant="secondary" loading={createDesign.running} resultIconName={createDesign.resultIcon} disabled={busy && !createDesign.running} onClick={() => void createDesign.run()}>
          Create blank design
        </LoadingButton>
      </Flex>
      {state.status === 'failed' ? (
        <ErrorAlert title="Could not create the design" error={state.error} onRetry={() => void createDesign.retry()} />
      ) : null}
      {state.status === 'succeeded' ? <SyncSummaryAlert summary={state.result.sync} /> : null}
      <DesignsTable designs={designs} />
    </Flex>
  );
}

// The designs of the linked project: the table, and a button to start a blank design in Aurora.
import { Flex, Heading, LoadingButton, Text } from '@hubspot/ui-extensions';
import type { DealDesign, DesignRow } from '../../../core/contract';
import type { DealWrites } from '../hooks/useDealWrites';
import { DesignsTable } from './DesignsTable';
import { ErrorAlert } from '@aurora/ui-shared';
import { SyncSummaryAlert } from './SyncSummaryAlert';

export interface DesignsSectionProps {
  designs: DesignRow[];
  dealDesign: DealDesign | null;
  createDesign: DealWrites['createDesign'];
  makePrimary: DealWrites['makePrimary'];
  busy: boolean;
}

const REASON_WORDS: Record<DealDesign['reason'], string> = {
  sold: 'the sold design',
  primary: 'marked primary',
  newest: 'the newest design (none is sold or marked primary)',
};

export function DesignsSection({ designs, dealDesign, createDesign, makePrimary, busy }: DesignsSectionProps) {
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
      {dealDesign ? (
        <Text>
          The deal&apos;s figures come from {dealDesign.name}, {REASON_WORDS[dealDesign.reason] ?? dealDesign.reason}.
        </Text>
      ) : null}
      {makePrimary.state.status === 'failed' ? (
        <ErrorAlert title="Could not make the design primary" error={makePrimary.state.error} onRetry={() => void makePrimary.retry()} />
      ) : null}
      <DesignsTable designs={designs} makePrimary={makePrimary} busy={busy} />
    </Flex>
  );
}

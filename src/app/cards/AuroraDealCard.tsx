// Entry of the Deal card: wiring only; the card itself is the prop-driven DealCard.
import { hubspot } from '@hubspot/ui-extensions';
import { DealCard } from './components/DealCard';
import { callFunction } from './callFunction';

hubspot.extend<'crm.record.tab'>(({ context }) => <DealCard dealId={String(context.crm.objectId)} call={callFunction} />);

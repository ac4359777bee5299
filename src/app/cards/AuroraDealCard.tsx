// Entry of the Deal card: wiring only; the card itself is the prop-driven DealCard.
import { hubspot } from '@hubspot/ui-extensions';
import { DealCard } from './components/DealCard';
import { callFunction, TimeZoneContext } from '@aurora/ui-shared';
import { connectedAppsUrl } from './format';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <TimeZoneContext.Provider value={context.portal.timezone || 'UTC'}>
    <DealCard dealId={String(context.crm.objectId)} call={callFunction} actions={actions} settingsUrl={connectedAppsUrl(context.portal.id)} />
  </TimeZoneContext.Provider>
));

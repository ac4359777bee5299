// Entry of the admin settings page: wiring only; the page itself is the prop-driven SettingsPage.
import { hubspot } from '@hubspot/ui-extensions';
import { SettingsPage } from './components/SettingsPage';
import { callFunction, TimeZoneContext } from '@aurora/ui-shared';

hubspot.extend<'settings'>(({ context, actions }) => (
  <TimeZoneContext.Provider value={context.portal.timezone || 'UTC'}>
    <SettingsPage call={callFunction} actions={actions} changedBy={context.user?.email} portalId={context.portal?.id} />
  </TimeZoneContext.Provider>
));

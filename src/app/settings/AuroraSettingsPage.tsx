// Entry of the admin settings page: wiring only; the page itself is the prop-driven SettingsPage.
import { hubspot } from '@hubspot/ui-extensions';
import { SettingsPage } from './components/SettingsPage';
import { callFunction } from '@aurora/ui-shared';

hubspot.extend<'settings'>(({ actions, context }) => <SettingsPage call={callFunction} actions={actions} changedBy={context.user?.email} />);

// Renders the Deal card with HubSpot's testing renderer against a fake deal, and finds things the way a rep sees them.
import { useReducer, type ReactNode } from 'react';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Button, LoadingButton } from '@hubspot/ui-extensions';
import { DealCard } from '../../src/app/cards/components/DealCard';
import type { LiveTiming } from '../../src/app/cards/hooks/useLiveUpdates';
import { NOW, fakeDeal, functionHost, textOf } from './support';

export const SETTINGS_URL = 'https://app.hubspot.com/connected-apps/123/installed';

export interface CardOptions {
  now?: () => Date;
  /** The deal the card is on (default 1001, the fake deal's). */
  dealId?: string;
  timing?: Partial<LiveTiming>;
}

const mounted = new Set<() => void>();
// The card keeps timers (clock, polling) while mounted; the testing renderer has no unmount, so each test's cards unmount here.
afterEach(() => {
  for (const unmount of mounted) unmount();
  mounted.clear();
});

/** Children that can be unmounted from outside React (registered at once, so even a test that throws early cleans up). */
export function unmountable(children: ReactNode) {
  const control = { shown: true, rerender: () => {} };
  function Unmountable() {
    const [, rerender] = useReducer((count: number) => count + 1, 0);
    control.rerender = rerender;
    return control.shown ? <>{children}</> : null;
  }
  mounted.add(() => {
    control.shown = false;
    control.rerender();
  });
  return <Unmountable />;
}

/** `before` runs before the first render, to queue failures or holds for the first load. */
export function renderCard(deal: ReturnType<typeof fakeDeal>, before?: (host: ReturnType<typeof functionHost>) => void, options: CardOptions = {}) {
  const renderer = createRenderer('crm.record.tab');
  const host = functionHost(deal.handlers);
  before?.(host);
  renderer.render(
    unmountable(
      <DealCard dealId={options.dealId ?? '1001'} call={host.call} actions={renderer.mocks.actions} settingsUrl={SETTINGS_URL} now={options.now ?? (() => NOW)} timing={options.timing} />,
    ),
  );
  const { find, findAll, maybeFind, getRootNode } = renderer;
  const button = (label: string) => maybeFind(LoadingButton, (node) => textOf(node) === label) ?? find(Button, (node) => textOf(node) === label);
  return {
    ...renderer,
    host,
    deal,
    /** Everything the rep can read on the card. */
    screen: () => textOf(getRootNode()),
    /** A Button or LoadingButton by its label. */
    button,
    /** Waits for the button to be shown, then presses it (as a rep does). */
    press: async (label: string) => {
      await renderer.waitFor(() => button(label));
      button(label).trigger('onClick');
    },
    /** A LoadingButton by its label (for its `loading` state). */
    loadingButton: (label: string) => find(LoadingButton, (node) => textOf(node) === label),
    maybeButton: (label: string) => maybeFind(LoadingButton, (node) => textOf(node) === label) ?? maybeFind(Button, (node) => textOf(node) === label),
    buttonLabels: () => [...findAll(Button), ...findAll(LoadingButton)].map((node) => textOf(node)),
    alert: (title: string) => find(Alert, { title }),
    maybeAlert: (title: string) => maybeFind(Alert, { title }),
  };
}

// The Deal card rendered with HubSpot's own testing renderer.
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { DealCard } from '../../src/app/cards/components/DealCard';
import type { CallFunction } from '../../src/app/cards/callFunction';

describe('DealCard', () => {
  it('shows a spinner, then the link state', async () => {
    const { render, find, waitFor } = createRenderer('crm.record.tab');
    const call = (async () => ({
      ok: true,
      overview: {
        setup: { ready: true, problems: [] },
        deal: { id: '1', name: 'Roof', stage: null },
        link: { state: 'not_linked', preflight: { ready: true, missing: [], willSend: [] } },
        designs: [],
        designRequest: null,
        sync: { status: 'never', lastSyncedAt: null, lastError: null, pending: [] },
        outOfDate: [],
        attention: null,
      },
    })) as unknown as CallFunction;
    render(<DealCard dealId="1" call={call} />);
    expect(find(LoadingSpinner).props.label).toBe('Loading Aurora project');
    await waitFor(() => expect(find(Text).text).toBe('Not linked to Aurora yet'));
  });

  it('shows a failure in plain words', async () => {
    const { render, find, waitFor } = createRenderer('crm.record.tab');
    const call = (async () => ({
      ok: false,
      error: { code: 'aurora_auth', message: 'Aurora rejected the API key.', action: 'Ask your admin.', retryable: false },
    })) as unknown as CallFunction;
    render(<DealCard dealId="1" call={call} />);
    await waitFor(() => expect(find(Alert).text).toContain('Aurora rejected the API key.'));
  });
});

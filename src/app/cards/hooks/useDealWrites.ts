// Every write the Deal card can make, each a useAction; after each one the CRM record and the card reload.
import { useCallback } from 'react';
import type { AddAlertAction, onCrmPropertiesUpdateAction, refreshObjectPropertiesAction } from '@hubspot/ui-extensions';
import type { DealOverview, ResultOf } from '../../../core/contract';
import type { CallFunction } from '@aurora/ui-shared';
import { useAction } from '@aurora/ui-shared';

/** The HubSpot actions the card uses (from hubspot.extend; createRenderer's mocks in tests). */
export interface CardActions {
  refreshObjectProperties: refreshObjectPropertiesAction;
  addAlert: AddAlertAction;
  onCrmPropertiesUpdate: onCrmPropertiesUpdateAction;
}

interface WriteDeps {
  call: CallFunction;
  dealId: string;
  actions: CardActions;
  reload: () => Promise<void>;
  patch: (change: (overview: DealOverview) => DealOverview) => void;
}

export function useDealWrites({ call, dealId, actions, reload, patch }: WriteDeps) {
  // The function wrote to the deal: let the CRM sidebar re-read its properties, then reload the card's own data.
  const afterWrite = useCallback(async () => {
    actions.refreshObjectProperties();
    await reload();
  }, [actions, reload]);

  const createProject = useAction(
    () => call('aurora_create_project', { dealId }),
    async (result) => {
      if (result.ok && 'project' in result) {
        const project = result.project;
        patch((overview) => ({ ...overview, link: { state: 'linked', project } }));
        actions.addAlert({ type: 'success', title: 'Aurora project ready', message: CREATED_WORDS[result.outcome] });
      } else if (result.ok && result.outcome === 'needs_input') {
        const missing = result.missing;
        patch((overview) =>
          overview.link.state === 'not_linked' ? { ...overview, link: { ...overview.link, preflight: { ...overview.link.preflight, ready: false, missing } } } : overview,
        );
      }
      await afterWrite();
    },
  );

  // `everything`: "Refresh everything" reads every design whole; a plain Sync reads only what changed.
  const sync = useAction<[everything?: boolean], ResultOf<'aurora_sync_deal'>>(
    (everything) => call('aurora_sync_deal', everything ? { dealId, refresh: true } : { dealId }),
    async (result) => {
      if (result.ok && result.sync.status === 'ok') {
        actions.addAlert({ type: 'success', message: syncedWords(result.sync.designs, result.sync.changedDesigns) });
      }
      await afterWrite();
    },
    (result) => result.sync.status !== 'ok',
  );

  const updateProject = useAction(
    (confirmAddressChange: boolean) => call('aurora_update_project', { dealId, confirmAddressChange }),
    async (result) => {
      if (result.ok && result.outcome === 'updated') {
        const labels = result.sent.map((field) => field.label).join(', ');
        actions.addAlert({ type: 'success', message: labels ? `Updated in Aurora: ${labels}.` : 'Updated the Aurora project.' });
      } else if (result.ok && result.outcome === 'unchanged') {
        actions.addAlert({ type: 'info', message: 'Aurora already has these customer details.' });
      }
      await afterWrite();
    },
  );

  const designRequest = useAction(
    (action: 'create' | 'refresh' | 'accept') => call('aurora_design_request', { dealId, action }),
    async (result, action) => {
      if (result.ok) {
        const designRequest = result.designRequest;
        patch((overview) => ({ ...overview, designRequest }));
        // A new request's state shows in its section (it may already be rejected): only an accept is news worth a toast.
        if (action === 'accept') actions.addAlert({ type: 'success', message: ACCEPTED_WORDS });
      }
      await afterWrite();
    },
    (result) => result.sync !== undefined && result.sync.status !== 'ok',
  );

  const createDesign = useAction(
    () => call('aurora_create_design', { dealId }),
    async (result) => {
      if (result.ok) actions.addAlert({ type: 'success', message: 'Created a blank design in Aurora.' });
      await afterWrite();
    },
    (result) => result.sync.status !== 'ok',
  );

  const makePrimary = useAction(
    (designId: string) => call('aurora_make_primary', { dealId, designId }),
    async (result, designId) => {
      if (result.ok) {
        const { dealDesign } = result;
        patch((overview) => ({ ...overview, dealDesign, designs: overview.designs.map((row) => ({ ...row, isPrimary: row.id === designId })) }));
        const name = result.dealDesign.id === designId ? result.dealDesign.name : null;
        if (name) actions.addAlert({ type: 'success', message: `${name} is now the primary design; the deal shows its figures.` });
      }
      await afterWrite();
    },
  );

  const unlink = useAction(
    () => call('aurora_unlink_project', { dealId }),
    async (result) => {
      if (result.ok) actions.addAlert({ type: 'success', message: 'Unlinked this deal from the deleted Aurora project.' });
      await afterWrite();
    },
  );

  const all = [createProject, sync, updateProject, designRequest, createDesign, makePrimary, unlink];
  return { createProject, sync, updateProject, designRequest, createDesign, makePrimary, unlink, busy: all.some((action) => action.running) };
}

export type DealWrites = ReturnType<typeof useDealWrites>;

const CREATED_WORDS = {
  created: 'Created the Aurora project for this deal.',
  recovered: 'Found the Aurora project created earlier for this deal and linked it.',
  already_linked: 'This deal was already linked to an Aurora project.',
} as const;

const ACCEPTED_WORDS = 'Accepted the roof model; Aurora added the design to the project.';

function syncedWords(designs: number, changed: number): string {
  const count = `${designs} design${designs === 1 ? '' : 's'}`;
  return changed > 0 ? `Synced ${count} from Aurora (${changed} changed).` : `Synced ${count} from Aurora; nothing had changed.`;
}

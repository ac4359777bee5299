// Boots the workbench page: reads the server's info, loads the REAL card and settings entries, renders the app.
import { createRoot } from 'react-dom/client';
import { loadExtension, type RenderCallback } from '../renderer/host';
import type { WorkbenchInfo } from '../protocol';
import { getJson } from './api';
import { App } from './App';

/** Each entry is imported on its own so one that fails to load still leaves the rest of the page working. */
async function load(entry: () => Promise<unknown>): Promise<RenderCallback | Error> {
  try {
    return await loadExtension(entry);
  } catch (error) {
    console.error('[workbench] an extension entry failed to load', error);
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const info = await getJson<WorkbenchInfo>('/api/info');
    const card = await load(() => import('../../src/app/cards/AuroraDealCard'));
    const settings = await load(() => import('../../src/app/settings/AuroraSettingsPage'));
    root.render(<App info={info} card={card} settings={settings} />);
  } catch (error) {
    root.render(<div className="wb-error">The workbench could not start: {(error as Error).message}</div>);
  }
}

void boot();

// The host side of the workbench renderer: captures `hubspot.extend` callbacks, runs them with a context and actions,
// and routes `hubspot.serverless` calls to the local functions host.
import { Component, createContext, useContext, useEffect, useMemo, type ErrorInfo, type ReactElement, type ReactNode } from 'react';
import type { ServerlessRunnerParams } from '@hubspot/ui-extensions';

/** What an extension's render callback receives (a subset of ExtensionPointApi, shared by every location). */
export interface ExtensionApi {
  context: Record<string, unknown> & { location: string };
  actions: Record<string, (...args: never[]) => unknown>;
  runServerlessFunction: (params: ServerlessRunnerParams) => Promise<{ status: 'SUCCESS'; response: unknown } | { status: 'ERROR'; message: string }>;
}

export type RenderCallback = (api: ExtensionApi) => ReactElement;

/** Performs one `hubspot.serverless` call for the extension currently on the page. */
export type ServerlessTransport = (name: string, options: Omit<ServerlessRunnerParams, 'name'>, context: ExtensionApi['context']) => Promise<unknown>;

const captured: RenderCallback[] = [];
let active: { context: ExtensionApi['context']; transport: ServerlessTransport } | undefined;

/** `hubspot.extend`: HubSpot calls the callback once per card instance; the workbench keeps it for the page. */
export function extend(callback: RenderCallback) {
  captured.push(callback);
}

/** `hubspot.serverless`: resolves with the function's JSON result, rejects like HubSpot when the call fails. */
export function serverless<T = unknown>(name: string, options: Omit<ServerlessRunnerParams, 'name'> = {}): Promise<T> {
  if (!active) return Promise.reject(new Error(`hubspot.serverless('${name}') was called while no extension is on the page.`));
  return active.transport(name, options, active.context) as Promise<T>;
}

/** Loads an entry module (which calls hubspot.extend at import time) and returns the callback it registered. */
export async function loadExtension(load: () => Promise<unknown>): Promise<RenderCallback> {
  const before = captured.length;
  await load();
  const callback = captured[before];
  if (!callback) throw new Error('The extension entry did not call hubspot.extend(...).');
  return callback;
}

const ApiContext = createContext<ExtensionApi | undefined>(undefined);

/** The extension API for hooks (useExtensionContext and friends); only valid inside an ExtensionHost. */
export function useHostApi(hook: string): ExtensionApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error(`${hook}() was called outside an extension rendered by the workbench.`);
  return api;
}

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('[workbench] the extension crashed while rendering', error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="uie-crash" role="alert">
        <strong>This extension crashed while rendering.</strong> In HubSpot the card would show an error instead of its content.
        <pre>{this.state.error.message}</pre>
      </div>
    );
  }
}

export interface ExtensionHostProps {
  render: RenderCallback;
  context: ExtensionApi['context'];
  actions: ExtensionApi['actions'];
  transport: ServerlessTransport;
}

/** Runs a captured render callback once for its context, the way HubSpot mounts a card. */
export function ExtensionHost({ render, context, actions, transport }: ExtensionHostProps) {
  const api = useMemo<ExtensionApi>(
    () => ({
      context,
      actions,
      runServerlessFunction: async ({ name, ...options }) => {
        try {
          return { status: 'SUCCESS', response: await transport(name, options, context) };
        } catch (error) {
          return { status: 'ERROR', message: (error as Error).message };
        }
      },
    }),
    [context, actions, transport],
  );
  // Registered during render so calls made from the first effects already find it.
  active = { context, transport };
  useEffect(
    () => () => {
      if (active?.context === context) active = undefined;
    },
    [context],
  );
  const element = useMemo(() => {
    try {
      return render(api);
    } catch (error) {
      console.error('[workbench] the extension callback threw', error);
      return (
        <div className="uie-crash" role="alert">
          <strong>hubspot.extend callback threw:</strong> <pre>{(error as Error).message}</pre>
        </div>
      );
    }
  }, [render, api]);
  return (
    <ApiContext.Provider value={api}>
      <ErrorBoundary>{element}</ErrorBoundary>
    </ApiContext.Provider>
  );
}

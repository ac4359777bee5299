// What never changes in a portal once the app is installed (the Aurora Design object's type id, the deal-to-design
// association type ids), and what an admin rarely changes (the deal pipelines, for less long), kept across invocations in
// one process: a warm function does not read them again. Why this is safe, and when an entry is dropped:
// docs/hubspot-calls.md#install-facts, docs/hubspot-calls.md#the-deal-pipelines.
import { createHash } from 'node:crypto';
import { HubSpotValidationError } from './errors';

/** How long a fact read from HubSpot is used without asking again. */
export const INSTALL_FACTS_TTL_MS = 10 * 60_000;

interface Entry {
  value: Promise<unknown>;
  expiresAt: number;
}

/** Per portal (HubSpot's address and a digest of the token), per fact name. Module-level: shared by the process. */
const portals = new Map<string, Map<string, Entry>>();

/** The key of one portal; the token itself is never kept. */
function portalKey(baseUrl: string | undefined, accessToken: string): string {
  return `${baseUrl ?? 'https://api.hubapi.com'}#${createHash('sha256').update(accessToken).digest('hex')}`;
}

/** Forgets every portal's facts, as a new process starts without them (tests of a cold start). */
export function forgetInstallFacts(): void {
  portals.clear();
}

export interface InstallFacts {
  /** The fact, from this process's memory when read within its TTL, else read now (concurrent first calls share one read). */
  remember<T>(name: string, read: () => Promise<T>, ttlMs?: number): Promise<T>;
  /** Reads the fact now and keeps what it reads in place of what was remembered. */
  renew<T>(name: string, read: () => Promise<T>, ttlMs?: number): Promise<T>;
  /**
   * A call failed: true when HubSpot refused it (400, its answer for an unknown object or association type id) after a
   * remembered fact was used; the portal's facts are then forgotten, so the caller may try once more with fresh ones.
   */
  forgetIfRefused(error: unknown): boolean;
}

/** The install facts of one portal, for one store (one invocation). */
export function installFacts(input: { baseUrl?: string; accessToken: string; clock: () => number }): InstallFacts {
  const key = portalKey(input.baseUrl, input.accessToken);
  // Only a store that used a remembered fact has reason to doubt it; a fact read during this invocation is current.
  let usedRemembered = false;
  const factsOfPortal = () => {
    const facts = portals.get(key) ?? new Map<string, Entry>();
    portals.set(key, facts);
    return facts;
  };
  const readAndKeep = <T>(facts: Map<string, Entry>, name: string, read: () => Promise<T>, ttlMs: number): Promise<T> => {
    const value = read();
    const entry = { value, expiresAt: input.clock() + ttlMs };
    facts.set(name, entry);
    // A failure is never remembered.
    value.catch(() => {
      if (facts.get(name) === entry) facts.delete(name);
    });
    return value;
  };
  return {
    remember<T>(name: string, read: () => Promise<T>, ttlMs = INSTALL_FACTS_TTL_MS): Promise<T> {
      const facts = factsOfPortal();
      const held = facts.get(name);
      if (held && held.expiresAt > input.clock()) {
        usedRemembered = true;
        return held.value as Promise<T>;
      }
      return readAndKeep(facts, name, read, ttlMs);
    },
    renew<T>(name: string, read: () => Promise<T>, ttlMs = INSTALL_FACTS_TTL_MS): Promise<T> {
      return readAndKeep(factsOfPortal(), name, read, ttlMs);
    },
    forgetIfRefused(error: unknown): boolean {
      // A duplicate value (409, or 400 naming it) is a HubSpotConflictError: not about the remembered ids.
      if (!usedRemembered || !(error instanceof HubSpotValidationError) || error.status !== 400) return false;
      portals.delete(key);
      usedRemembered = false;
      return true;
    },
  };
}

/** Every method of a store, tried once more with fresh facts when HubSpot refused a remembered id (nothing was written). */
export function retryingOnStaleFacts<S extends object>(store: S, facts: InstallFacts): S {
  const wrapped = Object.entries(store).map(([name, method]) => {
    if (typeof method !== 'function') return [name, method];
    const call = method as (...args: unknown[]) => unknown;
    return [
      name,
      (...args: unknown[]) => {
        const result = call(...args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (!facts.forgetIfRefused(error)) throw error;
          return call(...args);
        });
      },
    ];
  });
  return Object.fromEntries(wrapped) as S;
}

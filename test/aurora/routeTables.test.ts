// The client's endpoint table against the simulator's own (written from Aurora's documentation): where both know a
// route they agree on method and path, and every route only one side knows is listed here with the reason.
import { ENDPOINTS } from '../../src/core/aurora/endpoints';
import { INFERRED_ENDPOINTS } from '../../src/core/aurora/inferred';
import { AURORA_OPERATIONS } from '../../simulators/aurora/api';

const routeOf = ({ method, path }: { method: string; path: string }) => `${method} ${path}`;

/** Routes the simulator serves that the client never calls, and why the simulator has them. */
const SIMULATOR_ONLY: Record<string, string> = {
  'GET /tenants/:tenantId/webhooks/:webhookId':
    'retrieve one subscription: the simulator serves it beside list/update/delete (same inferred family); the app lists all subscriptions instead of reading one',
};

/** Routes the client calls that the simulator does not serve, and why (none today: each would be a 404 in every test). */
const CLIENT_ONLY: Record<string, string> = {};

describe('the client and the Aurora simulator route tables', () => {
  const client = new Map(Object.entries(ENDPOINTS).map(([name, endpoint]) => [routeOf(endpoint), name]));
  const simulator = new Map(Object.entries(AURORA_OPERATIONS).map(([name, operation]) => [routeOf(operation), name]));

  it('list every route only one side knows, each with its reason', () => {
    const onlySimulator = [...simulator.keys()].filter((route) => !client.has(route)).sort();
    const onlyClient = [...client.keys()].filter((route) => !simulator.has(route)).sort();

    expect(onlySimulator).toEqual(Object.keys(SIMULATOR_ONLY).sort());
    expect(onlyClient).toEqual(Object.keys(CLIENT_ONLY).sort());
  });

  it('agree on the source of every shared route the client marks as inferred', () => {
    // A route without an Aurora source is a guess both sides make on purpose: the simulator must say so, not pass it off as documented.
    const inferredByClient = Object.values(INFERRED_ENDPOINTS).map(routeOf).sort();
    const inferredBySimulator = Object.values(AURORA_OPERATIONS).filter((operation) => operation.source === 'inferred').map(routeOf);

    expect(inferredByClient.filter((route) => !inferredBySimulator.includes(route))).toEqual([]);
    expect(inferredBySimulator.filter((route) => !inferredByClient.includes(route) && !(route in SIMULATOR_ONLY))).toEqual([]);
  });

  it('name each shared route the same way, so a restricted key denies the same operation on both sides', () => {
    const renamed = [...client].filter(([route, name]) => simulator.has(route) && simulator.get(route) !== name);

    expect(renamed).toEqual([]);
  });
});

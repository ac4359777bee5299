// The demo tenant the CLI and the workbench start with: fixed ids and keys so links and settings survive restarts.
import type { AuroraOperation } from './api';
import type { AuroraWorld, TenantCreated } from './world';

/** Operations the demo's restricted key lacks: it can do everything but read pricing and financings. */
export const DEMO_RESTRICTED_DENIES: AuroraOperation[] = ['retrievePricing', 'listFinancings', 'retrieveFinancing'];

export const DEMO = {
  tenantId: '3c1e5b7a-9d2f-4e8a-b6c4-1a2b3c4d5e6f',
  tenantName: 'Sunny Demo Solar',
  standardKey: 'sk_sand_demo0000standard0000000000',
  restrictedKey: 'rk_sand_demo0000nopricing000000000',
  user: { id: '8b0f2d4e-6a1c-4e3b-9f5d-7c2a1b0e9d8f', first_name: 'Sam', last_name: 'Sunny', email: 'sam.sunny@example.com' },
  secondUser: { id: '5d3c1a2b-7e6f-4a8b-9c0d-1e2f3a4b5c6d', first_name: 'Riley', last_name: 'Rooftop', email: 'Riley.Rooftop@example.com' },
} as const;

export function seedDemo(world: AuroraWorld): TenantCreated {
  return world.createTenant({
    id: DEMO.tenantId,
    name: DEMO.tenantName,
    keys: [
      { key: DEMO.standardKey, kind: 'standard' },
      { key: DEMO.restrictedKey, kind: 'restricted', deny: DEMO_RESTRICTED_DENIES },
    ],
    // The first user owns new projects by default; Riley is the deal owner the HubSpot simulator's owner 7001 maps to.
    users: [{ ...DEMO.user }, { ...DEMO.secondUser }],
  });
}

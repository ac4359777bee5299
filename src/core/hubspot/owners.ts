// HubSpot record owners (crm/v3/owners): the deal owner's email, for mapping them to an Aurora user.
import { z } from 'zod';
import { idSchema, parse, type StoreContext } from './context';
import { HubSpotNotFoundError } from './errors';
import type { CallOptions } from './runner';

export interface Owner {
  id: string;
  email: string | null;
  name: string | null;
}

export interface OwnerOps {
  /** The owner, or null when HubSpot has none with this id (e.g. deactivated). Needs crm.objects.owners.read. */
  getOwner(ownerId: string, options?: CallOptions): Promise<Owner | null>;
  /** Every active owner (the settings page's override table); first 500. */
  listOwners(options?: CallOptions): Promise<Owner[]>;
}

const ownerSchema = z.looseObject({ id: idSchema, email: z.string().nullish(), firstName: z.string().nullish(), lastName: z.string().nullish() });

const toOwner = (raw: z.infer<typeof ownerSchema>): Owner => ({
  id: raw.id,
  email: raw.email ?? null,
  name: [raw.firstName, raw.lastName].filter(Boolean).join(' ') || null,
});

export function ownerOps(ctx: StoreContext): OwnerOps {
  return {
    async getOwner(ownerId, options = {}) {
      const what = `read owner ${ownerId}`;
      if (!/^\d{1,20}$/.test(ownerId)) return null;
      try {
        const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.owners.ownersApi.getById(Number(ownerId), 'id', false), options);
        return toOwner(parse(ownerSchema, raw, what));
      } catch (error) {
        if (error instanceof HubSpotNotFoundError) return null;
        throw error;
      }
    },

    async listOwners(options = {}) {
      const what = 'list owners';
      const raw = await ctx.call({ operation: what, idempotent: true }, () => ctx.client.crm.owners.ownersApi.getPage(undefined, undefined, 500, false), options);
      return parse(z.looseObject({ results: z.array(ownerSchema) }), raw, what).results.map(toOwner);
    },
  };
}

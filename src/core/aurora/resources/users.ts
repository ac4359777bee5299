// Aurora users, read to show a project owner's name (docs/aurora-api.md#users).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { auroraUserSchema, type AuroraUser } from '../schemas';

export class Users {
  constructor(private readonly client: AuroraCaller) {}

  /** GET /tenants/{tenant_id}/users/{user_id} */
  retrieve(userId: string, options: RequestOptions = {}): Promise<AuroraUser> {
    return this.client.call('retrieveUser', { ...options, params: { userId }, root: 'user', schema: auroraUserSchema });
  }

  /** GET /tenants/{tenant_id}/users → `{users: [...]}` ([CODE] aurora-zoho-sync, sundial-core; docs/aurora-api.md). */
  list(options: RequestOptions = {}): Promise<AuroraUser[]> {
    return this.client.call('listUsers', { ...options, root: 'users', schema: z.array(auroraUserSchema) });
  }
}

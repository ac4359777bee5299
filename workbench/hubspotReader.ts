// Reads what the workbench page shows from HubSpot: the deal list, one deal's core and `aurora_*` properties with their
// labels, its contacts and the pipeline's stage labels. A real portal is read through its public CRM API; the embedded
// simulator through its own read views, so the page's polling never spends the app's rate budget or fills its logs.
import { z } from 'zod';
import type { ContactSummary, DealDetail, DealSummary, PropertyDefinition } from './protocol';

export interface HubSpotReader {
  listDeals(): Promise<DealSummary[]>;
  getDeal(id: string): Promise<DealDetail>;
}

/** Where the raw records come from. */
export interface DealSource {
  deals(propertyNames: string[]): Promise<{ id: string; properties: Record<string, string | null> }[]>;
  /** Rejects with a HubSpotReadError(404) for an unknown deal. */
  deal(id: string, propertyNames: string[]): Promise<{ id: string; properties: Record<string, string | null> }>;
  contactsOf(dealId: string, propertyNames: string[]): Promise<ContactSummary[]>;
  dealProperties(): Promise<PropertyDefinition[]>;
  stageLabels(): Promise<Map<string, string>>;
}

/** A HubSpot read that failed, with the status and HubSpot's own message (never the token). */
export class HubSpotReadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HubSpotReadError';
  }
}

const CORE_PROPERTIES = ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'createdate', 'hs_lastmodifieddate'];
const LIST_PROPERTIES = ['dealname', 'dealstage', 'amount', 'aurora_project_id', 'aurora_sync_status', 'aurora_agreement_status'];
const CONTACT_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'address', 'city', 'state', 'zip', 'country'];

export function hubspotReader(source: DealSource): HubSpotReader {
  const labelOf = async (stage: string | null | undefined) => (stage ? ((await source.stageLabels()).get(stage) ?? stage) : null);
  return {
    async listDeals() {
      const deals = await source.deals(LIST_PROPERTIES);
      return Promise.all(
        deals.map(async ({ id, properties: p }) => ({
          id,
          name: p.dealname ?? null,
          stage: p.dealstage ?? null,
          stageLabel: await labelOf(p.dealstage),
          amount: p.amount ?? null,
          auroraProjectId: p.aurora_project_id ?? null,
          auroraSyncStatus: p.aurora_sync_status ?? null,
          auroraAgreementStatus: p.aurora_agreement_status ?? null,
        })),
      );
    },

    async getDeal(id) {
      const all = await source.dealProperties();
      const byName = new Map(all.map((definition) => [definition.name, definition]));
      const core = CORE_PROPERTIES.map((name) => byName.get(name) ?? { name, label: name, groupName: null, type: null });
      const aurora = all.filter((definition) => definition.name.startsWith('aurora_'));
      const deal = await source.deal(id, [...CORE_PROPERTIES, ...aurora.map((definition) => definition.name)]);
      let contacts: ContactSummary[] = [];
      let contactsError: string | null = null;
      try {
        contacts = await source.contactsOf(id, CONTACT_PROPERTIES);
      } catch (error) {
        contactsError = (error as Error).message;
      }
      return { id: deal.id, properties: deal.properties, core, aurora, stageLabel: await labelOf(deal.properties.dealstage), contacts, contactsError };
    },
  };
}

const objectSchema = z.looseObject({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).default({}) });
const pageSchema = z.looseObject({
  results: z.array(objectSchema),
  paging: z.looseObject({ next: z.looseObject({ after: z.string() }).optional() }).optional(),
});
const propertiesSchema = z.looseObject({
  results: z.array(z.looseObject({ name: z.string(), label: z.string().nullish(), groupName: z.string().nullish(), type: z.string().nullish() })),
});
const pipelinesSchema = z.looseObject({
  results: z.array(z.looseObject({ id: z.string(), stages: z.array(z.looseObject({ id: z.string(), label: z.string() })).default([]) })),
});
const associationsSchema = z.looseObject({ results: z.array(z.looseObject({ toObjectId: z.union([z.string(), z.number()]) })) });
const errorSchema = z.looseObject({ message: z.string() });

export interface RestSourceOptions {
  baseUrl: string;
  accessToken: string;
  /** How long definitions, pipelines and a deal's contacts are reused: the page polls, a portal's budget is shared. */
  cacheMs?: number;
}

/** A real portal, through the CRM v3/v4 API. */
export function restSource({ baseUrl, accessToken, cacheMs = 10_000 }: RestSourceOptions): DealSource {
  const get = async <T>(pathAndQuery: string, schema: z.ZodType<T>): Promise<T> => {
    const response = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = errorSchema.safeParse(body);
      throw new HubSpotReadError(response.status, `HubSpot answered ${response.status} to GET ${pathAndQuery.split('?')[0]}${message.success ? `: ${message.data.message}` : ''}`);
    }
    return schema.parse(body);
  };

  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  const cached = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const entry = cache.get(key);
    if (entry && Date.now() - entry.at <= cacheMs) return entry.value as Promise<T>;
    const value = load();
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return value;
  };
  const query = (names: string[]) => names.map((name) => `properties=${encodeURIComponent(name)}`).join('&');

  return {
    async deals(names) {
      const deals: { id: string; properties: Record<string, string | null> }[] = [];
      let after: string | undefined;
      do {
        const page = await get(`/crm/v3/objects/deals?limit=100&${query(names)}${after ? `&after=${encodeURIComponent(after)}` : ''}`, pageSchema);
        deals.push(...page.results);
        after = page.paging?.next?.after;
      } while (after && deals.length < 1000);
      return deals;
    },
    deal: (id, names) => get(`/crm/v3/objects/deals/${encodeURIComponent(id)}?${query(names)}`, objectSchema),
    contactsOf: (dealId, names) =>
      cached(`contacts:${dealId}`, async () => {
        const links = await get(`/crm/v4/objects/deals/${encodeURIComponent(dealId)}/associations/contacts`, associationsSchema);
        return Promise.all(
          links.results.slice(0, 5).map(({ toObjectId }) => get(`/crm/v3/objects/contacts/${encodeURIComponent(String(toObjectId))}?${query(names)}`, objectSchema)),
        );
      }),
    dealProperties: () =>
      cached('properties', async () =>
        (await get('/crm/v3/properties/deals', propertiesSchema)).results.map((p) => ({ name: p.name, label: p.label ?? p.name, groupName: p.groupName ?? null, type: p.type ?? null })),
      ),
    stageLabels: () =>
      cached('stages', async () => {
        const { results } = await get('/crm/v3/pipelines/deals', pipelinesSchema);
        return new Map(results.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.label] as const)));
      }),
  };
}

// Reads what the workbench page shows from HubSpot's public CRM API (the simulator or a real portal): the deal list,
// one deal's core and `aurora_*` properties with their labels, its contacts and the pipeline's stage labels.
import { z } from 'zod';
import type { ContactSummary, DealDetail, DealSummary, PropertyDefinition } from './protocol';

export interface HubSpotReaderOptions {
  baseUrl: string;
  accessToken: string;
  /** How long property definitions and pipelines are cached (the installer may add properties while running). */
  cacheMs?: number;
}

export interface HubSpotReader {
  listDeals(): Promise<DealSummary[]>;
  getDeal(id: string): Promise<DealDetail>;
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
const CONTACT_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'address', 'city', 'state', 'zip', 'country'];

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

export function hubspotReader({ baseUrl, accessToken, cacheMs = 10_000 }: HubSpotReaderOptions): HubSpotReader {
  const get = async <T>(pathAndQuery: string, schema: z.ZodType<T>): Promise<T> => {
    const response = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = errorSchema.safeParse(body);
      throw new HubSpotReadError(response.status, `HubSpot answered ${response.status} to GET ${pathAndQuery.split('?')[0]}${message.success ? `: ${message.data.message}` : ''}`);
    }
    return schema.parse(body);
  };

  const cached = <T>(load: () => Promise<T>) => {
    let entry: { at: number; value: Promise<T> } | undefined;
    return () => {
      if (!entry || Date.now() - entry.at > cacheMs) {
        const value = load();
        entry = { at: Date.now(), value };
        value.catch(() => (entry = undefined));
      }
      return entry.value;
    };
  };

  const definitions = cached(async () => {
    const { results } = await get('/crm/v3/properties/deals', propertiesSchema);
    return results.map((p): PropertyDefinition => ({ name: p.name, label: p.label ?? p.name, groupName: p.groupName ?? null, type: p.type ?? null }));
  });
  const stageLabels = cached(async () => {
    const { results } = await get('/crm/v3/pipelines/deals', pipelinesSchema);
    return new Map(results.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.label] as const)));
  });

  const query = (names: string[]) => names.map((name) => `properties=${encodeURIComponent(name)}`).join('&');
  const labelOf = async (stage: string | null | undefined) => (stage ? ((await stageLabels()).get(stage) ?? stage) : null);

  return {
    async listDeals() {
      const names = ['dealname', 'dealstage', 'amount', 'aurora_project_id', 'aurora_sync_status', 'aurora_agreement_status'];
      const deals: DealSummary[] = [];
      let after: string | undefined;
      do {
        const page = await get(`/crm/v3/objects/deals?limit=100&${query(names)}${after ? `&after=${encodeURIComponent(after)}` : ''}`, pageSchema);
        for (const deal of page.results) {
          const p = deal.properties;
          deals.push({
            id: deal.id,
            name: p.dealname ?? null,
            stage: p.dealstage ?? null,
            stageLabel: await labelOf(p.dealstage),
            amount: p.amount ?? null,
            auroraProjectId: p.aurora_project_id ?? null,
            auroraSyncStatus: p.aurora_sync_status ?? null,
            auroraAgreementStatus: p.aurora_agreement_status ?? null,
          });
        }
        after = page.paging?.next?.after;
      } while (after && deals.length < 1000);
      return deals;
    },

    async getDeal(id) {
      const all = await definitions();
      const byName = new Map(all.map((definition) => [definition.name, definition]));
      const core = CORE_PROPERTIES.map((name) => byName.get(name) ?? { name, label: name, groupName: null, type: null });
      const aurora = all.filter((definition) => definition.name.startsWith('aurora_'));
      const deal = await get(`/crm/v3/objects/deals/${encodeURIComponent(id)}?${query([...CORE_PROPERTIES, ...aurora.map((d) => d.name)])}`, objectSchema);
      let contacts: ContactSummary[] = [];
      let contactsError: string | null = null;
      try {
        const links = await get(`/crm/v4/objects/deals/${encodeURIComponent(id)}/associations/contacts`, associationsSchema);
        contacts = await Promise.all(
          links.results.slice(0, 5).map(async ({ toObjectId }) => {
            const contact = await get(`/crm/v3/objects/contacts/${encodeURIComponent(String(toObjectId))}?${query(CONTACT_PROPERTIES)}`, objectSchema);
            return { id: contact.id, properties: contact.properties };
          }),
        );
      } catch (error) {
        contactsError = (error as Error).message;
      }
      return { id: deal.id, properties: deal.properties, core, aurora, stageLabel: await labelOf(deal.properties.dealstage), contacts, contactsError };
    },
  };
}

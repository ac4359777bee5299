// Use case "Make primary": the rep chooses the design that feeds the deal when none is sold. The design must be one of
// the deal's Aurora project (checked on HubSpot's records, never taken on the card's word); it gets the primary flag and
// label, any other design loses both, and the deal's figures are rolled up from the sold-else-primary design at once.
import type { DealDesign } from '../contract';
import type { Deps } from '../deps';
import type { LinkedDesign } from '../hubspot/designs';
import type { DesignLabel } from '../dataModel';
import { designReadProperties, isClaimRecord, pickRollupDesign, rollupOfRecord, toDesignRow } from '../mapping/toHubSpot';
import { DEAL_READ_PROPERTIES, linkedProjectId } from '../mapping/dealState';
import { DesignNotInProjectError, NotLinkedError } from './errors';
import { dealDesignOf } from './cardOverview';

export async function makePrimary(deps: Deps, input: { dealId: string; designId: string }, deadline: number): Promise<{ dealDesign: DealDesign }> {
  const call = { deadline };
  const [deal, linked] = await Promise.all([
    deps.hubspot.getDeal(input.dealId, DEAL_READ_PROPERTIES, call),
    deps.hubspot.readDealDesigns(input.dealId, designReadProperties(deps.fieldMap), call),
  ]);
  const projectId = linkedProjectId(deal);
  if (!projectId) throw new NotLinkedError();
  const designs = linked.filter((l) => !isClaimRecord(l.record) && l.record.properties.aurora_project_id === projectId);
  const chosen = designs.find((l) => l.record.properties.aurora_design_id === input.designId);
  if (!chosen) throw new DesignNotInProjectError();

  const marked = designs.map((l) => ({ ...l, primary: l === chosen }));
  // Flags before labels: a sync reads the flag as well as the label, so it never sees a label without its flag.
  const flags = marked.flatMap((l) => (isPrimary(l) === l.primary ? [] : [{ aurora_design_id: l.record.properties.aurora_design_id ?? '', aurora_is_primary: String(l.primary) }]));
  if (flags.length > 0) await deps.hubspot.upsertDesigns(flags, call);
  const current = linked.filter((l) => !isClaimRecord(l.record)).map(({ recordId, labels }) => ({ recordId, labels }));
  const desired = current.map(({ recordId, labels }) => {
    const design = marked.find((l) => l.recordId === recordId);
    const others = labels.filter((label) => label !== 'primary');
    return { recordId, labels: design?.primary ? [...others, 'primary' as DesignLabel] : design ? others : labels };
  });
  await deps.hubspot.linkDesignsToDeal(input.dealId, desired, { ...call, current });

  const rows = marked.map((l) => ({ ...toDesignRow(l.record), isPrimary: l.primary, isSold: isSold(l), props: l.record.properties }));
  const feeds = pickRollupDesign(rows.map((row) => ({ ...row, createdAt: row.createdAt })));
  if (feeds) await deps.hubspot.updateDeal(input.dealId, rollupOfRecord(feeds.props, deps.fieldMap), { ...call, current: deal.properties });
  return { dealDesign: dealDesignOf(feeds?.id ?? null, rows)! };
}

const isPrimary = (l: LinkedDesign) => l.record.properties.aurora_is_primary === 'true' || l.labels.includes('primary');
const isSold = (l: LinkedDesign) => l.record.properties.aurora_is_sold === 'true' || l.labels.includes('sold');

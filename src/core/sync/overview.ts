// Use case "Overview": everything the deal card shows, read from HubSpot only (no Aurora call): set-up state, link or
// pre-flight, designs, design request, last sync, customer details changed since they were sent, and what needs a person.
import type { DealOverview, DesignRow } from '../contract';
import type { Deps } from '../deps';
import { HubSpotSetupError } from '../hubspot/errors';
import { readText } from '../mapping/conversions';
import { DESIGN_ROW_PROPERTIES, isClaimRecord, toDesignRow } from '../mapping/toHubSpot';
import { hubspotPropertiesToRead, preflight } from '../mapping/toAurora';
import { changedCustomerFields, currentCustomer, needsConfirmation, readSnapshot } from './customer';
import { DEAL_READ_PROPERTIES, designRequestOf, hasAppProperties, isProjectMissing, linkedProjectId, projectViewOf, syncInfoOf } from './dealState';
import { ProjectMissingError } from './errors';

const NOT_INSTALLED = 'The HubSpot portal is not set up for Aurora yet: the Aurora deal properties are missing. An admin runs "Set up HubSpot" on the app settings page.';

export async function dealOverview(deps: Deps, input: { dealId: string }, deadline: number): Promise<DealOverview> {
  const call = { deadline };
  const toRead = hubspotPropertiesToRead(deps.fieldMap);
  // The design object and its labels are looked up while the deal is read (the store keeps them for the design read),
  // which also tells whether the installer made them.
  const designModel = deps.hubspot.designAssociationTypes(call).then(
    () => null,
    (error: unknown) => error,
  );
  const [{ deal, contact }, modelError] = await Promise.all([
    deps.hubspot.getDealWithPrimaryContact(input.dealId, { deal: [...DEAL_READ_PROPERTIES, ...toRead.deal], contact: toRead.contact }, call),
    designModel,
  ]);
  const problems = [...deps.setupProblems];
  if (!hasAppProperties(deal)) problems.push(NOT_INSTALLED);
  else if (modelError instanceof HubSpotSetupError) problems.push(modelError.toUserError().message);

  const projectId = linkedProjectId(deal);
  // The sync found the project gone: the card's answer to that is the offer to unlink.
  if (projectId && isProjectMissing(deal)) throw new ProjectMissingError(projectId);
  let designs: DesignRow[] = [];
  if (projectId && !(modelError instanceof HubSpotSetupError)) designs = await readDesigns(deps, input.dealId, projectId, deadline);

  const project = projectViewOf(deal, deps.auroraAppUrl);
  const sent = readSnapshot(deal.properties.aurora_pushed_customer);
  // Without a record of what was sent, nothing can be called out of date.
  const outOfDate = project && sent ? changedCustomerFields(currentCustomer(deal, contact, deps.fieldMap).fields, sent) : [];
  return {
    setup: { ready: problems.length === 0, problems },
    deal: { id: deal.id, name: readText(deal.properties.dealname), stage: readText(deal.properties.dealstage) },
    link: project ? { state: 'linked', project } : { state: 'not_linked', preflight: preflight(deal, contact, deps.fieldMap) },
    designs,
    designRequest: designRequestOf(deal),
    sync: syncInfoOf(deal),
    outOfDate: outOfDate.map((field) => ({ property: field.property, label: field.label, confirmRequired: needsConfirmation(field) })),
    attention: readText(deal.properties.aurora_attention),
  };
}

/** The deal's Aurora Design records of its current project (claims and designs of an unlinked project left out). */
async function readDesigns(deps: Deps, dealId: string, projectId: string, deadline: number): Promise<DesignRow[]> {
  const linked = await deps.hubspot.readDealDesigns(dealId, [...DESIGN_ROW_PROPERTIES], { deadline });
  return linked
    .filter(({ record }) => !isClaimRecord(record) && record.properties.aurora_project_id === projectId)
    .map(({ record, labels }) => {
      const row = toDesignRow(record);
      // A rep may mark a design on the association (label) or on the record (flag): either counts.
      return { ...row, isPrimary: row.isPrimary || labels.includes('primary'), isSold: row.isSold || labels.includes('sold') };
    });
}

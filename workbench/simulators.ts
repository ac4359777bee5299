// The embedded Aurora and HubSpot simulators as the workbench uses them: started with their demo data, the settings
// the functions need, and the simulator panel's view and buttons (through the Aurora simulator's own control API).
import { startAuroraSimulator, type AuroraSimulator } from '../simulators/aurora';
import { sizesOf } from '../simulators/aurora/model';
import { startHubSpotSimulator, type HubSpotSimulator } from '../simulators/hubspot';
import { HubSpotReadError, type DealSource } from './hubspotReader';
import type { SimAction, SimProjectView } from './protocol';
import type { AuroraPanel } from './server';

export interface EmbeddedAurora {
  url: string;
  apiKey: string;
  tenantId: string;
  /** Hosts the app may download screenshots from (the simulator serves its files itself). */
  assetHosts: string[];
  panel: AuroraPanel;
  describe: string;
  sim: AuroraSimulator;
  close(): Promise<void>;
}

export interface EmbeddedHubSpot {
  url: string;
  accessToken: string;
  portalId: number;
  /** A workbench demo deal at an ordinary address, whose design request waits for the simulator panel. */
  ordinaryDealId: string;
  /** The page's reads, through the simulator's own views (no API traffic, no rate limit). */
  source: DealSource;
  describe: string;
  sim: HubSpotSimulator;
  close(): Promise<void>;
}

/** How many webhook deliveries the panel lists. */
const DELIVERIES_SHOWN = 12;

export async function startEmbeddedAurora(port: number): Promise<EmbeddedAurora> {
  // Design requests and simulations wait for the panel: the person at the workbench plays Aurora's designers.
  const sim = await startAuroraSimulator({ port, seed: true, designRequestDelayMs: null, simulationDelayMs: null });
  const demo = sim.demo!;
  return {
    url: sim.url,
    apiKey: demo.standardKey,
    tenantId: demo.tenantId,
    assetHosts: [new URL(sim.url).host],
    panel: auroraPanel(sim),
    describe: `demo tenant "${demo.tenantName}" (${demo.tenantId})`,
    sim,
    close: () => sim.close(),
  };
}

function auroraPanel(sim: AuroraSimulator): AuroraPanel {
  const { state, control } = sim;
  return {
    async project(projectId): Promise<SimProjectView | null> {
      const project = state.projects.get(projectId);
      if (!project) return null;
      const designRequests = [...state.designRequests.values()].filter((request) => request.wire.project_id === projectId);
      const designs = [...state.designs.values()].filter((design) => design.projectId === projectId);
      const agreements = [...state.agreements.values()].filter((agreement) => agreement.wire.project_id === projectId);
      const ids = [projectId, ...designRequests.map((r) => r.wire.id), ...designs.map((d) => d.id), ...agreements.map((a) => a.wire.id)];
      const deliveries = state.deliveries.filter((delivery) => ids.some((id) => delivery.url.includes(id))).slice(-DELIVERIES_SHOWN).reverse();
      const assets = [...state.assets.values()];
      return {
        projectId,
        name: typeof project.wire.name === 'string' ? project.wire.name : null,
        status: typeof project.wire.status === 'string' ? project.wire.status : null,
        designRequests: designRequests.map((request) => ({ id: request.wire.id, status: request.wire.status })),
        designs: designs.map((design) => ({
          id: design.id,
          name: design.name,
          systemSizeKw: design.layout ? Math.round(sizesOf(design.layout).stc / 10) / 100 : null,
          simulated: design.simulated,
          assets: assets.filter((asset) => asset.designId === design.id).length,
        })),
        agreements: agreements.map((agreement) => ({
          id: agreement.wire.id,
          status: agreement.wire.status,
          designId: typeof agreement.wire.design_id === 'string' ? agreement.wire.design_id : null,
        })),
        deliveries: deliveries.map((delivery) => ({
          at: delivery.deliveredAt ?? '',
          event: delivery.event,
          status: delivery.statuses.at(-1) ?? null,
          attempts: delivery.attempts,
          url: delivery.url.replace(/([?&](?:token|auth|key)[^=]*=)[^&]*/gi, '$1…'),
        })),
      };
    },
    async act(action: SimAction) {
      switch (action.action) {
        case 'complete_design_request':
          control.completeDesignRequest(action.designRequestId);
          return;
        case 'reject_design_request':
          control.rejectDesignRequest(action.designRequestId);
          return;
        case 'finish_simulation':
          control.finishSimulation(action.designId);
          return;
        case 'create_asset':
          control.createAsset(action.designId, 'CAD Screenshot');
          return;
        case 'move_agreement': {
          const agreement = action.agreementId
            ? action.agreementId
            : String(control.createAgreement({ projectId: action.projectId, ...(action.designId ? { designId: action.designId } : {}) }).id);
          // Aurora allows no move after signing; the panel forces one so the app's "cancelled after signing" path can be tried.
          control.moveAgreement(agreement, action.status, { force: state.agreements.get(agreement)?.wire.status === 'signed' });
          return;
        }
      }
    },
  };
}

export async function startEmbeddedHubSpot(port: number): Promise<EmbeddedHubSpot> {
  const sim = await startHubSpotSimulator({ port, seed: true });
  // One more demo deal at an ordinary address, so its design request is not completed instantly like the sandbox ones.
  const contact = sim.control.createRecord('contacts', {
    firstname: 'Dana',
    lastname: 'Rivera',
    email: 'dana.rivera@example.com',
    phone: '+1 650 555 0177',
    address: '1234 Cowper St',
    city: 'Palo Alto',
    state: 'CA',
    zip: '94301',
    country: 'USA',
  });
  const ordinaryDealId = sim.control.createRecord('deals', {
    dealname: 'Dana Rivera – 1234 Cowper St solar',
    amount: '36400',
    pipeline: 'default',
    dealstage: 'qualifiedtobuy',
  });
  sim.control.associate('deals', ordinaryDealId, 'contacts', contact);
  return {
    url: sim.url,
    accessToken: sim.accessToken,
    portalId: sim.portalId,
    ordinaryDealId,
    source: simulatorSource(sim),
    describe: `demo portal ${sim.portalId} with ${sim.view.deals().length} deals`,
    sim,
    close: () => sim.close(),
  };
}

const pick = (properties: Record<string, string>, names: string[]) => Object.fromEntries(names.map((name) => [name, properties[name] ?? null]));

function simulatorSource(sim: HubSpotSimulator): DealSource {
  return {
    deals: async (names) => sim.view.deals().map((deal) => ({ id: deal.id, properties: pick(deal.properties, names) })),
    async deal(id, names) {
      const deal = sim.view.deal(id);
      if (!deal) throw new HubSpotReadError(404, `The HubSpot simulator has no deal ${id}.`);
      return { id: deal.id, properties: pick(deal.properties, names) };
    },
    contactsOf: async (dealId, names) => (sim.view.deal(dealId)?.contacts ?? []).map((contact) => ({ id: contact.id, properties: pick(contact.properties, names) })),
    dealProperties: async () =>
      [...sim.state.propertyMap('0-3').values()].map((property) => ({ name: property.name, label: property.label, groupName: property.groupName, type: property.type })),
    stageLabels: async () => new Map(sim.state.pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.label] as const))),
  };
}

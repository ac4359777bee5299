// Design files and links that expire at Aurora: the DXF is copied into HubSpot Files like the screenshot and stays
// downloadable after Aurora's signed link has expired; an expired web proposal link is replaced by a fresh one.
import { main as dealOverview } from '../../src/core/functions/dealOverview';
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { copiedAssetId, isDxf } from '../../src/core/aurora/downloader';
import { card, dealDesigns, linkedDeal, simulatedDesign, useWorld, type World } from './support';

// Aurora's links die fast here: signed asset URLs after at most 2.5 s, web proposal links after 0.5 s.
const world = useWorld({ assetUrlTtlMs: 2_500, webProposalTtlMs: 500 });

async function linkedDesign(w: World) {
  const { dealId, projectId } = await linkedDeal(w);
  const design = simulatedDesign(w, projectId, { name: 'South roof', sizeKw: 8 });
  return { dealId, design };
}

const record = (w: World, dealId: string) => dealDesigns(w, dealId)[0]!.properties;

/** Polls until `check` holds (each try a real request), failing after `tries`. */
async function eventually(check: () => Promise<boolean>, tries = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the condition never held');
}

describe('DXF files', () => {
  it('are copied into HubSpot Files, offered on the card and the design record, and stay downloadable after Aurora’s link expires', async () => {
    const { dealId, design } = await linkedDesign(world());
    expect(await syncDeal(card({ dealId }))).toMatchObject({ ok: true, sync: { status: 'ok' } });

    const dxfAsset = (await world().client.assets.list(design.id)).find((asset) => /dxf/i.test(asset.asset_type ?? ''))!;
    const stored = record(world(), dealId).aurora_dxf_url!;
    expect(stored.startsWith(world().hubspot.url)).toBe(true);
    expect(copiedAssetId(stored)).toBe(dxfAsset.id);
    expect(world().hubspot.view.files().map((file) => file.path)).toContain(`/Aurora Solar/Screenshots/aurora-${dxfAsset.id}.dxf`);

    // Aurora's own signed link dies...
    const auroraLink = dxfAsset.url!;
    await eventually(async () => (await fetch(auroraLink)).status === 403);
    // ...the copy in HubSpot does not.
    const copy = await fetch(stored);
    expect(copy.status).toBe(200);
    const bytes = Buffer.from(await copy.arrayBuffer());
    expect(isDxf(bytes)).toBe(true);

    const overview = await dealOverview(card({ dealId }));
    if (!overview.ok) throw new Error(overview.error.message);
    expect(overview.overview.designs[0]!.dxfUrl).toBe(stored);

    // A second sync keeps the copy: no new upload.
    const files = world().hubspot.view.files().length;
    await syncDeal(card({ dealId }));
    expect(world().hubspot.view.files()).toHaveLength(files);
    expect(record(world(), dealId).aurora_dxf_url).toBe(stored);
  });

  it('an Aurora link stored by an earlier version is replaced by a copy on the next sync', async () => {
    const { dealId, design } = await linkedDesign(world());
    await syncDeal(card({ dealId }));
    const dxfAsset = (await world().client.assets.list(design.id)).find((asset) => /dxf/i.test(asset.asset_type ?? ''))!;
    await world().store.upsertDesigns([{ aurora_design_id: design.id, aurora_dxf_url: `${dxfAsset.url}#aurora-asset=${dxfAsset.id}` }]);

    // The next sync that reads the design's assets (inside the freshness window an unchanged design is not read).
    await syncDeal(card({ dealId, refresh: true }));
    expect(record(world(), dealId).aurora_dxf_url!.startsWith(world().hubspot.url)).toBe(true);
  });
});

describe('web proposal links', () => {
  it('an expired link is replaced by a fresh one Aurora generates, instead of being left blank', async () => {
    const { dealId, design } = await linkedDesign(world());
    await syncDeal(card({ dealId }));
    const first = record(world(), dealId).aurora_proposal_url!;
    expect(first).toMatch(/\/e-proposal\//);

    await eventually(async () => (await world().client.proposals.webProposal(design.id)).url_expired === true);
    // Refresh everything: inside the freshness window an unchanged design's proposal is not read again.
    await syncDeal(card({ dealId, refresh: true }));

    const fresh = record(world(), dealId).aurora_proposal_url!;
    expect(fresh).toMatch(/\/e-proposal\//);
    expect(fresh).not.toBe(first);
    // The link HubSpot holds is the one Aurora now serves.
    expect((await world().client.proposals.webProposal(design.id)).url).toBe(fresh);
    expect(world().aurora.state.requests.filter((r) => r.path.endsWith('/web_proposal/generate_url'))).toHaveLength(1);
  });
});

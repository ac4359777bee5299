// Use case behind an asset delivery (screenshot or DXF) for a design HubSpot holds: copies that one asset into HubSpot
// Files and onto the design's record (and the deal, while it rolls that design up), without listing the design's assets.
// The stored link keeps the asset's time, so an older asset delivered late never replaces a newer file. It declines
// (null) whenever the asset alone cannot say what HubSpot should hold; the caller then syncs the design as before.
import { copiedAssetTime, copiedAssetUrl } from '../aurora/downloader';
import { parseAuroraDate } from '../aurora/parse';
import type { AuroraAsset } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DealRecord, DesignRecord } from '../hubspot/context';
import { designAssets } from '../mapping/auroraFacts';
import { readText } from '../mapping/conversions';
import type { DesignFacts } from '../mapping/facts';
import { HISTORY_PROPERTY, historyWrite } from '../mapping/history';
import { dealRollupProperties, designRecordProperties } from '../mapping/toHubSpot';
import { COPIED_FILES } from '../sync/readSync';

export interface AssetCopyInput {
  deal: DealRecord;
  projectId: string;
  /** The event's asset, as Aurora answered (its design is the record's design). */
  asset: AuroraAsset;
  /** The design's HubSpot record, read by the caller. */
  record: DesignRecord;
  trigger: string;
  deadline: number;
}

type Outcome = { outcome: 'applied' | 'unchanged'; message: string };

const time = (value: string | null | undefined): number | null => parseAuroraDate(value)?.getTime() ?? null;

/** Which of the design's files the asset is, or null when it is neither (or the record is not this deal's copy). */
function fileOf(input: AssetCopyInput): 'screenshot' | 'dxf' | null {
  const { deal, projectId, asset, record } = input;
  // The record must be this deal's copy of a design of this project (record properties are editable).
  if (readText(record.properties.aurora_deal_id) !== deal.id || readText(record.properties.aurora_project_id) !== projectId) return null;
  if (readText(asset.design_id) !== readText(record.properties.aurora_design_id)) return null;
  const { screenshot, dxf } = designAssets([asset]);
  return screenshot ? 'screenshot' : dxf ? 'dxf' : null;
}

/**
 * Copies the asset when it is newer than the file the record holds (or the record holds none); says `unchanged` when
 * the record holds a newer one; null (sync instead) when the asset or the stored link cannot tell (no time, no file yet).
 */
export async function copyEventAsset(deps: Deps, input: AssetCopyInput): Promise<Outcome | null> {
  const kind = fileOf(input);
  const { asset, record, deadline } = input;
  const made = time(asset.created_at);
  if (!kind || made === null || !asset.url) return null;
  const stored = kind === 'screenshot' ? record.properties.aurora_screenshot_url : record.properties.aurora_dxf_url;
  if (stored) {
    const storedAt = time(copiedAssetTime(stored));
    // A link stored without its time, or an asset made at the same moment: the design's asset list decides.
    if (storedAt === null || storedAt === made) return null;
    if (storedAt > made) return { outcome: 'unchanged', message: `HubSpot already has a newer ${COPIED_FILES[kind].noun}.` };
  }
  const file = COPIED_FILES[kind];
  let url: string;
  try {
    const data = await deps.assets.download(asset.url, { deadline });
    if (!file.accepts(data)) return null;
    const uploaded = await deps.hubspot.uploadFile({ data, fileName: `aurora-${asset.id}.${file.extension}` }, { deadline });
    url = copiedAssetUrl(uploaded.url, asset.id, asset.created_at);
  } catch {
    // The sync copies it again and says what is left or why it cannot (pending marks, notes).
    return null;
  }
  await writeCopy(deps, input, kind === 'screenshot' ? { screenshotUrl: url } : { dxfUrl: url });
  return { outcome: 'applied', message: `The ${file.noun} was copied into HubSpot.` };
}

/** Writes the copy's link on the record and (while the deal rolls the design up) the deal, with a history entry. */
async function writeCopy(deps: Deps, input: AssetCopyInput, link: Pick<DesignFacts, 'screenshotUrl' | 'dxfUrl'>): Promise<void> {
  const { deal, record, projectId, deadline } = input;
  const designId = readText(record.properties.aurora_design_id)!;
  const facts = { designId, projectId, ...link } as DesignFacts;
  const { aurora_last_synced_at: _notASync, ...designProps } = designRecordProperties(facts, { dealId: deal.id, syncedAt: new Date(deps.now()) }, deps.fieldMap);
  const rollsUp = readText(deal.properties.aurora_design_id) === designId;
  const dealProps = rollsUp ? dealRollupProperties(facts, deps.fieldMap) : {};
  delete dealProps.aurora_design_id;
  const what = `${input.trigger}: 1 design updated${rollsUp && Object.keys(dealProps).length > 0 ? '; deal: design file' : ''}.`;
  await Promise.all([
    deps.hubspot.upsertDesigns([designProps], { deadline }),
    deps.hubspot.updateDeal(deal.id, { ...dealProps, ...historyWrite(deal.properties[HISTORY_PROPERTY], deps.now(), what) }, { deadline, current: deal.properties }),
  ]);
}

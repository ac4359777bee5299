// Use case behind an asset delivery (screenshot or DXF) for a design HubSpot holds: copies that one asset into HubSpot
// Files and onto the design's record (and the deal, while it rolls that design up), without listing the design's assets.
// The stored link keeps the asset's time, so an older asset delivered late never replaces a newer file. It declines
// (null) whenever the asset alone cannot say what HubSpot should hold; the caller then syncs the design as before.
import { copiedAssetTime, copiedAssetUrl } from '../aurora/downloader';
import { parseAuroraDate } from '../aurora/parse';
import type { AuroraAsset } from '../aurora/schemas';
import type { Deps } from '../deps';
import { designAssets } from '../mapping/auroraFacts';
import { readText } from '../mapping/conversions';
import { COPIED_FILES } from '../sync/readSync';
import { isDealsCopy, writeDesignFacts, type HeldDesign } from './designFactsWrite';

export interface AssetCopyInput extends HeldDesign {
  /** The event's asset, as Aurora answered (its design is the record's design). */
  asset: AuroraAsset;
}

type Outcome = { outcome: 'applied' | 'unchanged'; message: string };

const time = (value: string | null | undefined): number | null => parseAuroraDate(value)?.getTime() ?? null;

/** Which of the design's files the asset is, or null when it is neither (or the record is not this deal's copy). */
function fileOf(input: AssetCopyInput): 'screenshot' | 'dxf' | null {
  const { asset, record } = input;
  if (!isDealsCopy(input) || readText(asset.design_id) !== readText(record.properties.aurora_design_id)) return null;
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
  await writeDesignFacts(deps, input, kind === 'screenshot' ? { screenshotUrl: url } : { dxfUrl: url });
  return { outcome: 'applied', message: `The ${file.noun} was copied into HubSpot.` };
}

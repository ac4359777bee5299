// Aurora design assets (screenshots, DXF, …): list a design's assets, retrieve one, and get a fresh download URL (docs/aurora-api.md#assets).
import { z } from 'zod';
import type { AuroraCaller, RequestOptions } from '../caller';
import { INFERRED_ROOT_KEYS } from '../inferred';
import { auroraAssetSchema, type AuroraAsset } from '../schemas';

export class Assets {
  constructor(private readonly client: AuroraCaller) {}

  /** GET /tenants/{tenant_id}/designs/{design_id}/assets (root key in inferred.ts). */
  list(designId: string, options: RequestOptions = {}): Promise<AuroraAsset[]> {
    return this.client.call('listAssets', { ...options, params: { designId }, root: INFERRED_ROOT_KEYS.assets, schema: z.array(auroraAssetSchema) });
  }

  /** GET /tenants/{tenant_id}/assets/{asset_id} ([DOCS] Retrieve Asset tutorial). */
  retrieve(assetId: string, options: RequestOptions = {}): Promise<AuroraAsset> {
    return this.client.call('retrieveAsset', { ...options, params: { assetId }, root: 'asset', schema: auroraAssetSchema });
  }

  /** A freshly signed download URL (they expire, so ask right before downloading); null when Aurora has none yet. */
  async downloadUrl(assetId: string, options: RequestOptions = {}): Promise<string | null> {
    return (await this.retrieve(assetId, options)).url ?? null;
  }
}

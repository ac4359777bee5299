// Downloads Aurora design screenshots for copying into HubSpot Files: only from Aurora's hosts or the configured ones,
// size-capped, never with credentials (Aurora's download URLs are pre-signed storage links, docs/aurora-api.md#assets).
import axios from 'axios';

export type AssetDownloadProblem = 'host' | 'too_large' | 'status' | 'network' | 'deadline' | 'format';

/** Why an asset could not be copied; the sync records it as pending work, never as a crash. */
export class AssetDownloadError extends Error {
  constructor(
    readonly problem: AssetDownloadProblem,
    message: string,
  ) {
    super(message);
    this.name = 'AssetDownloadError';
  }

  /** Worth trying again on the next sync (a network failure, not a refused host). */
  get retryable(): boolean {
    return this.problem === 'network' || this.problem === 'deadline' || this.problem === 'status';
  }
}

export interface AssetDownloader {
  /** The bytes at `url`, or AssetDownloadError. */
  download(url: string, options: { deadline: number; maxBytes?: number }): Promise<Buffer>;
}

export interface AssetDownloaderOptions {
  /**
   * Hosts besides Aurora's own (`*.aurorasolar.com`, https): a bare host (`files.example.com`, https only) or a full
   * origin (`http://127.0.0.1:4010`, that scheme and port only), e.g. the simulator's.
   */
  allowedHosts: readonly string[];
  now?: () => number;
  /** Default cap when the caller gives none: 10 MB. */
  maxBytes?: number;
  timeoutMs?: number;
}

export const DEFAULT_MAX_ASSET_BYTES = 10 * 1024 * 1024;

/** True when the URL may be fetched: https on an Aurora host or a listed host, or exactly a listed origin. */
export function isAllowedAssetUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  // Aurora's own hosts on the standard HTTPS port only (another port is another service).
  if (parsed.protocol === 'https:' && parsed.port === '' && (host === 'aurorasolar.com' || host.endsWith('.aurorasolar.com'))) return true;
  return allowedHosts.some((entry) => {
    const allowed = entry.trim().toLowerCase();
    if (!allowed) return false;
    if (allowed.includes('://')) {
      try {
        return new URL(allowed).origin === parsed.origin;
      } catch {
        return false;
      }
    }
    return parsed.protocol === 'https:' && parsed.host === allowed;
  });
}

export function createAssetDownloader(options: AssetDownloaderOptions): AssetDownloader {
  const now = options.now ?? Date.now;
  // A bare instance: no default headers, so nothing of the Aurora client's (its key) can travel to a storage host.
  const http = axios.create({ proxy: false, maxRedirects: 0, validateStatus: () => true });
  return {
    async download(url, { deadline, maxBytes = options.maxBytes ?? DEFAULT_MAX_ASSET_BYTES }) {
      if (!isAllowedAssetUrl(url, options.allowedHosts)) {
        throw new AssetDownloadError('host', `the asset is on a host the app does not download from (${safeHost(url)})`);
      }
      const remaining = deadline - now();
      if (remaining <= 0) throw new AssetDownloadError('deadline', 'no time left to download the asset');
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), Math.min(remaining, options.timeoutMs ?? 10_000));
      try {
        const response = await http.get<ArrayBuffer>(url, {
          responseType: 'arraybuffer',
          maxContentLength: maxBytes,
          maxBodyLength: maxBytes,
          signal: controller.signal,
          headers: { Accept: '*/*' },
        });
        if (response.status < 200 || response.status >= 300) {
          throw new AssetDownloadError('status', `the asset download answered HTTP ${response.status}`);
        }
        const data = Buffer.from(response.data);
        if (data.length > maxBytes) throw new AssetDownloadError('too_large', `the asset is larger than ${maxBytes} bytes`);
        return data;
      } catch (error) {
        if (error instanceof AssetDownloadError) throw error;
        if (controller.signal.aborted) throw new AssetDownloadError('deadline', 'the asset download took too long');
        const message = (error as { message?: unknown }).message;
        if (typeof message === 'string' && /maxContentLength/i.test(message)) {
          throw new AssetDownloadError('too_large', `the asset is larger than ${maxBytes} bytes`);
        }
        throw new AssetDownloadError('network', 'the asset could not be downloaded');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Larger than any screenshot Aurora renders; a bigger header is a decompression bomb, not a picture. */
const MAX_PNG_SIDE = 16_384;

const CRC_TABLE = Array.from({ length: 256 }, (_value, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Only real PNGs are stored as screenshots (a storage error page must not end up on the deal): the signature, then
 * well-formed chunks with correct CRCs, IHDR first with a sane size, image data, and IEND as the very end.
 */
export function isPng(data: Buffer): boolean {
  if (data.length < PNG_SIGNATURE.length + 12 || !data.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return false;
  let offset = PNG_SIGNATURE.length;
  let sawImageData = false;
  for (let index = 0; offset + 12 <= data.length; index++) {
    const length = data.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > data.length) return false;
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type) || crc32(data.subarray(offset + 4, offset + 8 + length)) !== data.readUInt32BE(offset + 8 + length)) return false;
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) return false;
      const width = data.readUInt32BE(offset + 8);
      const height = data.readUInt32BE(offset + 12);
      if (width < 1 || height < 1 || width > MAX_PNG_SIDE || height > MAX_PNG_SIDE) return false;
    }
    if (type === 'IDAT') sawImageData = true;
    if (type === 'IEND') return sawImageData && end === data.length;
    offset = end;
  }
  return false;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'not a URL';
  }
}

// A stored asset URL carries the Aurora asset id (and when Aurora made the asset) in its fragment, never sent to a
// server, so a later sync knows that asset is already copied (even when HubSpot returned an existing file with the same
// bytes under another name) or linked, and a late delivery of an older asset knows a newer file is there.
const ASSET_FRAGMENT = '#aurora-asset=';
const TIME_PARAMETER = '&aurora-asset-at=';

/** The URL stored on the design record for an asset (a HubSpot Files copy, or Aurora's own link). */
export function copiedAssetUrl(fileUrl: string, assetId: string, createdAt?: string | null): string {
  const time = createdAt ? `${TIME_PARAMETER}${encodeURIComponent(createdAt)}` : '';
  return `${fileUrl.split('#')[0]}${ASSET_FRAGMENT}${encodeURIComponent(assetId)}${time}`;
}

/** What a stored URL's fragment says: the asset id and (when stored) its time, as Aurora wrote it. */
function copiedFragment(storedUrl: string | null | undefined): { id: string; createdAt: string | null } | null {
  const at = storedUrl?.lastIndexOf(ASSET_FRAGMENT) ?? -1;
  if (at < 0) return null;
  const [id = '', createdAt] = storedUrl!.slice(at + ASSET_FRAGMENT.length).split(TIME_PARAMETER);
  return { id: decodeURIComponent(id), createdAt: createdAt ? decodeURIComponent(createdAt) : null };
}

/** The Aurora asset id a stored URL was copied from, or null. */
export function copiedAssetId(storedUrl: string | null | undefined): string | null {
  return copiedFragment(storedUrl)?.id ?? null;
}

/** When Aurora made the asset a stored URL was copied from (its `created_at`), or null when the URL does not say. */
export function copiedAssetTime(storedUrl: string | null | undefined): string | null {
  return copiedFragment(storedUrl)?.createdAt ?? null;
}

const BINARY_DXF = Buffer.from('AutoCAD Binary DXF', 'ascii');

/** Only real DXF drawings are stored as DXF files: ASCII DXF opens with group code 0 and SECTION; binary DXF has its sentinel. */
export function isDxf(data: Buffer): boolean {
  if (data.subarray(0, BINARY_DXF.length).equals(BINARY_DXF)) return true;
  return /^\s*0\s*\r?\n\s*SECTION\b/.test(data.subarray(0, 256).toString('latin1'));
}

/**
 * Whether a stored URL is our HubSpot Files copy of this asset rather than Aurora's own link: it names the asset and lives
 * on another host than Aurora's download link (HubSpot Files may hand back an identical file saved under another name).
 */
export function isCopyOf(storedUrl: string | null | undefined, asset: { id: string; url?: string | null }): boolean {
  if (!storedUrl || copiedAssetId(storedUrl) !== asset.id) return false;
  if (!asset.url) return true;
  return safeHost(storedUrl) !== safeHost(asset.url);
}

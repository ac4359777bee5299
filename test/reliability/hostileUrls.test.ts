// Attacks through URLs and files Aurora hands back: script and data schemes, Aurora's host on another port, bytes that
// only start like a PNG. Links a rep may click are http(s) only; downloads go to Aurora's hosts on the standard port;
// only a PNG that parses end to end is stored as a screenshot.
import type { SimRequest } from '../../simulators/shared/httpServer';
import { syncDeal } from '../../src/core/useCases/sync';
import { isAllowedAssetUrl, isPng } from '../../src/core/aurora/downloader';
import { dealDesigns, linkedDeal, soon, tinyPng, useRig } from './support';

describe('what counts as a PNG', () => {
  const png = tinyPng();
  it.each([
    ['a real PNG', png, true],
    ['the signature and garbage', Buffer.concat([png.subarray(0, 8), Buffer.from('<html>error</html>')]), false],
    ['a PNG cut short', png.subarray(0, png.length - 12), false],
    ['a PNG with a corrupted chunk', Buffer.concat([png.subarray(0, 20), Buffer.from([png[20]! ^ 0xff]), png.subarray(21)]), false],
    ['an empty file', Buffer.alloc(0), false],
    ['HTML', Buffer.from('<!doctype html><p>AccessDenied</p>'), false],
  ])('%s', (_name, data, expected) => expect(isPng(data)).toBe(expected));
});

describe('which download URLs are allowed', () => {
  it.each([
    ['https://files.aurorasolar.com/a.png', true],
    ['https://files.aurorasolar.com:443/a.png', true],
    ['https://files.aurorasolar.com:8443/a.png', false],
    ['https://files.aurorasolar.com:22/a.png', false],
    ['http://files.aurorasolar.com/a.png', false],
    ['https://aurorasolar.com.evil.example/a.png', false],
    ['https://user:pw@files.aurorasolar.com/a.png', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
  ])('%s', (url, expected) => expect(isAllowedAssetUrl(url, [])).toBe(expected));
});

describe('links Aurora hands back', () => {
  const rig = useRig();

  /** Aurora answers one GET with this JSON instead of its own. */
  const answer = (suffix: string, body: unknown) =>
    rig().aurora.server.injectFault({ times: 1, status: 200, body, match: (req: SimRequest) => req.method === 'GET' && req.path.endsWith(suffix) });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)//'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['an upper-case JAVASCRIPT:', 'JavaScript:alert(1)'],
    ['a non-URL', 'not a url at all'],
  ])('a %s DXF or proposal link is never stored', async (_name, hostile) => {
    const { dealId, projectId } = await linkedDeal(rig());
    const design = rig().aurora.control.createDesign({ projectId, name: 'Hostile links', sizeKw: 5 });
    const now = new Date().toISOString();
    answer('/assets', { assets: [{ id: '7b0b2c64-0d39-4bd2-9d0c-0a7a4e0b7c11', design_id: design.id, asset_type: 'Design DXF', url: hostile, created_at: now }] });
    answer('/web_proposal', { url: hostile, url_expired: false });
    await syncDeal(rig().deps, { dealId }, soon());
    const [record] = dealDesigns(rig(), dealId);
    expect(record?.properties.aurora_design_id).toBe(design.id);
    expect(record?.properties.aurora_dxf_url ?? '').not.toContain(hostile.slice(0, 10));
    expect(record?.properties.aurora_proposal_url ?? '').not.toContain(hostile.slice(0, 10));
  });
});

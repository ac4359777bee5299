// The sync's building blocks on their own: the asset downloader's rules, pending lists, customer diffs (the queue: test/aurora/queue.test.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tinyPng } from '../reliability/support';
import { AssetDownloadError, copiedAssetId, copiedAssetTime, copiedAssetUrl, createAssetDownloader, isAllowedAssetUrl, isPng } from '../../src/core/aurora/downloader';
import { changedCustomerFields, currentCustomer } from '../../src/core/mapping/customer';
import { formatPending, parsePending, pendingIds } from '../../src/core/mapping/pending';
import { FIELD_MAP } from '../../src/core/mapping/fieldMap';

describe('asset downloads', () => {
  let server: http.Server;
  let origin: string;
  const seen: http.IncomingHttpHeaders[] = [];
  const png = tinyPng();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/big') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(5_000));
      if (req.url === '/moved') return void res.writeHead(302, { location: 'https://elsewhere.example/x.png' }).end();
      if (req.url === '/expired') return void res.writeHead(403).end('Request has expired');
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("allows https on Aurora's hosts and the configured ones, and exactly a configured origin", () => {
    expect(isAllowedAssetUrl('https://cdn.aurorasolar.com/a.png', [])).toBe(true);
    expect(isAllowedAssetUrl('https://aurorasolar.com/a.png', [])).toBe(true);
    expect(isAllowedAssetUrl('http://cdn.aurorasolar.com/a.png', [])).toBe(false);
    expect(isAllowedAssetUrl('https://aurorasolar.com.evil.example/a.png', [])).toBe(false);
    expect(isAllowedAssetUrl('https://user:pw@cdn.aurorasolar.com/a.png', [])).toBe(false);
    expect(isAllowedAssetUrl('https://files.example.com/a.png', ['files.example.com'])).toBe(true);
    expect(isAllowedAssetUrl('http://files.example.com/a.png', ['files.example.com'])).toBe(false);
    expect(isAllowedAssetUrl('http://127.0.0.1:4010/__files/a.png', ['http://127.0.0.1:4010'])).toBe(true);
    expect(isAllowedAssetUrl('http://127.0.0.1:4011/__files/a.png', ['http://127.0.0.1:4010'])).toBe(false);
    expect(isAllowedAssetUrl('file:///etc/passwd', ['http://127.0.0.1:4010'])).toBe(false);
    expect(isAllowedAssetUrl('not a url', [])).toBe(false);
  });

  it('downloads from an allowed origin without any credentials', async () => {
    const downloader = createAssetDownloader({ allowedHosts: [origin] });
    const data = await downloader.download(`${origin}/shot.png?signature=abc`, { deadline: Date.now() + 5_000 });
    expect(data.equals(png)).toBe(true);
    expect(isPng(data)).toBe(true);
    expect(seen.at(-1)?.authorization).toBeUndefined();
    expect(seen.at(-1)?.cookie).toBeUndefined();
  });

  it('refuses other hosts, oversized files, redirects and error answers, each in its own words', async () => {
    const downloader = createAssetDownloader({ allowedHosts: [origin], maxBytes: 1_000 });
    const deadline = Date.now() + 5_000;
    const problem = (url: string) =>
      downloader.download(url, { deadline }).then(
        () => 'downloaded',
        (error: AssetDownloadError) => `${error.problem}:${error.retryable}`,
      );
    const requests = seen.length;
    expect(await problem('https://elsewhere.example/shot.png')).toBe('host:false');
    expect(seen.length).toBe(requests);
    expect(await problem(`${origin}/big`)).toBe('too_large:false');
    expect(await problem(`${origin}/moved`)).toBe('status:true');
    expect(await problem(`${origin}/expired`)).toBe('status:true');
    expect(await problem(`http://127.0.0.1:1/x.png`)).toBe('host:false');
    expect(await downloader.download(`${origin}/shot.png`, { deadline: Date.now() - 1 }).catch((e: AssetDownloadError) => e.problem)).toBe('deadline');
  });

  it('tells a PNG from an error page', () => {
    expect(isPng(png)).toBe(true);
    expect(isPng(Buffer.from('<html>Access denied</html>'))).toBe(false);
    expect(isPng(png.subarray(0, 8))).toBe(false);
  });

  it('keeps the copied asset id in the stored URL fragment', () => {
    const stored = copiedAssetUrl('https://files.hubspot.example/hubfs/1/aurora-a.png', 'asset-1');
    expect(stored).toBe('https://files.hubspot.example/hubfs/1/aurora-a.png#aurora-asset=asset-1');
    expect(copiedAssetId(stored)).toBe('asset-1');
    expect(copiedAssetId(copiedAssetUrl(stored, 'asset-2'))).toBe('asset-2');
    const timed = copiedAssetUrl(stored, 'asset-3', '2026-05-01T10:00:00.123Z');
    expect([copiedAssetId(timed), copiedAssetTime(timed), copiedAssetTime(stored)]).toEqual(['asset-3', '2026-05-01T10:00:00.123Z', null]);
    expect(copiedAssetId('https://files.hubspot.example/x.png')).toBeNull();
    expect(copiedAssetId(null)).toBeNull();
  });
});

describe('pending work on the deal', () => {
  it('reads and writes kind:id lists', () => {
    expect(parsePending(' design:a ;screenshot:b;;design:a ')).toEqual(['design:a', 'screenshot:b']);
    expect(parsePending(null)).toEqual([]);
    expect(formatPending(['design:a', 'screenshot:b', 'design:a'])).toBe('design:a;screenshot:b');
    expect(pendingIds(['design:a', 'screenshot:b', 'design:c'], 'design')).toEqual(['a', 'c']);
    expect(formatPending(Array.from({ length: 5_000 }, (_, i) => `design:${'x'.repeat(20)}${i}`)).length).toBeLessThanOrEqual(60_000);
  });
});

describe('customer fields', () => {
  const deal = { id: '7', properties: { dealname: 'Solar for Jane', hs_object_id: '7' } };
  const contact = {
    id: '9',
    properties: { firstname: 'Jane', lastname: 'Homeowner', email: 'jane@example.com', phone: '', address: '901 Mears Ct', city: 'Stanford', state: 'CA', zip: '94305', country: 'USA' },
  };

  it('are what Create in Aurora sends, empty ones left out, the address as one line', () => {
    const { snapshot, fields } = currentCustomer(deal, contact, FIELD_MAP);
    expect(snapshot).toEqual({
      name: 'Solar for Jane',
      customer_first_name: 'Jane',
      customer_last_name: 'Homeowner',
      customer_email: 'jane@example.com',
      property_address: '901 Mears Ct, Stanford, CA 94305, USA',
    });
    expect(fields.map((f) => [f.field, f.property, f.label])).toEqual([
      ['customer_first_name', 'firstname', 'Customer first name'],
      ['customer_last_name', 'lastname', 'Customer last name'],
      ['customer_email', 'email', 'Customer email'],
      ['property_address', 'address', 'Site address'],
    ]);
  });

  it('differ from what was sent only where HubSpot changed; a field emptied in HubSpot is not pushed', () => {
    const { snapshot, fields } = currentCustomer(deal, contact, FIELD_MAP);
    expect(changedCustomerFields(fields, snapshot)).toEqual([]);
    const changed = currentCustomer(deal, { ...contact, properties: { ...contact.properties, email: '', city: 'Palo Alto' } }, FIELD_MAP);
    expect(changedCustomerFields(changed.fields, snapshot).map((f) => [f.field, f.value])).toEqual([['property_address', '901 Mears Ct, Palo Alto, CA 94305, USA']]);
    expect(changedCustomerFields(fields, null)).toHaveLength(4);
  });
});

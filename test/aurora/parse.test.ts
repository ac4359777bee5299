// Unit tests for the Aurora layer's pure helpers: wire-quirk readers, null stripping, Retry-After, error bodies, paths.
import { parseRetryAfter, withoutNulls } from '../../src/core/aurora/client';
import { fillPath } from '../../src/core/aurora/endpoints';
import { auroraDesignUrl, auroraProjectUrl } from '../../src/core/aurora/links';
import { auroraErrorMessages } from '../../src/core/aurora/errors';
import { formatAuroraDate, parseArrays, parseAuroraDate, parseOffsetPercent } from '../../src/core/aurora/parse';

describe('parseOffsetPercent', () => {
  it.each([
    ['104%', 104],
    [' 87.5 % ', 87.5],
    ['104', 104],
    [104, 104],
    [0, 0],
    ['', null],
    ['n/a', null],
    [null, null],
    [undefined, null],
    [Number.NaN, null],
  ])('%p → %p', (input, expected) => expect(parseOffsetPercent(input)).toBe(expected));
});

describe('parseArrays', () => {
  const array = { size: 6020, azimuth: 180, pitch: 22, face: 1, module: { name: 'REC 430', count: 14, rating_stc: 430 } };

  it('reads an array, a JSON string, and drops what is not an array item', () => {
    expect(parseArrays([array])).toEqual([array]);
    expect(parseArrays(JSON.stringify([array]))).toEqual([array]);
    expect(parseArrays([array, 'junk', { azimuth: 'south' }])).toEqual([array]);
  });

  it('gives an empty list for nothing or for malformed JSON', () => {
    expect(parseArrays(null)).toEqual([]);
    expect(parseArrays('[{')).toEqual([]);
    expect(parseArrays({ not: 'a list' })).toEqual([]);
  });
});

describe('parseAuroraDate', () => {
  it('reads Aurora’s "UTC" format and ISO-8601', () => {
    expect(parseAuroraDate('2024-06-01 17:03:11 UTC')?.toISOString()).toBe('2024-06-01T17:03:11.000Z');
    expect(parseAuroraDate('2024-06-02T18:00:00Z')?.toISOString()).toBe('2024-06-02T18:00:00.000Z');
    expect(parseAuroraDate('2024-06-02T18:00:00.250+02:00')?.toISOString()).toBe('2024-06-02T16:00:00.250Z');
  });

  it('gives null for anything else', () => {
    for (const value of [null, '', 'yesterday', '1', 42, '2024-13-45 99:99:99 UTC']) expect(parseAuroraDate(value)).toBeNull();
  });

  it('round-trips with formatAuroraDate', () => {
    const date = new Date('2025-01-31T23:59:58.000Z');
    expect(formatAuroraDate(date)).toBe('2025-01-31 23:59:58 UTC');
    expect(parseAuroraDate(formatAuroraDate(date))).toEqual(date);
  });
});

describe('withoutNulls', () => {
  it('drops null and undefined fields at every level of plain objects, keeping empty strings, zeros and arrays', () => {
    expect(withoutNulls({ a: null, b: undefined, c: '', d: 0, e: false, f: [null], g: { h: null, i: 'x' } })).toEqual({ c: '', d: 0, e: false, f: [null], g: { i: 'x' } });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});

describe('auroraErrorMessages', () => {
  it('reads errors[].message, error, message, and short plain text, blanking the key', () => {
    expect(auroraErrorMessages('{"errors":[{"message":"a"},{"message":"b"}]}', 'k')).toEqual(['a', 'b']);
    expect(auroraErrorMessages('{"errors":["plain"]}', 'k')).toEqual(['plain']);
    expect(auroraErrorMessages('{"error":"nope"}', 'k')).toEqual(['nope']);
    expect(auroraErrorMessages('Bad key sk_sand_secret', 'sk_sand_secret')).toEqual(['Bad key [redacted]']);
    expect(auroraErrorMessages('<html>gateway</html>', 'k')).toEqual([]);
  });
});

describe('fillPath', () => {
  it('encodes ids and refuses a missing one', () => {
    expect(fillPath('/tenants/:tenantId/projects/:projectId', { tenantId: 't', projectId: 'a/b' })).toBe('/tenants/t/projects/a%2Fb');
    expect(() => fillPath('/tenants/:tenantId/projects/:projectId', { tenantId: 't', projectId: '' })).toThrow('projectId');
  });
});

describe('deep links', () => {
  it('point at the project dashboard and the design CAD view of the configured app', () => {
    expect(auroraProjectUrl('https://v2.aurorasolar.com/', 'p-1')).toBe('https://v2.aurorasolar.com/projects/p-1/overview/dashboard');
    expect(auroraDesignUrl('https://v2-sandbox.aurorasolar.com', 'p-1', 'd 2')).toBe('https://v2-sandbox.aurorasolar.com/projects/p-1/designs/d%202/cad');
  });
});

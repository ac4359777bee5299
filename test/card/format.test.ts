// The card's formatting: units, money without float noise, relative time, status words and safe links.
import {
  agreementTag,
  connectedAppsUrl,
  describePending,
  designRequestTag,
  formatKw,
  formatKwh,
  formatMoney,
  formatPercent,
  formatPricePerWatt,
  humanize,
  listInWords,
  relativeTime,
  safeUrl,
  syncTag,
} from '../../src/app/cards/format';
import { relativeTime as settingsRelativeTime, featureLabel, stepVariant } from '../../src/app/settings/format';

const NOW = new Date('2026-11-28T12:00:00Z');
const before = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe('card formatting', () => {
  it.each([
    [8.4, '8.4 kW'],
    [10.25, '10.25 kW'],
    [7, '7.0 kW'],
    [12.3456, '12.35 kW'],
    [1234.5, '1,234.5 kW'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('formatKw(%p) = %p', (kw, expected) => expect(formatKw(kw)).toBe(expected));

  it.each([
    [12345, '12,345 kWh'],
    [9123.6, '9,124 kWh'],
    [0, '0 kWh'],
    [null, '—'],
  ])('formatKwh(%p) = %p', (kwh, expected) => expect(formatKwh(kwh)).toBe(expected));

  it.each([
    [98.7, '98.7%'],
    [104, '104%'],
    [87.25, '87.3%'],
    [null, '—'],
  ])('formatPercent(%p) = %p', (percent, expected) => expect(formatPercent(percent)).toBe(expected));

  it.each([
    [24500, '$24,500.00'],
    [24500.1000000001, '$24,500.10'],
    [0.1 + 0.2, '$0.30'],
    [1234567.899, '$1,234,567.90'],
    [-150, '-$150.00'],
    [142.5, '$142.50'],
    [null, '—'],
  ])('formatMoney(%p) = %p', (amount, expected) => expect(formatMoney(amount)).toBe(expected));

  it('formats price per watt with cents', () => {
    expect(formatPricePerWatt(2.9)).toBe('$2.90/W');
    expect(formatPricePerWatt(null)).toBe('—');
  });

  it.each([
    [10, 'just now'],
    [-30, 'just now'],
    [60, '1 minute ago'],
    [3 * 60, '3 minutes ago'],
    [59 * 60, '59 minutes ago'],
    [60 * 60, '1 hour ago'],
    [5 * 3600, '5 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 86400, '3 days ago'],
    [90 * 86400, 'Aug 30, 2026'],
  ])('relativeTime %p seconds before now = %p', (seconds, expected) => {
    expect(relativeTime(before(seconds), NOW)).toBe(expected);
    expect(settingsRelativeTime(before(seconds), NOW)).toBe(expected);
  });

  it('says never or unknown for missing or unreadable timestamps', () => {
    expect(relativeTime(null, NOW)).toBe('never');
    expect(relativeTime('yesterday-ish', NOW)).toBe('unknown');
  });

  it('turns machine words into labels', () => {
    expect(humanize('designer_completed')).toBe('Designer completed');
    expect(humanize('cancel-pending')).toBe('Cancel pending');
    expect(humanize('')).toBe('');
  });

  it('only lets http(s) URLs through', () => {
    expect(safeUrl('https://v2.aurorasolar.com/projects/1')).toBe('https://v2.aurorasolar.com/projects/1');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('/relative/path')).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });

  it('colours statuses, tolerating values Aurora adds later', () => {
    expect(syncTag('partial')).toEqual({ label: 'Partly synced', variant: 'warning' });
    expect(agreementTag('signed')).toEqual({ label: 'Signed', variant: 'success' });
    expect(agreementTag('cancel-pending')).toEqual({ label: 'Cancel pending', variant: 'warning' });
    expect(agreementTag('voided_by_admin')).toEqual({ label: 'Voided by admin', variant: 'default' });
    expect(designRequestTag('designer_rejected')).toEqual({ label: 'Rejected', variant: 'danger' });
    expect(designRequestTag('in_review')).toEqual({ label: 'In review', variant: 'default' });
  });

  it('describes pending work without ids', () => {
    expect(describePending(['design:a', 'design:b', 'screenshot:a'])).toBe('2 designs and 1 screenshot');
    expect(describePending(['bom:a'])).toBe('1 bom');
    expect(describePending([])).toBeNull();
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('links to the portal’s Connected apps page', () => {
    expect(connectedAppsUrl(123)).toBe('https://app.hubspot.com/connected-apps/123/installed');
    expect(connectedAppsUrl(undefined)).toBeNull();
  });
});

describe('settings formatting', () => {
  it('labels features and colours installer outcomes', () => {
    expect(featureLabel('design_requests')).toBe('Design requests');
    expect(featureLabel('solar_access')).toBe('Solar access');
    expect(stepVariant('conflict')).toBe('warning');
    expect(stepVariant('something_new')).toBe('default');
  });
});

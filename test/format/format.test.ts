// The one formatting module (@aurora/format): money, energy, sizes, dates and times read the same on the card, the
// settings page and the notes the functions write.
import { countOf, formatClockTime, formatDate, formatKw, formatKwh, formatMoney, formatMonthly, formatPercent, formatPricePerWatt, relativeTime } from '@aurora/format';
import { formatMoney as cardMoney } from '../../src/app/cards/format';
import { handoffNote } from '../../src/core/postSale/notes';

describe('@aurora/format', () => {
  it('writes every price with its currency and cents, whatever the amount', () => {
    expect(formatMoney(27541.5)).toBe('$27,541.50');
    expect(formatMoney(23607)).toBe('$23,607.00');
    expect(formatMoney(24500.1000000001)).toBe('$24,500.10');
    expect(formatMoney(0.1 + 0.2)).toBe('$0.30');
    expect(formatMoney(-150)).toBe('-$150.00');
    expect(formatMoney(null)).toBe('—');
    expect(formatMonthly(182.349)).toBe('$182.35/mo');
    expect(formatPricePerWatt(2.9)).toBe('$2.90/W');
  });

  it('a price reads the same on the card and in the hand-off note (defect 8: "Price: 23,607" had no currency)', () => {
    const note = handoffNote({
      agreement: { id: 'a1', status: 'signed' },
      design: { id: '7', properties: { aurora_design_name: 'Layout 3', aurora_system_size_kw: '9.46', aurora_price: '23607' } },
      stageLabel: 'Closed Won',
    });
    expect(note).toContain(`<p>Price: ${cardMoney(23607)}</p>`);
    expect(note).toContain('<p>Price: $23,607.00</p>');
    expect(note).toContain(`<p>System size: ${formatKw(9.46)}</p>`);
  });

  it('writes sizes, energy and shares with their units', () => {
    expect(formatKw(7)).toBe('7.0 kW');
    expect(formatKw(10.25)).toBe('10.25 kW');
    expect(formatKwh(9123.6)).toBe('9,124 kWh');
    expect(formatPercent(87.25)).toBe('87.3%');
    expect(countOf(1, 'design')).toBe('1 design');
    expect(countOf(12, 'design')).toBe('12 designs');
  });

  it('writes dates and a clock time a rep can wait for, in the portal time zone, never earlier than the moment', () => {
    expect(formatDate('2026-11-28T23:30:00Z')).toBe('Nov 28, 2026');
    expect(formatDate('2026-11-28T23:30:00Z', 'Asia/Tokyo')).toBe('Nov 29, 2026');
    expect(formatClockTime('2026-11-28T14:04:10Z')).toBe('14:05');
    expect(formatClockTime('2026-11-28T14:05:00Z')).toBe('14:05');
    expect(formatClockTime('2026-11-28T14:04:10Z', 'America/New_York')).toBe('09:05');
    expect(formatClockTime('2026-11-28T14:04:10Z', 'Not/AZone')).toBe('14:05');
    expect(formatClockTime(null)).toBe('—');
  });

  it('says how long ago, then the date', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(relativeTime('2026-11-28T11:59:30Z', now, 'never')).toBe('just now');
    expect(relativeTime('2026-11-28T11:41:00Z', now, 'never')).toBe('19 minutes ago');
    expect(relativeTime('2026-09-01T12:00:00Z', now, 'never')).toBe('Sep 1, 2026');
    expect(relativeTime(null, now, 'never')).toBe('never');
  });
});

describe('words a rep reads (defect 8)', () => {
  it("Aurora's refusal of the address names the site address in plain words, no API field names", () => {
    const { AuroraValidationError } = jest.requireActual('../../src/core/aurora/errors') as typeof import('../../src/core/aurora/errors');
    const call = { method: 'POST' as const, path: '/tenants/:tenantId/projects', feature: 'projects' as const, action: 'create projects', noun: 'project' };
    const error = new AuroraValidationError(['location.property_address could not be geocoded'], call).toUserError();
    expect(error.message).not.toMatch(/location\.|property_address|geocod/);
    expect(error.message).toContain('site address could not be found on the map');
  });

  it('a deal without a contact asks for the contact, not for a field called "Contact (primary contact)"', () => {
    const { preflight } = jest.requireActual('../../src/core/mapping/toAurora') as typeof import('../../src/core/mapping/toAurora');
    const check = preflight({ id: '1', properties: { dealname: 'Rivera solar' } }, null);
    const noContact = check.missing.find((field) => field.property === 'contact');
    expect(noContact).toMatchObject({ label: 'Primary contact', message: expect.stringMatching(/^The deal has no contact/) });
  });
});

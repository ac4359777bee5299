// Reading a write's place in its property's history: ours alone stands, ours over another's newer value asks Aurora again,
// another's over ours leaves it to that writer; an agreement status ours goes beyond is no newer truth.
import { decideAgreementStatus } from '../../src/core/postSale/precedence';
import { writeOrder } from '../../src/core/mapping/writeOrder';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();
const entry = (value: string, second: number) => ({ value, timestamp: at(second) });
const since = at(10);

it('a write alone after the snapshot stands; what was there before the snapshot does not count', () => {
  expect(writeOrder([entry('Installed', 12), entry('Permit', 10), entry('Design', 5)], { since, ours: 'Installed' })).toBe('stands');
  expect(writeOrder([], { since, ours: 'Installed' })).toBe('stands');
});

it('ours written over another value that landed after the snapshot: overwrote, whatever the order of the list', () => {
  expect(writeOrder([entry('Permit', 11), entry('Installed', 13), entry('Design', 5)], { since, ours: 'Installed' })).toBe('overwrote');
  // The same value written by another delivery is no conflict.
  expect(writeOrder([entry('Installed', 13), entry('Installed', 11)], { since, ours: 'Installed' })).toBe('stands');
});

it('another value on top of ours: overtaken (its writer read Aurora after our snapshot, or checks in turn)', () => {
  expect(writeOrder([entry('Installed', 14), entry('Permit', 13)], { since, ours: 'Permit' })).toBe('overtaken');
});

it('an agreement status ours goes beyond is no newer truth; one beyond ours is', () => {
  const forViewed = { since, ours: 'viewed', mayBeNewer: (value: string) => decideAgreementStatus(value, 'viewed').action !== 'advance' };
  expect(writeOrder([entry('viewed', 13), entry('sent', 11)], forViewed)).toBe('stands');
  expect(writeOrder([entry('viewed', 13), entry('signed', 11)], forViewed)).toBe('overwrote');
});

import fc from 'fast-check';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { formatDecimal } from '../../../core/values/decimal.ts';

/** Random deals around Q1 2026 for the revenue and deal-count metrics of tenant-fixtures.ts (ids left empty). */
const instantArb = fc.record({
  ms: fc.integer({ min: Date.parse('2025-12-28T00:00:00Z'), max: Date.parse('2026-04-03T00:00:00Z') }),
  offset: fc.constantFrom('Z', '+01:00', '+02:00', '-05:00'),
});
function isoWithOffset({ ms, offset }: { ms: number; offset: string }): string {
  if (offset === 'Z') return new Date(ms).toISOString();
  const sign = offset.startsWith('-') ? -1 : 1;
  const shift = sign * Number(offset.slice(1, 3)) * 3_600_000;
  return new Date(ms + shift).toISOString().replace('Z', offset);
}

export const recordArb = fc.record({
  ownerId: fc.constantFrom('ann', 'bob', 'cy', 'dan', 'stranger'),
  status: fc.constantFrom('won', 'won', 'open', 'lost'),
  cents: fc.bigInt({ min: 0n, max: 10_000_000n }),
  currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'USD'),
  closedAt: instantArb,
  expectedDay: fc.integer({ min: 0, max: 100 }),
  zone: fc.constantFrom('north', 'south', undefined),
  split: fc.option(fc.record({ other: fc.constantFrom('ann', 'bob', 'cy', 'dan'), percent: fc.integer({ min: 0, max: 100 }) }), { freq: 4 }),
}).map((r, ): RecordInput => ({
  recordType: 'deal', id: '', ownerId: r.ownerId, updatedAt: '2026-01-01T00:00:00Z',
  ...(r.split ? { splits: [{ ownerId: r.ownerId, percent: r.split.percent }, { ownerId: r.split.other, percent: 100 - r.split.percent }] } : {}),
  fields: {
    status: r.status, amount: formatDecimal(r.cents, 2), currency: r.currency, closedAt: isoWithOffset(r.closedAt),
    expectedCloseAt: new Date(Date.UTC(2025, 11, 28 + r.expectedDay)).toISOString().slice(0, 10), ...(r.zone ? { zone: r.zone } : {}),
  },
}));


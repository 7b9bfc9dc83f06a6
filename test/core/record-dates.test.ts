import { describe, expect, it } from 'vitest';
import { recordDateSpan } from '../../core/model/record-dates.ts';

const hours = (n: number) => n * 60 * 60 * 1000;

describe('recordDateSpan (the dates a windowed read of records goes by)', () => {
  it('spans the instants of a record, exactly where they carry an offset', () => {
    expect(recordDateSpan({ closedAt: '2026-03-01T10:00:00Z', createdAt: '2026-02-01T09:00:00+02:00', amount: '12.00' })).toEqual({
      earliestMs: Date.parse('2026-02-01T07:00:00Z'),
      latestMs: Date.parse('2026-03-01T10:00:00Z'),
    });
  });

  it('widens local dates and local date-times by the furthest a time zone is from UTC (the tenant\'s zone places them)', () => {
    // A deal closed long ago but expected to close in January (a date only): a January window must read it.
    expect(recordDateSpan({ closedAt: '2025-12-28T00:00:00Z', expectedCloseAt: '2026-01-25' })).toEqual({
      earliestMs: Date.parse('2025-12-28T00:00:00Z'),
      latestMs: Date.parse('2026-01-25T00:00:00Z') + hours(14),
    });
    expect(recordDateSpan({ at: '2026-01-25 10:00' })).toEqual({ earliestMs: Date.parse('2026-01-25T10:00:00Z') - hours(14), latestMs: Date.parse('2026-01-25T10:00:00Z') + hours(14) });
  });

  it('has no span for a record without dates', () => {
    expect(recordDateSpan({ note: '2026 plans', n: 20260125, code: '2026-13' })).toBeNull();
  });
});

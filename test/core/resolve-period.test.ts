import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  InvalidDateError,
  isValidLocalDate,
  rangeContains,
  resolvePeriod,
  type CalendarSettings,
  type Granularity,
} from '../../core/periods/resolve-period.ts';

const monday: CalendarSettings = { timezone: 'Europe/Oslo', weekStartsOn: 1, fiscalYearStartMonth: 1 };
const aprilFiscal: CalendarSettings = { timezone: 'Europe/London', weekStartsOn: 7, fiscalYearStartMonth: 4 };

describe('resolvePeriod', () => {
  it('resolves calendar month, quarter and year', () => {
    expect(resolvePeriod('month', '2024-02-10', monday)).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(resolvePeriod('quarter', '2026-05-31', monday)).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(resolvePeriod('year', '2026-12-31', monday)).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('starts weeks on the tenant week start', () => {
    // 2026-03-04 is a Wednesday.
    expect(resolvePeriod('week', '2026-03-04', monday)).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(resolvePeriod('week', '2026-03-04', aprilFiscal)).toEqual({ start: '2026-03-01', end: '2026-03-07' });
    expect(resolvePeriod('week', '2026-03-01', aprilFiscal)).toEqual({ start: '2026-03-01', end: '2026-03-07' });
  });

  it('resolves a fiscal year starting in April', () => {
    expect(resolvePeriod('fiscal-year', '2026-02-10', aprilFiscal)).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(resolvePeriod('fiscal-year', '2026-04-01', aprilFiscal)).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(resolvePeriod('fiscal-quarter', '2026-02-10', aprilFiscal)).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(resolvePeriod('fiscal-quarter', '2026-06-30', aprilFiscal)).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(resolvePeriod('fiscal-quarter', '2026-07-01', aprilFiscal)).toEqual({ start: '2026-07-01', end: '2026-09-30' });
  });

  it('resolves fiscal quarters that straddle the calendar year', () => {
    const novemberFiscal = { ...monday, fiscalYearStartMonth: 11 };
    expect(resolvePeriod('fiscal-quarter', '2026-01-15', novemberFiscal)).toEqual({ start: '2025-11-01', end: '2026-01-31' });
    expect(resolvePeriod('fiscal-year', '2026-01-15', novemberFiscal)).toEqual({ start: '2025-11-01', end: '2026-10-31' });
  });

  it('rejects an invalid anchor', () => {
    expect(() => resolvePeriod('month', '2026-02-30', monday)).toThrow(InvalidDateError);
  });

  it('always returns a period that contains its anchor', () => {
    const granularities: Granularity[] = ['week', 'month', 'quarter', 'year', 'fiscal-quarter', 'fiscal-year'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...granularities),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 12 }),
        (date, granularity, weekStartsOn, fiscalYearStartMonth) => {
          const anchor = date.toISOString().slice(0, 10);
          const range = resolvePeriod(granularity, anchor, { timezone: 'UTC', weekStartsOn, fiscalYearStartMonth });
          expect(rangeContains(range, { start: anchor, end: anchor })).toBe(true);
          expect(resolvePeriod(granularity, range.start, { timezone: 'UTC', weekStartsOn, fiscalYearStartMonth })).toEqual(range);
          expect(resolvePeriod(granularity, range.end, { timezone: 'UTC', weekStartsOn, fiscalYearStartMonth })).toEqual(range);
        },
      ),
    );
  });
});

describe('isValidLocalDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2000-02-29')).toBe(true);
    expect(isValidLocalDate('1900-02-29')).toBe(false);
    expect(isValidLocalDate('2026-13-01')).toBe(false);
    expect(isValidLocalDate('2026-1-01')).toBe(false);
    expect(isValidLocalDate('2026-01-01T00:00')).toBe(false);
    expect(isValidLocalDate('0000-01-01')).toBe(false);
  });
});

describe('rangeContains', () => {
  it('is inclusive at both ends', () => {
    const q1 = { start: '2026-01-01', end: '2026-03-31' };
    expect(rangeContains(q1, { start: '2026-01-01', end: '2026-03-31' })).toBe(true);
    expect(rangeContains(q1, { start: '2026-02-01', end: '2026-02-28' })).toBe(true);
    expect(rangeContains(q1, { start: '2025-12-31', end: '2026-01-31' })).toBe(false);
    expect(rangeContains(q1, { start: '2026-03-01', end: '2026-04-01' })).toBe(false);
  });
});

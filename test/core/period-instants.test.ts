import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localDateOf, periodInstants, startOfLocalDay, InvalidTimeZoneError, LocalDayCache } from '../../core/periods/period-instants.ts';
import { elapsedShare, elapsedRatio } from '../../core/periods/elapsed-share.ts';
import { subPeriods, TooManySubPeriodsError } from '../../core/periods/sub-periods.ts';
import { currentPeriod, daysIn, previousPeriod } from '../../core/periods/relative-periods.ts';
import { resolvePeriodInput } from '../../core/periods/period-input.ts';
import { InvalidDateError } from '../../core/periods/resolve-period.ts';

const HOUR = 3_600_000;
const settings = { timezone: 'Europe/Oslo', weekStartsOn: 1, fiscalYearStartMonth: 1 };

describe('periodInstants', () => {
  it('spans local midnight to the midnight after the end date', () => {
    const march = periodInstants({ start: '2026-03-01', end: '2026-03-31' }, 'Europe/Oslo');
    expect(march.startMs).toBe(Date.parse('2026-02-28T23:00:00Z'));
    expect(march.endMs).toBe(Date.parse('2026-03-31T22:00:00Z'));
  });

  it('gives DST days 23 and 25 hours', () => {
    const spring = periodInstants({ start: '2026-03-29', end: '2026-03-29' }, 'Europe/Oslo');
    const autumn = periodInstants({ start: '2026-10-25', end: '2026-10-25' }, 'Europe/Oslo');
    expect(spring.endMs - spring.startMs).toBe(23 * HOUR);
    expect(autumn.endMs - autumn.startMs).toBe(25 * HOUR);
  });

  it('starts a day whose midnight does not exist at the first local time that does', () => {
    // Chile moved clocks from 00:00 to 01:00 on 2022-09-11.
    expect(startOfLocalDay('2022-09-11', 'America/Santiago')).toBe(Date.parse('2022-09-11T04:00:00Z'));
  });

  it('rejects unknown zones and invalid dates', () => {
    expect(() => periodInstants({ start: '2026-01-01', end: '2026-01-31' }, 'Mars/Olympus')).toThrow(InvalidTimeZoneError);
    expect(() => periodInstants({ start: '2026-02-30', end: '2026-03-31' }, 'UTC')).toThrow(InvalidDateError);
    expect(() => new LocalDayCache('Nowhere/Land')).toThrow(InvalidTimeZoneError);
  });
});

describe('localDateOf', () => {
  it('gives the local date in the tenant zone', () => {
    expect(localDateOf(Date.parse('2026-03-31T21:30:00Z'), 'Europe/Oslo')).toBe('2026-03-31');
    expect(localDateOf(Date.parse('2026-03-31T22:30:00Z'), 'Europe/Oslo')).toBe('2026-04-01');
  });
});

describe('elapsedShare', () => {
  const q1 = periodInstants({ start: '2026-01-01', end: '2026-03-31' }, 'UTC');

  it('is 0 before the start and whole after the end', () => {
    expect(elapsedShare(q1, q1.startMs - 1).elapsedMs).toBe(0n);
    const after = elapsedShare(q1, q1.endMs + 10 * HOUR);
    expect(after.elapsedMs).toBe(after.totalMs);
  });

  it('measures the share in milliseconds', () => {
    const half = elapsedShare({ startMs: 0, endMs: 10 * HOUR }, 5 * HOUR);
    expect(half).toEqual({ elapsedMs: BigInt(5 * HOUR), totalMs: BigInt(10 * HOUR) });
    expect(elapsedRatio(half)).toBe(0.5);
  });
});

describe('subPeriods', () => {
  it('divides a quarter into its months', () => {
    expect(subPeriods({ start: '2026-01-01', end: '2026-03-31' }, 'month', settings)).toEqual([
      { start: '2026-01-01', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
      { start: '2026-03-01', end: '2026-03-31' },
    ]);
  });

  it('clips partial weeks at both ends', () => {
    // 2026-01-01 is a Thursday; weeks start on Monday.
    const weeks = subPeriods({ start: '2026-01-01', end: '2026-01-31' }, 'week', settings);
    expect(weeks[0]).toEqual({ start: '2026-01-01', end: '2026-01-04' });
    expect(weeks[1]).toEqual({ start: '2026-01-05', end: '2026-01-11' });
    expect(weeks.at(-1)).toEqual({ start: '2026-01-26', end: '2026-01-31' });
    expect(weeks.reduce((days, w) => days + daysIn(w), 0)).toBe(31);
  });

  it('refuses to divide into an unbounded number of parts', () => {
    expect(() => subPeriods({ start: '2000-01-01', end: '2030-12-31' }, 'week', settings)).toThrow(TooManySubPeriodsError);
  });
});

describe('previousPeriod', () => {
  it('steps back by whole months for month-aligned periods', () => {
    expect(previousPeriod({ start: '2026-04-01', end: '2026-06-30' })).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(previousPeriod({ start: '2026-03-01', end: '2026-03-31' })).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(previousPeriod({ start: '2026-01-01', end: '2026-12-31' })).toEqual({ start: '2025-01-01', end: '2025-12-31' });
  });

  it('steps back by the same number of days otherwise', () => {
    expect(previousPeriod({ start: '2026-03-09', end: '2026-03-15' })).toEqual({ start: '2026-03-02', end: '2026-03-08' });
  });
});

describe('currentPeriod', () => {
  it('uses the local date of now in the tenant zone', () => {
    // 2026-03-31T22:30Z is already April 1st in Oslo.
    expect(currentPeriod('current-month', Date.parse('2026-03-31T22:30:00Z'), settings)).toEqual({ start: '2026-04-01', end: '2026-04-30' });
    expect(currentPeriod('current-quarter', Date.parse('2026-03-31T21:30:00Z'), settings)).toEqual({ start: '2026-01-01', end: '2026-03-31' });
  });
});

describe('resolvePeriodInput', () => {
  it('accepts explicit dates and granularity anchors', () => {
    expect(resolvePeriodInput({ start: '2026-01-10', end: '2026-01-20' }, settings)).toEqual({ start: '2026-01-10', end: '2026-01-20' });
    expect(resolvePeriodInput({ granularity: 'quarter', anchor: '2026-05-05' }, settings)).toEqual({ start: '2026-04-01', end: '2026-06-30' });
  });

  it('rejects a period that ends before it starts', () => {
    expect(() => resolvePeriodInput({ start: '2026-02-01', end: '2026-01-31' }, settings)).toThrow(InvalidDateError);
  });
});

describe('LocalDayCache.dateOf', () => {
  it('gives the local date of any instant as luxon does, in zones with DST, half hours and far offsets, in any order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Oslo', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'),
        fc.array(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }), { minLength: 1, maxLength: 60 }),
        (timezone, instants) => {
          const days = new LocalDayCache(timezone);
          for (const ms of [...instants, ...instants]) expect(days.dateOf(ms)).toBe(localDateOf(ms, timezone));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('places the instants around a DST change and a local midnight on the right dates', () => {
    const days = new LocalDayCache('Europe/Oslo');
    expect(days.dateOf(Date.parse('2026-06-30T21:59:59.999Z'))).toBe('2026-06-30');
    expect(days.dateOf(Date.parse('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
    expect(days.dateOf(Date.parse('2026-03-29T00:59:59Z'))).toBe('2026-03-29'); // the 23-hour day
    expect(days.dateOf(Date.parse('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(days.dateOf(Date.parse('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
  });
});

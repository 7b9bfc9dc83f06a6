import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { compileDatePattern, dateReader } from '../../infra/cli/date-pattern.ts';

describe('date patterns of a map', () => {
  it('reads a date without a time as the start of that day in the tenant zone', () => {
    expect(dateReader(['MM/DD/YYYY'], 'America/New_York')('3/31/2026')).toBe('2026-03-31T00:00:00-04:00');
    expect(dateReader(['MM/DD/YYYY'], 'America/New_York')('01/05/2026')).toBe('2026-01-05T00:00:00-05:00');
    expect(dateReader(['DD.MM.YYYY'], 'Europe/Berlin')('31.03.2026')).toBe('2026-03-31T00:00:00+02:00');
    expect(dateReader(['DD/MM/YYYY'], 'Europe/Paris')('05/01/2026')).toBe('2026-01-05T00:00:00+01:00');
    expect(dateReader(['YYYY-MM-DD'], 'Asia/Kolkata')('2026-03-31')).toBe('2026-03-31T00:00:00+05:30');
  });

  it('reads times, 12-hour with AM/PM and 24-hour, with seconds or without', () => {
    const us = dateReader(['MM/DD/YYYY, hh:mm a', 'MM/DD/YYYY hh:mm a'], 'America/Los_Angeles');
    expect(us('3/31/2026, 2:05 PM')).toBe('2026-03-31T14:05:00-07:00');
    expect(us('3/31/2026 12:05 am')).toBe('2026-03-31T00:05:00-07:00');
    expect(us('3/31/2026 12:05 p.m.')).toBe('2026-03-31T12:05:00-07:00');
    expect(us('3/31/2026\u202F2:05\u202FPM')).toBe('2026-03-31T14:05:00-07:00'); // the narrow space newer ICU writes
    expect(dateReader(['DD.MM.YYYY HH:mm:ss'], 'Europe/Berlin')('31.12.2026 23:59:58')).toBe('2026-12-31T23:59:58+01:00');
    expect(dateReader(['YYYY-MM-DDTHH:mm'], 'UTC')('2026-03-31T08:00')).toBe('2026-03-31T08:00:00+00:00');
  });

  it('tries its patterns in turn; iso takes ISO-8601, with or without an offset', () => {
    const read = dateReader(['DD.MM.YYYY', 'iso'], 'Europe/Oslo');
    expect(read('01.02.2026')).toBe('2026-02-01T00:00:00+01:00');
    expect(read('2026-02-01')).toBe('2026-02-01T00:00:00+01:00');
    expect(read('2026-02-01T10:00:00Z')).toBe('2026-02-01T10:00:00Z');
    expect(read('2026-02-01T10:00:00')).toBe('2026-02-01T10:00:00+01:00');
  });

  it('refuses dates that do not exist or do not fit', () => {
    const read = dateReader(['MM/DD/YYYY hh:mm a', 'MM/DD/YYYY'], 'UTC');
    for (const cell of ['2/30/2026', '13/1/2026', '31.03.2026', '3/31/26', '3/31/2026 13:00 PM', '3/31/2026 0:30 AM', '3/31/2026 2:60 PM', 'soon', '']) expect(read(cell), cell).toBeUndefined();
    expect(read('2/29/2028')).toBe('2028-02-29T00:00:00+00:00');
    expect(dateReader(['iso'], 'UTC')('2026-02-30')).toBeUndefined();
  });

  it('moves an hour the zone skips forward, as its clocks did', () => {
    const berlin = dateReader(['YYYY-MM-DD HH:mm'], 'Europe/Berlin');
    expect(berlin('2026-03-29 02:30')).toBe('2026-03-29T03:30:00+02:00');
    expect(berlin('2026-03-29 01:59')).toBe('2026-03-29T01:59:00+01:00');
    expect(berlin('2026-03-29 03:00')).toBe('2026-03-29T03:00:00+02:00');
    // Santiago skips midnight when summer time begins: the day starts at 01:00.
    expect(dateReader(['YYYY-MM-DD'], 'America/Santiago')('2026-09-06')).toBe('2026-09-06T01:00:00-03:00');
  });

  it('says what is wrong with a pattern', () => {
    expect(compileDatePattern('YYY-MM-DD')).toMatch(/"Y", which is no token/);
    expect(compileDatePattern('MM/DD')).toMatch(/no YYYY/);
    expect(compileDatePattern('MM/DD/YYYY hh:mm')).toMatch(/hh \(1–12\) needs a/);
    expect(compileDatePattern('MM/DD/YYYY HH:mm a')).toMatch(/needs a \(AM\/PM\), and a needs hh|both/);
    expect(compileDatePattern('DD.MM.YYYY mm')).toMatch(/minutes \(mm\) but no hour/);
    expect(compileDatePattern('DD.MM.YYYY DD')).toMatch(/twice/);
    expect(compileDatePattern('DD.MM.YYYY HH:mm')).toHaveProperty('regex');
  });

  it('agrees with luxon on every local time of every zone', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true }), (zone, date) => {
        const local = DateTime.fromJSDate(date, { zone: 'UTC' }); // its fields are the local time written in the file
        const cell = local.toFormat('M/d/yyyy h:mm:ss a', { locale: 'en-US' });
        const ours = dateReader(['MM/DD/YYYY hh:mm:ss a'], zone)(cell)!;
        const luxons = DateTime.fromFormat(cell, 'M/d/yyyy h:mm:ss a', { zone, locale: 'en-US' });
        expect(Date.parse(ours)).toBe(luxons.toMillis());
        expect(ours.slice(0, 19) === local.toFormat("yyyy-MM-dd'T'HH:mm:ss") || ours === luxons.toISO({ suppressMilliseconds: true })).toBe(true);
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LocalDayCache } from '../../core/periods/period-instants.ts';
import { parseIsoInstant, recordInstant } from '../../core/values/instant.ts';

describe('parseIsoInstant', () => {
  it('reads instants with offsets exactly as Date.parse does', () => {
    expect(parseIsoInstant('2026-03-31T23:30:00+02:00')).toBe(Date.parse('2026-03-31T21:30:00Z'));
    expect(parseIsoInstant('2026-03-31T23:30:00.250Z')).toBe(Date.parse('2026-03-31T23:30:00.250Z'));
    expect(parseIsoInstant('2026-03-31T23:30-0530')).toBe(Date.parse('2026-04-01T05:00:00Z'));
    expect(parseIsoInstant('2026-03-31T23:30:00+01')).toBe(Date.parse('2026-03-31T22:30:00Z'));
  });

  it('agrees with Date.parse on any instant and offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseIsoInstant(text)).toBe(date.getTime());
        },
      ),
    );
  });

  it('rejects what is not a strict instant with an offset', () => {
    for (const bad of ['2026-02-30T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00', '2026-01-01', 'tomorrow',
      '2026-01-01T10:00:00+2:00', '2026-01-01T10:00:00Zjunk', '2026-01-01T10:61:00Z', '2026-01-01T10:00:00.Z']) {
      expect(parseIsoInstant(bad), bad).toBeNaN();
    }
  });

  it('refuses year 0000 and offsets past ±18:00, and takes ±18:00 itself', () => {
    for (const bad of ['0000-03-01T10:00:00Z', '2026-03-01T10:00:00+25:00', '2026-03-01T10:00:00+18:01', '2026-03-01T10:00:00-1830', '2026-03-01T10:00:00+19', '2026-03-01T10:00:00-23:59']) {
      expect(parseIsoInstant(bad), bad).toBeNaN();
    }
    expect(parseIsoInstant('2026-03-01T10:00:00+18:00')).toBe(Date.parse('2026-02-28T16:00:00Z'));
    expect(parseIsoInstant('2026-03-01T10:00:00-1800')).toBe(Date.parse('2026-03-02T04:00:00Z'));
    expect(parseIsoInstant('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00Z'));
  });
});

describe('recordInstant', () => {
  const oslo = new LocalDayCache('Europe/Oslo');

  it('reads a date-only value as local midnight in the tenant zone', () => {
    expect(recordInstant('2026-03-31', oslo)).toBe(Date.parse('2026-03-30T22:00:00Z'));
    expect(recordInstant('2026-01-15', oslo)).toBe(Date.parse('2026-01-14T23:00:00Z'));
  });

  it('reads a date-time without offset as tenant-local time', () => {
    expect(recordInstant('2026-03-31T23:30:00', oslo)).toBe(Date.parse('2026-03-31T21:30:00Z'));
  });

  it('gives NaN for values that are not dates', () => {
    expect(recordInstant(20260101, oslo)).toBeNaN();
    expect(recordInstant(true, oslo)).toBeNaN();
    expect(recordInstant('2026-13-01', oslo)).toBeNaN();
    expect(recordInstant('soon', oslo)).toBeNaN();
  });
});

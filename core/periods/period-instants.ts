import { DateTime, IANAZone } from 'luxon';
import { InvalidDateError, isValidLocalDate, toCalendarDay, fromCalendarDay, type DateRange } from './resolve-period.ts';

/** A period as epoch milliseconds: `[startMs, endMs)`. */
export interface PeriodInstants {
  startMs: number;
  endMs: number;
}

/** Thrown for a time zone name that is not a valid IANA zone. */
export class InvalidTimeZoneError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTimeZoneError';
  }
}

const validZones = new Set<string>();

/** Whether `timezone` is a valid IANA time zone name (e.g. `Europe/Oslo`, `UTC`). */
export function isValidTimeZone(timezone: string): boolean {
  if (validZones.has(timezone)) return true;
  // luxon builds an Intl.DateTimeFormat to check a zone: slow and heavy, so remember the answer.
  const valid = IANAZone.isValidZone(timezone);
  if (valid && validZones.size < 1000) validZones.add(timezone);
  return valid;
}

/**
 * The instant local midnight begins `date` in `timezone`. Where a DST change skips midnight,
 * the day begins at the first local time that exists.
 */
export function startOfLocalDay(date: string, timezone: string): number {
  if (!isValidLocalDate(date)) throw new InvalidDateError(`"${date}" is not a valid YYYY-MM-DD date`);
  if (!isValidTimeZone(timezone)) throw new InvalidTimeZoneError(`"${timezone}" is not an IANA time zone`);
  return DateTime.fromISO(date, { zone: timezone }).startOf('day').toMillis();
}

/** The local date `YYYY-MM-DD` of an instant in `timezone`. */
export function localDateOf(epochMs: number, timezone: string): string {
  const local = DateTime.fromMillis(epochMs, { zone: timezone });
  if (!local.isValid) throw new InvalidTimeZoneError(`"${timezone}" is not an IANA time zone`);
  return local.toISODate() ?? '';
}

/** The calendar day after `date`. */
export function nextDay(date: string): string {
  return fromCalendarDay(toCalendarDay(date).plus({ days: 1 }));
}

/**
 * A period's inclusive local dates as the instants `[start 00:00, end+1 00:00)` in `timezone`,
 * so a day of a DST change lasts 23 or 25 hours and a record belongs to the period exactly when
 * its local date is within it.
 *
 * @example periodInstants({ start: '2026-03-01', end: '2026-03-31' }, 'Europe/Oslo')
 * // { startMs: Date.parse('2026-02-28T23:00:00Z'), endMs: Date.parse('2026-03-31T22:00:00Z') }
 */
export function periodInstants(range: DateRange, timezone: string): PeriodInstants {
  return { startMs: startOfLocalDay(range.start, timezone), endMs: startOfLocalDay(nextDay(range.end), timezone) };
}

/**
 * Caches local-midnight instants of one time zone: records often carry date-only fields, and a
 * year has only 365 distinct days, so luxon runs once per day instead of once per record.
 */
export class LocalDayCache {
  private readonly days = new Map<string, number>();
  private readonly dayAfterCache = new Map<string, number>();

  constructor(readonly timezone: string) {
    if (!isValidTimeZone(timezone)) throw new InvalidTimeZoneError(`"${timezone}" is not an IANA time zone`);
  }

  /** The instants `[start 00:00, end+1 00:00)` of a period, like {@link periodInstants} but cached. */
  instantsOf(range: DateRange): PeriodInstants {
    const startMs = this.startOfDay(range.start);
    let endMs = this.dayAfterCache.get(range.end);
    if (endMs === undefined) {
      endMs = isValidLocalDate(range.end) ? this.startOfDay(nextDay(range.end)) : Number.NaN;
      this.dayAfterCache.set(range.end, endMs);
    }
    return { startMs, endMs };
  }

  /** Per UTC day: the local days (date and `[startMs, endMs)`) met in it so far. */
  private readonly localDaysByUtcDay = new Map<number, { date: string; startMs: number; endMs: number }[]>();

  /**
   * The local date (YYYY-MM-DD) of an instant. Cached per local day (its start and end, from the
   * cached midnights), found through the UTC day the instant falls in: one time zone lookup a day.
   */
  dateOf(epochMs: number): string {
    const utcDay = Math.floor(epochMs / 86_400_000);
    let days = this.localDaysByUtcDay.get(utcDay);
    if (days !== undefined) {
      for (const day of days) if (epochMs >= day.startMs && epochMs < day.endMs) return day.date;
    } else {
      days = [];
      if (this.localDaysByUtcDay.size < 100_000) this.localDaysByUtcDay.set(utcDay, days);
    }
    const date = localDateOf(epochMs, this.timezone);
    days.push({ date, startMs: this.startOfDay(date), endMs: this.startOfDay(nextDay(date)) });
    return date;
  }

  /** Local midnight of `date`, or `NaN` when `date` is not a valid date. */
  startOfDay(date: string): number {
    let ms = this.days.get(date);
    if (ms === undefined) {
      ms = isValidLocalDate(date) ? startOfLocalDay(date, this.timezone) : Number.NaN;
      if (this.days.size < 100_000) this.days.set(date, ms);
    }
    return ms;
  }
}

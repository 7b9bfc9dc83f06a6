import { DateTime } from 'luxon';

/** The calendar granularities a goal period can be given in (API.md, goals). */
export type Granularity = 'week' | 'month' | 'quarter' | 'year' | 'fiscal-quarter' | 'fiscal-year';

/** The tenant settings that shape its calendar. */
export interface CalendarSettings {
  /** IANA time zone, e.g. `Europe/Oslo`. */
  timezone: string;
  /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
  weekStartsOn: number;
  /** Month (1–12) the fiscal year starts in. */
  fiscalYearStartMonth: number;
}

/** A range of local calendar dates `YYYY-MM-DD`, both ends inclusive. */
export interface DateRange {
  start: string;
  end: string;
}

/** Thrown when a string is not a real calendar date in strict `YYYY-MM-DD` form. */
export class InvalidDateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidDateError';
  }
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a strict `YYYY-MM-DD` date that exists in the calendar (years 0001–9999). */
export function isValidLocalDate(s: string): boolean {
  const match = LOCAL_DATE.exec(s);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads a local date as a zone-less calendar day (luxon in UTC, so no DST can move it). */
export function toCalendarDay(date: string): DateTime {
  if (!isValidLocalDate(date)) throw new InvalidDateError(`"${date}" is not a valid YYYY-MM-DD date`);
  return DateTime.fromISO(date, { zone: 'utc' });
}

/** Formats a calendar day back to `YYYY-MM-DD`. */
export function fromCalendarDay(day: DateTime): string {
  return day.toISODate() ?? '';
}

/**
 * The period of `granularity` that contains the local date `anchor`, using the tenant's week
 * start and fiscal year start. Fiscal quarters are the 3-month blocks from the fiscal year start.
 *
 * @example resolvePeriod('fiscal-year', '2026-02-10', { timezone: 'UTC', weekStartsOn: 1, fiscalYearStartMonth: 4 })
 * // { start: '2025-04-01', end: '2026-03-31' }
 * @throws InvalidDateError when the anchor is not a valid date.
 */
export function resolvePeriod(granularity: Granularity, anchor: string, settings: CalendarSettings): DateRange {
  const day = toCalendarDay(anchor);
  let start: DateTime;
  let months = 0;
  switch (granularity) {
    case 'week': {
      const offset = (day.weekday - settings.weekStartsOn + 7) % 7;
      start = day.minus({ days: offset });
      return { start: fromCalendarDay(start), end: fromCalendarDay(start.plus({ days: 6 })) };
    }
    case 'month':
      start = day.startOf('month');
      months = 1;
      break;
    case 'quarter':
      start = day.set({ month: Math.floor((day.month - 1) / 3) * 3 + 1, day: 1 });
      months = 3;
      break;
    case 'year':
      start = day.startOf('year');
      months = 12;
      break;
    case 'fiscal-year':
    case 'fiscal-quarter': {
      const startMonth = settings.fiscalYearStartMonth;
      const sinceStart = (day.month - startMonth + 12) % 12;
      const yearStart = day.set({ day: 1 }).minus({ months: sinceStart });
      if (granularity === 'fiscal-year') {
        start = yearStart;
        months = 12;
      } else {
        start = yearStart.plus({ months: Math.floor(sinceStart / 3) * 3 });
        months = 3;
      }
      break;
    }
    default:
      throw new InvalidDateError(`unknown granularity "${String(granularity)}"`);
  }
  return { start: fromCalendarDay(start), end: fromCalendarDay(start.plus({ months }).minus({ days: 1 })) };
}

/** Whether `inner` lies entirely within `outer` (both inclusive date ranges). */
export function rangeContains(outer: DateRange, inner: DateRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

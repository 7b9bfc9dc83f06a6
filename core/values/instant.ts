import { DateTime } from 'luxon';
import type { LocalDayCache } from '../periods/period-instants.ts';

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date. */
function daysFromEpoch(year: number, month: number, day: number): number {
  const y = year - 1;
  const leapDays = Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  const dayOfYear = (DAYS_BEFORE_MONTH[month - 1] ?? 0) + (month > 2 && isLeap(year) ? 1 : 0) + day - 1;
  return y * 365 + leapDays + dayOfYear - 719162;
}

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The widest UTC offset an instant may carry, ±18:00 (as java.time; real zones span −12:00…+14:00). */
const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * Parses a strict ISO-8601 instant with an offset — `YYYY-MM-DDTHH:mm[:ss[.fff…]](Z|±HH:mm|±HHmm)` —
 * to epoch milliseconds, or `NaN`: year 0001–9999, hour 00–23 (no `24:00`), offset within ±18:00.
 * Hand-written because it runs once per record in the rollup.
 *
 * @example parseIsoInstant('2026-03-31T23:30:00+02:00') // Date.parse('2026-03-31T21:30:00Z')
 */
export function parseIsoInstant(text: string): number {
  const epochLocalMs = parseLocalDateTime(text);
  if (Number.isNaN(epochLocalMs)) return Number.NaN;
  const offsetAt = parsedEnd;
  const length = text.length;
  if (offsetAt === length) return Number.NaN;
  const sign = text.charCodeAt(offsetAt);
  if ((sign === 90 || sign === 122) && offsetAt === length - 1) return epochLocalMs; // Z
  if (sign !== 43 && sign !== 45) return Number.NaN;
  const hours = digits(text, offsetAt + 1, 2);
  let minutes: number;
  if (length === offsetAt + 3) minutes = 0;
  else if (length === offsetAt + 6 && text.charCodeAt(offsetAt + 3) === 58) minutes = digits(text, offsetAt + 4, 2);
  else if (length === offsetAt + 5) minutes = digits(text, offsetAt + 3, 2);
  else return Number.NaN;
  if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) return Number.NaN;
  const offsetMs = (hours * 60 + minutes) * 60_000;
  return sign === 43 ? epochLocalMs - offsetMs : epochLocalMs + offsetMs;
}

/** Where the last {@link parseLocalDateTime} stopped reading (kept outside to avoid an allocation per record). */
let parsedEnd = 0;

/**
 * Reads `YYYY-MM-DDTHH:mm[:ss[.fff]]` as if it were UTC, or `NaN`; sets {@link parsedEnd} to
 * where an offset would start.
 */
function parseLocalDateTime(text: string): number {
  if (text.length < 16 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return Number.NaN;
  const t = text.charCodeAt(10);
  if (t !== 84 && t !== 116 && t !== 32) return Number.NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(at) === 58) {
    second = digits(text, at + 1, 2);
    if (second < 0 || second > 59) return Number.NaN;
    at += 3;
    if (text.charCodeAt(at) === 46 || text.charCodeAt(at) === 44) {
      at++;
      let scale = 100;
      const fractionStart = at;
      for (; at < text.length; at++) {
        const code = text.charCodeAt(at) - 48;
        if (code < 0 || code > 9) break;
        millis += code * scale;
        scale /= 10;
      }
      if (at === fractionStart) return Number.NaN;
      millis = Math.floor(millis);
    }
  }
  parsedEnd = at;
  return daysFromEpoch(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

/**
 * The instant a record's date field stands for, or `NaN` when it is not a date:
 * an ISO instant with offset as is; a date-only `YYYY-MM-DD` as local midnight in the tenant's
 * zone; a date-time without offset as tenant-local time.
 */
export function recordInstant(value: unknown, days: LocalDayCache): number {
  if (typeof value !== 'string') return Number.NaN;
  if (value.length === 10) return days.startOfDay(value);
  const instant = parseIsoInstant(value);
  if (!Number.isNaN(instant)) return instant;
  if (Number.isNaN(parseLocalDateTime(value)) || parsedEnd !== value.length) return Number.NaN;
  const zoned = DateTime.fromISO(value.replace(' ', 'T'), { zone: days.timezone });
  return zoned.isValid ? zoned.toMillis() : Number.NaN;
}

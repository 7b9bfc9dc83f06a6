import { DateTime } from 'luxon';

/**
 * Dates in a CRM's export, read with a map's pattern (`MM/DD/YYYY hh:mm a`, `DD.MM.YYYY`, …) or as
 * ISO-8601 (`iso`), as local times of the tenant's zone; the answer is an ISO instant with the zone's
 * offset (`2026-03-31T00:00:00+02:00`). A date without a time is the start of that day.
 *
 * Hand-written over luxon's fromFormat: that costs about 70 µs a cell (and its zone math 30 µs), seconds
 * of CPU for a 100,000-line file; here a pattern is one regex, and luxon gives the zone's offset once per local hour.
 */

/** The pattern tokens a map may use. */
export const dateTokens = ['YYYY', 'MM', 'DD', 'HH', 'hh', 'mm', 'ss', 'a'] as const;
type Token = (typeof dateTokens)[number];

const tokenSource: Record<Token, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  HH: '(\\d{1,2})',
  hh: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  a: '([AaPp])\\.?[Mm]\\.?',
};
const tokenPattern = /YYYY|MM|DD|HH|hh|mm|ss|a/g;

interface CompiledPattern {
  readonly regex: RegExp;
  readonly tokens: readonly Token[];
}

/**
 * A pattern as a regex, or why it is no pattern: it needs YYYY, MM and DD; `hh` (1–12) goes with `a`
 * (AM/PM), `HH` (0–23) without; any other letter but a literal `T` is refused (a typo, most likely).
 * Single digits are accepted where two are written (3/1/2026 for MM/DD/YYYY); spaces match any run of spaces.
 */
export function compileDatePattern(pattern: string): CompiledPattern | string {
  const tokens: Token[] = [];
  let source = '';
  let last = 0;
  const literal = (text: string) => text.replace(/\s+/g, ' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  for (const match of pattern.matchAll(tokenPattern)) {
    source += literal(pattern.slice(last, match.index));
    source += tokenSource[match[0] as Token];
    tokens.push(match[0] as Token);
    last = match.index + match[0].length;
  }
  source += literal(pattern.slice(last));
  const stray = pattern.replace(tokenPattern, '').match(/[A-SU-Za-z]/);
  if (stray) return `"${pattern}" has "${stray[0]}", which is no token of ${dateTokens.join(' ')}`;
  for (const needed of ['YYYY', 'MM', 'DD'] as const) if (!tokens.includes(needed)) return `"${pattern}" has no ${needed}`;
  if (new Set(tokens).size !== tokens.length) return `"${pattern}" names a token twice`;
  if (tokens.includes('hh') !== tokens.includes('a')) return `"${pattern}": hh (1–12) needs a (AM/PM), and a needs hh`;
  if (tokens.includes('hh') && tokens.includes('HH')) return `"${pattern}" has both HH and hh`;
  if (tokens.includes('mm') && !tokens.includes('HH') && !tokens.includes('hh')) return `"${pattern}" has minutes (mm) but no hour`;
  return { regex: new RegExp(`^\\s*${source}\\s*$`), tokens };
}

/** Reads a date cell: the ISO instant, or undefined when the cell does not fit. */
export type DateReader = (cell: string) => string | undefined;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0); // day 0 of the next month; setUTCFullYear keeps years below 100 as they are
  return lastDay.getUTCDate();
}

/** `+02:00` for 120 minutes. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The zone's offset (minutes) at each local hour; undefined for an hour the zone skips (summer time begins). */
function offsetsOf(zone: string): (y: number, mo: number, d: number, h: number) => number | undefined {
  const cache = new Map<string, number | undefined>();
  return (y, mo, d, h) => {
    const key = `${y}-${mo}-${d}-${h}`;
    if (cache.has(key)) return cache.get(key);
    const local = DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone });
    const offset = local.isValid && local.hour === h && local.day === d ? local.offset : undefined;
    cache.set(key, offset);
    return offset;
  };
}

/** A reader for `patterns` (tried in order) in `zone`; `iso` reads ISO-8601, a date or a local time taken in `zone`. */
export function dateReader(patterns: readonly string[], zone: string): DateReader {
  const offsetAt = offsetsOf(zone);
  const readers = patterns.map((pattern): DateReader => {
    if (pattern === 'iso') return (cell) => isoInstant(cell, zone);
    const compiled = compileDatePattern(pattern);
    if (typeof compiled === 'string') throw new Error(compiled);
    return (cell) => {
      const match = compiled.regex.exec(cell);
      if (!match) return undefined;
      const part: Partial<Record<Token, string>> = {};
      compiled.tokens.forEach((token, i) => (part[token] = match[i + 1]));
      const year = Number(part.YYYY), month = Number(part.MM), day = Number(part.DD);
      let hour = Number(part.HH ?? part.hh ?? 0);
      const minute = Number(part.mm ?? 0), second = Number(part.ss ?? 0);
      if (part.hh !== undefined) {
        if (hour < 1 || hour > 12) return undefined;
        hour = (hour % 12) + (part.a!.toLowerCase() === 'p' ? 12 : 0);
      }
      if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
      const offset = offsetAt(year, month, day, hour);
      // An hour the zone skips: luxon moves it forward, as the zone's clocks did.
      if (offset === undefined) return isoInstant(`${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`, zone);
      return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${offsetText(offset)}`;
    };
  });
  return (cell) => {
    for (const read of readers) {
      const instant = read(cell);
      if (instant !== undefined) return instant;
    }
    return undefined;
  };
}

/** An ISO-8601 date or date-time; one without an offset is a local time in `zone`. */
function isoInstant(cell: string, zone: string): string | undefined {
  const parsed = DateTime.fromISO(cell.trim(), { zone, setZone: true });
  return parsed.isValid && parsed.year >= 1 && parsed.year <= 9999 ? parsed.toISO({ suppressMilliseconds: true })! : undefined;
}

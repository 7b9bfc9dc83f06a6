import { parseIsoInstant } from '../values/instant.ts';

const instantShape = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const dateShape = /^\d{4}-\d{2}-\d{2}$/;
/** How far a local time can be from UTC, either way (UTC−12 … UTC+14): a bound for values without an offset. */
const zoneSlackMs = 14 * 60 * 60 * 1000;

/**
 * The earliest and latest instants among a record's own fields: every field holding an ISO-8601
 * instant, and — widened by the furthest any time zone is from UTC, since the tenant's zone places
 * them — every local date (`2026-01-25`) or local date-time without an offset. Stored beside the
 * record so a rollup can read only the records that can fall into its goals' windows; `null` when the
 * record has no date at all.
 */
export function recordDateSpan(fields: Readonly<Record<string, unknown>>): { earliestMs: number; latestMs: number } | null {
  let earliestMs = Number.POSITIVE_INFINITY;
  let latestMs = Number.NEGATIVE_INFINITY;
  const take = (from: number, to: number) => {
    earliestMs = Math.min(earliestMs, from);
    latestMs = Math.max(latestMs, to);
  };
  for (const value of Object.values(fields)) {
    if (typeof value !== 'string') continue;
    if (dateShape.test(value)) {
      const day = Date.parse(`${value}T00:00:00Z`);
      if (Number.isFinite(day)) take(day - zoneSlackMs, day + zoneSlackMs);
      continue;
    }
    if (!instantShape.test(value)) continue;
    const ms = parseIsoInstant(value);
    if (Number.isFinite(ms)) {
      take(ms, ms);
      continue;
    }
    // A local date-time: where it falls depends on the tenant's zone.
    const local = Date.parse(`${value.replace(' ', 'T')}Z`);
    if (Number.isFinite(local)) take(local - zoneSlackMs, local + zoneSlackMs);
  }
  return Number.isFinite(latestMs) ? { earliestMs, latestMs } : null;
}

import { parseIsoInstant } from '../values/instant.ts';

const instantShape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The earliest and latest instants among a record's own fields (every field holding an ISO-8601
 * instant). Stored beside the record so a rollup can read only the records that can fall into
 * its goals' windows; `null` when the record has no date at all.
 */
export function recordDateSpan(fields: Readonly<Record<string, unknown>>): { earliestMs: number; latestMs: number } | null {
  let earliestMs = Number.POSITIVE_INFINITY;
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const value of Object.values(fields)) {
    if (typeof value !== 'string' || !instantShape.test(value)) continue;
    const ms = parseIsoInstant(value);
    if (!Number.isFinite(ms)) continue;
    earliestMs = Math.min(earliestMs, ms);
    latestMs = Math.max(latestMs, ms);
  }
  return Number.isFinite(latestMs) ? { earliestMs, latestMs } : null;
}

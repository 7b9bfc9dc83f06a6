import { z } from 'zod';

/**
 * Why a record that matched a metric's query could not count (API.md, Metrics): `no_rate` is a
 * converting metric's record whose currency (or the metric's) has no exchange rate on its date.
 */
export const skipReasons = ['currency', 'no_rate', 'bad_value', 'bad_date', 'bad_splits'] as const;
export type SkipReason = (typeof skipReasons)[number];

/** A full run keeps at most this many skipped records (each run record says how many there were in all). */
export const SKIPPED_LIST_LIMIT = 10_000;
/** A skipped record names at most this many of the goals it would have counted for. */
export const SKIPPED_GOAL_IDS_LIMIT = 20;

/** One record a run skipped: the first reason found, in words, and where it would have counted. */
export const skippedRecordSchema = z.object({
  recordType: z.string(),
  id: z.string(),
  reason: z.enum(skipReasons),
  /** What was wrong, e.g. `closedAt "11/29/2026" is not a date`. */
  detail: z.string(),
  /** The metric whose query matched the record first. */
  metricId: z.string(),
  /**
   * The metric's goals (at most {@link SKIPPED_GOAL_IDS_LIMIT}) that would have counted the record
   * directly; none for `bad_date` (without a date no period can be told).
   */
  goalIds: z.array(z.string()),
});
export type SkippedRecord = z.infer<typeof skippedRecordSchema>;

import { z } from 'zod';

export const runStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A rollup run (API.md, rollups), as stored: what triggered it, where it is, what it counted. */
export const rollupRunSchema = z.object({
  runId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  status: z.enum(runStatuses),
  /** The goal a manual run was asked for (its hierarchy is recomputed); null without one. */
  goalId: z.string().nullable(),
  /**
   * The goals whose hierarchies the run recomputes, each from its root: `[goalId]`, or the roots
   * of every hierarchy a manager may see; null (or absent, in runs stored before it) for `goalId`'s
   * alone, or the whole tenant without one.
   */
  scopeGoalIds: z.array(z.string()).nullable().optional(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  goalsComputed: z.number(),
  recordsRead: z.number(),
  /** Distinct records the run skipped, in all. */
  skippedRecords: z.number(),
  /** How many of them the run stored for GET /rollups/{runId}/skipped (absent in older and unfinished runs: 0). */
  skippedRecordsListed: z.number().optional(),
  /** Whether the list was cut at its limit (10,000): more were skipped than it holds. */
  skippedRecordsTruncated: z.boolean().optional(),
  /** Goals the run could not compute or store: each kept its previous result (absent in older runs: 0). */
  goalsFailed: z.number().optional(),
  /** How the live values compared with the run's recomputation (absent in older runs and unfinished ones: all 0). */
  verification: z
    .object({ goalsVerified: z.number(), goalsDrifted: z.number(), goalsRepaired: z.number(), goalsUnverified: z.number() })
    .optional(),
  error: z.string().optional(),
});
export type RollupRun = z.infer<typeof rollupRunSchema>;

/** What readers follow: the run whose results are current, and the calendar it was computed with. */
export const currentRunSchema = z.object({
  runId: z.string(),
  asOf: z.string(),
  timezone: z.string(),
  weekStartsOn: z.number(),
  fiscalYearStartMonth: z.number(),
  /** The run that was current before; its results are kept until the next switch. */
  previousRunId: z.string().nullable(),
});
export type CurrentRun = z.infer<typeof currentRunSchema>;

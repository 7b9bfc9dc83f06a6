import { z } from 'zod';
import { ownerTypes } from './goal.ts';
import type { GoalProgress } from './goal-progress.ts';

/**
 * A goal's progress as the read side serves it: API.md's progress object (the rollup's
 * {@link GoalProgress} plus the run that computed it), fields in the contract's order. Parsing a
 * stored item with it drops everything else.
 */
export const storedProgressSchema = z.object({
  goalId: z.string(),
  /** The last full run that computed and verified the goal; null before the first (a goal a definition change brought in). */
  runId: z.string().nullable(),
  asOf: z.string(),
  /** When the goal's values last changed. */
  updatedAt: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  status: z.enum(['upcoming', 'active', 'achieved', 'missed']),
  target: z.string(),
  stretchTarget: z.string().nullable(),
  actual: z.string().nullable(),
  inProgress: z.string().nullable(),
  custom: z.string().nullable(),
  percent: z.number().nullable(),
  stretchPercent: z.number().nullable(),
  remaining: z.string(),
  pace: z.object({ expected: z.string(), status: z.enum(['ahead', 'on_track', 'behind']), projected: z.string().nullable() }).nullable(),
  milestones: z.array(z.number()),
  childrenTargetSum: z.string().nullable(),
  childrenTargetMismatch: z.boolean(),
  skippedRecords: z.number().int(),
  /** The metric's currency (money metrics), else null. */
  currency: z.string().nullable(),
});
export type StoredProgress = z.infer<typeof storedProgressSchema>;
// The stored shape is the rollup's, with the run: a change to either is a compile error here.
const _sameShape: (p: GoalProgress & { runId: string | null; updatedAt: string }) => StoredProgress = (p) => p;
void _sameShape;

/** What a result keeps of its goal, so that reads need no join. */
export const resultGoalSchema = z.object({
  id: z.string(),
  name: z.string(),
  metricId: z.string(),
  owner: z.object({ type: z.enum(ownerTypes), id: z.string() }),
  parentId: z.string().nullable().default(null),
});

/** One goal's result in one run, with what the read side needs to find it without a join. */
export const goalResultSchema = z.object({
  progress: storedProgressSchema,
  goal: resultGoalSchema,
  /** The goal's root and the ids from the root down to it, `/`-joined. */
  treeRoot: z.string(),
  treePath: z.string(),
  /** For a user's goal: every unit the user belonged to during the period (leaderboard scope). */
  ownerUnitIds: z.array(z.string()).default([]),
});
export type GoalResult = z.infer<typeof goalResultSchema>;

/** A goal's progress on one local day (the day's last run), for trend charts. */
export const historyPointSchema = z.object({
  goalId: z.string(),
  /** The local date of the run. */
  date: z.string(),
  progress: storedProgressSchema,
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

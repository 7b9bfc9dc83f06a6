import type { DateRange } from '../periods/resolve-period.ts';

/** Where the actual stands against the pro-rata expected value. */
export type PaceStatus = 'ahead' | 'on_track' | 'behind';

/** The lifecycle status of a goal at the rollup's `now`. */
export type GoalStatus = 'upcoming' | 'active' | 'achieved' | 'missed';

/**
 * A goal's computed progress: API.md's progress object without `runId`, which the rollup worker
 * adds when it stores the run. All values are exact decimal strings at the metric's scale.
 */
export interface GoalProgress {
  goalId: string;
  /** The rollup's `now` as an ISO-8601 instant (UTC). */
  asOf: string;
  period: DateRange;
  status: GoalStatus;
  target: string;
  stretchTarget: string | null;
  actual: string | null;
  inProgress: string | null;
  custom: string | null;
  /** Primary value ÷ target × 100, rounded to 2 decimals, within ±1,000,000; `null` when the target is 0. */
  percent: number | null;
  stretchPercent: number | null;
  /** target − primary value, never below 0. */
  remaining: string;
  /** `null` for a snapshot metric (its value is a state, not an accumulation: nothing to pro-rate). */
  pace: {
    expected: string;
    status: PaceStatus;
    /** Primary value ÷ share of the period elapsed; `null` before the period starts. */
    projected: string | null;
  } | null;
  milestones: number[];
  childrenTargetSum: string | null;
  childrenTargetMismatch: boolean;
  skippedRecords: number;
  /** The metric's currency (money metrics), else null. */
  currency: string | null;
}

import type { Goal } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import { isValidLocalDate } from '../periods/resolve-period.ts';
import { compileCondition, type RecordPredicate } from '../queries/compile-condition.ts';
import { parseDecimal, scaleFor } from '../values/decimal.ts';
import type { LocalDayCache } from '../periods/period-instants.ts';

/** A goal prepared for the record loop, with its own accumulated values. */
export interface GoalSlot {
  index: number;
  goal: Goal;
  metric: Metric;
  metricIndex: number;
  scale: number;
  target: bigint;
  stretchTarget: bigint | null;
  startMs: number;
  endMs: number;
  filter: RecordPredicate | null;
  /** Sums of the goal's own records: actual, inProgress, custom. */
  own: [bigint, bigint, bigint];
  ownSkipped: number;
  /** Serial of the last record counted as skipped here, so a record counts once. */
  lastSkippedSerial: number;
}

/** A goal that could not be computed, and why. */
export interface SkippedGoal {
  goalId: string;
  reason: string;
}

/**
 * Prepares goals: parses targets at the metric's scale, resolves periods to instants once and
 * compiles filters. Goals with an unknown metric, a bad period or a bad target are returned
 * separately rather than failing the whole run.
 */
export function prepareGoalSlots(
  goals: readonly Goal[],
  metrics: readonly Metric[],
  days: LocalDayCache,
): { slots: GoalSlot[]; skippedGoals: SkippedGoal[] } {
  const metricIndexById = new Map(metrics.map((metric, i) => [metric.id, i]));
  const slots: GoalSlot[] = [];
  const skippedGoals: SkippedGoal[] = [];
  const seen = new Set<string>();
  for (const goal of goals) {
    if (seen.has(goal.id)) {
      skippedGoals.push({ goalId: goal.id, reason: 'duplicate goal id' });
      continue;
    }
    seen.add(goal.id);
    const metricIndex = metricIndexById.get(goal.metricId);
    const metric = metricIndex === undefined ? undefined : metrics[metricIndex];
    if (metric === undefined || metricIndex === undefined) {
      skippedGoals.push({ goalId: goal.id, reason: `unknown metric "${goal.metricId}"` });
      continue;
    }
    const { start, end } = goal.period;
    if (!isValidLocalDate(start) || !isValidLocalDate(end) || start > end) {
      skippedGoals.push({ goalId: goal.id, reason: 'invalid period' });
      continue;
    }
    const scale = scaleFor(metric.dataType, metric.currency);
    let target: bigint;
    let stretchTarget: bigint | null;
    try {
      target = parseDecimal(goal.target, scale);
      stretchTarget = goal.stretchTarget === undefined || goal.stretchTarget === null ? null : parseDecimal(goal.stretchTarget, scale);
    } catch (error) {
      skippedGoals.push({ goalId: goal.id, reason: `invalid target: ${(error as Error).message}` });
      continue;
    }
    const { startMs, endMs } = days.instantsOf(goal.period);
    slots.push({
      index: slots.length,
      goal,
      metric,
      metricIndex,
      scale,
      target,
      stretchTarget,
      startMs,
      endMs,
      filter: goal.filter ? compileCondition(goal.filter, days) : null,
      own: [0n, 0n, 0n],
      ownSkipped: 0,
      lastSkippedSerial: -1,
    });
  }
  return { slots, skippedGoals };
}

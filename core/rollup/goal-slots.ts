import type { Goal } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import { isValidLocalDate } from '../periods/resolve-period.ts';
import { compileCondition, type RecordPredicate } from '../queries/compile-condition.ts';
import { parseDecimal, scaleFor } from '../values/decimal.ts';
import type { LocalDayCache } from '../periods/period-instants.ts';

/** What the calculation reads of a goal. */
export type RollupGoal = Pick<Goal, 'id' | 'metricId' | 'owner' | 'period' | 'target' | 'stretchTarget' | 'parentId' | 'rollupMode' | 'filter'>;

/** A goal prepared for the record loop, with its own accumulated values. */
export interface GoalSlot {
  index: number;
  goal: RollupGoal;
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

const OWNER_TYPES: ReadonlySet<unknown> = new Set(['user', 'team', 'department', 'organization']);
const isId = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Why a goal cannot take part in a run, or `null`: the fields a run relies on must have the
 * contract's shape. The API guarantees it; an item written around the API (or by an older
 * version) may not, and must fail alone rather than stop the tenant's run.
 */
export function goalDefect(goal: RollupGoal): string | null {
  if (!isId(goal.id)) return 'invalid id';
  if (goal.parentId !== undefined && goal.parentId !== null && !isId(goal.parentId)) return 'invalid parentId';
  if (!isId(goal.metricId)) return 'invalid metricId';
  const owner: unknown = goal.owner;
  if (typeof owner !== 'object' || owner === null || !OWNER_TYPES.has((owner as GoalOwnerLike).type) || !isId((owner as GoalOwnerLike).id)) {
    return 'invalid owner';
  }
  const period: unknown = goal.period;
  if (typeof period !== 'object' || period === null) return 'invalid period';
  const { start, end } = period as { start: unknown; end: unknown };
  if (typeof start !== 'string' || typeof end !== 'string' || !isValidLocalDate(start) || !isValidLocalDate(end) || start > end) {
    return 'invalid period';
  }
  return null;
}

type GoalOwnerLike = { type?: unknown; id?: unknown };

/**
 * Prepares goals: parses targets at the metric's scale, resolves periods to instants once and
 * compiles filters. A goal that cannot be prepared (a defect of {@link goalDefect}, an unknown
 * metric, a bad target or filter, a duplicate id, or anything else that throws) is returned
 * separately rather than failing the whole run.
 */
export function prepareGoalSlots(
  goals: readonly RollupGoal[],
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
    try {
      const slot = prepareSlot(goal, metrics, metricIndexById, days, slots.length);
      if (typeof slot === 'string') skippedGoals.push({ goalId: goal.id, reason: slot });
      else slots.push(slot);
    } catch (error) {
      skippedGoals.push({ goalId: goal.id, reason: `could not be prepared: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { slots, skippedGoals };
}

/** One goal's slot, or why it cannot have one. */
function prepareSlot(goal: RollupGoal, metrics: readonly Metric[], metricIndexById: ReadonlyMap<string, number>, days: LocalDayCache, index: number): GoalSlot | string {
  const defect = goalDefect(goal);
  if (defect !== null) return defect;
  const metricIndex = metricIndexById.get(goal.metricId);
  const metric = metricIndex === undefined ? undefined : metrics[metricIndex];
  if (metric === undefined || metricIndex === undefined) return `unknown metric "${goal.metricId}"`;
  const scale = scaleFor(metric.dataType, metric.currency);
  let target: bigint;
  let stretchTarget: bigint | null;
  try {
    target = parseDecimal(goal.target, scale);
    stretchTarget = goal.stretchTarget === undefined || goal.stretchTarget === null ? null : parseDecimal(goal.stretchTarget, scale);
  } catch (error) {
    return `invalid target: ${(error as Error).message}`;
  }
  const { startMs, endMs } = days.instantsOf(goal.period);
  return {
    index,
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
  };
}

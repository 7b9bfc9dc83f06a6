import type { GoalProgress } from '../model/goal-progress.ts';
import type { GoalResult } from '../model/goal-result.ts';
import type { Metric } from '../model/metric.ts';
import { computeProgress, type ProgressBasis } from './compute-progress.ts';

export type { ProgressBasis };
import { definedKinds } from './channels.ts';
import type { GoalSlot } from './goal-slots.ts';

/**
 * Whether the metric's primary value (actual, else in progress, else custom) is a snapshot: its
 * query counts records by no date (open pipeline), so the value is a state at the read's instant.
 */
export function isSnapshotMetric(metric: Pick<Metric, 'dateField' | 'actual' | 'inProgress' | 'custom'>): boolean {
  const primary = metric.actual ?? metric.inProgress ?? metric.custom;
  if (!primary) return false;
  return (primary.dateField === undefined ? metric.dateField : primary.dateField) === null;
}

/** A goal's basis, from its prepared slot and its children's target sum. */
export function basisOf(slot: GoalSlot, childrenTargetSum: bigint | null, tolerancePercentE4: bigint): ProgressBasis {
  return {
    period: { start: slot.goal.period.start, end: slot.goal.period.end },
    startMs: slot.startMs,
    endMs: slot.endMs,
    scale: slot.scale,
    target: slot.target,
    stretchTarget: slot.stretchTarget,
    kinds: definedKinds(slot.metric),
    childrenTargetSum,
    snapshot: isSnapshotMetric(slot.metric),
    currency: slot.metric.currency ?? null,
    tolerancePercentE4,
  };
}

/** The goal's progress at `nowMs` from its basis and values (actual, in progress, custom; skipped records). */
export function progressOf(goalId: string, basis: ProgressBasis, values: readonly [bigint, bigint, bigint], skipped: number, nowMs: number): GoalProgress {
  const [a, b, c] = basis.kinds;
  return computeProgress({
    goalId,
    period: basis.period,
    startMs: basis.startMs,
    endMs: basis.endMs,
    scale: basis.scale,
    target: basis.target,
    stretchTarget: basis.stretchTarget,
    values: [a ? values[0] : null, b ? values[1] : null, c ? values[2] : null],
    childrenTargetSum: basis.childrenTargetSum,
    skippedRecords: skipped,
    nowMs,
    tolerancePercentE4: basis.tolerancePercentE4,
    snapshot: basis.snapshot,
    currency: basis.currency,
  });
}

/**
 * What the read side keeps per goal: the goal and where it sits (written by the run that last
 * computed it), its basis, and its live values (moved by every record change).
 */
export interface GoalStanding {
  goal: GoalResult['goal'];
  treeRoot: string;
  treePath: string;
  ownerUnitIds: string[];
  /** The last full run that computed and verified the goal; null for one only a definition change's recomputation computed. */
  runId: string | null;
  basis: ProgressBasis;
  values: readonly [bigint, bigint, bigint];
  skipped: number;
  /** When the goal's values last changed. */
  updatedAt: string;
}

/** The goal's result at the read's instant: its progress derived from the standing at `nowMs` (API.md's progress object). */
export function resultAt(standing: GoalStanding, nowMs: number): GoalResult {
  const progress = progressOf(standing.goal.id, standing.basis, standing.values, standing.skipped, nowMs);
  const { goalId, asOf, ...rest } = progress;
  return {
    progress: { goalId, runId: standing.runId, asOf, updatedAt: standing.updatedAt, ...rest },
    goal: standing.goal,
    treeRoot: standing.treeRoot,
    treePath: standing.treePath,
    ownerUnitIds: standing.ownerUnitIds,
  };
}

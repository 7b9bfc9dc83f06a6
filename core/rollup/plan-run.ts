import type { Metric } from '../model/metric.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import { unitWithAncestors } from '../attribution/membership-index.ts';
import { goalDefect, type RollupGoal, type SkippedGoal } from './goal-slots.ts';
import { goalForest } from './hierarchy.ts';
import { goalsDueForRollup, recordWindows } from './rollup-scope.ts';

/** What one rollup run computes, reads and carries over. */
export interface RunPlan {
  /** Goals to compute: every goal of a hierarchy that still rolls up (or of the requested ones). */
  compute: RollupGoal[];
  /** Goals whose previous result is kept (frozen, or outside the requested hierarchies). */
  carryForward: RollupGoal[];
  /**
   * Goals the run covers but cannot compute: stored with a defect ({@link goalDefect}) or on (or
   * below) a `parentId` cycle. Each keeps its previous result as it is and counts as failed.
   */
  failed: SkippedGoal[];
  /** Such goals outside the requested hierarchies: their previous result is kept as it is, uncounted. */
  keepAsIs: string[];
  /** Per record type: the instants its records must fall in, or `null` to read every record. */
  reads: Map<string, { startMs: number; endMs: number } | null>;
}

export interface PlanInput {
  goals: readonly RollupGoal[];
  metrics: readonly Metric[];
  settings: TenantSettings;
  nowMs: number;
  /** Recompute only the hierarchies of these goals (each from its root); absent or null: the whole tenant. */
  goalIds?: readonly string[] | null;
  /** Ids of goals that have a result in the current run. */
  hasPreviousResult: (goalId: string) => boolean;
}

/** The root of every goal (following parentId; a missing parent ends the walk). Goals on or below a cycle have none. */
export function goalRoots(goals: readonly Pick<RollupGoal, 'id' | 'parentId'>[]): Map<string, string> {
  return goalForest(goals).roots;
}

/** The ids from the goal's root down to the goal, `/`-joined (ids never contain `/`). */
export function goalPaths(goals: readonly Pick<RollupGoal, 'id' | 'parentId'>[]): Map<string, string> {
  const byId = new Map(goals.map((g) => [g.id, g]));
  const paths = new Map<string, string>();
  const pathOf = (goal: Pick<RollupGoal, 'id' | 'parentId'>, depth: number): string => {
    const known = paths.get(goal.id);
    if (known) return known;
    const parent = goal.parentId ? byId.get(goal.parentId) : undefined;
    const path = parent && depth < 64 ? `${pathOf(parent, depth + 1)}/${goal.id}` : goal.id;
    paths.set(goal.id, path);
    return path;
  };
  for (const goal of goals) pathOf(goal, 0);
  return paths;
}

/**
 * Decides what a run computes. A goal stops rolling up `stopRollupDaysAfterEnd` days after its
 * period ends, unless an ancestor still rolls up (a parent's value needs its children); a goal that
 * stopped keeps its previous result — or is computed, if it never had one. A run for some goals
 * computes their whole hierarchies and keeps every other result. A goal that cannot be computed
 * (a defect, a cycle) fails alone. Records are read once per record type, over the hull of the
 * computed goals' windows, or entirely for snapshot queries.
 */
export function planRun(input: PlanInput): RunPlan {
  const { settings, nowMs } = input;
  const { roots, cyclic } = goalForest(input.goals);
  const scopeRoots = input.goalIds ? new Set(input.goalIds.map((id) => roots.get(id) ?? id)) : null;
  const inScope = (goal: RollupGoal) => scopeRoots === null || scopeRoots.has(roots.get(goal.id) ?? goal.id);
  const sound: RollupGoal[] = [];
  const failed: SkippedGoal[] = [];
  const keepAsIs: string[] = [];
  for (const goal of input.goals) {
    const reason = goalDefect(goal) ?? (cyclic.has(goal.id) ? 'on or below a parentId cycle' : null);
    if (reason === null) sound.push(goal);
    else if (inScope(goal)) failed.push({ goalId: String(goal.id), reason });
    else keepAsIs.push(goal.id);
  }
  const due = new Set((scopeRoots !== null ? sound.filter(inScope) : goalsDueForRollup(sound, settings, nowMs)).map((g) => g.id));
  const compute: RollupGoal[] = [];
  const carryForward: RollupGoal[] = [];
  for (const goal of sound) {
    const computeIt = due.has(goal.id) || (scopeRoots === null && !input.hasPreviousResult(goal.id));
    (computeIt ? compute : carryForward).push(goal);
  }
  const reads = new Map<string, { startMs: number; endMs: number } | null>();
  for (const window of recordWindows(input.metrics, compute, settings)) {
    const known = reads.get(window.recordType);
    if (known === null) continue;
    if (window.fromMs === null || window.toMs === null) {
      reads.set(window.recordType, null);
      continue;
    }
    reads.set(window.recordType, known ? { startMs: Math.min(known.startMs, window.fromMs), endMs: Math.max(known.endMs, window.toMs) } : { startMs: window.fromMs, endMs: window.toMs });
  }
  return { compute, carryForward, failed, keepAsIs, reads };
}

/** Every unit a user belonged to at any time during the period, with the units above them. */
export function unitsDuring(user: Pick<User, 'memberships'> | undefined, period: { start: string; end: string }, units: readonly Pick<Unit, 'id' | 'parentId'>[]): string[] {
  if (!user) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const found = new Set<string>();
  for (const m of user.memberships) {
    if ((m.from && m.from > period.end) || (m.to && m.to < period.start)) continue;
    for (const id of unitWithAncestors(m.unitId, byId)) found.add(id);
  }
  return [...found];
}

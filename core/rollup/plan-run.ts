import type { Goal } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import { unitWithAncestors } from '../attribution/membership-index.ts';
import { goalsDueForRollup, recordWindows } from './rollup-scope.ts';

/** What one rollup run computes, reads and carries over. */
export interface RunPlan {
  /** Goals to compute: every goal of a hierarchy that still rolls up (or of the requested one). */
  compute: Goal[];
  /** Goals whose previous result is kept as it is (frozen, or outside a one-hierarchy run). */
  carryForward: Goal[];
  /** Per record type: the instants its records must fall in, or `null` to read every record. */
  reads: Map<string, { startMs: number; endMs: number } | null>;
}

export interface PlanInput {
  goals: readonly Goal[];
  metrics: readonly Metric[];
  settings: TenantSettings;
  nowMs: number;
  /** Recompute only the hierarchy of this goal (from its root). */
  goalId?: string | null;
  /** Ids of goals that have a result in the current run. */
  hasPreviousResult: (goalId: string) => boolean;
}

/** The root of every goal (following parentId; a missing parent or a loop ends the walk). */
export function goalRoots(goals: readonly Goal[]): Map<string, string> {
  const byId = new Map(goals.map((g) => [g.id, g]));
  const roots = new Map<string, string>();
  for (const goal of goals) {
    const seen = new Set<string>();
    let current = goal;
    while (current.parentId && byId.has(current.parentId) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentId) as Goal;
    }
    roots.set(goal.id, current.id);
  }
  return roots;
}

/** The ids from the goal's root down to the goal, `/`-joined (ids never contain `/`). */
export function goalPaths(goals: readonly Goal[]): Map<string, string> {
  const byId = new Map(goals.map((g) => [g.id, g]));
  const paths = new Map<string, string>();
  const pathOf = (goal: Goal, depth: number): string => {
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
 * stopped keeps its previous result — or is computed, if it never had one. A run for one goal
 * computes that goal's whole hierarchy and keeps every other result. Records are read once per
 * record type, over the hull of the computed goals' windows, or entirely for snapshot queries.
 */
export function planRun(input: PlanInput): RunPlan {
  const { settings, nowMs } = input;
  const roots = goalRoots(input.goals);
  const scopeRoot = input.goalId ? roots.get(input.goalId) : undefined;
  const due = new Set(
    scopeRoot !== undefined
      ? input.goals.filter((g) => roots.get(g.id) === scopeRoot).map((g) => g.id)
      : goalsDueForRollup(input.goals, settings, nowMs).map((g) => g.id),
  );
  const compute: Goal[] = [];
  const carryForward: Goal[] = [];
  for (const goal of input.goals) {
    const computeIt = due.has(goal.id) || (scopeRoot === undefined && !input.hasPreviousResult(goal.id));
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
  return { compute, carryForward, reads };
}

/** Every unit a user belonged to at any time during the period, with the units above them. */
export function unitsDuring(user: User | undefined, period: { start: string; end: string }, units: readonly Unit[]): string[] {
  if (!user) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const found = new Set<string>();
  for (const m of user.memberships) {
    if ((m.from && m.from > period.end) || (m.to && m.to < period.start)) continue;
    for (const id of unitWithAncestors(m.unitId, byId)) found.add(id);
  }
  return [...found];
}

import type { Goal } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import { unitWithAncestors } from '../attribution/membership-index.ts';
import { localDateOf, periodInstants } from '../periods/period-instants.ts';
import { fromCalendarDay, toCalendarDay } from '../periods/resolve-period.ts';

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
 * period ends; a hierarchy is recomputed while any of its goals still rolls up (a parent's value
 * depends on its children), otherwise its previous results are carried forward — or computed, if
 * it never had any. Records are read once per record type, over the hull of the computed goals'
 * periods, or entirely when a metric of that type is a snapshot (no date field).
 */
export function planRun(input: PlanInput): RunPlan {
  const { settings, nowMs } = input;
  const today = localDateOf(nowMs, settings.timezone);
  const roots = goalRoots(input.goals);
  const metricsById = new Map(input.metrics.map((m) => [m.id, m]));
  // A goal still rolls up while its end is no more than stopRollupDaysAfterEnd days ago.
  const cutoff = fromCalendarDay(toCalendarDay(today).minus({ days: settings.stopRollupDaysAfterEnd }));

  const liveRoots = new Set<string>();
  const scopeRoot = input.goalId ? roots.get(input.goalId) : undefined;
  for (const goal of input.goals) {
    const root = roots.get(goal.id) as string;
    if (scopeRoot !== undefined) {
      if (root === scopeRoot) liveRoots.add(root);
    } else if (goal.period.end >= cutoff || !input.hasPreviousResult(goal.id)) {
      liveRoots.add(root);
    }
  }

  const compute: Goal[] = [];
  const carryForward: Goal[] = [];
  for (const goal of input.goals) (liveRoots.has(roots.get(goal.id) as string) ? compute : carryForward).push(goal);

  const reads = new Map<string, { startMs: number; endMs: number } | null>();
  for (const goal of compute) {
    const metric = metricsById.get(goal.metricId);
    if (!metric) continue;
    const snapshot = metric.dateField === null || [metric.actual, metric.inProgress, metric.custom].some((q) => q && q.dateField === null);
    const known = reads.get(metric.recordType);
    if (snapshot || known === null) {
      reads.set(metric.recordType, null);
      continue;
    }
    const { startMs, endMs } = periodInstants(goal.period, settings.timezone);
    reads.set(metric.recordType, known ? { startMs: Math.min(known.startMs, startMs), endMs: Math.max(known.endMs, endMs) } : { startMs, endMs });
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

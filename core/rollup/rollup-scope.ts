import type { Goal } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import { LocalDayCache, localDateOf } from '../periods/period-instants.ts';
import { fromCalendarDay, isValidLocalDate, toCalendarDay } from '../periods/resolve-period.ts';

/**
 * The goals a rollup at `now` should compute: those whose period ended no more than
 * `stopRollupDaysAfterEnd` days ago (local dates), plus every descendant of such a goal — a
 * parent's value needs its children even when they ended earlier. Hierarchies of any depth, in
 * one pass (each goal walks up only until a goal already decided); a `parentId` cycle ends a walk.
 */
export function goalsDueForRollup<G extends Pick<Goal, 'id' | 'parentId' | 'period'>>(goals: readonly G[], settings: TenantSettings, now: number): G[] {
  const today = localDateOf(now, settings.timezone);
  const cutoff = fromCalendarDay(toCalendarDay(today).minus({ days: Math.max(0, settings.stopRollupDaysAfterEnd) }));
  const byId = new Map(goals.map((goal) => [goal.id, goal]));
  const due = new Map<string, boolean>();
  for (const goal of goals) {
    const walk: string[] = [];
    const onWalk = new Set<string>();
    let current: G | undefined = goal;
    let result = false;
    while (current !== undefined && !onWalk.has(current.id)) {
      const known = due.get(current.id);
      if (known !== undefined) {
        result = known;
        break;
      }
      walk.push(current.id);
      onWalk.add(current.id);
      if (current.period.end >= cutoff) {
        result = true;
        break;
      }
      current = current.parentId ? byId.get(current.parentId) : undefined;
    }
    for (const id of walk) due.set(id, result);
  }
  return goals.filter((goal) => due.get(goal.id) === true);
}

/** Which records of one type a rollup needs, by one date field; `null` bounds mean all of them. */
export interface RecordWindow {
  recordType: string;
  /** The date field the window applies to; `null` for snapshot queries, which need every record. */
  dateField: string | null;
  /** Inclusive start instant (epoch ms), or `null`. */
  fromMs: number | null;
  /** Exclusive end instant (epoch ms), or `null`. */
  toMs: number | null;
}

/**
 * The record windows a rollup over `goals` reads: per record type and date field, the union of
 * the periods of the goals whose metric queries it (so each record type is read once, over one
 * window). Snapshot queries read every record of their type.
 */
export function recordWindows(metrics: readonly Metric[], goals: readonly Pick<Goal, 'metricId' | 'period'>[], settings: TenantSettings): RecordWindow[] {
  const days = new LocalDayCache(settings.timezone);
  const windows = new Map<string, RecordWindow>();
  const metricsById = new Map(metrics.map((metric) => [metric.id, metric]));
  for (const goal of goals) {
    const metric = metricsById.get(goal.metricId);
    if (!metric || !isValidLocalDate(goal.period.start) || !isValidLocalDate(goal.period.end)) continue;
    const { startMs, endMs } = days.instantsOf(goal.period);
    for (const query of [metric.actual, metric.inProgress, metric.custom]) {
      if (!query) continue;
      const dateField = query.dateField === undefined ? metric.dateField : query.dateField;
      const key = `${metric.recordType}\u0000${dateField ?? ''}`;
      const window = windows.get(key);
      if (dateField === null) windows.set(key, { recordType: metric.recordType, dateField, fromMs: null, toMs: null });
      else if (!window) windows.set(key, { recordType: metric.recordType, dateField, fromMs: startMs, toMs: endMs });
      else if (window.fromMs !== null && window.toMs !== null) {
        window.fromMs = Math.min(window.fromMs, startMs);
        window.toMs = Math.max(window.toMs, endMs);
      }
    }
  }
  return [...windows.values()];
}

import { fromCalendarDay, resolvePeriod, toCalendarDay, type CalendarSettings, type DateRange } from './resolve-period.ts';
import { localDateOf } from './period-instants.ts';

/** The `period` values of `GET /leaderboard`. */
export type CurrentPeriodName = 'current-week' | 'current-month' | 'current-quarter' | 'current-year';

/** The week, month, quarter or year containing the local date of `nowMs` in the tenant's zone. */
export function currentPeriod(name: CurrentPeriodName, nowMs: number, settings: CalendarSettings): DateRange {
  const granularity = name.slice('current-'.length) as 'week' | 'month' | 'quarter' | 'year';
  return resolvePeriod(granularity, localDateOf(nowMs, settings.timezone), settings);
}

/**
 * The period just before `range`, used for weights from the previous period's actuals:
 * the previous month, quarter or year (several months) when `range` is whole months, otherwise
 * the same number of days immediately before.
 *
 * @example previousPeriod({ start: '2026-04-01', end: '2026-06-30' }) // { start: '2026-01-01', end: '2026-03-31' }
 */
export function previousPeriod(range: DateRange): DateRange {
  const start = toCalendarDay(range.start);
  const end = toCalendarDay(range.end);
  const dayAfterEnd = end.plus({ days: 1 });
  if (start.day === 1 && dayAfterEnd.day === 1) {
    const months = Math.round(dayAfterEnd.diff(start, 'months').months);
    return { start: fromCalendarDay(start.minus({ months })), end: fromCalendarDay(start.minus({ days: 1 })) };
  }
  const days = Math.round(dayAfterEnd.diff(start, 'days').days);
  return { start: fromCalendarDay(start.minus({ days })), end: fromCalendarDay(start.minus({ days: 1 })) };
}

/** The number of calendar days in an inclusive range. */
export function daysIn(range: DateRange): number {
  return Math.round(toCalendarDay(range.end).plus({ days: 1 }).diff(toCalendarDay(range.start), 'days').days);
}

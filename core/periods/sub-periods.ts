import { fromCalendarDay, resolvePeriod, toCalendarDay, type CalendarSettings, type DateRange } from './resolve-period.ts';

/** The granularities a period can be divided into (API.md, `POST /goals/{id}/periods`). */
export type SubPeriodGranularity = 'week' | 'month' | 'quarter';

/** At most this many sub-periods: a decade of weeks. */
export const MAX_SUB_PERIODS = 530;

/** Thrown when a period would divide into more than {@link MAX_SUB_PERIODS} parts. */
export class TooManySubPeriodsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TooManySubPeriodsError';
  }
}

/**
 * The calendar weeks, months or quarters that cover `range`, clipped to it, in order: a first or
 * last part may be shorter when the range does not start or end on a boundary.
 *
 * @example subPeriods({ start: '2026-01-15', end: '2026-03-31' }, 'month', settings)
 * // [{ start: '2026-01-15', end: '2026-01-31' }, { start: '2026-02-01', end: '2026-02-28' }, { start: '2026-03-01', end: '2026-03-31' }]
 */
export function subPeriods(range: DateRange, granularity: SubPeriodGranularity, settings: CalendarSettings): DateRange[] {
  const parts: DateRange[] = [];
  let cursor = range.start;
  while (cursor <= range.end) {
    if (parts.length >= MAX_SUB_PERIODS) {
      throw new TooManySubPeriodsError(`period divides into more than ${MAX_SUB_PERIODS} ${granularity}s`);
    }
    const whole = resolvePeriod(granularity, cursor, settings);
    const end = whole.end < range.end ? whole.end : range.end;
    parts.push({ start: cursor, end });
    cursor = fromCalendarDay(toCalendarDay(end).plus({ days: 1 }));
  }
  return parts;
}

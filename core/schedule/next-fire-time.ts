import { DateTime } from 'luxon';
import type { CronSchedule } from './cron.ts';

/** How far ahead to look before deciding a schedule never fires (e.g. `0 0 31 2 *`). */
const horizonDays = 366 * 8;

function dayMatches(schedule: CronSchedule, day: DateTime): boolean {
  if (!schedule.months.has(day.month)) return false;
  const dom = schedule.daysOfMonth.has(day.day);
  const dow = schedule.daysOfWeek.has(day.weekday % 7);
  // Cron's rule: when both day fields are restricted, either may match; otherwise both must.
  if (!schedule.anyDayOfMonth && !schedule.anyDayOfWeek) return dom || dow;
  return dom && dow;
}

/**
 * The earliest instant showing the same local wall-clock time as `local`: in the hour that
 * repeats when clocks fall back, luxon picks the later occurrence, EventBridge the first.
 */
function firstOccurrence(local: DateTime): number {
  let earliest = local.toMillis();
  for (const shiftMinutes of [30, 60, 120]) {
    const candidate = DateTime.fromMillis(local.toMillis() - shiftMinutes * 60_000, { zone: local.zone });
    if (candidate.day === local.day && candidate.hour === local.hour && candidate.minute === local.minute) {
      earliest = Math.min(earliest, candidate.toMillis());
    }
  }
  return earliest;
}

/**
 * The first instant strictly after `afterMs` at which the schedule fires in `timezone`, the way
 * EventBridge Scheduler runs a cron schedule in a time zone: a local time that does not exist
 * (the hour skipped when clocks spring forward) is skipped, and a local time that happens twice
 * (when clocks fall back) fires once, at its first occurrence. `null` if it never fires.
 *
 * @example nextFireTime(parseCron('0 2 * * *'), Date.parse('2026-03-29T00:30:00Z'), 'Europe/Oslo')
 * // → 2026-03-30T00:00:00Z (02:00 did not exist in Oslo on 29 March 2026)
 */
export function nextFireTime(schedule: CronSchedule, afterMs: number, timezone: string): number | null {
  const hours = [...schedule.hours].sort((a, b) => a - b);
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  let day = DateTime.fromMillis(afterMs, { zone: timezone }).startOf('day');
  for (let i = 0; i < horizonDays; i++, day = day.plus({ days: 1 }).startOf('day')) {
    if (!dayMatches(schedule, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: timezone });
        if (!local.isValid || local.hour !== hour || local.minute !== minute) continue;
        const at = firstOccurrence(local);
        if (at > afterMs) return at;
      }
    }
  }
  return null;
}

/**
 * The next `count` instants at which the schedule fires after `afterMs` in `timezone`, each found
 * by {@link nextFireTime}; fewer if it stops firing.
 *
 * @example nextFireTimes(parseCron('0 2 * * *'), Date.parse('2026-03-28T12:00:00Z'), 'Europe/Oslo', 2)
 * // → 2026-03-30T00:00:00Z, 2026-03-31T00:00:00Z (29 March has no 02:00 in Oslo: clocks jump to 03:00)
 */
export function nextFireTimes(schedule: CronSchedule, afterMs: number, timezone: string, count: number): number[] {
  const times: number[] = [];
  for (let at = nextFireTime(schedule, afterMs, timezone); at !== null && times.length < count; at = nextFireTime(schedule, at, timezone)) times.push(at);
  return times;
}

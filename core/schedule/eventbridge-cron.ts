import { CronFormatError, parseCron } from './cron.ts';

/** Day-of-week numbers: cron's 0–7 (0 and 7 = Sunday) → EventBridge's 1–7 (1 = Sunday). */
function shiftDayOfWeek(field: string): string {
  return field.replace(/\d+/g, (n) => String((Number(n) % 7) + 1));
}

/**
 * The EventBridge Scheduler expression `cron(min hour day-of-month month day-of-week year)` for a
 * five-field cron expression. EventBridge needs `?` in one of the two day fields, so an expression
 * that restricts both (cron's "either" rule) has no equivalent and is refused.
 *
 * @example toEventBridgeCron('0 2 * * *') // 'cron(0 2 * * ? *)'
 * @example toEventBridgeCron('30 6 * * 1-5') // 'cron(30 6 ? * 2-6 *)'
 * @throws CronFormatError
 */
export function toEventBridgeCron(expression: string): string {
  const parsed = parseCron(expression);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = expression.trim().split(/\s+/) as [string, string, string, string, string];
  if (!parsed.anyDayOfMonth && !parsed.anyDayOfWeek) {
    throw new CronFormatError('A schedule may restrict the day of the month or the day of the week, not both');
  }
  if (/\d+-\d+/.test(dayOfWeek) && /(^|[,-])7/.test(dayOfWeek) && !/^\*/.test(dayOfWeek)) {
    // 5-7 would become 6-1, a backwards range; list the days instead.
    const days = [...parsed.daysOfWeek].sort((a, b) => a - b).map((d) => d + 1);
    return `cron(${minute} ${hour} ? ${month} ${days.join(',')} *)`;
  }
  return parsed.anyDayOfWeek
    ? `cron(${minute} ${hour} ${dayOfMonth} ${month} ? *)`
    : `cron(${minute} ${hour} ? ${month} ${dayOfWeek.startsWith('*') ? dayOfWeek : shiftDayOfWeek(dayOfWeek)} *)`;
}

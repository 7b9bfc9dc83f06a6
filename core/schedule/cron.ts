/** A parsed five-field cron expression (minute hour day-of-month month day-of-week). */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is accepted as Sunday). */
  readonly daysOfWeek: ReadonlySet<number>;
  /** True when day-of-month was `*` (cron's OR rule between day fields applies only if both are restricted). */
  readonly anyDayOfMonth: boolean;
  readonly anyDayOfWeek: boolean;
}

export class CronFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CronFormatError';
  }
}

const fieldSpecs = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, spec: (typeof fieldSpecs)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(item);
    if (!match) throw new CronFormatError(`The ${spec.name} field "${text}" is not valid cron syntax`);
    const step = match[4] === undefined ? 1 : Number(match[4]);
    const from = match[1] === '*' ? spec.min : Number(match[2]);
    const to = match[1] === '*' ? spec.max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? spec.max : from;
    if (step < 1 || from < spec.min || to > spec.max || from > to) {
      throw new CronFormatError(`The ${spec.name} field "${text}" is outside ${spec.min}-${spec.max}`);
    }
    for (let v = from; v <= to; v += step) values.add(spec.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

/**
 * Parses a standard five-field cron expression such as `0 2 * * *` (numbers, `*`, ranges,
 * lists and steps). Throws {@link CronFormatError} naming the bad field.
 *
 * @example parseCron('30 1 * * 1-5').hours // Set {1}
 */
export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new CronFormatError(`A cron expression has 5 fields, "${expression}" has ${fields.length}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  return {
    minutes: parseField(minute, fieldSpecs[0]),
    hours: parseField(hour, fieldSpecs[1]),
    daysOfMonth: parseField(dayOfMonth, fieldSpecs[2]),
    months: parseField(month, fieldSpecs[3]),
    daysOfWeek: parseField(dayOfWeek, fieldSpecs[4]),
    anyDayOfMonth: dayOfMonth === '*',
    anyDayOfWeek: dayOfWeek === '*',
  };
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** The most days each month has (February: 29, in leap years). */
const maxDaysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const listed = (items: readonly (string | number)[], conjunction: 'and' | 'or'): string =>
  items.length === 1 ? String(items[0]) : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;

/**
 * Why a schedule can never fire, or `null` when it fires on some date. Only a day of the month
 * that none of its months has (`0 0 31 2 *`, `0 0 31 4,6 *`) never comes: every month has every
 * weekday, and every hour and minute exist on most days. `0 0 29 2 *` fires in leap years.
 *
 * @example neverFiresReason(parseCron('0 0 31 2 *')) // 'February has no day 31'
 */
export function neverFiresReason(schedule: CronSchedule): string | null {
  // A restricted day of the week matches days of every month (alone, or by cron's "either" rule).
  if (!schedule.anyDayOfWeek) return null;
  const days = [...schedule.daysOfMonth].sort((a, b) => a - b);
  const months = [...schedule.months].sort((a, b) => a - b);
  if (months.some((month) => days[0]! <= maxDaysInMonth[month - 1]!)) return null;
  const names = months.map((month) => monthNames[month - 1]!);
  return `${listed(names, 'and')} ${names.length === 1 ? 'has' : 'have'} no day ${listed(days, 'or')}`;
}

/**
 * Parses like {@link parseCron} and also refuses a schedule that can never fire, with a
 * {@link CronFormatError} that says so: what a tenant's `rollupSchedule` must satisfy.
 *
 * @example parseFiringCron('0 0 31 2 *') // throws: The schedule "0 0 31 2 *" never fires: February has no day 31
 */
export function parseFiringCron(expression: string): CronSchedule {
  const schedule = parseCron(expression);
  const reason = neverFiresReason(schedule);
  if (reason) throw new CronFormatError(`The schedule "${expression.trim()}" never fires: ${reason}`);
  return schedule;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CronFormatError, neverFiresReason, parseCron, parseFiringCron } from '../../core/schedule/cron.ts';
import { nextFireTime } from '../../core/schedule/next-fire-time.ts';
import { settingsUpdateSchema } from '../../functions/api/settings/settings-schema.ts';

describe('parseFiringCron', () => {
  it.each([
    ['0 0 31 2 *', 'February has no day 31'],
    ['0 0 30 2 *', 'February has no day 30'],
    ['15 4 30,31 2 *', 'February has no day 30 or 31'],
    ['0 0 31 2,4 *', 'February and April have no day 31'],
    ['0 0 31 4,6,9,11 *', 'April, June, September and November have no day 31'],
  ])('refuses "%s", saying why it never fires', (expression, reason) => {
    expect(() => parseFiringCron(expression)).toThrow(new CronFormatError(`The schedule "${expression}" never fires: ${reason}`));
  });

  it('accepts 29 February, and the schedule fires on it in the next leap year', () => {
    // Act
    const schedule = parseFiringCron('0 0 29 2 *');
    const next = nextFireTime(schedule, Date.parse('2026-03-01T00:00:00Z'), 'UTC');

    // Assess
    expect(new Date(next!).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(settingsUpdateSchema.safeParse({ rollupSchedule: '0 0 29 2 *' }).success).toBe(true);
    expect(settingsUpdateSchema.safeParse({ rollupSchedule: '0 0 31 2 *' }).error?.issues[0]?.message).toBe('The schedule "0 0 31 2 *" never fires: February has no day 31');
  });

  it.each(['0 2 * * *', '0 0 31 * *', '0 0 31 1-2 *', '0 0 30 2,3 *', '0 0 * 2 1', '0 0 31 2 1', '*/5 * 31 */2 *'])('accepts "%s"', (expression) => {
    expect(neverFiresReason(parseCron(expression))).toBeNull();
  });

  it('refuses exactly the schedules that have no fire time in eight years from any day', () => {
    // Prepare: the days and months where calendars differ; a day-of-week field restricted or not
    const expression = fc.record({
      days: fc.uniqueArray(fc.integer({ min: 27, max: 31 }), { minLength: 1, maxLength: 3 }),
      months: fc.uniqueArray(fc.constantFrom(2, 4, 6, 9, 11, 1), { minLength: 1, maxLength: 3 }),
      dayOfWeek: fc.constantFrom('*', '1', '0-6', '5'),
    }).map(({ days, months, dayOfWeek }) => `0 12 ${days.join(',')} ${months.join(',')} ${dayOfWeek}`);
    const after = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2400-01-01T00:00:00Z'), noInvalidDate: true });

    // Act + Assess
    fc.assert(
      fc.property(expression, after, (cron, date) => {
        const schedule = parseCron(cron);
        const fires = nextFireTime(schedule, date.getTime(), 'Pacific/Kiritimati') !== null;
        expect(neverFiresReason(schedule) === null, cron).toBe(fires);
      }),
      { numRuns: 150 },
    );
  });
});

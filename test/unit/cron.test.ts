import { describe, expect, it } from 'vitest';
import { CronFormatError, parseCron } from '../../core/schedule/cron.ts';

describe('parseCron', () => {
  it('parses the nightly default', () => {
    const cron = parseCron('0 2 * * *');
    expect([...cron.minutes]).toEqual([0]);
    expect([...cron.hours]).toEqual([2]);
    expect(cron.daysOfMonth.size).toBe(31);
    expect(cron.anyDayOfWeek).toBe(true);
  });

  it('expands ranges, lists and steps, and treats 7 as Sunday', () => {
    const cron = parseCron('*/15 1-3,5 1 */3 5-7');
    expect([...cron.minutes]).toEqual([0, 15, 30, 45]);
    expect([...cron.hours]).toEqual([1, 2, 3, 5]);
    expect([...cron.months]).toEqual([1, 4, 7, 10]);
    expect([...cron.daysOfWeek].sort()).toEqual([0, 5, 6]);
  });

  it.each(['0 2 * *', '60 2 * * *', '0 24 * * *', '0 2 0 * *', 'a b c d e', '0 2 * 13 *', '5-1 * * * *', '*/0 * * * *'])(
    'refuses "%s"',
    (expression) => {
      expect(() => parseCron(expression)).toThrow(CronFormatError);
    },
  );
});

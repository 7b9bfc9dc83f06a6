import { describe, expect, it } from 'vitest';
import { CronFormatError } from '../../core/schedule/cron.ts';
import { toEventBridgeCron } from '../../core/schedule/eventbridge-cron.ts';

describe('toEventBridgeCron', () => {
  it.each([
    ['0 2 * * *', 'cron(0 2 * * ? *)'],
    ['15 3 1 * *', 'cron(15 3 1 * ? *)'],
    ['30 6 * * 1-5', 'cron(30 6 ? * 2-6 *)'],
    ['0 8 * * 0', 'cron(0 8 ? * 1 *)'],
    ['0 8 * * 7', 'cron(0 8 ? * 1 *)'],
    ['0 8 * * 5-7', 'cron(0 8 ? * 1,6,7 *)'],
    ['*/30 * * * */2', 'cron(*/30 * ? * */2 *)'],
  ])('turns %s into %s', (cron, expected) => {
    expect(toEventBridgeCron(cron)).toBe(expected);
  });

  it('refuses an expression restricting both day fields', () => {
    expect(() => toEventBridgeCron('0 2 1 * 1')).toThrow(CronFormatError);
  });
});

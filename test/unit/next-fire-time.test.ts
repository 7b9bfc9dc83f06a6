import { describe, expect, it } from 'vitest';
import { parseCron } from '../../core/schedule/cron.ts';
import { nextFireTime, nextFireTimes } from '../../core/schedule/next-fire-time.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const next = (cron: string, after: string, zone: string) => iso(nextFireTime(parseCron(cron), Date.parse(after), zone));

describe('nextFireTime', () => {
  it('fires at the local time in the tenant’s zone', () => {
    expect(next('0 2 * * *', '2026-01-10T12:00:00Z', 'Europe/Oslo')).toBe('2026-01-11T01:00:00.000Z');
    expect(next('0 2 * * *', '2026-07-10T12:00:00Z', 'Europe/Oslo')).toBe('2026-07-11T00:00:00.000Z');
    expect(next('30 23 * * *', '2026-07-10T12:00:00Z', 'America/New_York')).toBe('2026-07-11T03:30:00.000Z');
  });

  it('is strictly after the given instant', () => {
    expect(next('0 2 * * *', '2026-01-11T01:00:00Z', 'Europe/Oslo')).toBe('2026-01-12T01:00:00.000Z');
  });

  it('skips a local time that does not exist when clocks spring forward', () => {
    // Oslo jumps from 02:00 to 03:00 on 29 March 2026.
    expect(next('30 2 * * *', '2026-03-28T12:00:00Z', 'Europe/Oslo')).toBe('2026-03-30T00:30:00.000Z');
    expect(next('30 3 * * *', '2026-03-28T12:00:00Z', 'Europe/Oslo')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('fires once, at the first occurrence, for a local time that happens twice in autumn', () => {
    // Oslo repeats 02:00–03:00 on 25 October 2026 (first at +02:00, then at +01:00).
    const first = next('30 2 * * *', '2026-10-24T12:00:00Z', 'Europe/Oslo');
    expect(first).toBe('2026-10-25T00:30:00.000Z');
    expect(next('30 2 * * *', first!, 'Europe/Oslo')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('applies cron’s day-of-month / day-of-week rules', () => {
    expect(next('0 9 * * 1', '2026-11-23T10:00:00Z', 'UTC')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('0 9 1 * 1', '2026-11-24T10:00:00Z', 'UTC')).toBe('2026-11-30T09:00:00.000Z');
    expect(next('0 9 1 * *', '2026-11-24T10:00:00Z', 'UTC')).toBe('2026-12-01T09:00:00.000Z');
  });

  it('answers null for a schedule that never fires', () => {
    expect(next('0 0 31 2 *', '2026-01-01T00:00:00Z', 'UTC')).toBeNull();
  });
});

describe('nextFireTimes', () => {
  it('lists the next runs in order, each strictly after the one before, across a change of clocks', () => {
    const runs = nextFireTimes(parseCron('0 2 * * *'), Date.parse('2026-03-28T12:00:00Z'), 'Europe/Oslo', 3).map(iso);
    expect(runs).toEqual(['2026-03-30T00:00:00.000Z', '2026-03-31T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
  });

  it('lists none for a schedule that never fires', () => {
    expect(nextFireTimes(parseCron('0 0 31 2 *'), Date.parse('2026-01-01T00:00:00Z'), 'UTC', 3)).toEqual([]);
  });
});

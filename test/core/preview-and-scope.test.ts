import { describe, expect, it } from 'vitest';
import { previewMetric, PREVIEW_RECORD_LIMIT } from '../../core/rollup/preview-metric.ts';
import { goalsDueForRollup, recordWindows } from '../../core/rollup/rollup-scope.ts';
import { deal, goal, NOW, Q1, revenueMetric, settings, units, users } from './support/tenant-fixtures.ts';

describe('previewMetric', () => {
  it('returns the values and the ids of the records that counted', () => {
    const records = [deal('ann', { amount: '10.00' }), deal('bob', { status: 'open', amount: '5.00', expectedCloseAt: '2026-03-01' }), deal('cy', { amount: '99.00' }), deal('bob', { amount: '1.00', currency: 'USD' })];
    const preview = previewMetric({ settings, units, users, metric: revenueMetric(), owner: { type: 'team', id: 'north' }, period: Q1, records, now: NOW });
    expect(preview).toMatchObject({ actual: '10.00', inProgress: '5.00', custom: null, matchingRecords: 2, recordIds: [records[0]!.id, records[1]!.id], recordsRead: 4, skippedRecords: 1 });
  });

  it('applies a goal filter and lists at most 50 record ids', () => {
    const records = Array.from({ length: 60 }, (_, i) => deal('ann', { amount: '1.00', zone: i % 2 === 0 ? 'north' : 'south' }));
    const preview = previewMetric({ settings, units, users, metric: revenueMetric(), owner: { type: 'user', id: 'ann' }, period: Q1,
      filter: { field: 'zone', op: 'eq', value: 'north' }, records: [...records, ...records.slice(0, 40)], now: NOW });
    expect(preview.actual).toBe('50.00');
    expect(preview.matchingRecords).toBe(50);
    expect(preview.recordIds).toHaveLength(PREVIEW_RECORD_LIMIT);
  });
});

describe('goalsDueForRollup', () => {
  it('drops goals ended longer ago than the setting, but keeps children of goals still due', () => {
    const goals = [
      goal('old', { type: 'user', id: 'ann' }, { period: { start: '2025-01-01', end: '2025-12-31' } }),
      goal('recent', { type: 'user', id: 'ann' }, { period: { start: '2026-01-01', end: '2026-01-31' } }),
      goal('year', { type: 'user', id: 'ann' }, { period: { start: '2026-01-01', end: '2026-12-31' } }),
      goal('jan-child', { type: 'user', id: 'ann' }, { period: { start: '2026-01-01', end: '2026-01-15' }, parentId: 'year' }),
    ];
    const now = Date.parse('2026-02-20T12:00:00Z');
    expect(goalsDueForRollup(goals, settings, now).map((g) => g.id)).toEqual(['recent', 'year', 'jan-child']);
    expect(goalsDueForRollup(goals, { ...settings, stopRollupDaysAfterEnd: 10 }, now).map((g) => g.id)).toEqual(['year', 'jan-child']);
  });

  it('keeps every descendant of a goal still due, however deep, and ends a walk at a cycle', () => {
    const ended = { start: '2025-01-01', end: '2025-01-31' };
    const chain = Array.from({ length: 200 }, (_, i) => goal(`c${i}`, { type: 'user', id: 'ann' }, { period: i === 0 ? { start: '2026-01-01', end: '2026-12-31' } : ended, parentId: i === 0 ? null : `c${i - 1}` }));
    const cycle = [goal('x', { type: 'user', id: 'ann' }, { period: ended, parentId: 'y' }), goal('y', { type: 'user', id: 'ann' }, { period: ended, parentId: 'x' })];
    const due = goalsDueForRollup([...chain.reverse(), ...cycle], settings, Date.parse('2026-02-20T12:00:00Z'));
    expect(due).toHaveLength(200);
    expect(due.some((g) => g.id === 'x' || g.id === 'y')).toBe(false);
  });
});

describe('recordWindows', () => {
  it('covers the union of goal periods per record type and date field, and everything for snapshots', () => {
    const pipeline = revenueMetric({ id: 'pipeline', dateField: null, actual: null, inProgress: { where: { field: 'status', op: 'eq', value: 'open' } } });
    const goals = [
      goal('q1', { type: 'user', id: 'ann' }),
      goal('apr', { type: 'user', id: 'ann' }, { period: { start: '2026-04-01', end: '2026-04-30' } }),
      goal('pipe', { type: 'user', id: 'ann' }, { metricId: 'pipeline' }),
    ];
    expect(recordWindows([revenueMetric(), pipeline], goals, settings)).toEqual([
      { recordType: 'deal', dateField: 'closedAt', fromMs: Date.parse('2025-12-31T23:00:00Z'), toMs: Date.parse('2026-04-30T22:00:00Z') },
      { recordType: 'deal', dateField: 'expectedCloseAt', fromMs: Date.parse('2025-12-31T23:00:00Z'), toMs: Date.parse('2026-04-30T22:00:00Z') },
      { recordType: 'deal', dateField: null, fromMs: null, toMs: null },
    ]);
  });
});

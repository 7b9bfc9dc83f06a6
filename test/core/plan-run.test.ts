import { describe, expect, it } from 'vitest';
import type { Goal } from '../../core/model/goal.ts';
import type { Metric } from '../../core/model/metric.ts';
import { DEFAULT_TENANT_SETTINGS } from '../../core/model/tenant-settings.ts';
import { goalPaths, goalRoots, planRun, unitsDuring } from '../../core/rollup/plan-run.ts';
import { goalDefaults } from './support/tenant-fixtures.ts';

const metric = (id: string, recordType: string, dateField: string | null): Metric => ({
  id, name: id, kind: 'count', dataType: 'integer', currency: null, currencyMode: null, recordType, dateField, valueField: null, actual: {}, inProgress: null, custom: null, version: 1,
});
const goal = (id: string, start: string, end: string, parentId: string | null = null, metricId = 'calls'): Goal => ({
  ...goalDefaults, id, name: id, metricId, owner: { type: 'organization', id: 'org' }, period: { start, end }, target: '1', rollupMode: 'owner', parentId,
});
const settings = { ...DEFAULT_TENANT_SETTINGS, timezone: 'UTC', stopRollupDaysAfterEnd: 30 };
const metrics = [metric('calls', 'activity', 'completedAt'), metric('pipeline', 'deal', null)];
const now = Date.parse('2026-06-15T12:00:00Z');

describe('planRun', () => {
  const goals = [
    goal('fy', '2026-01-01', '2026-12-31'),
    goal('q1', '2026-01-01', '2026-03-31', 'fy'),
    goal('old', '2025-01-01', '2025-12-31'),
    goal('old-q1', '2025-01-01', '2025-03-31', 'old'),
    goal('snap', '2026-06-01', '2026-06-30', null, 'pipeline'),
  ];

  it('computes goals still rolling up with their children, and carries stopped ones forward', () => {
    const plan = planRun({ goals, metrics, settings, nowMs: now, hasPreviousResult: () => true });
    expect(plan.compute.map((g) => g.id)).toEqual(['fy', 'q1', 'snap']);
    expect(plan.carryForward.map((g) => g.id)).toEqual(['old', 'old-q1']);
  });

  it('computes a stopped goal that never had a result', () => {
    const plan = planRun({ goals, metrics, settings, nowMs: now, hasPreviousResult: (id) => id !== 'old-q1' });
    expect(plan.compute.map((g) => g.id)).toContain('old-q1');
    expect(plan.carryForward.map((g) => g.id)).toEqual(['old']);
  });

  it('recomputes only the hierarchy of the requested goal, from its root', () => {
    const plan = planRun({ goals, metrics, settings, nowMs: now, goalIds: ['old-q1'], hasPreviousResult: () => true });
    expect(plan.compute.map((g) => g.id)).toEqual(['old', 'old-q1']);
    expect(plan.reads.get('activity')).toEqual({ startMs: Date.parse('2025-01-01T00:00:00Z'), endMs: Date.parse('2026-01-01T00:00:00Z') });
  });

  it('reads a record type over the hull of the computed periods, or wholly for a snapshot metric', () => {
    const plan = planRun({ goals, metrics, settings, nowMs: now, hasPreviousResult: () => true });
    expect(plan.reads.get('activity')).toEqual({ startMs: Date.parse('2026-01-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(plan.reads.get('deal')).toBeNull();
  });
});

describe('planRun with goals it cannot compute', () => {
  const sound = [goal('fy', '2026-01-01', '2026-12-31'), goal('q1', '2026-01-01', '2026-03-31', 'fy'), goal('other', '2026-01-01', '2026-12-31')];
  // a ⇄ b is a stored cycle; c hangs below it; self is its own parent.
  const cycle = [goal('a', '2026-01-01', '2026-12-31', 'b'), goal('b', '2026-01-01', '2026-12-31', 'a'), goal('c', '2026-01-01', '2026-03-31', 'a'), goal('self', '2026-01-01', '2026-12-31', 'self')];
  const ids = (list: readonly { id: string }[]) => list.map((g) => g.id);

  it('counts goals on or below a parentId cycle as failed and computes every other goal', () => {
    const plan = planRun({ goals: [...sound, ...cycle], metrics, settings, nowMs: now, hasPreviousResult: () => true });
    expect(ids(plan.compute)).toEqual(['fy', 'q1', 'other']);
    expect(plan.failed).toEqual(['a', 'b', 'c', 'self'].map((goalId) => ({ goalId, reason: 'on or below a parentId cycle' })));
    expect(plan.carryForward).toEqual([]);
    expect(plan.keepAsIs).toEqual([]);
  });

  it('counts a stored goal without an owner or a readable period as failed, alone', () => {
    const broken = [
      { ...goal('no-owner', '2026-01-01', '2026-12-31'), owner: undefined } as unknown as Goal,
      { ...goal('no-period', '2026-01-01', '2026-12-31', 'fy'), period: { start: 20260101 } } as unknown as Goal,
      { ...goal('no-metric', '2026-01-01', '2026-12-31'), metricId: 7 } as unknown as Goal,
    ];
    const plan = planRun({ goals: [...sound, ...broken], metrics, settings, nowMs: now, hasPreviousResult: () => false });
    expect(ids(plan.compute)).toEqual(['fy', 'q1', 'other']);
    expect(plan.failed).toEqual([
      { goalId: 'no-owner', reason: 'invalid owner' },
      { goalId: 'no-period', reason: 'invalid period' },
      { goalId: 'no-metric', reason: 'invalid metricId' },
    ]);
  });

  it('recomputes the hierarchies of several goals, keeping the broken goals of other hierarchies as they are', () => {
    const plan = planRun({ goals: [...sound, ...cycle], metrics, settings, nowMs: now, goalIds: ['q1', 'a'], hasPreviousResult: () => true });
    expect(ids(plan.compute)).toEqual(['fy', 'q1']);
    expect(ids(plan.carryForward)).toEqual(['other']);
    // The requested goal on the cycle fails; the rest of the cycle is outside the request.
    expect(plan.failed).toEqual([{ goalId: 'a', reason: 'on or below a parentId cycle' }]);
    expect(plan.keepAsIs).toEqual(['b', 'c', 'self']);
  });

  it('plans a 10,000-goal chain with a cycle at its top in one pass', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => goal(`g${i}`, '2026-01-01', '2026-12-31', `g${i === 0 ? 9_999 : i - 1}`));
    const closed = planRun({ goals: chain, metrics, settings, nowMs: now, hasPreviousResult: () => true });
    expect(closed.compute).toEqual([]);
    expect(closed.failed).toHaveLength(10_000);
    const open = planRun({ goals: [{ ...chain[0]!, parentId: null }, ...chain.slice(1)], metrics, settings, nowMs: now, hasPreviousResult: () => true });
    expect(open.compute).toHaveLength(10_000);
    expect(open.failed).toEqual([]);
  });
});

describe('goal trees', () => {
  it('find each goal’s root and path, surviving a missing parent', () => {
    const goals = [goal('a', '2026-01-01', '2026-12-31'), goal('b', '2026-01-01', '2026-12-31', 'a'), goal('c', '2026-01-01', '2026-03-31', 'b'), goal('d', '2026-01-01', '2026-03-31', 'gone')];
    expect(Object.fromEntries(goalRoots(goals))).toEqual({ a: 'a', b: 'a', c: 'a', d: 'd' });
    expect(Object.fromEntries(goalPaths(goals))).toEqual({ a: 'a', b: 'a/b', c: 'a/b/c', d: 'd' });
  });

  it('give goals on or below a cycle no root', () => {
    const goals = [goal('a', '2026-01-01', '2026-12-31', 'c'), goal('b', '2026-01-01', '2026-12-31', 'a'), goal('c', '2026-01-01', '2026-12-31', 'b'), goal('d', '2026-01-01', '2026-12-31', 'b'), goal('e', '2026-01-01', '2026-12-31')];
    expect(Object.fromEntries(goalRoots(goals))).toEqual({ e: 'e' });
  });
});

describe('unitsDuring', () => {
  const units = [
    { id: 'org', name: 'Org', kind: 'organization' as const, parentId: null },
    { id: 'east', name: 'East', kind: 'team' as const, parentId: 'org' },
    { id: 'west', name: 'West', kind: 'team' as const, parentId: 'org' },
  ];
  it('lists every unit a user belonged to during the period, with the units above', () => {
    const user = { id: 'u', name: 'U', role: 'member' as const, memberships: [{ unitId: 'east', from: null, to: '2026-03-31' }, { unitId: 'west', from: '2026-04-01', to: null }] };
    expect(unitsDuring(user, { start: '2026-01-01', end: '2026-03-31' }, units).sort()).toEqual(['east', 'org']);
    expect(unitsDuring(user, { start: '2026-03-01', end: '2026-04-30' }, units).sort()).toEqual(['east', 'org', 'west']);
    expect(unitsDuring(undefined, { start: '2026-01-01', end: '2026-12-31' }, units)).toEqual([]);
  });
});

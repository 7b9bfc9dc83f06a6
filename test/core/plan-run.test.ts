import { describe, expect, it } from 'vitest';
import type { Goal } from '../../core/model/goal.ts';
import type { Metric } from '../../core/model/metric.ts';
import { DEFAULT_TENANT_SETTINGS } from '../../core/model/tenant-settings.ts';
import { goalPaths, goalRoots, planRun, unitsDuring } from '../../core/rollup/plan-run.ts';

const metric = (id: string, recordType: string, dateField: string | null): Metric => ({
  id, name: id, kind: 'count', dataType: 'integer', recordType, dateField, actual: {},
});
const goal = (id: string, start: string, end: string, parentId: string | null = null, metricId = 'calls'): Goal => ({
  id, name: id, metricId, owner: { type: 'organization', id: 'org' }, period: { start, end }, target: '1', rollupMode: 'owner', parentId,
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
    const plan = planRun({ goals, metrics, settings, nowMs: now, goalId: 'old-q1', hasPreviousResult: () => true });
    expect(plan.compute.map((g) => g.id)).toEqual(['old', 'old-q1']);
    expect(plan.reads.get('activity')).toEqual({ startMs: Date.parse('2025-01-01T00:00:00Z'), endMs: Date.parse('2026-01-01T00:00:00Z') });
  });

  it('reads a record type over the hull of the computed periods, or wholly for a snapshot metric', () => {
    const plan = planRun({ goals, metrics, settings, nowMs: now, hasPreviousResult: () => true });
    expect(plan.reads.get('activity')).toEqual({ startMs: Date.parse('2026-01-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(plan.reads.get('deal')).toBeNull();
  });
});

describe('goal trees', () => {
  it('find each goal’s root and path, surviving a missing parent', () => {
    const goals = [goal('a', '2026-01-01', '2026-12-31'), goal('b', '2026-01-01', '2026-12-31', 'a'), goal('c', '2026-01-01', '2026-03-31', 'b'), goal('d', '2026-01-01', '2026-03-31', 'gone')];
    expect(Object.fromEntries(goalRoots(goals))).toEqual({ a: 'a', b: 'a', c: 'a', d: 'd' });
    expect(Object.fromEntries(goalPaths(goals))).toEqual({ a: 'a', b: 'a/b', c: 'a/b/c', d: 'd' });
  });
});

describe('unitsDuring', () => {
  const units = [
    { id: 'org', name: 'Org', kind: 'organization' as const, parentId: null },
    { id: 'east', name: 'East', kind: 'team' as const, parentId: 'org' },
    { id: 'west', name: 'West', kind: 'team' as const, parentId: 'org' },
  ];
  it('lists every unit a user belonged to during the period, with the units above', () => {
    const user = { id: 'u', name: 'U', role: 'member' as const, memberships: [{ unitId: 'east', to: '2026-03-31' }, { unitId: 'west', from: '2026-04-01' }] };
    expect(unitsDuring(user, { start: '2026-01-01', end: '2026-03-31' }, units).sort()).toEqual(['east', 'org']);
    expect(unitsDuring(user, { start: '2026-03-01', end: '2026-04-30' }, units).sort()).toEqual(['east', 'org', 'west']);
    expect(unitsDuring(undefined, { start: '2026-01-01', end: '2026-12-31' }, units)).toEqual([]);
  });
});

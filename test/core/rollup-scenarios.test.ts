import { describe, expect, it } from 'vitest';
import { rollupTenant } from '../../core/rollup/rollup-tenant.ts';
import { resolvePeriod } from '../../core/periods/resolve-period.ts';
import type { Goal } from '../../core/model/goal.ts';
import type { GoalProgress } from '../../core/model/goal-progress.ts';
import { countMetric, deal, goal, NOW, Q1, revenueMetric, settings, units, user, users } from './support/tenant-fixtures.ts';

const byId = (results: GoalProgress[]): Map<string, GoalProgress> => new Map(results.map((r) => [r.goalId, r]));

describe('rollupTenant worked scenarios', () => {
  it('counts a £10 deal and not a $1000 one in a GBP revenue goal', () => {
    const metric = revenueMetric({ currency: 'GBP', inProgress: null });
    const output = rollupTenant({
      settings, units, users, metrics: [metric], now: NOW,
      goals: [goal('gbp', { type: 'user', id: 'ann' }, { target: '100.00' })],
      records: [deal('ann', { amount: '10.00', currency: 'GBP' }), deal('ann', { amount: '1000.00', currency: 'USD' })],
    });
    const result = byId(output.results).get('gbp');
    expect(result?.actual).toBe('10.00');
    expect(result?.skippedRecords).toBe(1);
    expect(output.skippedRecords).toBe(1);
  });

  it('counts sales as actual when confirmed and as in progress when proposed', () => {
    const metric = revenueMetric({
      id: 'confirmed-sales', recordType: 'sale', dateField: 'soldAt',
      actual: { where: { field: 'status', op: 'eq', value: 'confirmed' } },
      inProgress: { where: { field: 'status', op: 'eq', value: 'proposed' } },
    });
    const sale = (id: string, status: string, amount: string) => ({
      recordType: 'sale', id, ownerId: 'ann', updatedAt: NOW, fields: { status, amount, currency: 'EUR', soldAt: '2026-01-20' },
    });
    const output = rollupTenant({
      settings, units, users, metrics: [metric], now: NOW,
      goals: [goal('sales', { type: 'user', id: 'ann' }, { metricId: 'confirmed-sales' })],
      records: [sale('s1', 'confirmed', '300.00'), sale('s2', 'proposed', '200.00'), sale('s3', 'cancelled', '999.00')],
    });
    const result = byId(output.results).get('sales');
    expect(result).toMatchObject({ actual: '300.00', inProgress: '200.00', custom: null, percent: 30 });
  });

  it('counts only its zones in a zone bonus goal', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW,
      goals: [
        goal('all', { type: 'team', id: 'north' }),
        goal('bonus', { type: 'team', id: 'north' }, { filter: { field: 'zone', op: 'in', value: ['north', 'east'] } }),
      ],
      records: [deal('ann', { amount: '100.00', zone: 'north' }), deal('bob', { amount: '50.00', zone: 'east' }), deal('bob', { amount: '25.00', zone: 'west' }), deal('ann', { amount: '5.00' })],
    });
    const results = byId(output.results);
    expect(results.get('all')?.actual).toBe('180.00');
    expect(results.get('bonus')?.actual).toBe('150.00');
  });

  it('rolls a children-mode parent up only from its children', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW,
      goals: [
        goal('team', { type: 'team', id: 'north' }, { rollupMode: 'children', target: '3000.00' }),
        goal('team-own', { type: 'team', id: 'north' }),
        goal('ann', { type: 'user', id: 'ann' }, { parentId: 'team', target: '1000.00' }),
        goal('ann-jan', { type: 'user', id: 'ann' }, { parentId: 'ann', period: { start: '2026-01-01', end: '2026-01-31' }, target: '300.00' }),
        goal('bob', { type: 'user', id: 'bob' }, { parentId: 'team', target: '1500.00', rollupMode: 'owner_and_children' }),
      ],
      records: [deal('ann', { amount: '100.00' }), deal('bob', { amount: '40.00' }), deal('ann', { amount: '1.00', closedAt: '2026-01-05T10:00:00Z' })],
    });
    const results = byId(output.results);
    expect(results.get('ann')?.actual).toBe('101.00');
    expect(results.get('ann-jan')?.actual).toBe('1.00');
    expect(results.get('bob')?.actual).toBe('40.00');
    expect(results.get('team')?.actual).toBe('141.00');
    expect(results.get('team')).toMatchObject({ childrenTargetSum: '2500.00', childrenTargetMismatch: true });
    expect(results.get('ann')).toMatchObject({ childrenTargetSum: '300.00', childrenTargetMismatch: true });
    expect(results.get('team-own')?.actual).toBe('141.00');
  });

  it('places a deal closed at 23:30 on the last day of March in Oslo in March', () => {
    const march = { start: '2026-03-01', end: '2026-03-31' };
    const april = { start: '2026-04-01', end: '2026-04-30' };
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: '2026-04-15T10:00:00Z',
      goals: [goal('march', { type: 'user', id: 'ann' }, { period: march }), goal('april', { type: 'user', id: 'ann' }, { period: april })],
      records: [
        deal('ann', { amount: '10.00', closedAt: '2026-03-31T23:30:00+02:00' }),
        deal('ann', { amount: '20.00', closedAt: '2026-03-31T23:30:00Z' }),
      ],
    });
    const results = byId(output.results);
    expect(results.get('march')?.actual).toBe('10.00');
    expect(results.get('april')?.actual).toBe('20.00');
  });

  it('measures a fiscal year that starts in April', () => {
    const fiscal = { ...settings, fiscalYearStartMonth: 4 };
    const fy = resolvePeriod('fiscal-year', '2026-02-01', fiscal);
    const q4 = resolvePeriod('fiscal-quarter', '2026-02-01', fiscal);
    expect(fy).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(q4).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    const output = rollupTenant({
      settings: fiscal, units, users, metrics: [revenueMetric()], now: '2026-04-10T10:00:00Z',
      goals: [goal('fy', { type: 'organization', id: 'org' }, { period: fy, target: '100.00' }), goal('q4', { type: 'organization', id: 'org' }, { period: q4, target: '100.00' })],
      records: [
        deal('ann', { amount: '30.00', closedAt: '2025-04-01T00:10:00+02:00' }),
        deal('bob', { amount: '40.00', closedAt: '2026-03-31T12:00:00+02:00' }),
        deal('cy', { amount: '50.00', closedAt: '2026-04-01T00:00:00+02:00' }),
        deal('cy', { amount: '60.00', closedAt: '2025-03-31T23:59:00+02:00' }),
      ],
    });
    const results = byId(output.results);
    expect(results.get('fy')).toMatchObject({ actual: '70.00', status: 'missed', percent: 70 });
    expect(results.get('q4')).toMatchObject({ actual: '40.00', status: 'missed' });
  });

  it('credits a rep who moves team mid-quarter to the team of each deal date', () => {
    const dan = user('dan', [{ unitId: 'north', to: '2026-02-14' }, { unitId: 'south', from: '2026-02-15' }]);
    const output = rollupTenant({
      settings, units, users: [...users, dan], metrics: [revenueMetric()], now: '2026-04-01T10:00:00Z',
      goals: [
        goal('north', { type: 'team', id: 'north' }), goal('south', { type: 'team', id: 'south' }),
        goal('sales', { type: 'department', id: 'sales' }), goal('dan', { type: 'user', id: 'dan' }),
      ],
      records: [deal('dan', { amount: '100.00', closedAt: '2026-02-14T23:30:00+01:00' }), deal('dan', { amount: '7.00', closedAt: '2026-02-15T00:30:00+01:00' })],
    });
    const results = byId(output.results);
    expect(results.get('north')?.actual).toBe('100.00');
    expect(results.get('south')?.actual).toBe('7.00');
    expect(results.get('sales')?.actual).toBe('107.00');
    expect(results.get('dan')?.actual).toBe('107.00');
  });

  it('splits an amount into exact parts and a count once per unit', () => {
    const split = { splits: [{ ownerId: 'ann', percent: 50 }, { ownerId: 'bob', percent: 25 }, { ownerId: 'cy', percent: 25 }] };
    const goals: Goal[] = ['ann', 'bob', 'cy'].map((id) => goal(id, { type: 'user', id }));
    goals.push(goal('north', { type: 'team', id: 'north' }), goal('south', { type: 'team', id: 'south' }), goal('sales', { type: 'department', id: 'sales' }), goal('org', { type: 'organization', id: 'org' }));
    const countGoals = goals.map((g) => ({ ...g, id: `n-${g.id}`, metricId: 'deals', target: '10' }));
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric(), countMetric()], goals: [...goals, ...countGoals], now: NOW,
      records: [deal('ann', { amount: '100.01' }, split)],
    });
    const results = byId(output.results);
    expect(['ann', 'bob', 'cy', 'north', 'south', 'sales', 'org'].map((id) => results.get(id)?.actual)).toEqual(
      ['50.01', '25.00', '25.00', '75.01', '25.00', '100.01', '100.01'],
    );
    expect(['ann', 'bob', 'cy', 'north', 'south', 'sales', 'org'].map((id) => results.get(`n-${id}`)?.actual)).toEqual(
      ['1', '1', '1', '1', '1', '1', '1'],
    );
  });

  it('skips a record whose split percents do not add up to 100', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW, goals: [goal('org', { type: 'organization', id: 'org' })],
      records: [deal('ann', { amount: '10.00' }, { splits: [{ ownerId: 'ann', percent: 60 }, { ownerId: 'bob', percent: 30 }] })],
    });
    expect(output.results[0]).toMatchObject({ actual: '0.00', skippedRecords: 1 });
    expect(output.skippedRecords).toBe(1);
  });

  it('still counts the records of deactivated users', () => {
    const gone = { ...user('gus', [{ unitId: 'north' }]), active: false };
    const output = rollupTenant({
      settings, units, users: [...users, gone], metrics: [revenueMetric()], now: NOW,
      goals: [goal('north', { type: 'team', id: 'north' }), goal('gus', { type: 'user', id: 'gus' })],
      records: [deal('gus', { amount: '8.00' })],
    });
    expect(output.results.map((r) => r.actual)).toEqual(['8.00', '8.00']);
  });

  it('lets an organization goal see every record, even of owners in no unit', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW, goals: [goal('org', { type: 'organization', id: 'org' })],
      records: [deal('ann', { amount: '1.00' }), deal('stranger', { amount: '2.00' })],
    });
    expect(output.results[0]?.actual).toBe('3.00');
  });

  it('values a snapshot metric by what is open now, whatever its date, with memberships as of now', () => {
    const pipeline = revenueMetric({ id: 'pipeline', dateField: null, actual: null, inProgress: { where: { field: 'status', op: 'eq', value: 'open' } } });
    const output = rollupTenant({
      settings, units, users, metrics: [pipeline], now: NOW,
      goals: [goal('team', { type: 'team', id: 'north' }, { metricId: 'pipeline' }), goal('ann-june', { type: 'user', id: 'ann' }, { metricId: 'pipeline', period: { start: '2026-06-01', end: '2026-06-30' } })],
      records: [deal('ann', { status: 'open', amount: '500.00', closedAt: null }), deal('bob', { status: 'open', amount: '250.00', closedAt: '2027-01-01' }), deal('bob', { status: 'won', amount: '1.00' })],
    });
    const results = byId(output.results);
    expect(results.get('team')).toMatchObject({ actual: null, inProgress: '750.00', percent: 75 });
    expect(results.get('ann-june')).toMatchObject({ inProgress: '500.00', status: 'upcoming' });
  });

  it('reads the in-progress value by its own date field', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW, goals: [goal('ann', { type: 'user', id: 'ann' })],
      records: [
        deal('ann', { status: 'open', amount: '70.00', closedAt: null, expectedCloseAt: '2026-03-15' }),
        deal('ann', { status: 'open', amount: '80.00', closedAt: null, expectedCloseAt: '2026-04-15' }),
      ],
    });
    expect(output.results[0]).toMatchObject({ actual: '0.00', inProgress: '70.00' });
  });

  it('skips records with an unreadable amount or date but not those without a date', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric({ inProgress: null })], now: NOW, goals: [goal('ann', { type: 'user', id: 'ann' })],
      records: [deal('ann', { amount: 'ten' }), deal('ann', { amount: '1.005' }), deal('ann', { amount: '1.00', closedAt: 'yesterday' }), deal('ann', { amount: '1.00', closedAt: null }), deal('ann', { amount: 4 })],
    });
    expect(output.results[0]).toMatchObject({ actual: '4.00', skippedRecords: 2 });
    expect(output.skippedRecords).toBe(3);
  });

  it('uses the default currency for money records without one and ignores other record types', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW, goals: [goal('ann', { type: 'user', id: 'ann' })],
      records: [deal('ann', { amount: '3.00', currency: null }), { recordType: 'lead', id: 'l1', ownerId: 'ann', updatedAt: NOW, fields: { status: 'won', amount: '9.00' } }],
    });
    expect(output.results[0]?.actual).toBe('3.00');
    expect(output.recordsRead).toBe(2);
  });

  it('reports goals it cannot compute instead of failing the run', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric()], now: NOW, records: [],
      goals: [goal('ok', { type: 'user', id: 'ann' }), goal('bad-metric', { type: 'user', id: 'ann' }, { metricId: 'gone' }),
        goal('bad-target', { type: 'user', id: 'ann' }, { target: '1.001' }), goal('bad-period', { type: 'user', id: 'ann' }, { period: { start: '2026-03-01', end: '2026-02-01' } }),
        // Stored around the API: a filter whose `all` is not a list, a goal without an owner.
        goal('bad-filter', { type: 'user', id: 'ann' }, { filter: { all: 5 } as never }), { ...goal('no-owner', { type: 'user', id: 'ann' }), owner: null as never }],
    });
    expect(output.results.map((r) => r.goalId)).toEqual(['ok']);
    expect(output.skippedGoals.map((g) => g.goalId)).toEqual(['bad-metric', 'bad-target', 'bad-period', 'bad-filter', 'no-owner']);
    expect(output.skippedGoals.at(-2)?.reason).toMatch(/^could not be prepared: /);
  });

  it('computes JPY goals without decimals', () => {
    const output = rollupTenant({
      settings, units, users, metrics: [revenueMetric({ currency: 'JPY', inProgress: null })], now: NOW,
      goals: [goal('yen', { type: 'user', id: 'ann' }, { target: '30000' })],
      records: [deal('ann', { amount: '12000', currency: 'JPY' })],
    });
    expect(output.results[0]).toMatchObject({ target: '30000', actual: '12000', remaining: '18000', percent: 40 });
    expect(Q1.start).toBe('2026-01-01');
  });
});

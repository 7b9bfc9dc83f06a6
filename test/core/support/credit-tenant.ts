import fc from 'fast-check';
import type { Goal } from '../../../core/model/goal.ts';
import type { RollupInput } from '../../../core/rollup/rollup-tenant.ts';
import { countMetric, goal, revenueMetric, settings, units, user } from './tenant-fixtures.ts';

/** A tenant for the live path's tests: the fixtures' org, four reps (two of them moving), revenue and deal count. */
export const NOW = '2026-03-20T12:00:00Z';
export const metrics = [revenueMetric(), countMetric()];
export const users = [
  user('ann', [{ unitId: 'north' }]),
  user('bob', [{ unitId: 'north' }]),
  user('cy', [{ unitId: 'south', from: '2026-01-15' }]),
  user('dan', [{ unitId: 'north', to: '2026-02-14' }, { unitId: 'south', from: '2026-02-14' }]),
];
export type Mode = Goal['rollupMode'];

/**
 * Per metric, a Q1 hierarchy org → sales → north/south → each rep (modes drawn at random), a rep's
 * February goal under its Q1 goal, a goal filtered to the north zone, and a parent of another metric.
 */
export function hierarchy(modes: Mode[]): Goal[] {
  const goals: Goal[] = [];
  let m = 0;
  const mode = (): Mode => modes[m++ % modes.length] as Mode;
  for (const metric of metrics) {
    const id = (name: string) => `${metric.id}:${name}`;
    const target = metric.kind === 'count' ? '5' : '500.00';
    const at = (name: string, owner: Goal['owner'], parent: string | null, extra: Partial<Goal> = {}) =>
      goals.push(goal(id(name), owner, { metricId: metric.id, target, parentId: parent === null ? null : id(parent), rollupMode: mode(), ...extra }));
    at('org', { type: 'organization', id: 'org' }, null);
    at('sales', { type: 'department', id: 'sales' }, 'org');
    at('north', { type: 'team', id: 'north' }, 'sales');
    at('south', { type: 'team', id: 'south' }, 'sales');
    for (const [rep, team] of [['ann', 'north'], ['bob', 'north'], ['cy', 'south'], ['dan', 'south']] as const) {
      at(rep, { type: 'user', id: rep }, team);
      at(`${rep}-feb`, { type: 'user', id: rep }, rep, { period: { start: '2026-02-01', end: '2026-02-28' } });
    }
    at('north-zone', { type: 'team', id: 'north' }, null, { filter: { field: 'zone', op: 'in', value: ['north'] } });
  }
  // A revenue goal whose parent counts deals: not summed into it.
  goals.push(goal('revenue:under-deals', { type: 'user', id: 'ann' }, { parentId: 'deals:org', rollupMode: 'owner' }));
  return goals;
}

export const modesArb = fc.array(fc.constantFrom<Mode>('owner', 'children', 'owner_and_children'), { minLength: 1, maxLength: 12 });

export function tenant(goals: Goal[]): RollupInput {
  return { settings, units, users, metrics, goals, now: NOW };
}


import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, RequestValidationError } from '../../../functions/shared/errors.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import type { GoalStore } from '../../../functions/use-cases/goals/ports.ts';
import { generateGoalPeriods } from '../../../functions/use-cases/goals/generate-periods.ts';
import { admin, anna, goalWorld, refusal, tenant, yearGoal } from './goal-world.ts';

const cents = (targets: string[]) => targets.reduce((total, t) => total + BigInt(t.replace('.', '')), 0n);

/** Anna's 1000.00 EUR goal over 2026. */
async function periodsWorld() {
  const ports = await goalWorld();
  await createGoal(ports, admin, yearGoal({ id: 'anna-fy', name: 'Anna FY', owner: { type: 'user', id: 'anna' }, target: '1000.00' }));
  return ports;
}

describe('generateGoalPeriods', () => {
  it('creates twelve monthly children for the same owner that add up exactly to the target, and updates them when run again', async () => {
    const ports = await periodsWorld();
    const { children } = await generateGoalPeriods(ports, admin, { id: 'anna-fy', request: { granularity: 'month', method: 'equal' } });
    expect(children).toHaveLength(12);
    expect(children[1]).toMatchObject({ period: { start: '2026-02-01', end: '2026-02-28' }, name: 'Anna FY · 2026-02-01..2026-02-28', parentId: 'anna-fy' });
    expect(cents(children.map((g) => g.target))).toBe(100000n);
    expect(children.every((g) => g.owner.type === 'user' && g.owner.id === 'anna')).toBe(true);
    const again = await generateGoalPeriods(ports, admin, { id: 'anna-fy', request: { granularity: 'month', method: 'equal' } });
    expect(again.children.map((g) => [g.id, g.version])).toEqual(children.map((g) => [g.id, 2]));
  });

  it('weighs quarters by custom weights that need not add up to 100', async () => {
    const ports = await periodsWorld();
    const { children } = await generateGoalPeriods(ports, admin, { id: 'anna-fy', request: { granularity: 'quarter', method: 'custom', weights: [1, 1, 1, 0] } });
    expect(children.map((g) => g.target)).toEqual(['333.34', '333.33', '333.33', '0.00']);
  });

  it('starts weeks on the tenant’s first day of the week', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'march', owner: { type: 'user', id: 'anna' }, period: { start: '2026-03-01', end: '2026-03-31' }, target: '31' }));
    const { children } = await generateGoalPeriods(ports, admin, { id: 'march', request: { granularity: 'week', method: 'equal' } });
    expect(children.map((g) => g.period.start)).toEqual(['2026-03-01', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
  });

  it('refuses custom weights that do not match the sub-periods (400), a goal the tenant does not have and a caller who may not change it', async () => {
    const ports = await periodsWorld();
    expect(await refusal(generateGoalPeriods(ports, admin, { id: 'anna-fy', request: { granularity: 'quarter', method: 'custom', weights: [1, 2] } }))).toBeInstanceOf(RequestValidationError);
    expect(await refusal(generateGoalPeriods(ports, admin, { id: 'none', request: { granularity: 'month', method: 'equal' } }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(generateGoalPeriods(ports, anna, { id: 'anna-fy', request: { granularity: 'month', method: 'equal' } }))).toBeInstanceOf(ForbiddenError);
    expect(await ports.goals.children(tenant, 'anna-fy')).toEqual([]);
  });

  it('with dryRun answers the children and sum the real call then writes, refuses what it refuses, and writes nothing', async () => {
    // Prepare: a store that records every write and delete it is asked for
    const world = await periodsWorld();
    const calls: string[] = [];
    const goals: GoalStore = {
      ...world.goals,
      write: async (...args) => (calls.push('write'), world.goals.write(...args)),
      delete: async (...args) => (calls.push('delete'), world.goals.delete(...args)),
    };
    const ports = { ...world, goals };
    const request = { granularity: 'quarter' as const, method: 'custom' as const, weights: [3, 1, 1, 1] };
    const before = await world.goals.all(tenant);

    // Act
    const preview = await generateGoalPeriods(ports, admin, { id: 'anna-fy', request, dryRun: true });
    const forbidden = await refusal(generateGoalPeriods(ports, anna, { id: 'anna-fy', request, dryRun: true }));
    const untouched = await world.goals.all(tenant);
    const real = await generateGoalPeriods(world, admin, { id: 'anna-fy', request });

    // Assess
    expect(calls).toEqual([]);
    expect(untouched).toEqual(before);
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect(preview.children.map((g) => [g.period.start, g.target])).toEqual([['2026-01-01', '500.00'], ['2026-04-01', '166.67'], ['2026-07-01', '166.67'], ['2026-10-01', '166.66']]);
    expect(preview.children.map((g) => [g.owner, g.period, g.target, g.name])).toEqual(real.children.map((g) => [g.owner, g.period, g.target, g.name]));
    expect([preview.sum, real.sum]).toEqual(['1000.00', '1000.00']);
  });
});

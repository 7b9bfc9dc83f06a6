import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cascadeTargets, CascadeError } from '../../core/cascade/cascade-targets.ts';
import { generatePeriods } from '../../core/cascade/generate-periods.ts';
import { previousPeriodActuals } from '../../core/cascade/previous-period-actuals.ts';
import { rollupTenant } from '../../core/rollup/rollup-tenant.ts';
import type { Goal } from '../../core/model/goal.ts';
import type { Unit } from '../../core/model/unit.ts';
import { formatDecimal, parseDecimal } from '../../core/values/decimal.ts';
import { deal, goalDefaults, revenueMetric, settings, unit, units, user, users } from './support/tenant-fixtures.ts';
import { rateTable } from '../../core/values/exchange.ts';

const owner = (id: string, type: Goal['owner']['type'] = 'user') => ({ type, id });
const sum = (targets: string[], scale: number) => formatDecimal(targets.reduce((s, t) => s + parseDecimal(t, scale), 0n), scale);

describe('cascadeTargets', () => {
  it('divides equally with the leftover cents to the first assignees', () => {
    const { children } = cascadeTargets({ parentTarget: '100.00', scale: 2, method: 'equal', assignees: [{ owner: owner('a') }, { owner: owner('b') }, { owner: owner('c') }] });
    expect(children.map((c) => c.target)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('divides by weights exactly', () => {
    const { children } = cascadeTargets({ parentTarget: '1000', scale: 0, method: 'weighted', assignees: [{ owner: owner('a'), weight: 1 }, { owner: owner('b'), weight: '2' }, { owner: owner('c'), weight: 0.5 }] });
    expect(children.map((c) => c.target)).toEqual(['286', '571', '143']);
  });

  it('weighs by the previous period actuals, falling back to equal when there were none', () => {
    const assignees = [{ owner: owner('a') }, { owner: owner('b') }];
    expect(cascadeTargets({ parentTarget: '90.00', scale: 2, method: 'weighted', assignees, previousActuals: [200n, 100n] }).children.map((c) => c.target)).toEqual(['60.00', '30.00']);
    const none = cascadeTargets({ parentTarget: '90.00', scale: 2, method: 'weighted', assignees, previousActuals: [0n, -5n] });
    expect(none).toMatchObject({ fellBackToEqual: true, children: [{ target: '45.00' }, { target: '45.00' }] });
  });

  it('takes manual targets as given', () => {
    const { children } = cascadeTargets({ parentTarget: '100.00', scale: 2, method: 'manual', assignees: [{ owner: owner('a'), target: 70 }, { owner: owner('b'), target: '20.5' }] });
    expect(children.map((c) => c.target)).toEqual(['70.00', '20.50']);
  });

  it('rejects requests it cannot carry out', () => {
    expect(() => cascadeTargets({ parentTarget: '1.00', scale: 2, method: 'equal', assignees: [] })).toThrow(CascadeError);
    expect(() => cascadeTargets({ parentTarget: '1.00', scale: 2, method: 'equal', assignees: [{ owner: owner('a') }, { owner: owner('a') }] })).toThrow(CascadeError);
    expect(() => cascadeTargets({ parentTarget: '1.00', scale: 2, method: 'weighted', assignees: [{ owner: owner('a') }] })).toThrow('needs a weight');
    expect(() => cascadeTargets({ parentTarget: '1.00', scale: 2, method: 'weighted', assignees: [{ owner: owner('a'), weight: 0 }] })).toThrow(CascadeError);
    expect(() => cascadeTargets({ parentTarget: '1.00', scale: 2, method: 'manual', assignees: [{ owner: owner('a'), target: '0.001' }] })).toThrow(CascadeError);
    expect(() => cascadeTargets({ parentTarget: '1.001', scale: 2, method: 'equal', assignees: [{ owner: owner('a') }] })).toThrow(CascadeError);
  });

  it('always sums equal and weighted parts exactly to the parent target', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 25 }).filter((w) => w.some((x) => x > 0)),
        fc.boolean(),
        (target, scale, weights, weighted) => {
          const parentTarget = formatDecimal(target, scale);
          const assignees = weights.map((weight, i) => ({ owner: owner(`u${i}`), weight }));
          const { children } = cascadeTargets({ parentTarget, scale, method: weighted ? 'weighted' : 'equal', assignees });
          expect(sum(children.map((c) => c.target), scale)).toBe(parentTarget);
        },
      ),
    );
  });
});

describe('generatePeriods', () => {
  const quarter = { start: '2026-01-01', end: '2026-03-31' };

  it('gives each month an equal exact part', () => {
    expect(generatePeriods({ period: quarter, granularity: 'month', method: 'equal', target: '100.00', scale: 2, settings })).toEqual([
      { period: { start: '2026-01-01', end: '2026-01-31' }, target: '33.34' },
      { period: { start: '2026-02-01', end: '2026-02-28' }, target: '33.33' },
      { period: { start: '2026-03-01', end: '2026-03-31' }, target: '33.33' },
    ]);
  });

  it('uses custom weights that need not sum to 100', () => {
    const parts = generatePeriods({ period: quarter, granularity: 'month', method: 'custom', weights: [1, 1, 2], target: '10', scale: 0, settings });
    expect(parts.map((p) => p.target)).toEqual(['3', '2', '5']);
  });

  it('needs one custom weight per sub-period', () => {
    expect(() => generatePeriods({ period: quarter, granularity: 'month', method: 'custom', weights: [1, 2], target: '10', scale: 0, settings })).toThrow('expected 3');
  });

  it('reports an invalid or too long period as a cascade error', () => {
    expect(() => generatePeriods({ period: { start: '2026-02-30', end: '2026-03-31' }, granularity: 'month', method: 'equal', target: '1', scale: 0, settings })).toThrow(CascadeError);
    expect(() => generatePeriods({ period: { start: '2000-01-01', end: '2030-12-31' }, granularity: 'week', method: 'equal', target: '1', scale: 0, settings })).toThrow(CascadeError);
  });

  it('always sums exactly to the target', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom('week', 'month', 'quarter') as fc.Arbitrary<'week' | 'month' | 'quarter'>, (target, granularity) => {
        const parts = generatePeriods({ period: { start: '2026-01-01', end: '2026-12-31' }, granularity, method: 'equal', target: formatDecimal(target, 2), scale: 2, settings });
        expect(sum(parts.map((p) => p.target), 2)).toBe(formatDecimal(target, 2));
        expect(parts[0]?.period.start).toBe('2026-01-01');
        expect(parts.at(-1)?.period.end).toBe('2026-12-31');
      }),
      { numRuns: 30 },
    );
  });
});

describe('previousPeriodActuals', () => {
  it('measures each owner over the period before the parent period', () => {
    const { period, actuals } = previousPeriodActuals({
      settings, units, users, metric: revenueMetric(), period: { start: '2026-04-01', end: '2026-06-30' },
      owners: [owner('ann'), owner('cy'), owner('north', 'team')], now: '2026-04-02T00:00:00Z',
      records: [deal('ann', { amount: '30.00' }), deal('cy', { amount: '10.00' }), deal('bob', { amount: '5.00' }), deal('ann', { amount: '99.00', closedAt: '2026-04-01T12:00:00Z' })],
    });
    expect(period).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(actuals).toEqual([3000n, 1000n, 3500n]);
  });

  it("converts a converting metric's records at their dated rates, as its goals' actuals are", () => {
    const { actuals } = previousPeriodActuals({
      settings, units, users, metric: { ...revenueMetric(), currencyMode: 'convert' }, period: { start: '2026-04-01', end: '2026-06-30' },
      owners: [owner('ann'), owner('cy')], now: '2026-04-02T00:00:00Z',
      records: [deal('ann', { amount: '100.00', currency: 'USD' }), deal('cy', { amount: '10.00' })],
      rates: rateTable([{ currency: 'USD', rates: [{ from: '2026-01-01', rate: '0.9' }] }]),
    });
    expect(actuals).toEqual([9000n, 1000n]); // 100.00 USD × 0.9 = 90.00 EUR
  });
});

describe('the $2M organization tree', () => {
  it('cascades to departments, teams and reps exactly and rolls back up to the same whole', () => {
    // Prepare: an organization with 3 departments of 2 teams of 3 reps.
    const orgUnits: Unit[] = [unit('acme', 'Acme', 'organization', null)];
    const reps = [];
    for (let d = 0; d < 3; d++) {
      orgUnits.push(unit(`d${d}`, `D${d}`, 'department', 'acme'));
      for (let t = 0; t < 2; t++) {
        orgUnits.push(unit(`d${d}t${t}`, `T${t}`, 'team', `d${d}`));
        for (let r = 0; r < 3; r++) reps.push(user(`d${d}t${t}r${r}`, [{ unitId: `d${d}t${t}` }]));
      }
    }
    const metric = revenueMetric({ currency: 'USD', inProgress: null });
    const period = { start: '2026-01-01', end: '2026-12-31' };
    const goals: Goal[] = [{ ...goalDefaults, id: 'acme', name: 'FY', metricId: 'revenue', owner: owner('acme', 'organization'), period, target: '2000000.00', rollupMode: 'children' }];
    // Act: departments equally, teams by weight 2:1, reps equally.
    const cascade = (parent: Goal, assignees: { owner: Goal['owner']; weight?: number }[], method: 'equal' | 'weighted', rollupMode: Goal['rollupMode']) =>
      cascadeTargets({ parentTarget: parent.target, scale: 2, method, assignees }).children.map((child): Goal => {
        const created: Goal = { ...goalDefaults, id: child.owner.id, name: child.owner.id, metricId: 'revenue', owner: child.owner, period, target: child.target, parentId: parent.id, rollupMode };
        goals.push(created);
        return created;
      });
    for (const dept of cascade(goals[0]!, [0, 1, 2].map((d) => ({ owner: owner(`d${d}`, 'department') })), 'equal', 'children')) {
      for (const team of cascade(dept, [0, 1].map((t) => ({ owner: owner(`${dept.id}t${t}`, 'team'), weight: 2 - t })), 'weighted', 'children')) {
        cascade(team, [0, 1, 2].map((r) => ({ owner: owner(`${team.id}r${r}`) })), 'equal', 'owner');
      }
    }
    const records = reps.map((rep, i) => deal(rep.id, { amount: `${(i + 1) * 1000}.01`, currency: 'USD' }));
    const output = rollupTenant({ settings, units: orgUnits, users: reps, metrics: [metric], goals, records, now: '2026-07-01T00:00:00Z' });
    // Assess: targets are exact at every level and the tree rolls back up to the organization.
    const results = new Map(output.results.map((r) => [r.goalId, r]));
    expect(['d0', 'd1', 'd2'].map((id) => results.get(id)?.target)).toEqual(['666666.67', '666666.67', '666666.66']);
    expect(['d0t0', 'd0t1'].map((id) => results.get(id)?.target)).toEqual(['444444.45', '222222.22']);
    for (const result of output.results) if (result.childrenTargetSum !== null) expect(result.childrenTargetMismatch).toBe(false);
    expect(results.get('acme')).toMatchObject({ actual: '171000.18', childrenTargetSum: '2000000.00', percent: 8.55 });
    expect(results.get('d0')?.actual).toBe('21000.06');
  });
});

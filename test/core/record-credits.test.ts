import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../core/model/record-input.ts';
import { prepareCredits, type GoalCredit } from '../../core/rollup/record-credits.ts';
import { rateTable } from '../../core/values/exchange.ts';
import { expectedLiveValues, liveValuesOf, type LiveSums } from '../../core/rollup/verify-live.ts';
import { fullRunValues, summedCredits } from './support/full-run.ts';
import { recordArb } from './support/record-arbitraries.ts';
import { hierarchy, modesArb, tenant } from './support/credit-tenant.ts';
import { deal, goal } from './support/tenant-fixtures.ts';

const recordsArb = fc.array(recordArb, { maxLength: 30 }).map((records) => records.map((r, i) => ({ ...r, id: `d${i}` })));

describe('recordCredits: what one record image credits each goal (the live path\'s arithmetic)', () => {
  it('credits a won deal to the rep, the rep\'s team, department and organization, rolled up by mode', () => {
    // Prepare: org (owner) → sales (children) → north (owner_and_children) → ann (owner) → ann-feb (owner)
    const goals = [
      goal('org', { type: 'organization', id: 'org' }, { rollupMode: 'owner' }),
      goal('sales', { type: 'department', id: 'sales' }, { parentId: 'org', rollupMode: 'children' }),
      goal('north', { type: 'team', id: 'north' }, { parentId: 'sales', rollupMode: 'owner_and_children' }),
      goal('ann', { type: 'user', id: 'ann' }, { parentId: 'north', rollupMode: 'owner' }),
      goal('ann-feb', { type: 'user', id: 'ann' }, { parentId: 'ann', rollupMode: 'owner', period: { start: '2026-02-01', end: '2026-02-28' } }),
    ];
    const model = prepareCredits(tenant(goals));

    // Act
    const credits = model.credits(deal('ann', { amount: '100.00' }));

    // Assess: org counts its own record only; sales has no records of its own, only north's 200.00
    // (north's own 100.00 plus ann's 100.00); ann's February goal is not summed into ann (mode owner).
    const actual = new Map([...credits].map(([id, c]) => [id, c.values[0]]));
    expect(actual).toEqual(new Map([['org', 10000n], ['north', 20000n], ['sales', 20000n], ['ann', 10000n], ['ann-feb', 10000n]]));
  });

  it('counts a deal in another currency as skipped where it would count, not as a value', () => {
    const model = prepareCredits(tenant([goal('ann', { type: 'user', id: 'ann' })]));

    const credits = model.credits(deal('ann', { amount: '100.00', currency: 'USD' }));

    expect([...credits.values()]).toEqual([{ goalId: 'ann', values: [0n, 0n, 0n], skipped: 1 }]);
  });

  it('gives the difference of two images, leaving out the goals they credit alike', () => {
    const goals = [goal('ann', { type: 'user', id: 'ann' }), goal('bob', { type: 'user', id: 'bob' }), goal('north', { type: 'team', id: 'north' })];
    const model = prepareCredits(tenant(goals));
    const before = deal('ann', { amount: '100.00' });

    const moved = model.delta(before, { ...before, ownerId: 'bob', fields: { ...before.fields, amount: '120.00' } });

    expect(moved).toEqual([
      { goalId: 'bob', values: [12000n, 0n, 0n], skipped: 0 },
      { goalId: 'north', values: [2000n, 0n, 0n], skipped: 0 },
      { goalId: 'ann', values: [-10000n, 0n, 0n], skipped: 0 },
    ]);
    expect(model.delta(before, before)).toEqual([]);
    expect(model.delta(null, null)).toEqual([]);
  });

  it('gives no credit to a goal on a parentId cycle, nor below one, and lists them as the run does', () => {
    const goals = [
      goal('a', { type: 'user', id: 'ann' }, { parentId: 'b', rollupMode: 'owner_and_children' }),
      goal('b', { type: 'user', id: 'ann' }, { parentId: 'a', rollupMode: 'owner_and_children' }),
      goal('below', { type: 'user', id: 'ann' }, { parentId: 'a' }),
      goal('free', { type: 'user', id: 'ann' }),
    ];
    const model = prepareCredits(tenant(goals));

    expect([...model.credits(deal('ann', { amount: '1.00' })).keys()]).toEqual(['free']);
    expect(model.skippedGoals.map((g) => g.goalId).sort()).toEqual(['a', 'b', 'below']);
  });

  it('sums, over any records, to exactly the full run\'s values of every goal', () => {
    fc.assert(
      fc.property(recordsArb, modesArb, (records, modes) => {
        const goals = hierarchy(modes);
        const model = prepareCredits(tenant(goals));

        const sum = summedCredits(goals.map((g) => g.id), records.flatMap((r) => [...model.credits(r).values()]));

        expect(sum).toEqual(fullRunValues(tenant(goals), records));
      }),
      { numRuns: 150 },
    );
  });

  it('sums to the full run\'s values with a metric that converts currencies at dated rates, too', () => {
    const converting = (goals: ReturnType<typeof hierarchy>) => {
      const input = tenant(goals);
      const rates = rateTable([
        { currency: 'USD', rates: [{ from: '2026-02-01', rate: '0.92' }, { from: '2026-03-01', rate: '0.9137' }] },
        { currency: 'SEK', rates: [{ from: '2026-01-01', rate: '0.087' }] },
      ]);
      return { ...input, rates, metrics: input.metrics.map((m) => (m.dataType === 'money' ? { ...m, currencyMode: 'convert' as const } : m)) };
    };
    fc.assert(
      fc.property(recordsArb, modesArb, (records, modes) => {
        const goals = hierarchy(modes);
        const model = prepareCredits(converting(goals));

        const sum = summedCredits(goals.map((g) => g.id), records.flatMap((r) => [...model.credits(r).values()]));

        expect(sum).toEqual(fullRunValues(converting(goals), records));
      }),
      { numRuns: 150 },
    );
  });

  it('is what liveValuesOf gives for the same images in one pass (how a run verifies), goal by goal', () => {
    fc.assert(
      fc.property(recordsArb, modesArb, (records, modes) => {
        const goals = hierarchy(modes);
        const expected = expectedLiveValues(prepareCredits(tenant(goals)), records);
        const onePass = liveValuesOf(tenant(goals), records);
        const key = (v?: LiveSums) => (v ? `${v.values.join('/')} ${v.skipped}` : '0/0/0 0');

        expect(new Map(goals.map((g) => [g.id, key(onePass.get(g.id))]))).toEqual(new Map(goals.map((g) => [g.id, key(expected.get(g.id))])));
      }),
      { numRuns: 100 },
    );
  });

  it('applied as deltas from nothing, in any order of changes to any records, ends at the full run of the final images', () => {
    // Each step replaces one record's image (or deletes it); the delta is taken against the image before.
    const stepArb = fc.record({ id: fc.integer({ min: 0, max: 5 }), image: fc.option(recordArb, { freq: 4 }) });
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), modesArb, (steps, modes) => {
        const goals = hierarchy(modes);
        const model = prepareCredits(tenant(goals));
        const images = new Map<string, RecordInput>();
        const deltas: GoalCredit[] = [];

        for (const { id, image } of steps) {
          const key = `d${id}`;
          const after = image === null ? null : { ...image, id: key };
          deltas.push(...model.delta(images.get(key) ?? null, after));
          if (after === null) images.delete(key);
          else images.set(key, after);
        }

        expect(summedCredits(goals.map((g) => g.id), deltas)).toEqual(fullRunValues(tenant(goals), [...images.values()]));
      }),
      { numRuns: 150 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goalForest, leavesFirst } from '../../core/rollup/hierarchy.ts';

describe('leavesFirst', () => {
  it('puts every child before its parent', () => {
    const goals = [{ id: 'org' }, { id: 'dept', parentId: 'org' }, { id: 'team', parentId: 'dept' }, { id: 'rep', parentId: 'team' }, { id: 'other' }];
    const { order, children } = leavesFirst(goals);
    const position = (id: string) => order.indexOf(goals.findIndex((g) => g.id === id));
    expect(position('rep')).toBeLessThan(position('team'));
    expect(position('team')).toBeLessThan(position('dept'));
    expect(position('dept')).toBeLessThan(position('org'));
    expect(children[0]).toEqual([1]);
  });

  it('lists each goal once, even for cycles and missing parents', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(30)), { maxLength: 30 }), (parents) => {
        const goals = parents.map((parent, i) => ({ id: `g${i}`, parentId: parent === null ? null : `g${parent}` }));
        const { order } = leavesFirst(goals);
        expect([...order].sort((a, b) => a - b)).toEqual(goals.map((_, i) => i));
      }),
    );
  });

  it('orders a 10,000-goal chain without recursion', () => {
    const goals = Array.from({ length: 10_000 }, (_, i) => ({ id: `g${i}`, parentId: i === 0 ? null : `g${i - 1}` }));
    expect(leavesFirst(goals).order).toEqual(goals.map((_, i) => 9_999 - i));
  });
});

describe('goalForest', () => {
  it('finds every goal’s root, and no root for goals on or below a cycle', () => {
    const goals = [{ id: 'r' }, { id: 'x', parentId: 'r' }, { id: 'y', parentId: 'x' }, { id: 'orphan', parentId: 'deleted' }, { id: 'a', parentId: 'b' }, { id: 'b', parentId: 'a' }, { id: 'under', parentId: 'b' }, { id: 'self', parentId: 'self' }];
    const { roots, cyclic } = goalForest(goals);
    expect(Object.fromEntries(roots)).toEqual({ r: 'r', x: 'r', y: 'r', orphan: 'orphan' });
    expect([...cyclic].sort()).toEqual(['a', 'b', 'self', 'under']);
  });

  it('puts every goal in exactly one of the two, whatever the links', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(30)), { maxLength: 30 }), (parents) => {
        const goals = parents.map((parent, i) => ({ id: `g${i}`, parentId: parent === null ? null : `g${parent}` }));
        const { roots, cyclic } = goalForest(goals);
        for (const goal of goals) {
          expect(roots.has(goal.id)).not.toBe(cyclic.has(goal.id));
          // A root is reached by following parents, and has no parent in the list itself.
          const root = goals.find((g) => g.id === roots.get(goal.id));
          if (root) expect(goals.some((g) => g.id === root.parentId)).toBe(false);
        }
      }),
    );
  });

  it('walks a 10,000-goal chain once per goal', () => {
    const goals = Array.from({ length: 10_000 }, (_, i) => ({ id: `g${i}`, parentId: i === 0 ? null : `g${i - 1}` }));
    const { roots, cyclic } = goalForest(goals.reverse());
    expect(roots.size).toBe(10_000);
    expect(new Set(roots.values())).toEqual(new Set(['g0']));
    expect(cyclic.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leavesFirst } from '../../core/rollup/hierarchy.ts';

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
});

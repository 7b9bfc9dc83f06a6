import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionSchema } from '../../core/queries/condition-schema.ts';
import { isStorableNumber, storableNumberMessage } from '../../core/values/storable-number.ts';

describe('isStorableNumber', () => {
  it('takes 0 and magnitudes from 1e-130 to 2^53 − 1, nothing else', () => {
    for (const n of [0, -0, 1e-130, -1e-130, 1, -2.5, 1e15, 2 ** 53 - 1, -(2 ** 53 - 1)]) expect(isStorableNumber(n), String(n)).toBe(true);
    for (const n of [1e-300, -5e-324, 5e-324, 9.999999999999999e-131, 2 ** 53, -1e20, 1e126, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(isStorableNumber(n), String(n)).toBe(false);
    }
  });

  it('agrees with the magnitude rule on any double', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        const magnitude = Math.abs(n);
        expect(isStorableNumber(n)).toBe(magnitude === 0 || (magnitude >= 1e-130 && magnitude <= Number.MAX_SAFE_INTEGER));
      }),
    );
  });

  it('bounds the numbers of a condition, naming where', () => {
    const parsed = conditionSchema.safeParse({ any: [{ field: 'a', op: 'eq', value: 1 }, { field: 'b', op: 'in', value: ['x', 1e-300] }] });
    expect(parsed.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([{ path: ['any', 1, 'value', 1], message: storableNumberMessage }]);
    expect(conditionSchema.safeParse({ field: 'a', op: 'gt', value: -1e-130 }).success).toBe(true);
  });
});

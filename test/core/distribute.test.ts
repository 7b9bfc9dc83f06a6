import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distribute, exactWeights, InvalidWeightsError } from '../../core/values/distribute.ts';
import { divideRounded, percentOf } from '../../core/values/exact-math.ts';

describe('distribute', () => {
  it('gives the leftover units to the largest remainders, earlier first on ties', () => {
    expect(distribute(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(distribute(10n, [1n, 2n, 2n])).toEqual([2n, 4n, 4n]);
    expect(distribute(5n, [3n, 3n, 1n])).toEqual([2n, 2n, 1n]);
    expect(distribute(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });

  it('rejects weights that cannot divide', () => {
    expect(() => distribute(1n, [])).toThrow(InvalidWeightsError);
    expect(() => distribute(1n, [0n, 0n])).toThrow(InvalidWeightsError);
    expect(() => distribute(1n, [1n, -1n])).toThrow(InvalidWeightsError);
  });

  it('always returns parts that sum exactly to the whole, each within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0n)),
        (total, weights) => {
          const parts = distribute(total, weights);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
          const weightSum = weights.reduce((a, b) => a + b, 0n);
          parts.forEach((part, i) => {
            const exactTimesSum = total * (weights[i] as bigint);
            const diff = part * weightSum - exactTimesSum;
            expect(diff < 0n ? -diff : diff).toBeLessThan(weightSum);
          });
        },
      ),
    );
  });
});

describe('exactWeights', () => {
  it('puts numbers and decimal strings on one exact scale', () => {
    expect(exactWeights([33.3, '66.7'])).toEqual([333n, 667n]);
    expect(exactWeights([1, 2, 3])).toEqual([1n, 2n, 3n]);
    expect(exactWeights([0.1, 0.2])).toEqual([1n, 2n]);
  });

  it('rejects negative or malformed weights', () => {
    expect(() => exactWeights([-1])).toThrow(InvalidWeightsError);
    expect(() => exactWeights(['x'])).toThrow(InvalidWeightsError);
    expect(() => exactWeights([Number.NaN])).toThrow(InvalidWeightsError);
  });
});

describe('exact math', () => {
  it('rounds half away from zero', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(4n, 3n)).toBe(1n);
    expect(divideRounded(5n, -3n)).toBe(-2n);
  });

  it('gives percents rounded to 2 decimals and null for a zero whole', () => {
    expect(percentOf(212_000n, 500_000n)).toBe(42.4);
    expect(percentOf(212_000n, 600_000n)).toBe(35.33);
    expect(percentOf(2n, 3n)).toBe(66.67);
    expect(percentOf(1n, 0n)).toBeNull();
  });
});

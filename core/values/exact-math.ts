/**
 * `numerator ÷ denominator` rounded half away from zero to an integer.
 *
 * @example divideRounded(5n, 2n) // 3n
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/**
 * `numerator ÷ denominator` rounded half to even (banker's rounding) to an integer: a tie goes to
 * the even neighbour, so rounding many amounts does not drift one way.
 *
 * @example divideHalfEven(5n, 2n) // 2n
 * @example divideHalfEven(7n, 2n) // 4n
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

/**
 * `part ÷ whole × 100` as a number rounded to 2 decimals, or `null` when `whole` is 0.
 *
 * @example percentOf(212_000n, 500_000n) // 42.4
 */
export function percentOf(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  return Number(divideRounded(part * 10_000n, whole)) / 100;
}

/** Exact money arithmetic for the demo data: amounts as bigint cents, written as "12500.00". */

export function parseCents(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`Not a non-negative amount with at most 2 decimals: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function formatCents(cents: bigint): string {
  if (cents < 0n) throw new Error('Demo amounts are never negative');
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/**
 * Splits `total` into parts proportional to integer `weights` that add up to exactly `total`:
 * each part is rounded down and the leftover cents go to the largest remainders (earliest first on ties).
 * @example splitCents(100n, [1, 1, 1]) // [34n, 33n, 33n]
 */
export function splitCents(total: bigint, weights: readonly number[]): bigint[] {
  if (weights.length === 0 || weights.some((w) => !Number.isInteger(w) || w < 0)) throw new Error('Weights are non-negative integers');
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) throw new Error('At least one weight must be positive');
  const parts = weights.map((w) => (total * BigInt(w)) / weightSum);
  const remainders = weights.map((w, index) => ({ index, remainder: (total * BigInt(w)) % weightSum }));
  let leftover = total - parts.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index]! += 1n;
    leftover -= 1n;
  }
  return parts;
}

/** `splitCents` over decimal strings. */
export function splitAmount(total: string, weights: readonly number[]): string[] {
  return splitCents(parseCents(total), weights).map(formatCents);
}

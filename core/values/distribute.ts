import { numberToDecimalText, parseDecimal } from './decimal.ts';

/** Thrown when weights cannot divide a whole: none, negative, or all zero. */
export class InvalidWeightsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidWeightsError';
  }
}

/**
 * Divides `total` (in the value's smallest unit) into parts proportional to `weights` that add up
 * exactly to `total`, by the largest-remainder method: every part gets the floor of its share and
 * the units left over go one each to the largest fractional remainders (ties: earlier first).
 *
 * @example distribute(100n, [1n, 1n, 1n]) // [34n, 33n, 33n]
 * @throws InvalidWeightsError
 */
export function distribute(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new InvalidWeightsError('there is nothing to distribute over');
  let weightSum = 0n;
  for (const weight of weights) {
    if (weight < 0n) throw new InvalidWeightsError('weights must not be negative');
    weightSum += weight;
  }
  if (weightSum === 0n) throw new InvalidWeightsError('weights must not all be zero');
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let assigned = 0n;
  for (const weight of weights) {
    const product = magnitude * weight;
    const part = product / weightSum;
    parts.push(part);
    remainders.push(product % weightSum);
    assigned += part;
  }
  let left = magnitude - assigned;
  if (left > 0n) {
    const order = remainders.map((_, i) => i).sort((a, b) => {
      const ra = remainders[a] as bigint;
      const rb = remainders[b] as bigint;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
    for (const i of order) {
      if (left === 0n) break;
      parts[i] = (parts[i] as bigint) + 1n;
      left--;
    }
  }
  return negative ? parts.map((part) => -part) : parts;
}

/**
 * Turns weights given as JSON numbers or decimal strings into exact integers on a common scale,
 * so `[33.3, 66.7]` and `["1", "2"]` both become bigint weights for {@link distribute}.
 *
 * @throws InvalidWeightsError for a weight that is not a finite, non-negative decimal.
 */
export function exactWeights(weights: readonly (number | string)[]): bigint[] {
  const texts = weights.map((weight) => {
    if (typeof weight === 'number' && !Number.isFinite(weight)) throw new InvalidWeightsError(`weight ${weight} is not finite`);
    return typeof weight === 'number' ? numberToDecimalText(weight) : weight;
  });
  const scale = Math.min(Math.max(0, ...texts.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0))), 30);
  return texts.map((text) => {
    let value: bigint;
    try {
      value = parseDecimal(text, scale);
    } catch (cause) {
      throw new InvalidWeightsError(`weight "${text.slice(0, 40)}" is not a decimal number`, { cause });
    }
    if (value < 0n) throw new InvalidWeightsError('weights must not be negative');
    return value;
  });
}

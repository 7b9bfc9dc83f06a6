import { z } from 'zod';

/**
 * The JSON numbers the store keeps. DynamoDB's Number holds 0, or up to 38 significant digits
 * with a magnitude from 1e-130 to just under 1e126: `1e-300` or `-5e-324` answer "Number
 * underflow". The document client further refuses any number past ±(2^53 − 1) (it asks for a
 * BigInt). A JSON number, a double, is sent with at most 17 significant digits, so the digits
 * never exceed 38: the bounds that matter are the magnitudes.
 */
export const STORABLE_NUMBER = Object.freeze({
  minMagnitude: 1e-130,
  maxMagnitude: Number.MAX_SAFE_INTEGER,
});

export const storableNumberMessage = 'Expected 0 or a number from 1e-130 to 9007199254740991 in magnitude: the store keeps no other';

/** Whether the store can keep `value` as a Number: finite, and 0 or within the magnitudes above. */
export function isStorableNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= STORABLE_NUMBER.minMagnitude && magnitude <= STORABLE_NUMBER.maxMagnitude);
}

/**
 * A JSON number from `min` to `max` (an integer with `int`) that the store can keep. Every schema
 * that takes a JSON number is built with it, so no input answers 500 with "Number underflow".
 * The range is checked first, so a number out of range gets one message, about its range.
 *
 * @example storableNumber(0, 100).safeParse(1e-300).success // false
 */
export function storableNumber(min: number, max: number, options: { int?: boolean } = {}) {
  return (options.int ? z.number().int() : z.number())
    .min(min)
    .max(max)
    .refine(isStorableNumber, { message: storableNumberMessage, when: (payload) => payload.issues.length === 0 });
}

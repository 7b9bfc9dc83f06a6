import { numberToDecimalText } from '../values/decimal.ts';

/** A decimal number split into its parts, with no leading or trailing zeros. */
export interface NormalizedDecimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Reads a JS number or a decimal string (`"-12.30"`) as an exact decimal, or `null` when it is
 * neither. Numbers are read by their shortest decimal representation.
 */
export function normalizeDecimal(value: unknown): NormalizedDecimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = numberToDecimalText(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return null;
  }
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const integer = (match[2] ?? '').replace(/^0+/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  return { negative: match[1] === '-' && (integer !== '' || fraction !== ''), integer, fraction };
}

/** Exact three-way comparison of two normalized decimals: negative, 0 or positive. */
export function compareDecimals(a: NormalizedDecimal, b: NormalizedDecimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const magnitude = compareMagnitudes(a, b);
  return a.negative && magnitude !== 0 ? -magnitude : magnitude;
}

function compareMagnitudes(a: NormalizedDecimal, b: NormalizedDecimal): number {
  if (a.integer.length !== b.integer.length) return a.integer.length - b.integer.length;
  if (a.integer !== b.integer) return a.integer < b.integer ? -1 : 1;
  if (a.fraction === b.fraction) return 0;
  return a.fraction < b.fraction ? -1 : 1;
}

/**
 * A strict decimal string (`-12.30`) or finite number as a double, or `NaN`. The double is only
 * an approximation, used to decide comparisons that are far from a tie without building exact
 * decimals (see {@link clearlyOrdered}).
 */
export function approximateDecimal(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const length = value.length;
  let i = value.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let point = -1;
  for (; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code === 46 && point < 0 && i > start && i < length - 1) point = i;
    else if (code < 48 || code > 57) return Number.NaN;
  }
  return i > start ? Number(value) : Number.NaN;
}

/**
 * The order of two approximations when their distance is far beyond rounding error (so the exact
 * values are in the same order), or 0 when only an exact comparison can tell.
 */
export function clearlyOrdered(a: number, b: number): number {
  const margin = 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300);
  if (a - b > margin) return 1;
  if (b - a > margin) return -1;
  return 0;
}

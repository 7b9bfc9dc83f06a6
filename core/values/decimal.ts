import { minorUnitOf } from './currencies.ts';

/** Thrown when a value is not an exact decimal the contract accepts at the required scale. */
export class DecimalFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecimalFormatError';
  }
}

/** The data types a metric can have (API.md, metrics). */
export type DataType = 'money' | 'integer' | 'decimal';

/** Values are bounded: |unscaled value| < 10^24 (a trillion trillion units). */
const MAX_INTEGER_DIGITS = 24;
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/**
 * Parses an exact decimal into a bigint scaled by 10^scale.
 *
 * Accepts decimal strings (`"400000"`, `"400000.5"`, `"-12.30"`) and finite JSON numbers
 * (read by their shortest decimal representation, so `0.1` is exactly one tenth).
 * Rejects exponent strings, a leading `+` or `.`, whitespace, more significant fractional digits
 * than `scale` (trailing zeros beyond it are fine) and magnitudes of 10^24 or more.
 *
 * @example parseDecimal('400000.5', 2) // 40000050n
 * @throws DecimalFormatError
 */
export function parseDecimal(input: string | number, scale: number): bigint {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new DecimalFormatError(`${input} is not a finite number`);
    text = expandExponent(String(input));
  } else if (typeof input === 'string') {
    text = input;
  } else {
    throw new DecimalFormatError('value must be a decimal string or a number');
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new DecimalFormatError(`"${String(input).slice(0, 40)}" is not a decimal number`);
  const [, sign, intDigits = '', rawFraction = ''] = match;
  const fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > scale) {
    throw new DecimalFormatError(`"${String(input).slice(0, 40)}" has more than ${scale} decimal places`);
  }
  if (intDigits.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) {
    throw new DecimalFormatError(`"${String(input).slice(0, 40)}" is too large (limit 10^${MAX_INTEGER_DIGITS})`);
  }
  const unscaled = BigInt(intDigits + fraction.padEnd(scale, '0'));
  return sign === '-' ? -unscaled : unscaled;
}

/**
 * Parses like {@link parseDecimal} but returns `null` instead of throwing; built for the
 * per-record loop, where exceptions are too slow and a bad value is only counted as skipped.
 */
export function tryParseDecimal(input: unknown, scale: number): bigint | null {
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && Math.abs(input) < 1e15 / Number(pow10(scale))) {
      return BigInt(input) * pow10(scale);
    }
    if (!Number.isFinite(input)) return null;
    return tryParseString(expandExponent(String(input)), scale);
  }
  return typeof input === 'string' ? tryParseString(input, scale) : null;
}

function tryParseString(text: string, scale: number): bigint | null {
  const length = text.length;
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let accumulated = 0;
  let digits = 0;
  let fractionDigits = -1;
  let trailingZeros = 0;
  const start = i;
  for (; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (fractionDigits >= 0 || i === start || i === length - 1) return null;
      fractionDigits = 0;
      continue;
    }
    if (code < 48 || code > 57) return null;
    if (fractionDigits >= 0) {
      fractionDigits++;
      trailingZeros = code === 48 ? trailingZeros + 1 : 0;
    }
    accumulated = accumulated * 10 + (code - 48);
    digits++;
  }
  if (digits === 0) return null;
  if (fractionDigits < 0) fractionDigits = 0;
  if (fractionDigits - trailingZeros > scale) return null;
  // Up to 15 digits a double holds the integer exactly; past that, fall back to the exact path.
  if (digits + scale - fractionDigits <= 15 && fractionDigits <= scale) {
    const scaled = accumulated * Number(POW10[scale - fractionDigits]);
    return BigInt(negative ? -scaled : scaled);
  }
  try {
    return parseDecimal(text, scale);
  } catch {
    return null;
  }
}

/**
 * A finite number's shortest decimal representation in plain digits (`1e21` → `"1000…0"`,
 * `1.5e-7` → `"0.00000015"`).
 */
export function numberToDecimalText(n: number): string {
  return expandExponent(String(n));
}

/** Rewrites a JS number's exponent form (`1e+21`, `1.5e-7`) as plain decimal digits. */
function expandExponent(text: string): string {
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const pointAt = (point < 0 ? mantissa.length : point) + exponent;
  let plain: string;
  if (pointAt <= 0) plain = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) plain = digits + '0'.repeat(pointAt - digits.length);
  else plain = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${plain}` : plain;
}

/**
 * Formats a scaled bigint as the contract's decimal string with exactly `scale` fractional digits.
 *
 * @example formatDecimal(40000000n, 2) // "400000.00"
 */
export function formatDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(scale + 1, '0');
  const text = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * The exact sum of decimals (as {@link parseDecimal} reads them) at `scale`, formatted at `scale`.
 *
 * @example sumDecimals(['33.34', '33.33', '33.33'], 2) // "100.00"
 * @throws DecimalFormatError
 */
export function sumDecimals(values: readonly (string | number)[], scale: number): string {
  return formatDecimal(values.reduce<bigint>((total, value) => total + parseDecimal(value, scale), 0n), scale);
}

/**
 * The number of decimal places values of a data type carry: money its currency's ISO 4217
 * minor unit (2 when the currency is absent or unknown), integer 0, decimal 6.
 */
export function scaleFor(dataType: DataType, currency?: string | null): number {
  if (dataType === 'integer') return 0;
  if (dataType === 'decimal') return 6;
  return (currency ? minorUnitOf(currency) : undefined) ?? 2;
}

/** Whether `code` is an active ISO 4217 alphabetic currency code (upper case, e.g. `EUR`). */
export function isCurrencyCode(code: string): boolean {
  return minorUnitOf(code) !== undefined;
}

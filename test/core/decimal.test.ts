import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DecimalFormatError,
  formatDecimal,
  isCurrencyCode,
  parseDecimal,
  scaleFor,
  sumDecimals,
  tryParseDecimal,
} from '../../core/values/decimal.ts';

describe('parseDecimal', () => {
  it('scales decimal strings exactly', () => {
    expect(parseDecimal('400000', 2)).toBe(40000000n);
    expect(parseDecimal('400000.5', 2)).toBe(40000050n);
    expect(parseDecimal('-12.30', 2)).toBe(-1230n);
    expect(parseDecimal('0', 0)).toBe(0n);
  });

  it('reads JSON numbers by their shortest decimal representation', () => {
    expect(parseDecimal(0.1, 2)).toBe(10n);
    expect(parseDecimal(19.99, 2)).toBe(1999n);
    expect(parseDecimal(1e21, 0)).toBe(10n ** 21n);
    expect(parseDecimal(1.5e-7, 8)).toBe(15n);
  });

  it('accepts trailing zeros beyond the scale', () => {
    expect(parseDecimal('1.500', 2)).toBe(150n);
  });

  it('rejects more significant decimal places than the scale', () => {
    expect(() => parseDecimal('1.005', 2)).toThrow(DecimalFormatError);
    expect(() => parseDecimal('1.005', 2)).toThrow('has more than 2 decimal places');
    expect(() => parseDecimal(0.001, 2)).toThrow(DecimalFormatError);
  });

  it('rejects malformed input', () => {
    for (const bad of ['', ' ', '+1', '.5', '1.', '1e3', ' 1', '1 ', '--1', '1,5', 'abc', '-']) {
      expect(() => parseDecimal(bad, 2), bad).toThrow(DecimalFormatError);
    }
    expect(() => parseDecimal(Number.NaN, 2)).toThrow(DecimalFormatError);
    expect(() => parseDecimal(Number.POSITIVE_INFINITY, 2)).toThrow(DecimalFormatError);
  });

  it('rejects magnitudes of 10^24 and beyond', () => {
    expect(() => parseDecimal('1' + '0'.repeat(24), 0)).toThrow('too large');
    expect(parseDecimal('9'.repeat(24), 0)).toBe(10n ** 24n - 1n);
    expect(() => parseDecimal(1e25, 2)).toThrow(DecimalFormatError);
  });
});

describe('tryParseDecimal', () => {
  it('agrees with parseDecimal on valid input and returns null on invalid input', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }), (value, scale) => {
        const text = formatDecimal(value, scale);
        expect(tryParseDecimal(text, scale)).toBe(parseDecimal(text, scale));
      }),
    );
    expect(tryParseDecimal('1.234', 2)).toBeNull();
    expect(tryParseDecimal('x', 2)).toBeNull();
    expect(tryParseDecimal(null, 2)).toBeNull();
    expect(tryParseDecimal(true, 2)).toBeNull();
    expect(tryParseDecimal(12, 2)).toBe(1200n);
    expect(tryParseDecimal(12.5, 2)).toBe(1250n);
  });
});

describe('formatDecimal', () => {
  it('writes exactly scale fractional digits', () => {
    expect(formatDecimal(40000000n, 2)).toBe('400000.00');
    expect(formatDecimal(-50n, 2)).toBe('-0.50');
    expect(formatDecimal(12n, 0)).toBe('12');
    expect(formatDecimal(5n, 3)).toBe('0.005');
  });

  it('round-trips through parseDecimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n) + 1n, max: 10n ** 24n - 1n }), fc.integer({ min: 0, max: 6 }), (value, scale) => {
        expect(parseDecimal(formatDecimal(value, scale), scale)).toBe(value);
      }),
    );
  });
});

describe('sumDecimals', () => {
  it('adds exactly where binary floating point would not', () => {
    expect(sumDecimals(['0.1', '0.2'], 2)).toBe('0.30');
    expect(sumDecimals(['50000.01', '50000.00', 0.5], 2)).toBe('100000.51');
    expect(sumDecimals(['333333333333333333.34', '333333333333333333.33', '333333333333333333.33'], 2)).toBe('1000000000000000000.00');
    expect(sumDecimals([], 0)).toBe('0');
  });

  it('refuses values with more decimal places than the scale', () => {
    expect(() => sumDecimals(['1.005'], 2)).toThrow(DecimalFormatError);
  });
});

describe('scaleFor', () => {
  it('uses the currency minor unit for money', () => {
    expect(scaleFor('money', 'EUR')).toBe(2);
    expect(scaleFor('money', 'JPY')).toBe(0);
    expect(scaleFor('money', 'KWD')).toBe(3);
    expect(scaleFor('money', null)).toBe(2);
  });

  it('uses 0 for integer and 6 for decimal', () => {
    expect(scaleFor('integer')).toBe(0);
    expect(scaleFor('decimal')).toBe(6);
  });
});

describe('isCurrencyCode', () => {
  it('knows active ISO 4217 codes and nothing else', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('NOK')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('toString')).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../../core/values/decimal.ts';
import { distribute } from '../../core/values/distribute.ts';
import { divideHalfEven, divideRounded } from '../../core/values/exact-math.ts';
import { convertAmount, convertOn, rateOn, rateScale, rateTable } from '../../core/values/exchange.ts';

// Rates as API.md defines them: units of the default currency (EUR here) for one unit of the currency.
const rates = rateTable([
  { currency: 'USD', rates: [{ from: '2026-07-01', rate: '0.9' }, { from: '2026-01-01', rate: '0.92' }] },
  { currency: 'GBP', rates: [{ from: '2026-01-01', rate: '2.5' }] },
  { currency: 'JPY', rates: [{ from: '2026-01-01', rate: '0.0061' }, { from: '2026-07-01', rate: '0.004' }] },
]);
const rate = (text: string) => parseDecimal(text, rateScale);
/** `amount` (a decimal string in `from`) converted into `to` on `date`, as a decimal string in `to`'s minor unit. */
const convert = (amount: string, from: string, to: string, date: string) => {
  const converted = convertOn(rates, 'EUR', parseDecimal(amount, 10), 10, from, to, date);
  return converted === null ? null : formatDecimal(converted, to === 'JPY' ? 0 : 2);
};

describe('divideHalfEven', () => {
  it('rounds ties to the even neighbour, both signs, and everything else to the nearest', () => {
    expect([5n, 7n, 9n, -5n, -7n].map((n) => divideHalfEven(n, 2n))).toEqual([2n, 4n, 4n, -2n, -4n]);
    expect([10n, 11n, 14n, 16n].map((n) => divideHalfEven(n, 4n))).toEqual([2n, 3n, 4n, 4n]); // 2.5→2, 2.75→3, 3.5→4, 4
    expect(() => divideHalfEven(1n, 0n)).toThrow(RangeError);
  });

  it('differs from half-up only on exact ties', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (n, d) => {
        const even = divideHalfEven(n, d);
        const up = divideRounded(n, d);
        if ((n % d) * 2n !== d && (n % d) * 2n !== -d) expect(even).toBe(up);
        else expect(even % 2n).toBe(0n);
      }),
    );
  });
});

describe('rateOn', () => {
  it('takes the latest rate on or before the date; none before the first; the default currency is 1', () => {
    expect(rateOn(rates, 'USD', '2026-06-30', 'EUR')).toBe(rate('0.92'));
    expect(rateOn(rates, 'USD', '2026-07-01', 'EUR')).toBe(rate('0.9'));
    expect(rateOn(rates, 'USD', '2027-03-01', 'EUR')).toBe(rate('0.9'));
    expect(rateOn(rates, 'USD', '2025-12-31', 'EUR')).toBeNull();
    expect(rateOn(rates, 'CHF', '2026-06-30', 'EUR')).toBeNull();
    expect(rateOn(rates, 'EUR', '1999-01-01', 'EUR')).toBe(10n ** 10n);
  });
});

describe('converting a record\'s amount (hand-worked)', () => {
  it('converts through the default currency at the rate of the date', () => {
    expect(convert('100.00', 'USD', 'EUR', '2026-06-30')).toBe('92.00'); // 100 × 0.92
    expect(convert('100.00', 'USD', 'EUR', '2026-07-01')).toBe('90.00'); // the July rate
    expect(convert('100.00', 'EUR', 'USD', '2026-07-01')).toBe('111.11'); // 100 ÷ 0.9 = 111.111…
    expect(convert('100.00', 'USD', 'GBP', '2026-07-01')).toBe('36.00'); // 100 × 0.9 ÷ 2.5
    expect(convert('76887.07', 'USD', 'USD', '2026-07-01')).toBe('76887.07'); // its own currency: no rate needed
  });

  it('rounds once, half to even, where half-up would differ', () => {
    // 0.01 GBP × 2.5 = 0.025 EUR: a tie between 0.02 and 0.03; half to even keeps 0.02 (half-up: 0.03).
    expect(convert('0.01', 'GBP', 'EUR', '2026-03-01')).toBe('0.02');
    expect(formatDecimal(divideRounded(25n, 10n), 0)).toBe('3'); // what half-up would give, in cents
    // 0.03 GBP × 2.5 = 0.075: a tie between 0.07 and 0.08; the even neighbour is 0.08.
    expect(convert('0.03', 'GBP', 'EUR', '2026-03-01')).toBe('0.08');
  });

  it('converts into JPY, which has no minor unit', () => {
    expect(convert('1000.00', 'EUR', 'JPY', '2026-03-01')).toBe('163934'); // 1000 ÷ 0.0061 = 163934.43
    expect(convert('100.00', 'USD', 'JPY', '2026-03-01')).toBe('15082'); // 100 × 0.92 ÷ 0.0061 = 15081.97
    expect(convert('0.01', 'EUR', 'JPY', '2026-07-01')).toBe('2'); // 0.01 ÷ 0.004 = 2.5: to the even 2
    expect(convert('0.03', 'EUR', 'JPY', '2026-07-01')).toBe('8'); // 7.5: to the even 8
  });

  it('has no amount when either currency has no rate on the date', () => {
    expect(convert('100.00', 'USD', 'EUR', '2025-12-31')).toBeNull();
    expect(convert('100.00', 'EUR', 'CHF', '2026-03-01')).toBeNull();
    expect(convert('100.00', 'CHF', 'USD', '2026-03-01')).toBeNull();
  });

  it("splits a deal's converted amount into exact parts that add up to it", () => {
    // 1,000.00 USD split 1/3 each, at 0.92: converted once to 920.00 EUR, then 306.67 + 306.67 + 306.66.
    const whole = convertOn(rates, 'EUR', parseDecimal('1000.00', 2), 2, 'USD', 'EUR', '2026-03-01')!;
    const parts = distribute(whole, [1n, 1n, 1n]);
    expect(parts.map((p) => formatDecimal(p, 2))).toEqual(['306.67', '306.67', '306.66']);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(whole);
  });
});

describe('conversion properties', () => {
  const amount = fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n });
  const positiveRate = fc.bigInt({ min: 1n, max: 10n ** 14n });

  it('leaves an amount unchanged at rate 1 (same scale)', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 4 }), (a, scale) => {
        expect(convertAmount(a, scale, 10n ** 10n, 10n ** 10n, scale)).toBe(a);
      }),
    );
  });

  it('is within half a minor unit of the exact quotient', () => {
    fc.assert(
      fc.property(amount, positiveRate, positiveRate, (a, from, to) => {
        const c = convertAmount(a, 2, from, to, 2);
        // |c × to − a × from| ≤ to / 2, all scaled by 2 to stay in integers.
        const error = c * to - a * from;
        expect(2n * (error < 0n ? -error : error) <= to).toBe(true);
      }),
    );
  });

  it('splits a converted amount into parts that always sum to it', () => {
    fc.assert(
      fc.property(amount, positiveRate, fc.array(fc.bigInt({ min: 1n, max: 10n ** 8n }), { minLength: 1, maxLength: 10 }), (a, from, weights) => {
        const whole = convertAmount(a, 2, from, 10n ** 10n, 2);
        expect(distribute(whole, weights).reduce((x, y) => x + y, 0n)).toBe(whole);
      }),
    );
  });

  it('sums converted records to the same total in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(amount, fc.constantFrom('USD', 'GBP', 'JPY', 'EUR'), fc.constantFrom('2026-03-01', '2026-07-01')), { maxLength: 30 }), fc.infiniteStream(fc.nat()), (records, noise) => {
        const total = (list: typeof records) => list.reduce((sum, [a, c, d]) => sum + (convertOn(rates, 'EUR', a, 2, c, 'EUR', d) ?? 0n), 0n);
        const shuffled = records.map((r) => [noise.next().value as number, r] as const).sort((x, y) => x[0] - y[0]).map(([, r]) => r);
        expect(total(shuffled)).toBe(total(records));
      }),
    );
  });
});

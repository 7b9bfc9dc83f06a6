import { describe, expect, it } from 'vitest';
import { count, group, money, percentText, roundDecimal, tokenFrom } from '../../web/format.js';

describe("the page's formatting (web/format.js)", () => {
  it('writes a value in its currency with its minor digits, rounding on the digits', () => {
    expect(money('1234.5', 'EUR')).toBe('€ 1,234.50');
    expect(money('1234.50', 'JPY')).toBe('¥ 1,235');
    expect(money('1234.49', 'JPY')).toBe('¥ 1,234');
    expect(money('-0.004', 'USD')).toBe('$ 0.00');
    expect(money('-1234567.891', 'GBP')).toBe('-£ 1,234,567.89');
    expect(money('90071992547409.995', 'EUR')).toBe('€ 90,071,992,547,410.00');
    expect(money('12', null)).toBe('12');
    expect(money(null, 'EUR')).toBe('—');
  });

  it('rounds half up away from zero, exactly', () => {
    expect(roundDecimal('0.5', 0)).toBe('1');
    expect(roundDecimal('-2.5', 0)).toBe('-3');
    expect(roundDecimal('9.995', 2)).toBe('10.00');
    expect(roundDecimal('7', 2)).toBe('7.00');
    expect(roundDecimal('0.05', 1)).toBe('0.1');
    expect(group('1234567.50')).toBe('1,234,567.50');
  });

  it('writes percent one way, counts in words, and takes a pasted Authorization value', () => {
    expect([percentText(42.4), percentText(100), percentText(35.33), percentText(null)]).toEqual(['42.4%', '100.0%', '35.3%', '0.0%']);
    expect([count(1, 'goal'), count(0, 'goal'), count(2, 'record')]).toEqual(['1 goal', '0 goals', '2 records']);
    expect([tokenFrom('  Bearer abc.def.ghi '), tokenFrom('bearer   x.y.z'), tokenFrom('a.b.c')]).toEqual(['abc.def.ghi', 'x.y.z', 'a.b.c']);
  });
});

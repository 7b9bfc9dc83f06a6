import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberLocale } from '../../infra/cli/locale-number.ts';

const read = (locale: string, cell: string) => numberLocale(locale)!.read(cell);

describe('numbers as a locale writes them', () => {
  it('reads US, German and French grouping and decimal marks into exact decimals', () => {
    expect(read('en-US', '1,234,567.50')).toEqual({ value: '1234567.50' });
    expect(read('de-DE', '1.234.567,50')).toEqual({ value: '1234567.50' });
    // French groups with a narrow no-break space (Intl), a no-break space or a plain space (spreadsheets).
    expect(read('fr-FR', '1\u202F234\u202F567,50')).toEqual({ value: '1234567.50' });
    expect(read('fr-FR', '1\u00A0234,5')).toEqual({ value: '1234.5' });
    expect(read('fr-FR', '1 234,50')).toEqual({ value: '1234.50' });
    expect(read('de-CH', "1'234.50")).toEqual({ value: '1234.50' });
    expect(read('de-CH', '1’234.50')).toEqual({ value: '1234.50' });
  });

  it('keeps every digit: no float on the way', () => {
    expect(read('en-US', '12,345,678,901,234.5678')).toEqual({ value: '12345678901234.5678' });
    expect(read('en-US', '0.10')).toEqual({ value: '0.10' });
    expect(read('de-DE', '0,1')).toEqual({ value: '0.1' });
    expect(read('en-US', '.5')).toEqual({ value: '0.5' });
    expect(read('en-US', '007')).toEqual({ value: '7' });
  });

  it('takes a currency sign or code off and names the currency', () => {
    expect(read('en-US', '$1,234.56')).toEqual({ value: '1234.56', currency: 'USD' });
    expect(read('en-US', '-$5.00')).toEqual({ value: '-5.00', currency: 'USD' });
    expect(read('en-US', '$-5.00')).toEqual({ value: '-5.00', currency: 'USD' });
    expect(read('en-US', 'USD 1,234.56')).toEqual({ value: '1234.56', currency: 'USD' });
    expect(read('en-US', '(1,234.56)')).toEqual({ value: '-1234.56' });
    expect(read('de-DE', '1.234,56 €')).toEqual({ value: '1234.56', currency: 'EUR' });
    expect(read('de-DE', '-1.234,56 €')).toEqual({ value: '-1234.56', currency: 'EUR' });
    expect(read('fr-FR', '1 234,56 €')).toEqual({ value: '1234.56', currency: 'EUR' });
    expect(read('en-GB', '£12.00')).toEqual({ value: '12.00', currency: 'GBP' });
    expect(read('ja-JP', '¥1,235')).toEqual({ value: '1235', currency: 'JPY' });
    expect(read('en-US', 'CA$10')).toEqual({ value: '10', currency: 'CAD' });
    expect(read('nb-NO', 'kr 1 234,50')).toEqual({ value: '1234.50' }); // kr: which crown is not said
  });

  it('refuses what the locale would not write, rather than guess', () => {
    expect(read('en-US', '1.234,56')).toBeUndefined(); // German, read as US
    expect(read('de-DE', '1,234.56')).toBeUndefined();
    expect(read('en-US', '1,23,456.00')).toBeUndefined(); // groups of three only
    expect(read('en-US', '12,34')).toBeUndefined();
    expect(read('en-US', '1.2.3')).toBeUndefined();
    expect(read('en-US', '1e5')).toBeUndefined();
    expect(read('en-US', '')).toBeUndefined();
    expect(read('en-US', '$')).toBeUndefined();
    expect(read('en-US', 'ten')).toBeUndefined();
    expect(read('en-US', '10%')).toBeUndefined();
  });

  it('knows the locales Node knows, and no others', () => {
    expect(numberLocale('xx-YY')).toBeUndefined();
    expect(numberLocale('not a locale!')).toBeUndefined();
    expect(numberLocale('de-DE')!.example).toBe('1.234,56');
  });

  it('reads back any amount a locale formats, exactly', () => {
    fc.assert(
      fc.property(fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'de-CH', 'sv-SE', 'it-IT'), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), (locale, cents, negative) => {
        const whole = cents / 100n;
        const fraction = String(cents % 100n).padStart(2, '0');
        // Intl formats the whole part (a bigint, exact); the fraction is appended with the locale's mark.
        const parts = new Intl.NumberFormat(locale).formatToParts(whole);
        const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')!.value;
        const text = `${negative ? '-' : ''}${parts.map((p) => p.value).join('')}${decimal}${fraction}`;
        const expected = `${negative && cents > 0n ? '-' : ''}${whole}.${fraction}`;
        expect(read(locale, text)).toEqual({ value: expected });
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});

/**
 * Numbers as a locale writes them (`en-US` 1,234.56, `de-DE` 1.234,56, `fr-FR` 1 234,56), read into
 * an exact decimal string ("1234.56"): grouping marks taken off, the decimal mark made '.', and never a
 * float on the way. A currency sign or code in the cell (`€ 1.234,56`, `1,234.56 USD`, `-$5`) is taken
 * off and named. The locale's marks come from Intl (so any locale Node knows works); the rest is a
 * regex, as no well-kept library parses a locale's numbers without passing through a float.
 */

export interface LocaleNumber {
  /** The exact decimal: an optional '-', digits, and a '.' with digits when the cell had a fraction. */
  readonly value: string;
  /** The ISO code of the currency sign or code the cell carried, when it tells one. */
  readonly currency?: string;
}

/** Currency signs and what they stand for; a sign not here is taken off but tells no currency ("kr"). */
const signs: Record<string, string> = {
  '€': 'EUR', $: 'USD', US$: 'USD', '£': 'GBP', '¥': 'JPY', JP$: 'JPY', '₹': 'INR', CA$: 'CAD', C$: 'CAD', A$: 'AUD', AU$: 'AUD',
  NZ$: 'NZD', R$: 'BRL', MX$: 'MXN', HK$: 'HKD', S$: 'SGD', '₩': 'KRW', '₪': 'ILS', '₺': 'TRY', '₽': 'RUB', '₫': 'VND', '₱': 'PHP',
  'zł': 'PLN', 'Kč': 'CZK', 'Fr.': 'CHF', 'fr.': 'CHF',
};
const currencyToken = String.raw`(?:[A-Z]{3}|[A-Z]{1,2}\$|\p{Sc}|zł|Kč|kr\.?|Fr\.|fr\.)`;
const leading = new RegExp(String.raw`^(${currencyToken})\s*`, 'u');
const trailing = new RegExp(String.raw`\s*(${currencyToken})$`, 'u');

export interface NumberLocale {
  readonly locale: string;
  /** An example of the locale's numbers, for messages: "1,234.56". */
  readonly example: string;
  read(cell: string): LocaleNumber | undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The reader for `locale`'s numbers; undefined when Node knows no such locale. */
export function numberLocale(locale: string): NumberLocale | undefined {
  let supported: string[];
  try {
    supported = Intl.NumberFormat.supportedLocalesOf([locale]);
  } catch {
    return undefined; // not even a locale tag
  }
  if (supported.length === 0) return undefined;
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  // Whatever a spreadsheet put for a space-like or apostrophe-like mark, it is the same mark.
  const groupClass = /\s/.test(group) ? String.raw`[ \u00A0\u202F]` : /['’]/.test(group) ? `['’]` : escape(group);
  const body = new RegExp(String.raw`^(\d{1,3}(?:${groupClass}\d{3})+|\d+)?(?:${escape(decimal)}(\d+))?$`);
  const example = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(1234.56);
  return {
    locale,
    example,
    read(cell) {
      let text = cell.trim();
      let negative = false;
      let currency: string | undefined;
      const takeSign = () => {
        const sign = /^[-−]\s*/.exec(text);
        if (sign) (negative = !negative), (text = text.slice(sign[0].length));
      };
      const takeCurrency = (pattern: RegExp) => {
        const match = pattern.exec(text);
        if (!match || currency !== undefined) return;
        currency = signs[match[1]!] ?? (/^[A-Z]{3}$/.test(match[1]!) ? match[1]! : '');
        text = text.slice(0, match.index) + text.slice(match.index + match[0].length);
      };
      const parenthesised = /^\((.*)\)$/.exec(text); // accounting's negative: (1,234.56)
      if (parenthesised) (negative = true), (text = parenthesised[1]!.trim());
      takeSign();
      takeCurrency(leading);
      takeSign();
      takeCurrency(trailing);
      const match = body.exec(text);
      if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
      const whole = (match[1] ?? '0').replace(/\D/g, '').replace(/^0+(?=\d)/, '');
      const value = `${negative && /[1-9]/.test(whole + (match[2] ?? '')) ? '-' : ''}${whole}${match[2] !== undefined ? `.${match[2]}` : ''}`;
      return currency ? { value, currency } : { value };
    },
  };
}

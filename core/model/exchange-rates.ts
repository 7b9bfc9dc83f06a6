import { z } from 'zod';
import { numberToDecimalText } from '../values/decimal.ts';
import { currencySchema, localDateSchema, versionSchema } from './primitives.ts';

/** The most rates one currency holds: ten years and more of daily rates, within one request's 256 KiB. */
export const maxRatesPerCurrency = 4000;

/**
 * A rate as the contract writes it: a positive decimal string, up to 12 digits before the point
 * (no leading zeros) and up to 10 after it (core/values/exchange.ts keeps rates × 10^10).
 */
export const rateSchema = z
  .string()
  .max(23, { abort: true })
  .regex(/^(0|[1-9]\d{0,11})(\.\d{1,10})?$/, { message: 'Expected a decimal string such as "1.0825": up to 12 digits before the point and 10 after it', abort: true })
  .refine((rate) => /[1-9]/.test(rate), 'A rate is positive');

/** A rate as a request may give it: a decimal string, or a JSON number read by its shortest decimal representation (as values are). */
export const rateInputSchema = z.union([rateSchema, z.number().transform(numberToDecimalText).pipe(rateSchema)]);

/** One dated rate: units of the tenant's default currency for one unit of the currency, from `from` until the next rate's date. */
export const datedRateSchema = z.strictObject({ from: localDateSchema, rate: rateSchema });
export type DatedRateText = z.infer<typeof datedRateSchema>;

/** A currency's rates: at least one, no two on the same date. */
function datedRatesSchema<T extends z.ZodType<{ from: string }>>(item: T) {
  return z
    .array(item)
    .min(1, 'A currency has at least one rate (DELETE removes them all)')
    .max(maxRatesPerCurrency)
    .superRefine(
      (rates, ctx) => {
        const first = new Map<string, number>();
        rates.forEach((rate, index) => {
          // Checked even when other rates are malformed, so one answer names every problem.
          const from: unknown = (rate as { from?: unknown } | undefined)?.from;
          if (typeof from !== 'string') return;
          const earlier = first.get(from);
          if (earlier === undefined) first.set(from, index);
          else ctx.addIssue({ code: 'custom', path: [index, 'from'], message: `Rate ${earlier + 1} has this date too: one rate a date` });
        });
      },
      { when: (payload) => Array.isArray(payload.value) },
    );
}

/** The rates of a request (`PUT /exchange-rates/{currency}`), in any order. */
export const ratesInputSchema = datedRatesSchema(z.strictObject({ from: localDateSchema, rate: rateInputSchema }));

/** A currency's exchange rates (API.md, Exchange rates), sorted by date, oldest first. */
export const exchangeRatesSchema = z.object({
  currency: currencySchema,
  rates: datedRatesSchema(datedRateSchema),
  version: versionSchema,
});
export type ExchangeRates = z.infer<typeof exchangeRatesSchema>;

/** The rates sorted by date, oldest first (as they are stored and answered). */
export function sortedByDate<T extends { from: string }>(rates: readonly T[]): T[] {
  return [...rates].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

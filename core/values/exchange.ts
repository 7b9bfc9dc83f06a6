import { minorUnitOf } from './currencies.ts';
import { parseDecimal, pow10 } from './decimal.ts';
import { divideHalfEven } from './exact-math.ts';

/**
 * Exchange rates and conversion, exact (API.md "Exchange rates"). A rate is the number of units of
 * the tenant's default currency one unit of a currency is worth, from its date until the next
 * rate's; the default currency is worth 1 on every date. Rates have at most 10 decimals and are
 * kept as integers scaled by 10^10; amounts as integers at a stated scale.
 */
export const rateScale = 10;
const ONE = pow10(rateScale);

export interface DatedRate {
  /** The first local date (YYYY-MM-DD) the rate holds. */
  readonly from: string;
  /** The rate × 10^10. */
  readonly rate: bigint;
}

/** Each currency's rates, sorted by date (oldest first). */
export type RateTable = ReadonlyMap<string, readonly DatedRate[]>;

/** Decimals a converting metric reads a record's amount with (exact up to them; rounded once after converting). */
export const convertReadScale = 10;

/** A tenant without exchange rates: only the default currency has one. */
export const noRates: RateTable = new Map();

/** The rate table from the stored form (`[{currency, rates: [{from, rate: "1.0825"}]}]`), each list sorted by date. */
export function rateTable(stored: Iterable<{ readonly currency: string; readonly rates: readonly { from: string; rate: string }[] }>): RateTable {
  return new Map(
    [...stored].map(({ currency, rates }) => [
      currency,
      rates.map((r) => ({ from: r.from, rate: parseDecimal(r.rate, rateScale) })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    ]),
  );
}

/**
 * The rate of `currency` on the local date `date` (× 10^10): 1 for the default currency, else the
 * latest rate whose date is on or before `date`; null when none is (no rate covers that date).
 */
export function rateOn(rates: RateTable, currency: string, date: string, defaultCurrency: string): bigint | null {
  if (currency === defaultCurrency) return ONE;
  const list = rates.get(currency);
  if (list === undefined || list.length === 0) return null;
  // Binary search for the last `from` <= date (a run asks once per record: keep it O(log n)).
  let low = 0;
  let high = list.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((list[mid] as DatedRate).from <= date) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found < 0 ? null : (list[found] as DatedRate).rate;
}

/**
 * Converts `amount` (an integer at `amountScale` decimals) from a currency worth `fromRate` into one
 * worth `toRate` (both × 10^10, from {@link rateOn}): `amount × fromRate ÷ toRate`, rounded once,
 * half to even, to `toScale` decimals (the target currency's minor unit).
 *
 * @example convertAmount(10_000n, 2, 10_825_000_000n, 10_000_000_000n, 2) // 100.00 USD at 1.0825 → 108.25 EUR: 10_825n
 */
export function convertAmount(amount: bigint, amountScale: number, fromRate: bigint, toRate: bigint, toScale: number): bigint {
  if (fromRate <= 0n || toRate <= 0n) throw new RangeError('rates must be positive');
  return divideHalfEven(amount * fromRate * pow10(toScale), pow10(amountScale) * toRate);
}

/**
 * The amount of a record in currency `from` converted into `to` on local date `date`, or null when
 * no rate covers either currency on that date (the record is skipped, reason `no_rate`). `amount`
 * is at `amountScale` decimals; the result at `to`'s minor unit.
 */
export function convertOn(
  rates: RateTable,
  defaultCurrency: string,
  amount: bigint,
  amountScale: number,
  from: string,
  to: string,
  date: string,
): bigint | null {
  const toScale = minorUnitOf(to) ?? 2;
  if (from === to) return divideHalfEven(amount * pow10(toScale), pow10(amountScale));
  const fromRate = rateOn(rates, from, date, defaultCurrency);
  const toRate = rateOn(rates, to, date, defaultCurrency);
  if (fromRate === null || toRate === null) return null;
  return convertAmount(amount, amountScale, fromRate, toRate, toScale);
}

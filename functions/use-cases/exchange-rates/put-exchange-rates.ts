import { sortedByDate, type DatedRateText, type ExchangeRates } from '../../../core/model/exchange-rates.ts';
import { ConflictError } from '../../shared/errors.ts';
import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertIfMatch } from '../versions.ts';

/**
 * Replaces a currency's rates (admins only), stored sorted by date with each rate's text as given.
 * `expectedVersion` (If-Match) must be the stored version, 0 for none (VersionConflictError). The
 * tenant's default currency has no rates: it is worth 1 on every date (ConflictError, naming the
 * currency: the same request is right in a tenant with another default). The write is conditional
 * on the version read, so a concurrent change fails it with VersionConflictError. `created`: the
 * currency had no rates.
 */
export async function putExchangeRates(
  ports: Pick<AppPorts, 'exchangeRates' | 'settings'>,
  principal: Principal,
  input: { currency: string; rates: readonly DatedRateText[]; expectedVersion?: number | undefined },
): Promise<{ rates: ExchangeRates; created: boolean }> {
  assertRole(principal, admins, 'change exchange rates');
  const { tenant } = principal;
  const { currency } = input;
  const existing = await ports.exchangeRates.get(tenant, currency);
  const currentVersion = existing?.version ?? 0;
  assertIfMatch(input.expectedVersion, currentVersion, `The ${currency} rate table`);
  const { defaultCurrency } = await ports.settings.get(tenant);
  if (currency === defaultCurrency) {
    throw new ConflictError(`${currency} is the default currency: its rate is 1 on every date`, {
      details: [{ path: 'params.currency', message: `${currency} is the default currency (rate 1 on every date); rates are for other currencies` }],
    });
  }
  const rates: ExchangeRates = { currency, rates: sortedByDate(input.rates.map(({ from, rate }) => ({ from, rate }))), version: currentVersion + 1 };
  await ports.exchangeRates.put(tenant, rates, currentVersion);
  return { rates, created: existing === undefined };
}

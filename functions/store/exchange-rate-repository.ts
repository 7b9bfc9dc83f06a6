import type { ExchangeRateStore } from '../use-cases/exchange-rates/ports.ts';
import { exchangeRateReader } from './exchange-rate-reader.ts';
import { exchangeRatesKey } from './keys.ts';
import { deleteVersioned, putVersioned } from './versioned-writes.ts';

/** The `exchange-rates` entity: the live consumer asks for a recomputation of the tenant when one changes (functions/live/definition-entities.ts). */
export const exchangeRateRepository: ExchangeRateStore = {
  ...exchangeRateReader,

  put: (tenant, rates, expectedVersion) =>
    putVersioned({ ...exchangeRatesKey(tenant, rates.currency), entity: 'exchange-rates', ...rates }, expectedVersion, `The ${rates.currency} rate table`),

  delete: (tenant, currency, expectedVersion) => deleteVersioned(exchangeRatesKey(tenant, currency), expectedVersion, `The ${currency} rate table`),
};

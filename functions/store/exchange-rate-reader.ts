import { exchangeRatesSchema, type ExchangeRates } from '../../core/model/exchange-rates.ts';
import { getEntity } from './entity-reads.ts';
import { exchangeRatesKey } from './keys.ts';
import { tenantEntities } from './query-pages.ts';

const currencies = tenantEntities('exchange-rates', exchangeRatesSchema);

/** Reading exchange rates, each currency's parsed with the domain model (a module of its own, so read-only functions get read-only rights). */
export const exchangeRateReader = {
  get: (tenant: string, currency: string): Promise<ExchangeRates | undefined> => getEntity(exchangeRatesKey(tenant, currency), exchangeRatesSchema),
  list: currencies.list,
  all: currencies.all,
};

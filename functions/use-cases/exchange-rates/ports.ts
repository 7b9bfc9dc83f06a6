import type { ExchangeRates } from '../../../core/model/exchange-rates.ts';
import type { Page } from '../ports.ts';

/** The tenant's exchange rates, one entry per currency (functions/store/exchange-rate-repository.ts in AWS; test/support/memory/exchange-rates.ts in tests). */
export interface ExchangeRateStore {
  get(tenant: string, currency: string): Promise<ExchangeRates | undefined>;
  /** A page in currency-code order; `cursor` is the store's position where the previous page stopped. */
  list(tenant: string, limit: number, cursor?: string): Promise<Page<ExchangeRates>>;
  /** Every currency's rates (a tenant has tens of currencies, not thousands). */
  all(tenant: string): Promise<ExchangeRates[]>;
  /** Writes the currency's rates if the stored version is `expectedVersion` (0: none stored yet); VersionConflictError otherwise. */
  put(tenant: string, rates: ExchangeRates, expectedVersion: number): Promise<void>;
  /** Deletes the currency's rates if the stored version is `expectedVersion`; VersionConflictError otherwise (none stored included). */
  delete(tenant: string, currency: string, expectedVersion: number): Promise<void>;
}

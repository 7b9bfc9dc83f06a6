import type { ExchangeRates } from '../../../core/model/exchange-rates.ts';
import { VersionConflictError } from '../../../functions/shared/errors.ts';
import type { ExchangeRateStore } from '../../../functions/use-cases/exchange-rates/ports.ts';

/**
 * Exchange rates in memory, with functions/store/exchange-rate-repository.ts's semantics: a put or
 * delete at another version than the stored one (0: none stored) is a VersionConflictError, lists
 * run in currency-code order (the sort key's) with the last code as position, and every currency's
 * rates go in and come out as a copy.
 */
export function memoryExchangeRates(): ExchangeRateStore {
  const tenants = new Map<string, Map<string, ExchangeRates>>();
  const of = (tenant: string) => tenants.get(tenant) ?? tenants.set(tenant, new Map()).get(tenant)!;
  const sorted = (tenant: string) => [...of(tenant).values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  const atVersion = (tenant: string, currency: string, expectedVersion: number) => {
    if ((of(tenant).get(currency)?.version ?? 0) !== expectedVersion) {
      throw new VersionConflictError(`The ${currency} rate table changed since it was read`);
    }
  };
  return {
    get: async (tenant, currency) => structuredClone(of(tenant).get(currency)),
    async list(tenant, limit, cursor) {
      const rest = sorted(tenant).filter((rates) => cursor === undefined || rates.currency > cursor);
      const items = rest.slice(0, limit).map((rates) => structuredClone(rates));
      return { items, nextCursor: rest.length > limit ? items[items.length - 1]!.currency : null };
    },
    all: async (tenant) => sorted(tenant).map((rates) => structuredClone(rates)),
    async put(tenant, rates, expectedVersion) {
      atVersion(tenant, rates.currency, expectedVersion);
      of(tenant).set(rates.currency, structuredClone(rates));
    },
    async delete(tenant, currency, expectedVersion) {
      if (!of(tenant).has(currency)) throw new VersionConflictError(`The ${currency} rate table changed since it was read`);
      atVersion(tenant, currency, expectedVersion);
      of(tenant).delete(currency);
    },
  };
}

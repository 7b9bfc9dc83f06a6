import type { ExchangeRates } from '../../../core/model/exchange-rates.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';

/** A currency's rates in the caller's tenant (every role may read them); NotFoundError when it has none. */
export async function getExchangeRates(ports: Pick<AppPorts, 'exchangeRates'>, principal: Principal, currency: string): Promise<ExchangeRates> {
  const rates = await ports.exchangeRates.get(principal.tenant, currency);
  if (!rates) throw new NotFoundError(`No exchange rates for ${currency}`);
  return rates;
}

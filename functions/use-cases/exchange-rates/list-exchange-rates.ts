import type { ExchangeRates } from '../../../core/model/exchange-rates.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts, Page } from '../ports.ts';

/** A page of the caller's tenant's currencies with their rates, in currency-code order (every role may read them). */
export async function listExchangeRates(
  ports: Pick<AppPorts, 'exchangeRates'>,
  principal: Principal,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ExchangeRates>> {
  return ports.exchangeRates.list(principal.tenant, page.limit, page.cursor);
}

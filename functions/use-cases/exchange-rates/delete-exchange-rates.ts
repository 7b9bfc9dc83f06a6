import { admins, assertRole } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertIfMatch } from '../versions.ts';
import { getExchangeRates } from './get-exchange-rates.ts';

/**
 * Deletes a currency's rates (admins only; 404 before 403) at the version read, or
 * `expectedVersion` (If-Match). Records in that currency then have no rate (`no_rate`) in metrics
 * that convert.
 */
export async function deleteExchangeRates(
  ports: Pick<AppPorts, 'exchangeRates'>,
  principal: Principal,
  input: { currency: string; expectedVersion?: number | undefined },
): Promise<void> {
  const stored = await getExchangeRates(ports, principal, input.currency);
  assertRole(principal, admins, 'delete exchange rates');
  assertIfMatch(input.expectedVersion, stored.version, `The ${stored.currency} rate table`);
  await ports.exchangeRates.delete(principal.tenant, stored.currency, stored.version);
}

import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { deleteExchangeRates } from '../../../functions/use-cases/exchange-rates/delete-exchange-rates.ts';
import { getExchangeRates } from '../../../functions/use-cases/exchange-rates/get-exchange-rates.ts';
import { listExchangeRates } from '../../../functions/use-cases/exchange-rates/list-exchange-rates.ts';
import { putExchangeRates } from '../../../functions/use-cases/exchange-rates/put-exchange-rates.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });
const admin = as('admin');

/** Ports whose tenant t-1 has rates for USD, GBP and JPY. */
async function withRates(): Promise<MemoryPorts> {
  const ports = memoryPorts();
  for (const [currency, rate] of [['USD', '0.92'], ['GBP', '1.17'], ['JPY', '0.0061']] as const) {
    await putExchangeRates(ports, admin, { currency, rates: [{ from: '2026-01-01', rate }] });
  }
  return ports;
}

describe('getExchangeRates and listExchangeRates', () => {
  it('answers NotFoundError for a currency without rates, in its own tenant or another', async () => {
    // Prepare
    const ports = await withRates();

    // Act
    const missing = getExchangeRates(ports, admin, 'CHF');
    const foreign = getExchangeRates(ports, as('member', 't-2'), 'USD');

    // Assess
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(foreign).rejects.toThrow(NotFoundError);
  });

  it('lists the currencies in code order, page by page', async () => {
    // Prepare
    const ports = await withRates();

    // Act
    const first = await listExchangeRates(ports, as('integration'), { limit: 2 });
    const second = await listExchangeRates(ports, as('integration'), { limit: 2, cursor: first.nextCursor! });

    // Assess
    expect(first.items.map((r) => r.currency)).toEqual(['GBP', 'JPY']);
    expect(second).toEqual({ items: [{ currency: 'USD', rates: [{ from: '2026-01-01', rate: '0.92' }], version: 1 }], nextCursor: null });
  });
});

describe('deleteExchangeRates', () => {
  it('deletes a currency’s rates at the version read, or the one If-Match names', async () => {
    // Prepare
    const ports = await withRates();

    // Act
    await deleteExchangeRates(ports, admin, { currency: 'USD' });
    const stale = deleteExchangeRates(ports, admin, { currency: 'GBP', expectedVersion: 2 });
    await expect(stale).rejects.toThrow(VersionConflictError);
    await deleteExchangeRates(ports, admin, { currency: 'GBP', expectedVersion: 1 });

    // Assess
    expect((await ports.exchangeRates.all('t-1')).map((r) => r.currency)).toEqual(['JPY']);
  });

  it('answers NotFoundError before ForbiddenError: a currency without rates is 404 to every role, one with rates 403 to all but admins', async () => {
    // Prepare
    const ports = await withRates();

    for (const role of ['manager', 'member', 'integration'] as const) {
      // Act
      const missing = deleteExchangeRates(ports, as(role), { currency: 'CHF' });
      const forbidden = deleteExchangeRates(ports, as(role), { currency: 'USD' });

      // Assess
      await expect(missing).rejects.toThrow(NotFoundError);
      await expect(forbidden).rejects.toThrow(ForbiddenError);
    }
    expect((await ports.exchangeRates.all('t-1')).map((r) => r.currency)).toEqual(['GBP', 'JPY', 'USD']);
  });
});

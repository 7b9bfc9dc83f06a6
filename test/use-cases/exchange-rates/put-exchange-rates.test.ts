import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { getExchangeRates } from '../../../functions/use-cases/exchange-rates/get-exchange-rates.ts';
import { putExchangeRates } from '../../../functions/use-cases/exchange-rates/put-exchange-rates.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });
const admin = as('admin');

describe('putExchangeRates', () => {
  it('stores a currency’s rates sorted by date at version 1, each rate’s text as given; every role reads them', async () => {
    // Prepare
    const ports = memoryPorts();

    // Act
    const { rates, created } = await putExchangeRates(ports, admin, {
      currency: 'USD',
      rates: [
        { from: '2026-03-01', rate: '1.0900' },
        { from: '2026-01-01', rate: '1.0825' },
        { from: '2026-02-01', rate: '0.9999999999' },
      ],
    });

    // Assess
    const expected = {
      currency: 'USD',
      rates: [
        { from: '2026-01-01', rate: '1.0825' },
        { from: '2026-02-01', rate: '0.9999999999' },
        { from: '2026-03-01', rate: '1.0900' },
      ],
      version: 1,
    };
    expect(created).toBe(true);
    expect(rates).toEqual(expected);
    for (const role of ['admin', 'manager', 'member', 'integration'] as const) {
      expect(await getExchangeRates(ports, as(role), 'USD')).toEqual(expected);
    }
  });

  it('replaces the rates at the next version; If-Match must name the stored version (0 before the first)', async () => {
    // Prepare
    const ports = memoryPorts();
    await putExchangeRates(ports, admin, { currency: 'GBP', rates: [{ from: '2026-01-01', rate: '1.17' }], expectedVersion: 0 });

    // Act
    const replaced = await putExchangeRates(ports, admin, { currency: 'GBP', rates: [{ from: '2025-07-01', rate: '1.2' }], expectedVersion: 1 });
    const stale = putExchangeRates(ports, admin, { currency: 'GBP', rates: [{ from: '2025-01-01', rate: '9' }], expectedVersion: 1 });

    // Assess
    expect(replaced).toEqual({ rates: { currency: 'GBP', rates: [{ from: '2025-07-01', rate: '1.2' }], version: 2 }, created: false });
    await expect(stale).rejects.toThrow(VersionConflictError);
    await expect(putExchangeRates(ports, admin, { currency: 'SEK', rates: [{ from: '2026-01-01', rate: '0.087' }], expectedVersion: 1 })).rejects.toThrow(VersionConflictError);
    expect((await ports.exchangeRates.all('t-1')).map((r) => [r.currency, r.version])).toEqual([['GBP', 2]]);
  });

  it('refuses rates for the default currency (worth 1 on every date) with a conflict naming the currency, following the settings', async () => {
    // Prepare
    const ports = memoryPorts();
    await ports.settings.put('t-1', { ...(await ports.settings.get('t-1')), defaultCurrency: 'USD' }, 0);

    // Act
    const refused = await putExchangeRates(ports, admin, { currency: 'USD', rates: [{ from: '2026-01-01', rate: '1' }] }).catch((error: unknown) => error);
    const euro = await putExchangeRates(ports, admin, { currency: 'EUR', rates: [{ from: '2026-01-01', rate: '1.0825' }] });

    // Assess
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).details).toEqual([{ path: 'params.currency', message: expect.stringContaining('USD is the default currency') }]);
    expect(euro.created).toBe(true);
    expect(await ports.exchangeRates.get('t-1', 'USD')).toBeUndefined();
  });

  it('lets only admins write rates, and keeps tenants apart', async () => {
    // Prepare
    const ports = memoryPorts();

    // Act
    for (const role of ['manager', 'member', 'integration'] as const) {
      await expect(putExchangeRates(ports, as(role), { currency: 'USD', rates: [{ from: '2026-01-01', rate: '1.08' }] })).rejects.toThrow(ForbiddenError);
    }
    await putExchangeRates(ports, as('admin', 't-2'), { currency: 'USD', rates: [{ from: '2026-01-01', rate: '1.08' }] });

    // Assess
    expect(await ports.exchangeRates.all('t-1')).toEqual([]);
    expect(await ports.exchangeRates.get('t-2', 'USD')).toMatchObject({ version: 1 });
  });
});

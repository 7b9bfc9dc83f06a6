/**
 * The ExchangeRateStore port's contract, proven against the DynamoDB repository (DynamoDB Local)
 * and the in-memory store the use-case tests run on, so the two cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { maxRatesPerCurrency, type ExchangeRates } from '../../core/model/exchange-rates.ts';
import { VersionConflictError } from '../../functions/shared/errors.ts';
import { exchangeRateRepository } from '../../functions/store/exchange-rate-repository.ts';
import type { ExchangeRateStore } from '../../functions/use-cases/exchange-rates/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { everyPage } from '../support/every-page.ts';
import { memoryExchangeRates } from '../support/memory/exchange-rates.ts';

const rates = (currency: string, overrides: Partial<ExchangeRates> = {}): ExchangeRates => ({
  currency,
  rates: [
    { from: '2026-01-01', rate: '1.0825' },
    { from: '2026-02-01', rate: '1.0790000001' },
  ],
  version: 1,
  ...overrides,
});

/** What the write was refused with (undefined when it was not). */
const refusal = (write: Promise<void>): Promise<unknown> => write.then(() => undefined, (error: unknown) => error);

describe.each<[string, () => ExchangeRateStore]>([
  ['DynamoDB', () => exchangeRateRepository],
  ['memory', memoryExchangeRates],
])('ExchangeRateStore (%s)', (_name, store) => {
  it('stores a currency’s rates exactly as written (decimal strings) and keeps tenants apart', async () => {
    // Prepare
    const [currencies, a, b] = [store(), uniqueTenant(), uniqueTenant()];

    // Act
    await currencies.put(a, rates('USD'), 0);

    // Assess
    expect(await currencies.get(a, 'USD')).toEqual(rates('USD'));
    expect(await currencies.get(a, 'GBP')).toBeUndefined();
    expect(await currencies.get(b, 'USD')).toBeUndefined();
    expect(await currencies.all(b)).toEqual([]);
    expect(await currencies.list(b, 10)).toEqual({ items: [], nextCursor: null });
  });

  it('writes only at the stored version: 0 for a currency without rates (VersionConflictError otherwise)', async () => {
    // Prepare
    const [currencies, tenant] = [store(), uniqueTenant()];
    await currencies.put(tenant, rates('USD'), 0);

    // Act
    const again = await refusal(currencies.put(tenant, rates('USD', { rates: [{ from: '2026-03-01', rate: '2' }] }), 0));
    const unknown = await refusal(currencies.put(tenant, rates('GBP', { version: 3 }), 2));
    await currencies.put(tenant, rates('USD', { rates: [{ from: '2025-12-01', rate: '0.5' }], version: 2 }), 1);
    const stale = await refusal(currencies.put(tenant, rates('USD', { version: 2 }), 1));

    // Assess
    expect([again, unknown, stale]).toEqual([expect.any(VersionConflictError), expect.any(VersionConflictError), expect.any(VersionConflictError)]);
    expect(await currencies.get(tenant, 'USD')).toEqual(rates('USD', { rates: [{ from: '2025-12-01', rate: '0.5' }], version: 2 }));
    expect(await currencies.get(tenant, 'GBP')).toBeUndefined();
  });

  it('deletes only at the stored version (VersionConflictError otherwise, or when there is none)', async () => {
    // Prepare
    const [currencies, tenant] = [store(), uniqueTenant()];
    await currencies.put(tenant, rates('JPY'), 0);
    await currencies.put(tenant, rates('JPY', { version: 2 }), 1);

    // Act
    const stale = await refusal(currencies.delete(tenant, 'JPY', 1));
    const none = await refusal(currencies.delete(tenant, 'SEK', 1));

    // Assess
    expect([stale, none]).toEqual([expect.any(VersionConflictError), expect.any(VersionConflictError)]);
    expect(await currencies.get(tenant, 'JPY')).toEqual(rates('JPY', { version: 2 }));
    await currencies.delete(tenant, 'JPY', 2);
    expect(await currencies.get(tenant, 'JPY')).toBeUndefined();
  });

  it('lists in currency-code order, page by page, every currency exactly once; all() reads them whole', async () => {
    // Prepare
    const [currencies, tenant] = [store(), uniqueTenant()];
    const codes = ['USD', 'CHF', 'SEK', 'GBP', 'JPY'];
    for (const code of codes) await currencies.put(tenant, rates(code), 0);

    // Act
    const { items, pages } = await everyPage((limit, cursor) => currencies.list(tenant, limit, cursor), 2);

    // Assess
    expect(items.map((r) => r.currency)).toEqual([...codes].sort());
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items[0]).toEqual(rates('CHF'));
    expect((await currencies.all(tenant)).map((r) => r.currency)).toEqual([...codes].sort());
  });

  it('holds the most rates a currency may have, each of the longest form, in one item', async () => {
    // Prepare
    const [currencies, tenant] = [store(), uniqueTenant()];
    const start = Date.UTC(1990, 0, 1);
    const many = Array.from({ length: maxRatesPerCurrency }, (_, i) => ({
      from: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      rate: `${String(100_000_000_000 + i)}.${String(i).padStart(10, '9')}`,
    }));

    // Act
    await currencies.put(tenant, rates('IDR', { rates: many }), 0);

    // Assess
    expect(await currencies.get(tenant, 'IDR')).toEqual(rates('IDR', { rates: many }));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { manualClock } from '../support/manual-clock.ts';

// Multi-currency (API.md, Exchange rates): a EUR tenant in Europe/Oslo whose revenue metric converts
// deals in USD, GBP and JPY at the rate of their local close date, rounded once half to even, then
// split. Rollups run in this process on a clock standing still on 15 August 2026.

let api: TestApi;
let admin: ApiClient;

const year = { start: '2026-01-01', end: '2026-12-31' };
const deal = (id: string, amount: string, currency: string, closedAt: string, more: Record<string, unknown> = {}) => ({
  recordType: 'deal', id, ownerId: 'ann', updatedAt: '2026-08-01T00:00:00Z', status: 'won', amount, currency, closedAt, ...more,
});

async function must(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`setup failed with ${status}: ${JSON.stringify(body)}`);
}

async function fullRun(): Promise<string> {
  const trigger = await admin.post('/rollups', {});
  expect((await admin.get(`/rollups/${trigger.body.runId}`)).body.status).toBe('succeeded');
  return trigger.body.runId;
}

const actualOf = async (goalId: string) => (await admin.get(`/goals/${goalId}/progress`)).body.actual;

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups({ overrides: { clock: manualClock(Date.UTC(2026, 7, 15, 12)) } }) });
  admin = await api.as('admin');
  await must(admin.put('/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR' }));
  await must(admin.put('/units/org', { name: 'Org', kind: 'organization' }));
  for (const id of ['ann', 'bob']) await must(admin.put(`/users/${id}`, { name: id, role: 'member', memberships: [{ unitId: 'org' }] }));
  // USD has no rate before February; from July it is worth less.
  await must(admin.put('/exchange-rates/USD', { rates: [{ from: '2026-02-01', rate: '0.92' }, { from: '2026-07-01', rate: '0.9' }] }));
  await must(admin.put('/exchange-rates/GBP', { rates: [{ from: '2026-01-01', rate: '1.15' }] }));
  await must(admin.put('/exchange-rates/JPY', { rates: [{ from: '2026-01-01', rate: '0.0061' }] }));
  await must(admin.post('/metrics', { template: 'revenue', id: 'rev', currency: 'EUR', currencyMode: 'convert' }));
  await must(admin.post('/metrics', { template: 'revenue', id: 'rev-only', name: 'Revenue (EUR only)', currency: 'EUR' }));
  for (const [id, owner, metricId] of [['ann-y', { type: 'user', id: 'ann' }, 'rev'], ['bob-y', { type: 'user', id: 'bob' }, 'rev'], ['org-y', { type: 'organization', id: 'org' }, 'rev'], ['org-only', { type: 'organization', id: 'org' }, 'rev-only']] as const) {
    await must(admin.post('/goals', { id, name: id, metricId, owner, period: year, target: '10000.00' }));
  }
  await must(
    admin.post('/records/batch', {
      records: [
        deal('usd-june', '1000.00', 'USD', '2026-06-15T12:00:00Z'), // 920.00
        deal('usd-oslo', '1000.00', 'USD', '2026-06-30T22:30:00Z'), // 00:30 on 1 July in Oslo: the July rate, 900.00
        deal('gbp', '100.00', 'GBP', '2026-03-01T12:00:00Z'), // 115.00
        deal('jpy', '123456', 'JPY', '2026-04-01T12:00:00Z'), // 753.0816 → 753.08
        deal('eur', '50.00', 'EUR', '2026-05-01T12:00:00Z'), // 50.00
        deal('usd-jan', '10.00', 'USD', '2026-01-15T12:00:00Z'), // no USD rate in January: no_rate
        deal('chf', '10.00', 'CHF', '2026-05-05T12:00:00Z'), // no CHF rate at all: no_rate
        // 100.01 USD × 0.92 = 92.0092 → 92.01, then split: 46.01 to ann, 46.00 to bob.
        deal('split', '100.01', 'USD', '2026-06-10T12:00:00Z', { splits: [{ ownerId: 'ann', percent: '50' }, { ownerId: 'bob', percent: '50' }] }),
      ],
    }),
  );
}, 120_000);
afterAll(async () => api?.close());

describe('a converting money metric', () => {
  let runId: string;

  it('sums deals in USD, GBP, JPY and EUR in the metric currency, each at the rate of its local close date', async () => {
    runId = await fullRun();
    // 920.00 + 900.00 + 115.00 + 753.08 + 50.00 = 2738.08, plus ann's 46.01 of the split deal.
    expect(await actualOf('ann-y')).toBe('2784.09');
    expect(await actualOf('bob-y')).toBe('46.00');
    // The organization counts the split deal once, whole: 2738.08 + 92.01.
    expect(await actualOf('org-y')).toBe('2830.09');
    // The same deals under "only": just the EUR one, the others skipped for their currency.
    expect(await actualOf('org-only')).toBe('50.00');
  });

  it('skips a record with no rate for its date (no_rate) and lists it with the run', async () => {
    const { items } = (await admin.get(`/rollups/${runId}/skipped?limit=50`)).body;
    const noRate = items.filter((item: { reason: string }) => item.reason === 'no_rate');
    expect(noRate).toEqual([
      { recordType: 'deal', id: 'chf', reason: 'no_rate', detail: 'no exchange rate for CHF into EUR on 2026-05-05', metricId: 'rev', goalIds: ['ann-y', 'org-y'] },
      { recordType: 'deal', id: 'usd-jan', reason: 'no_rate', detail: 'no exchange rate for USD into EUR on 2026-01-15', metricId: 'rev', goalIds: ['ann-y', 'org-y'] },
    ]);
    expect((await admin.get('/goals/org-y/progress')).body.skippedRecords).toBe(2);
  });

  it('previews with the same conversion', async () => {
    const preview = await admin.post('/metrics/rev/preview', { owner: { type: 'user', id: 'ann' }, period: year });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ actual: '2784.09', skippedRecords: 2 });
  });

  it('warns when a record is written that no rate covers (no_rate), and not when one does', async () => {
    const chf = await admin.put('/records/deal/chf-2', { ownerId: 'ann', updatedAt: '2026-08-01T00:00:00Z', status: 'won', amount: '5.00', currency: 'CHF', closedAt: '2026-05-06T12:00:00Z' });
    expect(chf.status).toBe(201);
    expect(chf.body.warnings).toEqual([{ code: 'no_rate', message: expect.stringContaining('No exchange rate for CHF into EUR on 2026-05-06'), field: 'currency', metricId: 'rev' }]);
    const usd = await admin.put('/records/deal/usd-2', { ownerId: 'ann', updatedAt: '2026-08-01T00:00:00Z', status: 'lost', amount: '5.00', currency: 'USD', closedAt: '2026-05-06T12:00:00Z' });
    expect(usd.body.warnings).toBeUndefined();
  });

  it('moves the results when a rate changes', async () => {
    const current = await admin.get('/exchange-rates/USD');
    await must(admin.put('/exchange-rates/USD', { rates: [{ from: '2026-01-01', rate: '0.92' }, { from: '2026-07-01', rate: '0.8' }] }, { 'if-match': `"${current.body.version}"` }));
    await fullRun();
    // usd-oslo now at 0.8 (800.00); usd-jan now has a rate (9.20): 2784.09 − 100.00 + 9.20.
    expect(await actualOf('ann-y')).toBe('2693.29');
  });
});

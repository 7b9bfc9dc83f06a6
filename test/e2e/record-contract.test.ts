import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Condition } from '../../core/queries/condition.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { manualClock } from '../support/manual-clock.ts';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';

// What API.md's records section states where the rest of the contract left it open: conditions on
// a missing field, a record without `currency`, the same id twice in one batch.

let api: TestApi;
// Runs go in this process (the trigger answers when the run is over), on a clock that stands still on 15 June 2026: no test here depends on today.
const ports = inProcessRollups({ overrides: { clock: manualClock(Date.UTC(2026, 5, 15, 12)) } });

beforeAll(async () => {
  api = await startTestApi({ ports });
});
afterAll(() => api.close());

const freshAdmin = (): Promise<ApiClient> => api.as('admin', { tenant: uniqueTenant('contract') });

/** A full run; the in-process dispatcher answers the trigger once the run is over. */
async function rollup(client: ApiClient) {
  const trigger = await client.post('/rollups');
  expect(trigger.status).toBe(202);
  expect((await client.get(`/rollups/${trigger.body.runId}`)).body.status).toBe('succeeded');
}

describe('conditions on a field the record lacks', () => {
  const ops: [string, Condition, boolean][] = [
    ['eq', { field: 'zone', op: 'eq', value: 'south' }, false],
    ['ne', { field: 'zone', op: 'ne', value: 'north' }, true],
    ['ne (a number)', { field: 'minutes', op: 'ne', value: 5 }, true],
    ['ne (a date)', { field: 'startedAt', op: 'ne', value: '2026-03-01' }, true],
    ['in', { field: 'zone', op: 'in', value: ['south', 'west'] }, false],
    ['nin', { field: 'zone', op: 'nin', value: ['north'] }, true],
    ['gt', { field: 'minutes', op: 'gt', value: 1 }, false],
    ['gte', { field: 'minutes', op: 'gte', value: 1 }, false],
    ['lt', { field: 'minutes', op: 'lt', value: 10 }, false],
    ['lte', { field: 'minutes', op: 'lte', value: 10 }, false],
    ['contains', { field: 'zone', op: 'contains', value: 'o' }, false],
  ];

  it.each(ops)('%s: a record without the field matches only ne and nin (through a metric preview)', async (_op, where, matchesWithout) => {
    // Prepare: one call has the fields (and matches every condition), one lacks them.
    const admin = await freshAdmin();
    expect((await admin.put('/units/org', { name: 'Org', kind: 'organization' })).status).toBe(201);
    const at = '2026-03-10T09:00:00Z';
    const batch = await admin.post('/records/batch', {
      records: [
        { recordType: 'activity', id: 'with', ownerId: 'ann', updatedAt: at, type: 'call', occurredAt: at, zone: 'south', minutes: 3, startedAt: '2026-03-02' },
        { recordType: 'activity', id: 'without', ownerId: 'ann', updatedAt: at, type: 'call', occurredAt: at },
      ],
    });
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);

    // Act
    const preview = await admin.post('/metrics/preview', {
      metric: { name: 'Calls', kind: 'count', dataType: 'integer', recordType: 'activity', dateField: 'occurredAt', actual: { where } },
      owner: { type: 'organization', id: 'org' },
      period: { start: '2026-03-01', end: '2026-03-31' },
    });

    // Assess
    expect(preview.status).toBe(200);
    expect([...preview.body.recordIds].sort()).toEqual(matchesWithout ? ['with', 'without'] : ['with']);
  });
});

describe('a record without currency', () => {
  it("counts as the tenant's defaultCurrency in a goal's values, and follows a change of it", async () => {
    // Prepare
    const admin = await freshAdmin();
    const puts: [string, unknown][] = [
      ['/settings', { timezone: 'UTC', defaultCurrency: 'USD', stopRollupDaysAfterEnd: 3650 }],
      ['/units/org', { name: 'Org', kind: 'organization' }],
      ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] }],
    ];
    for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
    for (const currency of ['USD', 'EUR']) {
      expect((await admin.post('/metrics', { template: 'revenue', currency, id: `rev-${currency}` })).status).toBe(201);
    }
    const deal = (id: string, amount: string, currency?: string) => ({
      recordType: 'deal', id, ownerId: 'ann', updatedAt: '2026-03-10T09:00:00Z', status: 'won', amount, closedAt: '2026-03-10T09:00:00Z',
      ...(currency ? { currency } : {}),
    });
    const batch = await admin.post('/records/batch', { records: [deal('none', '100.00'), deal('usd', '20.00', 'USD'), deal('eur', '7.00', 'EUR')] });
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201]);
    for (const currency of ['USD', 'EUR']) {
      const goal = await admin.post('/goals', {
        id: `ann-${currency}`, name: currency, metricId: `rev-${currency}`, owner: { type: 'user', id: 'ann' },
        period: { start: '2026-01-01', end: '2026-03-31' }, target: '1000',
      });
      expect(goal.status).toBe(201);
    }
    const actuals = async () => ({
      USD: (await admin.get('/goals/ann-USD/progress')).body.actual,
      EUR: (await admin.get('/goals/ann-EUR/progress')).body.actual,
    });

    // Act
    await rollup(admin);
    const inDollars = await actuals();
    expect((await admin.put('/settings', { timezone: 'UTC', defaultCurrency: 'EUR', stopRollupDaysAfterEnd: 3650 })).status).toBe(200);
    await rollup(admin);
    const inEuros = await actuals();

    // Assess
    expect(inDollars).toEqual({ USD: '120.00', EUR: '7.00' });
    expect(inEuros).toEqual({ USD: '20.00', EUR: '107.00' });
  });
});

describe('the same id twice in one batch', () => {
  const deal = (updatedAt: string, status: string) => ({ recordType: 'deal', id: 'd-1', ownerId: 'ann', updatedAt, status, amount: '10.00' });

  it("is applied in the batch's order, and each entry's answer says what happened to it", async () => {
    // Prepare
    const admin = await freshAdmin();

    // Act
    const response = await admin.post('/records/batch', {
      records: [
        deal('2026-03-01T10:00:00Z', 'open'),
        deal('2026-03-02T10:00:00Z', 'won'),
        deal('2026-03-01T12:00:00Z', 'lost'),
        deal('2026-03-02T10:00:00Z', 'won'),
        { recordType: 'deal', id: 'd-2', ownerId: 'ann', updatedAt: '2026-03-01T10:00:00Z' },
      ],
    });

    // Assess: created, then updated by a newer version, an older one after the newer ignored, the
    // same version again applied again (a redelivery is harmless).
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { recordType: 'deal', id: 'd-1', status: 201, applied: true },
      { recordType: 'deal', id: 'd-1', status: 200, applied: true },
      { recordType: 'deal', id: 'd-1', status: 200, applied: false },
      { recordType: 'deal', id: 'd-1', status: 200, applied: true },
      { recordType: 'deal', id: 'd-2', status: 201, applied: true },
    ]);
    expect((await admin.get('/records/deal/d-1')).body).toMatchObject({ status: 'won', updatedAt: '2026-03-02T10:00:00Z' });
  });

  it('answers every time from what the entries before it left, a stored record included', async () => {
    // Prepare: d-1 is stored at noon on 1 March.
    const admin = await freshAdmin();
    expect((await admin.put('/records/deal/d-1', { ownerId: 'ann', updatedAt: '2026-03-01T12:00:00Z', status: 'open' })).status).toBe(201);

    // Act: older than the stored one, then newer, then older than that one but newer than the stored one.
    const response = await admin.post('/records/batch', {
      records: [deal('2026-03-01T11:00:00Z', 'lost'), deal('2026-03-03T00:00:00Z', 'won'), deal('2026-03-02T00:00:00Z', 'open')],
    });

    // Assess
    expect(response.body.results.map((r: { status: number; applied: boolean }) => [r.status, r.applied])).toEqual([
      [200, false],
      [200, true],
      [200, false],
    ]);
    expect((await admin.get('/records/deal/d-1')).body).toMatchObject({ status: 'won', updatedAt: '2026-03-03T00:00:00Z' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';
import { expectError, listAll, snapshot } from './expect-api.ts';

/**
 * What DynamoDB cannot store or write at once never reaches it: numbers it cannot hold, instants
 * that do not exist, schedules that never fire and child goals over a transaction's 4 MB answer
 * 400 naming the field, and change nothing (before: 500 "Number underflow", 500 on the 4 MB
 * transaction, and 200 for the instants and the schedule).
 */

let api: TestApi;
let admin: ApiClient;

const record = { ownerId: 'ann', updatedAt: '2026-01-01T00:00:00Z', status: 'won' };
const goal = { metricId: 'won', owner: { type: 'organization', id: 'org' }, period: { start: '2026-01-01', end: '2026-12-31' }, target: '1200.00' };
const sum = (targets: string[]) => targets.reduce((total, t) => total + BigInt(t.replace('.', '')), 0n);

/** Everything a refused write could have touched, as a reader sees it. */
const watched = ['/settings', '/records/deal/d-1', '/metrics?limit=500', '/goals?limit=500', '/goals/g1', '/metrics/won'];

/** Reads what `watched` shows now; the function it returns asserts that nothing of it changed since. */
async function watchState(): Promise<() => Promise<void>> {
  const before = await Promise.all(watched.map((path) => snapshot(admin, path)));
  return async () => expect(await Promise.all(watched.map((path) => snapshot(admin, path)))).toEqual(before);
}

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.as('admin');
  const puts: [string, unknown][] = [
    ['/units/org', { name: 'Acme', kind: 'organization' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [] }],
    ['/records/deal/d-1', { ...record, amount: 12.5 }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'won' })).status).toBe(201);
  expect((await admin.post('/goals', { id: 'g1', name: 'FY', ...goal })).status).toBe(201);
});
afterAll(() => api.close());

interface Case {
  name: string;
  method: string;
  path: string;
  body: (value: unknown) => unknown;
  /** The `details[].path` naming the value. */
  detail: string;
}

const metricDefinition = { name: 'Big deals', kind: 'count', dataType: 'integer', recordType: 'deal', dateField: 'closedAt' };

/** Every place a request takes a JSON number. */
const numberCases: Case[] = [
  { name: 'a record field', method: 'PUT', path: '/records/deal/d-1', body: (v) => ({ ...record, amount: v }), detail: 'body.amount' },
  { name: 'settings paceTolerancePercent', method: 'PUT', path: '/settings', body: (v) => ({ paceTolerancePercent: v }), detail: 'body.paceTolerancePercent' },
  { name: 'a metric actual where', method: 'POST', path: '/metrics', body: (v) => ({ ...metricDefinition, actual: { where: { field: 'amount', op: 'gt', value: v } } }), detail: 'body.actual.where.value' },
  { name: 'a metric inProgress where list', method: 'POST', path: '/metrics', body: (v) => ({ ...metricDefinition, inProgress: { where: { field: 'amount', op: 'in', value: [1, v] } } }), detail: 'body.inProgress.where.value.1' },
  { name: 'a metric custom where tree', method: 'POST', path: '/metrics', body: (v) => ({ ...metricDefinition, custom: { where: { all: [{ field: 'status', op: 'eq', value: 'won' }, { not: { field: 'amount', op: 'lte', value: v } }] } } }), detail: 'body.custom.where.all.1.not.value' },
  { name: 'a metric patch', method: 'PATCH', path: '/metrics/won', body: (v) => ({ actual: { where: { field: 'amount', op: 'gte', value: v } } }), detail: 'body.actual.where.value' },
  { name: 'a goal filter', method: 'POST', path: '/goals', body: (v) => ({ name: 'Filtered', ...goal, filter: { field: 'amount', op: 'gt', value: v } }), detail: 'body.filter.value' },
  { name: 'a goal filter patch', method: 'PATCH', path: '/goals/g1', body: (v) => ({ filter: { field: 'amount', op: 'eq', value: v } }), detail: 'body.filter.value' },
  { name: 'a goal target', method: 'POST', path: '/goals', body: (v) => ({ name: 'Tiny', ...goal, target: v }), detail: 'body.target' },
  { name: 'a goal bonus', method: 'POST', path: '/goals', body: (v) => ({ name: 'Bonus', ...goal, bonus: { amount: v, currency: 'EUR' } }), detail: 'body.bonus.amount' },
  { name: 'a cascade weight', method: 'POST', path: '/goals/g1/cascade', body: (v) => ({ method: 'weighted', assignees: [{ owner: { type: 'user', id: 'ann' }, weight: v }] }), detail: 'body.assignees.0.weight' },
  { name: 'a period weight', method: 'POST', path: '/goals/g1/periods', body: (v) => ({ granularity: 'quarter', method: 'custom', weights: [v, 1, 1, 1] }), detail: 'body.weights.0' },
];

describe('numbers DynamoDB cannot store', () => {
  for (const value of [1e-300, -5e-324, 9.99e-131]) {
    it.each(numberCases)(`answers 400 validation_failed to ${value} in $name`, async ({ method, path, body, detail }) => {
      // Prepare
      const expectNothingChanged = await watchState();

      // Act
      const response = await admin.request(method, path, body(value));

      // Assess
      expectError(response, 400, 'validation_failed');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(detail);
      await expectNothingChanged();
    });
  }

  it('answers 400 for such a number in a batch entry and still writes the good entries', async () => {
    // Act
    const response = await admin.post('/records/batch', {
      records: [
        { recordType: 'deal', id: 'b-1', ...record, amount: 1e-300 },
        { recordType: 'deal', id: 'b-2', ...record, amount: -5e-324 },
        { recordType: 'deal', id: 'b-3', ...record, amount: 1e-130 },
      ],
    });

    // Assess
    expect(response.status).toBe(200);
    const [first, second, third] = response.body.results;
    for (const [result, index] of [[first, 0], [second, 1]] as const) {
      expect(result).toMatchObject({ status: 400, error: { code: 'validation_failed' } });
      expect(result.error.details.map((d: { path: string }) => d.path)).toContain(`body.records.${index}.amount`);
    }
    expect(third).toMatchObject({ status: 201, applied: true });
    expect((await admin.get('/records/deal/b-1')).status).toBe(404);
    expect((await admin.get('/records/deal/b-3')).body.amount).toBe(1e-130);
  });

  it('stores the smallest magnitudes DynamoDB takes, and 0', async () => {
    // Prepare
    const pace = (await admin.get('/settings')).body.paceTolerancePercent as number;

    // Act
    const tiny = await admin.put('/records/deal/tiny', { ...record, amount: -1e-130, zero: 0 });
    const settings = await admin.put('/settings', { paceTolerancePercent: 1e-130 });
    const metric = await admin.post('/metrics', { ...metricDefinition, id: 'tiny', actual: { where: { field: 'amount', op: 'gt', value: 1e-130 } } });

    // Assess
    expect(tiny.status).toBe(201);
    expect((await admin.get('/records/deal/tiny')).body).toMatchObject({ amount: -1e-130, zero: 0 });
    expect(settings.status).toBe(200);
    expect(settings.body.paceTolerancePercent).toBe(1e-130);
    expect(metric.status).toBe(201);
    expect(metric.body.actual.where.value).toBe(1e-130);
    expect((await admin.put('/settings', { paceTolerancePercent: pace })).status).toBe(200);
    expect((await admin.delete('/metrics/tiny')).status).toBe(204);
  });
});

describe('instants that do not exist', () => {
  const impossible = ['2026-03-01T24:00:00Z', '2026-03-01T10:00:00+25:00', '2026-03-01T10:00:00-18:30', '2026-03-01T10:00:00+1801', '0000-03-01T10:00:00Z'];

  it.each(impossible)('answers 400 validation_failed to updatedAt %s, in a PUT and in a batch entry', async (instant) => {
    // Prepare
    const expectNothingChanged = await watchState();

    // Act
    const put = await admin.put('/records/deal/d-1', { ...record, updatedAt: instant });
    const batch = await admin.post('/records/batch', { records: [{ recordType: 'deal', id: 'd-1', ...record, updatedAt: instant }] });

    // Assess
    expectError(put, 400, 'validation_failed', { paths: ['body.updatedAt'] });
    expect(batch.body.results[0]).toMatchObject({ status: 400, error: { code: 'validation_failed', details: [{ path: 'body.records.0.updatedAt' }] } });
    await expectNothingChanged();
  });

  it.each(['2026-03-01T10:00:00+18:00', '2026-03-01T10:00:00-1800', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999+14:00'].map((instant, i) => [instant, `edge-${i}`]))(
    'accepts updatedAt %s at the edges',
    async (instant, id) => {
      // Act
      const response = await admin.put(`/records/deal/${id}`, { ...record, updatedAt: instant });

      // Assess
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ updatedAt: instant, applied: true });
    },
  );
});

describe('schedules that never fire', () => {
  it.each([
    ['0 0 31 2 *', 'February has no day 31'],
    ['30 6 30,31 2 *', 'February has no day 30 or 31'],
    ['0 2 31 4,6,9,11 *', 'April, June, September and November have no day 31'],
  ])('answers 400 validation_failed to rollupSchedule %s, saying it never fires', async (rollupSchedule, reason) => {
    // Prepare
    const expectNothingChanged = await watchState();

    // Act
    const response = await admin.put('/settings', { rollupSchedule });

    // Assess
    expectError(response, 400, 'validation_failed', { paths: ['body.rollupSchedule'] });
    expect(response.body.error.details[0].message).toBe(`The schedule "${rollupSchedule}" never fires: ${reason}`);
    await expectNothingChanged();
  });

  it('accepts 29 February, which comes in leap years', async () => {
    // Prepare
    const schedule = (await admin.get('/settings')).body.rollupSchedule as string;

    // Act
    const response = await admin.put('/settings', { rollupSchedule: '0 3 29 2 *' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.rollupSchedule).toBe('0 3 29 2 *');
    expect((await admin.put('/settings', { rollupSchedule: schedule })).status).toBe(200);
  });
});

describe('child goals over what one DynamoDB transaction writes', () => {
  /** A filter of about 200 KB: two lists of 100 values of 1,000 characters (within the condition limits). */
  const bigFilter = {
    any: ['zone', 'region'].map((field) => ({ field, op: 'in', value: Array.from({ length: 100 }, (_, i) => `${field}-${i}-`.padEnd(1000, 'z')) })),
  };
  const users = Array.from({ length: 25 }, (_, i) => `rep-${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    for (const id of users) expect((await admin.put(`/users/${id}`, { name: id, role: 'member', memberships: [] })).status).toBe(201);
    const created = await admin.post('/goals', { id: 'wide', name: 'Wide filter', ...goal, filter: bigFilter });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body.filter).length).toBeGreaterThan(200_000);
  });

  const children = async (parentId: string) => (await listAll(admin, `/goals?parentId=${parentId}`, 500)).items;

  it('refuses 53 weekly children of a goal with a 200 KB filter (10 MB) with 400, writing none', async () => {
    // Act
    const response = await admin.post('/goals/wide/periods', { granularity: 'week', method: 'equal' });

    // Assess
    expectError(response, 400, 'validation_failed', { paths: ['body.granularity'] });
    expect(response.body.error.message).toMatch(/^The 53 child goals would take 10\.\d MB .*at most 4\.0 MB/);
    expect(await children('wide')).toEqual([]);
  });

  it('refuses a 25-assignee cascade of that goal (5 MB) with 400, writing none', async () => {
    // Act
    const response = await admin.post('/goals/wide/cascade', { method: 'equal', assignees: users.map((id) => ({ owner: { type: 'user', id } })) });

    // Assess
    expectError(response, 400, 'validation_failed', { paths: ['body.assignees'] });
    expect(response.body.error.message).toMatch(/^The 25 child goals would take 5\.\d MB/);
    expect(await children('wide')).toEqual([]);
  });

  it('writes the 12 monthly children of that goal (2.6 MB) in one transaction', async () => {
    // Act
    const response = await admin.post('/goals/wide/periods', { granularity: 'month', method: 'equal' });

    // Assess
    expect(response.status).toBe(200);
    const stored = await children('wide');
    expect(stored).toHaveLength(12);
    expect(sum(stored.map((c: { target: string }) => c.target))).toBe(120000n);
    expect(stored.every((c: { filter: unknown }) => JSON.stringify(c.filter) === JSON.stringify(bigFilter))).toBe(true);
  });

  it('writes 157 weekly children of a three-year goal (over 100 actions) all together', async () => {
    // Prepare
    expect((await admin.post('/goals', { id: 'long', name: 'Three years', ...goal, period: { start: '2026-01-01', end: '2028-12-31' } })).status).toBe(201);

    // Act
    const response = await admin.post('/goals/long/periods', { granularity: 'week', method: 'equal' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(157);
    const stored = await children('long');
    expect(stored).toHaveLength(157);
    expect(sum(stored.map((c: { target: string }) => c.target))).toBe(120000n);
  });
});

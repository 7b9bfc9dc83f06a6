import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb, tableName } from '../../functions/store/client.ts';
import { recordItem } from '../../functions/store/record-repository.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { manualClock } from '../support/manual-clock.ts';
import { expectError } from './expect-api.ts';

// GET /rollups/{runId}/skipped (API.md, Rollups): the records a full run skipped and why, one API
// test per reason through a real run — records written, a run, then the list. The rollups run in
// this process and end before POST /rollups answers; the clock stands still mid-April 2026, a
// fortnight after Q1 ended, and the API keeps at most 5 skipped records a run (the cap, small).

const listLimit = 5;
let api: TestApi;
let admin: ApiClient;
let runId: string;

const q1 = { start: '2026-01-01', end: '2026-03-31' };
const inQ1 = '2026-02-10T12:00:00+01:00';
const deal = (id: string, ownerId: string, fields: Record<string, unknown>) => ({
  recordType: 'deal', id, ownerId, updatedAt: inQ1, status: 'won', amount: '100.00', currency: 'EUR', closedAt: inQ1, ...fields,
});

async function must(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`setup failed with ${status}: ${JSON.stringify(body)}`);
}

/** A tenant with a EUR revenue metric, goals for ann and the organization over Q1, and ann and bob in one team. */
async function setUpTenant(client: ApiClient): Promise<void> {
  await must(client.put('/settings', { timezone: 'Europe/Oslo', defaultCurrency: 'EUR' }));
  await must(client.put('/units/org', { name: 'Org', kind: 'organization' }));
  await must(client.put('/units/team', { name: 'Team', kind: 'team', parentId: 'org' }));
  for (const id of ['ann', 'bob']) await must(client.put(`/users/${id}`, { name: id, role: 'member', memberships: [{ unitId: 'team' }] }));
  await must(client.post('/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' }));
  await must(client.post('/goals', { id: 'ann-q1', name: 'Ann Q1', metricId: 'rev', owner: { type: 'user', id: 'ann' }, period: q1, target: '1000.00' }));
  await must(client.post('/goals', { id: 'org-q1', name: 'Org Q1', metricId: 'rev', owner: { type: 'organization', id: 'org' }, period: q1, target: '5000.00' }));
}

/** Runs a full rollup and answers the run as it ended. */
async function fullRun(client: ApiClient): Promise<Record<string, any>> {
  const trigger = await client.post('/rollups', {});
  expect(trigger.status).toBe(202);
  const run = await client.get(`/rollups/${trigger.body.runId}`);
  expect(run.body.status).toBe('succeeded');
  return run.body;
}

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups({ overrides: { clock: manualClock(Date.UTC(2026, 3, 15, 12)), skippedListLimit: listLimit } }) });
  admin = await api.as('admin');
  await setUpTenant(admin);
  const batch = await admin.post('/records/batch', {
    records: [
      deal('good', 'ann', {}),
      deal('usd', 'ann', { currency: 'USD' }),
      deal('comma', 'bob', { amount: '12,5' }),
      // Its close date cannot be read; the run finds it by its expected close date.
      deal('us-date', 'ann', { closedAt: '02/10/2026', expectedCloseAt: inQ1 }),
      // No close date at all: in no period, neither counted nor skipped.
      deal('no-date', 'ann', { closedAt: undefined, expectedCloseAt: inQ1 }),
    ],
  });
  expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201, 201, 201]);
  // Splits that do not add up to 100 are refused by the API: this record was written around it.
  const split = { recordType: 'deal', id: 'split', ownerId: 'ann', updatedAt: inQ1, splits: [{ ownerId: 'ann', percent: '60' }, { ownerId: 'bob', percent: '30' }], fields: { status: 'won', amount: '10.00', currency: 'EUR', closedAt: inQ1 } };
  await ddb().send(new PutCommand({ TableName: tableName(), Item: { ...recordItem(admin.tenant, split), rev: 1 } }));
  runId = (await fullRun(admin)).runId;
}, 120_000);
afterAll(async () => api?.close());

describe('a full run’s skipped records', () => {
  it('are counted and listed in the run', async () => {
    const run = (await admin.get(`/rollups/${runId}`)).body;
    expect(run).toMatchObject({ status: 'succeeded', recordsRead: 6, skippedRecords: 4, skippedRecordsListed: 4, skippedRecordsTruncated: false });
  });

  it('are listed with each reason, a detail, the metric and the goals they would have counted for', async () => {
    const response = await admin.get(`/rollups/${runId}/skipped`);
    expect(response.status).toBe(200);
    const byId = new Map(response.body.items.map((item: { id: string }) => [item.id, item]));
    expect(byId.get('usd')).toEqual({ recordType: 'deal', id: 'usd', reason: 'currency', detail: 'currency USD, metric wants EUR', metricId: 'rev', goalIds: ['ann-q1', 'org-q1'] });
    expect(byId.get('comma')).toEqual({ recordType: 'deal', id: 'comma', reason: 'bad_value', detail: 'amount "12,5" is not a decimal number', metricId: 'rev', goalIds: ['org-q1'] });
    expect(byId.get('us-date')).toEqual({ recordType: 'deal', id: 'us-date', reason: 'bad_date', detail: 'closedAt "02/10/2026" is not a date', metricId: 'rev', goalIds: [] });
    expect(byId.get('split')).toEqual({ recordType: 'deal', id: 'split', reason: 'bad_splits', detail: 'split percents add up to 90, not 100', metricId: 'rev', goalIds: ['ann-q1', 'org-q1'] });
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(['comma', 'split', 'us-date', 'usd']);
    expect(response.body.nextCursor).toBeNull();
  });

  it('leave out a record without a date: it belongs to no period', async () => {
    const { items } = (await admin.get(`/rollups/${runId}/skipped`)).body;
    expect(items.map((item: { id: string }) => item.id)).not.toContain('no-date');
    expect((await admin.get('/goals/ann-q1/progress')).body).toMatchObject({ actual: '100.00', skippedRecords: 2 });
    expect((await admin.get('/goals/org-q1/progress')).body).toMatchObject({ actual: '100.00', skippedRecords: 3 });
  });

  it('are listed a page at a time, a cursor serving only its own run', async () => {
    const first = await admin.get(`/rollups/${runId}/skipped?limit=3`);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual(['comma', 'split', 'us-date']);
    const second = await admin.get(`/rollups/${runId}/skipped?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ items: [{ id: 'usd' }], nextCursor: null });
    const otherRun = (await fullRun(admin)).runId;
    expectError(await admin.get(`/rollups/${otherRun}/skipped?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`), 400, 'validation_failed');
  });

  it('are read by admins and integrations; others get 403, an unknown run 404', async () => {
    const integration = await api.as('integration');
    expect((await integration.get(`/rollups/${runId}/skipped`)).body.items).toHaveLength(4);
    for (const role of ['manager', 'member'] as const) expectError(await (await api.as(role)).get(`/rollups/${runId}/skipped`), 403, 'forbidden');
    expectError(await admin.get('/rollups/no-such-run/skipped'), 404, 'not_found');
    expectError(await (await api.as('admin', { tenant: 'another-tenant' })).get(`/rollups/${runId}/skipped`), 404, 'not_found');
  });

  it('are kept up to the cap, the run saying how many there were in all', async () => {
    const other = await api.as('admin', { tenant: `${admin.tenant}-cap` });
    await setUpTenant(other);
    const dollars = Array.from({ length: listLimit + 3 }, (_, i) => deal(`usd-${i}`, 'ann', { currency: 'USD' }));
    await must(other.post('/records/batch', { records: dollars }));
    const run = await fullRun(other);
    expect(run).toMatchObject({ skippedRecords: listLimit + 3, skippedRecordsListed: listLimit, skippedRecordsTruncated: true });
    expect((await other.get(`/rollups/${run.runId}/skipped`)).body.items).toHaveLength(listLimit);
  });
});

describe('a preview’s skipped records', () => {
  it('count only the records of its own period and owner', async () => {
    const preview = async (owner: { type: string; id: string }, period = q1) => (await admin.post('/metrics/rev/preview', { owner, period })).body.skippedRecords;
    expect(await preview({ type: 'user', id: 'ann' })).toBe(2);
    // Splits that cannot be read credit no split owner: bob's only skipped record is his own.
    expect(await preview({ type: 'user', id: 'bob' })).toBe(1);
    expect(await preview({ type: 'organization', id: 'org' })).toBe(3);
    expect(await preview({ type: 'user', id: 'ann' }, { start: '2026-04-01', end: '2026-06-30' })).toBe(0);
    const unsaved = await admin.post('/metrics/preview', { metric: { template: 'revenue', currency: 'EUR' }, owner: { type: 'user', id: 'bob' }, period: q1 });
    expect(unsaved.body).toMatchObject({ actual: '0.00', skippedRecords: 1 });
  });
});

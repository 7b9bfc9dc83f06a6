import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Goal } from '../../core/model/goal.ts';
import { batchWrite, putRequest } from '../../functions/store/batch-write.ts';
import { toItem as goalItem } from '../../functions/store/goal-repository.ts';
import { startTestApi, uniqueTenant, type ApiClient, type TestApi } from '../support/api.ts';
import { dynamoDbCallsOf, holdUntilTogether } from '../support/ddb-calls.ts';
import { goalFixture } from '../support/goal-fixture.ts';

/**
 * Cycles in the goal hierarchy, whatever their depth and however they are attempted: a goal may not
 * become a descendant of itself. Long chains are written straight to the table as the repository
 * stores goals (BatchWriteItem), so the test spends its time on the PATCHes, not on 10,000 POSTs.
 */

let api: TestApi;

const goal = (id: string, parentId: string | null): Goal => goalFixture(id, { metricId: 'revenue', parentId });

/** A tenant with an organization and a revenue metric, as its admin. */
async function newTenant(): Promise<ApiClient> {
  const admin = await api.as('admin', { tenant: uniqueTenant('hier') });
  expect((await admin.put('/units/org', { name: 'Org', kind: 'organization' })).status).toBe(201);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'revenue' })).status).toBe(201);
  return admin;
}

/** Stores goals as they are, without any hierarchy check. */
async function store(tenant: string, goals: readonly Goal[]): Promise<void> {
  await batchWrite(goals.map((g) => putRequest(goalItem(tenant, g))));
}

/** c0 ← c1 ← … ← c(n-1): each goal's parent is the one before it. */
const chain = (n: number, prefix = 'c'): Goal[] => Array.from({ length: n }, (_, i) => goal(`${prefix}${i}`, i === 0 ? null : `${prefix}${i - 1}`));

/** Follows parentIds from `id` over the stored goals; true when it comes back to a goal it passed. */
async function storedCycleFrom(client: ApiClient, id: string): Promise<boolean> {
  const seen = new Set<string>();
  for (let at: string | null = id; at !== null; ) {
    if (seen.has(at)) return true;
    seen.add(at);
    at = (await client.get(`/goals/${at}`)).body.parentId;
  }
  return false;
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

describe('PATCH /goals/{id} refuses a parent that would close a cycle', () => {
  it('on a chain of 10,000 goals, with a bounded number of DynamoDB calls; a move that closes no cycle is saved', async () => {
    // Prepare
    const admin = await newTenant();
    await store(admin.tenant, [...chain(10_000), goal('loose', null)]);

    // Act
    const cycle = await dynamoDbCallsOf(() => admin.patch('/goals/c0', { parentId: 'c9999' }));
    const move = await dynamoDbCallsOf(() => admin.patch('/goals/loose', { parentId: 'c9999' }));

    // Assess: the ancestors are walked in memory after one paged Query of the tenant's goals, not one GetItem each.
    expect(cycle.result.status).toBe(409);
    expect(cycle.result.body.error.code).toBe('conflict');
    expect(cycle.calls.length, cycle.calls.join()).toBeLessThan(60);
    expect(cycle.calls.filter((name) => name === 'GetItemCommand').length).toBeLessThan(20);
    expect(move.result.status).toBe(200);
    expect(move.calls.length, move.calls.join()).toBeLessThan(60);
    expect((await admin.get('/goals/c0')).body).toMatchObject({ parentId: null, version: 1 });
    expect((await admin.get('/goals/loose')).body).toMatchObject({ parentId: 'c9999', version: 2 });
  }, 120_000);

  it('lets exactly one of two concurrent PATCHes through when together they would close a cycle', async () => {
    // Prepare: x ← r ← q and y ← p. Alone, x under p and y under q are both fine; together they
    // close x → p → y → q → r → x. Both requests check the hierarchy before either writes.
    const admin = await newTenant();
    await store(admin.tenant, [goal('x', null), goal('r', 'x'), goal('q', 'r'), goal('y', null), goal('p', 'y')]);
    const race = holdUntilTogether((name) => name.startsWith('TransactWrite'), 2);

    // Act
    let responses;
    try {
      responses = await Promise.all([admin.patch('/goals/x', { parentId: 'p' }), admin.patch('/goals/y', { parentId: 'q' })]);
    } finally {
      race.stop();
    }

    // Assess
    expect(race.arrived()).toBe(2);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await storedCycleFrom(admin, 'x')).toBe(false);
    expect(await storedCycleFrom(admin, 'y')).toBe(false);
  });

  it('saves both of two concurrent moves that close no cycle together', async () => {
    // Prepare
    const admin = await newTenant();
    await store(admin.tenant, [goal('top', null), goal('a', null), goal('b', null)]);
    const race = holdUntilTogether((name) => name.startsWith('TransactWrite'), 2);

    // Act
    let responses;
    try {
      responses = await Promise.all([admin.patch('/goals/a', { parentId: 'top' }), admin.patch('/goals/b', { parentId: 'top' })]);
    } finally {
      race.stop();
    }

    // Assess
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect((await admin.get('/goals?parentId=top')).body.items.map((g: Goal) => g.id).sort()).toEqual(['a', 'b']);
  });
});

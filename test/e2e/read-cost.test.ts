import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';
import { dynamoDbCallsOf } from '../support/ddb-calls.ts';

let api: TestApi;
let admin: ApiClient;
let ann: ApiClient;

/** The DynamoDB calls one request makes (the handlers run in this process). */
async function callsOf(request: () => Promise<{ status: number }>): Promise<string[]> {
  const { result, calls } = await dynamoDbCallsOf(request);
  expect(result.status).toBe(200);
  return calls;
}

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  ann = await api.as('member', { user: 'ann' });
  const year = DateTime.now().setZone('Europe/Oslo').year; // the tenant's year: its goals are active today
  for (const [path, body] of [
    ['/settings', { timezone: 'Europe/Oslo' }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/team', { name: 'Team', kind: 'team', parentId: 'org' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team' }] }],
  ] as const) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'deal-count', id: 'deals' })).status).toBe(201);
  const period = { start: `${year}-01-01`, end: `${year}-12-31` };
  for (let i = 0; i < 50; i++) {
    const goal = { id: `ann-${i}`, name: `Ann ${i}`, metricId: 'deals', owner: { type: 'user', id: 'ann' }, period, target: 10 + i };
    expect((await admin.post('/goals', goal)).status).toBe(201);
  }
  expect((await admin.post('/goals', { id: 'team', name: 'Team', metricId: 'deals', owner: { type: 'team', id: 'team' }, period, target: 100 })).status).toBe(201);
  await admin.put('/records/deal/d1', { ownerId: 'ann', updatedAt: `${year}-02-01T10:00:00Z`, status: 'won', closedAt: `${year}-02-01T10:00:00Z` });
  const trigger = await admin.post('/rollups', {});
  expect(trigger.status).toBe(202);
  expect((await admin.get(`/rollups/${trigger.body.runId}`)).body.status).toBe('succeeded');
}, 60_000);

afterAll(() => api.close());

describe('DynamoDB calls of the read side (issue 4: a dashboard of 50 goals in at most 3)', () => {
  it("serves a member's own dashboard of 50 goals in 2 calls: the current-run pointer and one Query", async () => {
    let items = 0;
    const used = await callsOf(async () => {
      const response = await ann.get('/dashboard');
      items = response.body.items.length;
      return response;
    });
    expect(items).toBe(50);
    expect(used.sort()).toEqual(['GetItemCommand', 'QueryCommand']);
  });

  it("serves the dashboard of the member's team in 4 calls: pointer, the org and the caller (at once), then one Query", async () => {
    const used = await callsOf(() => ann.get('/dashboard?ownerType=team&ownerId=team'));
    expect(used.sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand', 'QueryCommand']);
  });

  it("serves an admin another user's dashboard in 3 calls: pointer and the owner's existence (at once), then one Query", async () => {
    const used = await callsOf(() => admin.get('/dashboard?ownerType=user&ownerId=ann'));
    expect(used.sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand']);
  });

  it("reads a member's own goal's progress in 2 GetItems", async () => {
    expect(await callsOf(() => ann.get('/goals/ann-7/progress'))).toEqual(['GetItemCommand', 'GetItemCommand']);
  });
});

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { ddb, tableName } from '../../functions/store/client.ts';
import { goalKey } from '../../functions/store/keys.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

/**
 * A tenant's rollup survives any one goal: over HTTP against DynamoDB Local, with goal items that
 * got into storage around the API (the only way a goal can be broken today), each made to fail
 * for a real reason — a filter that cannot be compiled, an owner id no key can hold, a cycle.
 */

let api: TestApi;
let admin: ApiClient;
const period = { start: '2025-01-01', end: '2025-12-31' };
const at = '2025-03-10T12:00:00Z';

/** Rewrites attributes of a stored goal item, as a faulty import or an older version might have. */
async function corruptGoal(tenant: string, id: string, changes: Record<string, unknown>): Promise<void> {
  const names = Object.keys(changes);
  await ddb().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: goalKey(tenant, id),
      UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, changes[name]])),
    }),
  );
}

/** A run, finished: the dispatcher below runs it before POST /rollups answers. */
async function rollup(client: ApiClient) {
  const trigger = await client.post('/rollups', {});
  expect(trigger.status).toBe(202);
  return (await client.get(`/rollups/${trigger.body.runId}`)).body;
}

const deal = (id: string, amount: string) => ({ recordType: 'deal', id, ownerId: 'ann', updatedAt: at, status: 'won', amount, currency: 'EUR', closedAt: at });
const goal = (id: string, target: string, extra: Record<string, unknown> = {}) => ({
  id, name: id, metricId: 'rev', owner: { type: 'user', id: 'ann' }, period, target, ...extra,
});

beforeAll(async () => {
  api = await startTestApi({ ports: inProcessRollups() });
  admin = await api.as('admin');
  const puts: [string, unknown][] = [
    ['/settings', { timezone: 'UTC', defaultCurrency: 'EUR', stopRollupDaysAfterEnd: 3650 }],
    ['/units/org', { name: 'Org', kind: 'organization' }],
    ['/units/team', { name: 'Team', kind: 'team', parentId: 'org' }],
    ['/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'team' }] }],
  ];
  for (const [path, body] of puts) expect((await admin.put(path, body)).status).toBeLessThan(300);
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev' })).status).toBe(201);
}, 180_000);
afterAll(async () => api.close());

// Timeouts below guard against a hang; runs take a few seconds, more on a busy machine.
// The rules (each broken goal fails alone and keeps its previous result; a mended one is published
// again; a huge actual caps the percent) are test/use-cases/rollups/compute-run.test.ts's; here the
// goal items are broken in DynamoDB itself and the run reads them from the table.
describe('goals that cannot be computed or stored', { timeout: 180_000 }, () => {
  const broken = ['bad-filter', 'bad-owner', 'cycle-a', 'cycle-b', 'never-computed'];
  const sound = ['tiny', 'team'];
  let first: Record<string, unknown>;
  let second: Record<string, unknown>;
  const before: Record<string, unknown> = {};

  beforeAll(async () => {
    expect((await admin.post('/goals', goal('tiny', '1.00'))).status).toBe(201);
    expect((await admin.post('/goals', goal('team', '1000.00', { owner: { type: 'team', id: 'team' } }))).status).toBe(201);
    for (const body of [
      goal('bad-filter', '10.00', { filter: { field: 'zone', op: 'eq', value: 'north' } }),
      goal('bad-owner', '10.00'),
      goal('cycle-a', '10.00'),
      goal('cycle-b', '10.00', { parentId: 'cycle-a' }),
    ]) {
      expect((await admin.post('/goals', body)).status).toBe(201);
    }
    first = await rollup(admin);
    for (const id of ['bad-filter', 'bad-owner', 'cycle-a', 'cycle-b']) before[id] = (await admin.get(`/goals/${id}/progress`)).body;

    // A filter whose `all` is not a list, an owner id no key may hold, a parentId cycle, and a
    // broken goal that never had a result.
    expect((await admin.post('/goals', goal('never-computed', '10.00'))).status).toBe(201);
    await corruptGoal(admin.tenant, 'bad-filter', { filter: { all: 5 } });
    await corruptGoal(admin.tenant, 'bad-owner', { owner: { type: 'user', id: 'ann smith!' } });
    await corruptGoal(admin.tenant, 'cycle-a', { parentId: 'cycle-b' });
    await corruptGoal(admin.tenant, 'never-computed', { filter: { any: 'x' } });
    expect((await admin.put('/records/deal/more', deal('more', '5.00'))).status).toBe(201);

    second = await rollup(admin);
  }, 300_000);

  it('publishes every other goal, counts each broken one in goalsFailed, and keeps its previous values', async () => {
    expect(first).toMatchObject({ status: 'succeeded', goalsFailed: 0, goalsComputed: 6 });
    expect(second).toMatchObject({ status: 'succeeded', goalsFailed: broken.length, goalsComputed: sound.length });
    expect((await admin.get('/goals/tiny/progress')).body).toMatchObject({ runId: second.runId, actual: '5.00' });
    expect((await admin.get('/rollups')).body.items[0]).toMatchObject({ runId: second.runId, goalsFailed: broken.length });
    // Each keeps the standing it had (its runId); what is derived at the read's instant moves with the clock.
    const atRead = (p: Record<string, unknown>) => ({ ...p, asOf: 'at the read', pace: p.pace === null ? null : { ...(p.pace as object), expected: 'at the read', projected: 'at the read' } });
    for (const id of ['bad-filter', 'cycle-a', 'cycle-b']) {
      const progress = (await admin.get(`/goals/${id}/progress`)).body;
      expect(atRead(progress), id).toEqual(atRead(before[id] as Record<string, unknown>));
      expect(progress.runId).toBe(first.runId);
    }
    // Its live values follow its definition (an owner no key may hold has no records): set right as drift.
    expect((await admin.get('/goals/bad-owner/progress')).body).toMatchObject({ runId: first.runId, actual: '0.00' });
    expect((await admin.get('/goals/never-computed/progress')).status).toBe(404);
  });
});

/**
 * The live path end to end against DynamoDB Local over real HTTP: the API writes, the table's stream
 * (the real Streams API, polled as `npm start` does) feeds the live consumer's handler, the worker's
 * use case runs in this process (recomputations after definition changes, POST /rollups). The
 * consumer is handed only this file's tenant's items (other test files write to the same table).
 * Waits are on the API's answers (the test's timeout guards a hang), never on a timer's length.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tableName } from '../../functions/store/client.ts';
import { liveKey } from '../../functions/store/keys.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import type { StreamPoller } from '../../infra/local/stream-poller.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';
import { inProcessRollups } from '../support/in-process-rollups.ts';
import { startLiveStream } from '../support/live-stream.ts';

const config = { endpoint: inject('ddbEndpoint'), region: 'eu-north-1', credentials: { accessKeyId: 'attainlocal', secretAccessKey: 'attainlocal' } };
const background: Promise<unknown>[] = [];
let api: TestApi;
let admin: ApiClient;
let poller: StreamPoller;

/** Asks until `read` answers what `expected` accepts (the test's timeout bounds it). */
async function eventually<T>(read: () => Promise<T>, expected: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (expected(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
/** A run once it has ended (it may have queued behind a definition change's recomputation first). */
const ended = (runId: string) => eventually(async () => (await admin.get(`/rollups/${runId}`)).body, (run) => run.status === 'succeeded' || run.status === 'failed');
const progress = async (goalId: string) => (await admin.get(`/goals/${goalId}/progress`)).body as Record<string, unknown>;
const actualOf = (goalId: string, actual: string) => eventually(() => progress(goalId), (p) => p.actual === actual);

const period = { start: '2026-01-01', end: '2026-12-31' };
const deal = (ownerId: string, amount: string, updatedAt = '2026-03-01T10:00:00Z') => ({ ownerId, updatedAt, status: 'won', amount, currency: 'EUR', closedAt: '2026-03-01T10:00:00Z' });

beforeAll(async () => {
  const ports = inProcessRollups({ background: (run) => background.push(run) });
  api = await startTestApi({ ports });
  admin = await api.as('admin');
  poller = await startLiveStream(admin.tenant, ports.dispatcher);

  // An org → department → team → Ann and Bob, a revenue metric, goals at every level, and a first run.
  await admin.put('/settings', { timezone: 'UTC', stopRollupDaysAfterEnd: 3650 });
  await admin.put('/units/org', { name: 'Org', kind: 'organization' });
  await admin.put('/units/dept', { name: 'Sales', kind: 'department', parentId: 'org' });
  await admin.put('/units/team', { name: 'Team', kind: 'team', parentId: 'dept' });
  for (const user of ['ann', 'bob']) await admin.put(`/users/${user}`, { name: user, role: 'member', memberships: [{ unitId: 'team' }] });
  expect((await admin.post('/metrics', { template: 'revenue', id: 'rev', currency: 'EUR' })).status).toBe(201);
  const goal = (id: string, owner: { type: string; id: string }, target: number) => admin.post('/goals', { id, name: id, metricId: 'rev', owner, period, target });
  await goal('g-org', { type: 'organization', id: 'org' }, 10_000);
  await goal('g-dept', { type: 'department', id: 'dept' }, 10_000);
  await goal('g-team', { type: 'team', id: 'team' }, 10_000);
  await goal('g-ann', { type: 'user', id: 'ann' }, 5_000);
  const first = await admin.post('/rollups');
  expect(first.status).toBe(202);
  await ended(first.body.runId);
}, 120_000);

afterAll(async () => {
  await poller?.stop();
  await Promise.all(background);
  await api?.close();
});

describe('the live path, end to end', { timeout: 120_000 }, () => {
  it("shows a PUT in the owner's, team's, department's and organization's goals; a retried write does not double; a DELETE takes it away", async () => {
    expect((await admin.put('/records/deal/d1', deal('ann', '1200.50'))).status).toBe(201);
    for (const id of ['g-ann', 'g-team', 'g-dept', 'g-org']) expect((await actualOf(id, '1200.50')).updatedAt).toEqual(expect.any(String));
    expect((await admin.put('/records/deal/d1', deal('ann', '1200.50'))).status).toBe(200); // the same write again
    expect((await admin.put('/records/deal/d2', deal('bob', '0.25'))).status).toBe(201);
    await actualOf('g-team', '1200.75');
    expect((await progress('g-ann')).actual).toBe('1200.50');

    expect((await admin.delete('/records/deal/d1')).status).toBe(204);
    await actualOf('g-org', '0.25');
    expect((await progress('g-ann')).actual).toBe('0.00');
  });

  it('gives a goal created after the records its progress without a manual run (runId null until a run verifies it)', async () => {
    expect((await admin.post('/goals', { id: 'g-bob', name: 'Bob', metricId: 'rev', owner: { type: 'user', id: 'bob' }, period, target: 100 })).status).toBe(201);
    const bob = await eventually(() => admin.get('/goals/g-bob/progress'), (r) => r.status === 200);
    expect(bob.body).toMatchObject({ runId: null, actual: '0.25', target: '100.00', currency: 'EUR' });
    // A target edited: the recomputation moves it too.
    const { version } = (await admin.get('/goals/g-bob')).body as { version: number };
    expect((await admin.patch('/goals/g-bob', { target: 50 }, { 'if-match': `"${version}"` })).status).toBe(200);
    await eventually(() => progress('g-bob'), (p) => p.target === '50.00');
  });

  it('loses and doubles nothing written during a full run, and its drift is 0; a value corrupted on purpose is drift, repaired', async () => {
    const run = await admin.post('/rollups');
    const writes = await Promise.all(Array.from({ length: 10 }, (_, i) => admin.put(`/records/deal/w${i}`, deal(i % 2 ? 'ann' : 'bob', '10.00'))));
    expect(writes.map((w) => w.status)).toEqual(Array(10).fill(201));
    await actualOf('g-team', '100.25');
    const done = await ended(run.body.runId);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(done.verification.goalsDrifted).toBe(0);

    // Corrupt the team's live value behind the API's back, once no recomputation (the goal edits
    // above) is under way or asked for: one would set it right before the run could report it.
    await eventually(async () => [await runRepository.getLease(admin.tenant), await runRepository.recomputePending(admin.tenant)] as const, ([lease, pending]) => lease === undefined && !pending);
    const key = liveKey(admin.tenant, 'g-team');
    await new DynamoDBClient(config).send(
      new UpdateItemCommand({ TableName: tableName(), Key: { pk: { S: key.pk }, sk: { S: key.sk } }, UpdateExpression: 'SET actual = :v', ExpressionAttributeValues: { ':v': { N: '999999' } } }),
    );
    expect((await progress('g-team')).actual).toBe('9999.99');
    const repairing = await admin.post('/rollups');
    const repaired = await ended(repairing.body.runId);
    expect(repaired.verification).toMatchObject({ goalsDrifted: 1, goalsRepaired: 1, goalsUnverified: 0 });
    expect((await progress('g-team')).actual).toBe('100.25');
    const next = await admin.post('/rollups');
    expect((await ended(next.body.runId)).verification).toMatchObject({ goalsDrifted: 0, goalsUnverified: 0 });
  });
});

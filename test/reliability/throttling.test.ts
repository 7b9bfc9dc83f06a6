import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import { mapWithConcurrency } from '../../functions/shared/concurrency.ts';
import { runRollup } from '../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../functions/use-cases/rollups/trigger-rollup.ts';
import type { RollupEvent } from '../../functions/use-cases/rollups/rollup-event.ts';
import { startTestApi, type ApiClient, type ApiResponse, type TestApi } from '../support/api.ts';
import { injectDynamoDbFaults, type InjectedFaults } from './dynamodb-faults.ts';

let api: TestApi;
let admin: ApiClient;
let faults: InjectedFaults | undefined;

const users = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay'];
const teamOf = (user: string) => (users.indexOf(user) < 3 ? 'north' : 'south');
/** Every answer seen while DynamoDB was failing, to check none was a 5xx. */
const seen: { what: string; status: number; code?: string }[] = [];

/**
 * Sends a write the way a well-behaved client does: a 429 `throttled` is retried after a pause;
 * anything else is the answer. Every answer is kept for the assertions.
 */
async function write(what: string, send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    seen.push({ what, status: response.status, code: response.body?.error?.code });
    if (response.status !== 429 || attempt >= 20) return response;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function deal(i: number) {
  const month = (i % 12) + 1;
  const date = `2025-${String(month).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}T10:00:00Z`;
  return {
    recordType: 'deal', id: `d-${i}`, ownerId: users[i % users.length], updatedAt: date,
    status: i % 5 === 0 ? 'open' : 'won', amount: `${(i * 37) % 900 + 100}.${String(i % 100).padStart(2, '0')}`,
    currency: i % 17 === 0 ? 'USD' : 'EUR', closedAt: date, expectedCloseAt: date,
  };
}

/** Runs a manual rollup in this process (so the injected faults apply to it) and returns its outcome. */
async function rollupHere(tenant: string) {
  const dispatched: RollupEvent[] = [];
  const ports = cloudPorts({
    dispatcher: async (event) => {
      dispatched.push(event);
    },
  });
  const { runId } = await triggerRollup(ports, tenant, null);
  expect(dispatched).toHaveLength(1);
  return { runId, outcome: await runRollup(ports, dispatched[0]!) };
}

/** Every goal's progress, without what differs between two runs of the same data. */
async function progressSnapshot(goalIds: readonly string[], runId: string) {
  const snapshot: Record<string, unknown> = {};
  for (const id of goalIds) {
    const response = await admin.get(`/goals/${id}/progress`);
    expect(response.status).toBe(200);
    const { runId: seenRunId, asOf, ...rest } = response.body;
    expect(seenRunId).toBe(runId);
    expect(typeof asOf).toBe('string');
    snapshot[id] = rest;
  }
  return snapshot;
}

const goalIds: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.as('admin');
});
afterEach(() => {
  faults?.remove();
  faults = undefined;
});
afterAll(async () => {
  faults?.remove();
  await api.close();
});

describe('with 20% of DynamoDB calls throttled and batches partly unprocessed', () => {
  it('API writes succeed or answer 429 throttled, never a 5xx, and every accepted write is stored', async () => {
    faults = injectDynamoDbFaults({ throttleShare: 0.2, partialBatchShare: 0.5, seed: 7 });
    // Level by level (a team needs its organization, a user its team), each level in parallel.
    const definitions: [string, unknown][][] = [
      [['/settings', { timezone: 'UTC', defaultCurrency: 'EUR', stopRollupDaysAfterEnd: 3650 }], ['/units/org', { name: 'Org', kind: 'organization' }]],
      [['/units/north', { name: 'North', kind: 'team', parentId: 'org' }], ['/units/south', { name: 'South', kind: 'team', parentId: 'org' }]],
      users.map((u): [string, unknown] => [`/users/${u}`, { name: u, role: 'member', memberships: [{ unitId: teamOf(u) }] }]),
    ];
    for (const level of definitions) {
      await mapWithConcurrency(level, 6, async ([path, body]) => expect((await write(path, () => admin.put(path, body))).status).toBeLessThan(300));
    }
    for (const template of ['revenue', 'deal-count']) {
      const created = await write(`metric ${template}`, () => admin.post('/metrics', { template, id: template }));
      expect([201, 409]).toContain(created.status); // 409: a throttled answer whose write had gone through
    }

    const period = { start: '2025-01-01', end: '2025-12-31' };
    const goals: Record<string, unknown>[] = [
      { id: 'org-rev', metricId: 'revenue', owner: { type: 'organization', id: 'org' }, target: '250000.00', rollupMode: 'children' },
      { id: 'north-rev', metricId: 'revenue', owner: { type: 'team', id: 'north' }, target: '120000.00', parentId: 'org-rev' },
      { id: 'south-rev', metricId: 'revenue', owner: { type: 'team', id: 'south' }, target: '130000.00', parentId: 'org-rev' },
      ...users.map((u) => ({ id: `${u}-rev`, metricId: 'revenue', owner: { type: 'user', id: u }, target: '40000.00', parentId: `${teamOf(u)}-rev` })),
      ...users.map((u) => ({ id: `${u}-deals`, metricId: 'deal-count', owner: { type: 'user', id: u }, target: 30 })),
      { id: 'org-deals', metricId: 'deal-count', owner: { type: 'organization', id: 'org' }, target: 150 },
    ];
    // A child needs its parent: roots first, then each level in parallel.
    const depth = (goal: Record<string, unknown>): number => (goal.parentId ? 1 + depth(goals.find((g) => g.id === goal.parentId)!) : 0);
    for (const level of [0, 1, 2]) {
      await mapWithConcurrency(goals.filter((g) => depth(g) === level), 8, async (goal) => {
        const created = await write(`goal ${goal.id}`, () => admin.post('/goals', { name: goal.id, period, ...goal }));
        expect([201, 409], JSON.stringify(created.body)).toContain(created.status);
      });
    }
    goalIds.push(...goals.map((g) => g.id as string));
    expect((await write('cascade', () => admin.post('/goals/ann-rev/periods', { granularity: 'quarter', method: 'equal' }))).status).toBe(200);

    const deals = Array.from({ length: 160 }, (_, i) => deal(i));
    await mapWithConcurrency(deals.slice(0, 60), 12, (record) => write(`record ${record.id}`, () => admin.put(`/records/deal/${record.id}`, record)));
    // Batches of 10: each is a few calls (a BatchGetItem, a TransactWriteItems), so many batches meet the faults.
    for (let i = 60; i < deals.length; i += 10) {
      const answer = await write('batch', () => admin.post('/records/batch', { records: deals.slice(i, i + 10) }));
      expect(answer.status).toBe(200);
      for (const entry of answer.body.results as { id: string; status: number; error?: { code: string } }[]) {
        seen.push({ what: `batch entry ${entry.id}`, status: entry.status, code: entry.error?.code });
        if (entry.status === 429) await write(`record ${entry.id}`, () => admin.put(`/records/deal/${entry.id}`, deals[Number(entry.id.slice(2))]));
      }
    }
    const counts = { ...faults.counts };
    faults.remove();

    // Prepare / Act done; Assess: the faults really happened, and no answer was a 5xx.
    expect(counts.throttled).toBeGreaterThan(20); // of about 200 calls (a batch of records is a few calls, not one per record)
    console.info(`throttling: ${counts.calls} calls, ${counts.throttled} throttled, ${seen.filter((x) => x.status === 429).length} answers 429 of ${seen.length}`);
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
    for (const s of seen.filter((s) => s.status === 429)) expect(s.code).toBe('throttled');
    const stored = await Promise.all(deals.map((d) => admin.get(`/records/deal/${d.id}`)));
    expect(stored.map((s) => [s.status, s.body.amount])).toEqual(deals.map((d) => [200, d.amount]));
    const quarters = (await admin.get('/goals?parentId=ann-rev')).body.items;
    expect(quarters.map((q: { target: string }) => q.target)).toEqual(['10000.00', '10000.00', '10000.00', '10000.00']);
    goalIds.push(...quarters.map((q: { id: string }) => q.id));
  });

  it('a rollup produces the same results as a clean run', async () => {
    const clean = await rollupHere(admin.tenant);
    expect(clean.outcome.outcome).toBe('succeeded');
    const expected = await progressSnapshot(goalIds, clean.runId);
    expect(expected['org-rev']).toMatchObject({ target: '250000.00', skippedRecords: expect.any(Number) });

    faults = injectDynamoDbFaults({ throttleShare: 0.2, partialBatchShare: 1, seed: 11 });
    const throttled = await rollupHere(admin.tenant);
    const counts = { ...faults.counts };
    faults.remove();

    expect(counts.throttled).toBeGreaterThan(3);
    expect(counts.partialBatches).toBeGreaterThan(0);
    expect(throttled.outcome.outcome).toBe('succeeded');
    const run = (await admin.get(`/rollups/${throttled.runId}`)).body;
    const cleanRun = (await admin.get(`/rollups/${clean.runId}`)).body;
    expect(run).toMatchObject({ status: 'succeeded', goalsComputed: cleanRun.goalsComputed, recordsRead: cleanRun.recordsRead, skippedRecords: cleanRun.skippedRecords });
    expect(await progressSnapshot(goalIds, throttled.runId)).toEqual(expected);
  });

  it('a write whose calls stay throttled through every retry answers 429 throttled and stores nothing', async () => {
    faults = injectDynamoDbFaults({ throttleShare: 1, partialBatchShare: 0 });
    const answer = await admin.put('/records/deal/always-throttled', deal(999));
    const counts = { ...faults.counts };
    faults.remove();

    expect(answer.status).toBe(429);
    expect(answer.body).toEqual({ error: { code: 'throttled', message: expect.any(String) } });
    expect(JSON.stringify(answer.body)).not.toMatch(/injected|Exception/);
    expect(counts.throttled).toBeGreaterThanOrEqual(5); // the SDK's 5 attempts were all used
    expect((await admin.get('/records/deal/always-throttled')).status).toBe(404);
  });
});

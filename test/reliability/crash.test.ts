import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRollupDispatcher } from '../../functions/rollup/dispatcher.ts';
import { resultRepository } from '../../functions/store/result-repository.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import { createWorkerProcesses, type WorkerProcess } from '../../infra/local/worker-processes.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

const slowWorker = fileURLToPath(new URL('./fixtures/slow-rollup-worker.ts', import.meta.url));
const children = 80;
const leaseSeconds = 4;
// The lease POST /rollups takes (in this process) and the one the worker renews: both short, so a
// worker killed before its first renewal still frees the tenant soon.
process.env.ATTAIN_ROLLUP_LEASE_SECONDS = String(leaseSeconds);

let api: TestApi;
let admin: ApiClient;
let batchDelayMs = 0;
const lines: string[] = [];
const lineWaiters = new Set<() => void>();
const spawned: WorkerProcess[] = [];
// Each run in its own process, as under npm start, with a short lease so a dead worker's lease ends soon.
const workers = createWorkerProcesses({
  workerModule: slowWorker,
  env: () => ({ ...process.env, ATTAIN_TEST_BATCH_WRITE_DELAY_MS: String(batchDelayMs) }),
  write: (line) => {
    lines.push(line);
    for (const waiter of lineWaiters) waiter();
  },
  onSpawn: (worker) => spawned.push(worker),
});

function waitForLine(text: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No line with "${text}":\n${lines.join('\n')}`)), timeoutMs);
    const check = () => {
      if (!lines.some((l) => l.includes(text))) return;
      clearTimeout(timer);
      lineWaiters.delete(check);
      resolve();
    };
    lineWaiters.add(check);
    check();
  });
}

async function waitForRun(runId: string) {
  for (let i = 0; i < 400; i++) {
    const run = (await admin.get(`/rollups/${runId}`)).body;
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

interface TreeNode {
  goalId: string;
  runId: string;
  actual: string;
  children?: TreeNode[];
}
const flatten = (node: TreeNode): TreeNode[] => [node, ...(node.children ?? []).flatMap(flatten)];

beforeAll(async () => {
  setRollupDispatcher(workers.dispatch);
  api = await startTestApi();
  admin = await api.as('admin');
  await admin.put('/settings', { timezone: 'UTC', stopRollupDaysAfterEnd: 3650 });
  await admin.put('/units/org', { name: 'Org', kind: 'organization' });
  await admin.put('/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] });
  expect((await admin.post('/metrics', { template: 'deal-count', id: 'deals' })).status).toBe(201);
  const period = { start: '2025-01-01', end: '2025-12-31' };
  expect((await admin.post('/goals', { id: 'root', name: 'Root', metricId: 'deals', owner: { type: 'organization', id: 'org' }, period, target: 1000, rollupMode: 'children' })).status).toBe(201);
  for (let i = 0; i < children; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        admin.post('/goals', { id: `g-${i + k}`, name: `G${i + k}`, metricId: 'deals', owner: { type: 'user', id: 'ann' }, period, target: 10, parentId: 'root' }),
      ),
    );
  }
  await admin.put('/records/deal/d1', { ownerId: 'ann', updatedAt: '2025-02-01T10:00:00Z', status: 'won', closedAt: '2025-02-01T10:00:00Z' });
});
afterAll(async () => {
  await workers.stopAll(500);
  await api.close();
});

describe('a rollup worker killed with SIGKILL in the middle of a run', () => {
  it('never shows readers a partial run, and the next run after the lease expires succeeds', { timeout: 60_000 }, async () => {
    // Prepare: a first complete run, read by every poll until the recovery run replaces it.
    const first = await admin.post('/rollups');
    expect(first.status).toBe(202);
    expect(await waitForRun(first.body.runId)).toMatchObject({ status: 'succeeded', goalsComputed: children + 1 });
    const expectedActuals = new Map<string, { child: string; root: string }>([[first.body.runId, { child: '1', root: String(children) }]]);
    await admin.put('/records/deal/d2', { ownerId: 'ann', updatedAt: '2025-03-01T10:00:00Z', status: 'won', closedAt: '2025-03-01T10:00:00Z' });

    const polls: { runIds: Set<string>; problems: string[] }[] = [];
    let reading = true;
    const reader = (async () => {
      for (let i = 0; reading; i++) {
        const [tree, one] = await Promise.all([admin.get('/goals/root/tree'), admin.get(`/goals/g-${i % children}/progress`)]);
        const problems: string[] = [];
        if (tree.status !== 200 || one.status !== 200) problems.push(`status ${tree.status}/${one.status}`);
        const nodes = flatten(tree.body as TreeNode);
        if (nodes.length !== children + 1) problems.push(`tree of ${nodes.length} goals`);
        const runIds = new Set([...nodes.map((n) => n.runId), one.body.runId as string]);
        for (const node of [...nodes, one.body as TreeNode]) {
          const expected = expectedActuals.get(node.runId);
          const want = node.goalId === 'root' ? expected?.root : expected?.child;
          if (node.actual !== want) problems.push(`${node.goalId} of run ${node.runId}: ${node.actual}, expected ${want}`);
        }
        if (new Set(nodes.map((n) => n.runId)).size !== 1) problems.push(`tree mixes runs ${[...runIds].join(', ')}`);
        polls.push({ runIds, problems });
      }
    })();

    // Act: a slow run, killed once it has stored part of its results.
    batchDelayMs = 10_000;
    const doomed = await admin.post('/rollups');
    expect(doomed.status).toBe(202);
    await waitForLine('slow-worker: results batch stored');
    const victim = spawned.at(-1)!;
    expect(victim.event).toMatchObject({ kind: 'manual', runId: doomed.body.runId });
    const lease = await runRepository.getLease(admin.tenant);
    expect(lease?.runId).toBe(doomed.body.runId);
    expect(lease!.expiresAt).toBeGreaterThan(Date.now()); // killed while its lease is live
    process.kill(victim.pid, 'SIGKILL');
    expect(await victim.exited).toMatchObject({ signal: 'SIGKILL' });
    expect((await resultRepository.all(admin.tenant, doomed.body.runId)).length).toBeGreaterThan(0); // partial results were stored

    // While the dead run's lease lasts, a trigger is told about that run; once it expired, a new run starts.
    batchDelayMs = 0;
    let recovery = await admin.post('/rollups');
    const triggeredAt = Date.now();
    expect(recovery.status).toBe(200); // the dead run still holds the tenant
    while (recovery.status === 200) {
      expect(recovery.body.runId).toBe(doomed.body.runId);
      await new Promise((r) => setTimeout(r, 200));
      recovery = await admin.post('/rollups');
    }
    expect(recovery.status).toBe(202);
    expect(Date.now() - triggeredAt).toBeLessThan(leaseSeconds * 1000 + 2_000);
    expectedActuals.set(recovery.body.runId, { child: '2', root: String(2 * children) });
    expect(await waitForRun(recovery.body.runId)).toMatchObject({ status: 'succeeded', goalsComputed: children + 1, recordsRead: 2 });
    await new Promise((r) => setTimeout(r, 300)); // a few polls of the new run
    reading = false;
    await reader;

    // Assess: every poll saw one complete run, first the old and at the end the new one; never the killed one.
    expect(polls.length).toBeGreaterThan(10);
    expect(polls.flatMap((p) => p.problems)).toEqual([]);
    expect(polls.some((p) => p.runIds.has(doomed.body.runId))).toBe(false);
    expect(polls[0]!.runIds).toEqual(new Set([first.body.runId]));
    expect(polls.at(-1)!.runIds).toEqual(new Set([recovery.body.runId]));

    const killed = (await admin.get(`/rollups/${doomed.body.runId}`)).body;
    expect(killed).toMatchObject({ status: 'failed', error: expect.stringContaining('Interrupted') });
    expect(await resultRepository.all(admin.tenant, doomed.body.runId)).toEqual([]);
    expect(await runRepository.getLease(admin.tenant)).toBeUndefined();
  });
});

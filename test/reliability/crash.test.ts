import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRepository } from '../../functions/store/run-repository.ts';
import { createWorkerProcesses, type WorkerProcess } from '../../infra/local/worker-processes.ts';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.ts';

const slowWorker = fileURLToPath(new URL('./fixtures/slow-rollup-worker.ts', import.meta.url));
const children = 80;
// Long enough that the killed worker's lease is surely live when it dies, however busy the machine:
// the test never waits for it to run out, it moves this process's clock (the API's) past its expiry.
const leaseSeconds = 60;
const leaseBefore = process.env.ATTAIN_ROLLUP_LEASE_SECONDS;
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

/** Resolves once a worker printed a line containing `text` (the test's own timeout bounds it). */
function waitForLine(text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!lines.some((l) => l.includes(text))) return;
      lineWaiters.delete(check);
      resolve();
    };
    lineWaiters.add(check);
    check();
  });
}

async function waitForRun(runId: string) {
  for (;;) {
    const run = (await admin.get(`/rollups/${runId}`)).body;
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface TreeNode {
  goalId: string;
  runId: string;
  actual: string;
  children?: TreeNode[];
}
const flatten = (node: TreeNode): TreeNode[] => [node, ...(node.children ?? []).flatMap(flatten)];

beforeAll(async () => {
  api = await startTestApi({ ports: { dispatcher: workers.dispatch } });
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
  vi.useRealTimers();
  if (leaseBefore === undefined) delete process.env.ATTAIN_ROLLUP_LEASE_SECONDS;
  else process.env.ATTAIN_ROLLUP_LEASE_SECONDS = leaseBefore;
  await workers.stopAll(500);
  await api.close();
});

describe('a rollup worker killed with SIGKILL in the middle of a run', () => {
  it('never shows readers a half-written goal or a value that is not exact, and the next run after the lease expires succeeds', { timeout: 180_000 }, async () => {
    // Prepare: a first complete run, read by every poll until the recovery run replaces it. No live
    // consumer runs here: the values move only when a run catches up the deal written after it.
    const first = await admin.post('/rollups');
    expect(first.status).toBe(202);
    expect(await waitForRun(first.body.runId)).toMatchObject({ status: 'succeeded', goalsComputed: children + 1 });
    await admin.put('/records/deal/d2', { ownerId: 'ann', updatedAt: '2025-03-01T10:00:00Z', status: 'won', closedAt: '2025-03-01T10:00:00Z' });

    const polls: { runIds: Set<string>; problems: string[] }[] = [];
    const pollWaiters = new Set<() => void>();
    /** Resolves once `count` polls (from now on) have seen `runId`. */
    const pollsOf = (runId: string, count: number) =>
      new Promise<void>((resolve) => {
        let seen = 0;
        const check = () => {
          if (polls.at(-1)?.runIds.has(runId) && ++seen >= count) {
            pollWaiters.delete(check);
            resolve();
          }
        };
        pollWaiters.add(check);
      });
    let reading = true;
    const reader = (async () => {
      for (let i = 0; reading; i++) {
        const [tree, one] = await Promise.all([admin.get('/goals/root/tree'), admin.get(`/goals/g-${i % children}/progress`)]);
        const problems: string[] = [];
        if (tree.status !== 200 || one.status !== 200) problems.push(`status ${tree.status}/${one.status}`);
        const nodes = flatten(tree.body as TreeNode);
        if (nodes.length !== children + 1) problems.push(`tree of ${nodes.length} goals`);
        const runIds = new Set([...nodes.map((n) => n.runId), one.body.runId as string]);
        // Each goal whole: a child counts d1, or d1 and d2 once the live values caught d2 up; the root their sum.
        for (const node of [...nodes, one.body as TreeNode]) {
          const allowed = node.goalId === 'root' ? [String(children), String(2 * children)] : ['1', '2'];
          if (!allowed.includes(node.actual)) problems.push(`${node.goalId} of run ${node.runId}: ${node.actual}`);
        }
        polls.push({ runIds, problems });
        for (const waiter of [...pollWaiters]) waiter();
      }
    })();
    await pollsOf(first.body.runId, 5);

    // Act: a slow run, killed once it has stored its first transaction (the catch-up of d2).
    batchDelayMs = 10_000;
    const doomed = await admin.post('/rollups');
    expect(doomed.status).toBe(202);
    await waitForLine('slow-worker: transaction stored');
    const victim = spawned.at(-1)!;
    expect(victim.event).toMatchObject({ kind: 'manual', runId: doomed.body.runId });
    process.kill(victim.pid, 'SIGKILL');
    expect(await victim.exited).toMatchObject({ signal: 'SIGKILL' });
    const lease = await runRepository.getLease(admin.tenant);
    expect(lease?.runId).toBe(doomed.body.runId);
    expect(lease!.expiresAt).toBeGreaterThan(Date.now()); // killed while its lease is live

    // While the dead run's lease lasts, a trigger is told about that run; once it expired, a new run
    // starts. The API's clock (this process's) is moved instead of waiting: to the lease's last
    // millisecond, then one past it. The new worker keeps its real clock, behind the API's.
    batchDelayMs = 0;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(lease!.expiresAt);
    const refused = await admin.post('/rollups');
    expect(refused.status).toBe(200); // the dead run still holds the tenant
    expect(refused.body.runId).toBe(doomed.body.runId);
    vi.setSystemTime(lease!.expiresAt + 1);
    const recovery = await admin.post('/rollups');
    vi.useRealTimers();
    expect(recovery.status).toBe(202);
    expect(await waitForRun(recovery.body.runId)).toMatchObject({ status: 'succeeded', goalsComputed: children + 1, recordsRead: 2 });
    // The run is marked succeeded before its worker lets go of the lease: wait for the worker to end.
    const rescuer = spawned.at(-1)!;
    expect(rescuer.event).toMatchObject({ kind: 'manual', runId: recovery.body.runId });
    expect(await rescuer.exited).toMatchObject({ code: 0 });
    await pollsOf(recovery.body.runId, 3);
    reading = false;
    await reader;

    // Assess: every poll saw every goal whole and exact; at the end all are the recovery run's, with d2 counted once.
    expect(polls.length).toBeGreaterThan(10);
    expect(polls.flatMap((p) => p.problems)).toEqual([]);
    expect(polls[0]!.runIds).toEqual(new Set([first.body.runId]));
    expect(polls.at(-1)!.runIds).toEqual(new Set([recovery.body.runId]));
    const final = flatten((await admin.get('/goals/root/tree')).body as TreeNode);
    expect(new Set(final.map((n) => (n.goalId === 'root' ? `root ${n.actual}` : n.actual)))).toEqual(new Set([`root ${2 * children}`, '2']));
    expect((await admin.get(`/rollups/${recovery.body.runId}`)).body.verification).toEqual({ goalsVerified: children + 1, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });

    const killed = (await admin.get(`/rollups/${doomed.body.runId}`)).body;
    expect(killed).toMatchObject({ status: 'failed', error: expect.stringContaining('Interrupted') });
    expect(await runRepository.getLease(admin.tenant)).toBeUndefined();
  });
});

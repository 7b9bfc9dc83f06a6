import { describe, expect, it } from 'vitest';
import type { RollupRun } from '../../core/model/rollup-run.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import type { RunStore } from '../../functions/use-cases/rollups/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryRuns } from '../support/memory/results.ts';

const run = (runId: string, changes: Partial<RollupRun> = {}): RollupRun => ({
  runId, trigger: 'manual', status: 'queued', goalId: null, scopeGoalIds: null, queuedAt: '2026-01-15T12:00:00.000Z',
  startedAt: null, finishedAt: null, goalsComputed: 0, goalsFailed: 0, recordsRead: 0, skippedRecords: 0, ...changes,
});
const current = (runId: string, previousRunId: string | null) => ({ runId, asOf: '2026-01-15T12:00:00.000Z', timezone: 'Europe/Oslo', weekStartsOn: 1, fiscalYearStartMonth: 7, previousRunId });
const t0 = Date.UTC(2026, 0, 15, 12);

/**
 * The run store's contract, run against the DynamoDB repository (DynamoDB Local) and the memory
 * double the use-case tests run on, so the double cannot drift from what the table does.
 */
describe.each<[string, () => RunStore]>([
  ['DynamoDB', () => runRepository],
  ['memory', memoryRuns],
])('RunStore (%s)', (_name, storeOf) => {
  const setUp = () => ({ store: storeOf(), tenant: uniqueTenant('run-store') });

  it("stores runs and reads them back as they were, only in their tenant", async () => {
    const { store, tenant } = setUp();
    const stored = run('01A', { goalId: 'g1', scopeGoalIds: ['g0'], error: 'x' });
    await store.putRun(tenant, stored);
    expect(await store.getRun(tenant, '01A')).toEqual(stored);
    expect(await store.getRun(tenant, '01B')).toBeUndefined();
    expect(await store.getRun(uniqueTenant('other'), '01A')).toBeUndefined();
  });

  it('lists runs newest first, a page at a time', async () => {
    const { store, tenant } = setUp();
    for (const id of ['01B', '01A', '01C']) await store.putRun(tenant, run(id));
    const first = await store.listRuns(tenant, 2);
    expect(first.items.map((r) => r.runId)).toEqual(['01C', '01B']);
    const second = await store.listRuns(tenant, 2, first.nextCursor!);
    expect(second).toEqual({ items: [run('01A')], nextCursor: null });
  });

  it('moves a run only from one of the given statuses, applying the changes', async () => {
    const { store, tenant } = setUp();
    await store.putRun(tenant, run('01A'));
    expect(await store.updateRun(tenant, '01A', ['running'], { status: 'failed' })).toBe(false);
    expect(await store.updateRun(tenant, '01A', ['queued', 'running'], { status: 'running', startedAt: 'later' })).toBe(true);
    expect(await store.getRun(tenant, '01A')).toEqual(run('01A', { status: 'running', startedAt: 'later' }));
    expect(await store.updateRun(tenant, '01Z', ['queued', 'running'], { status: 'failed' })).toBe(false);
    expect(await store.getRun(tenant, '01Z')).toBeUndefined();
  });

  it('gives the lease to one run until it expires (to the millisecond), then to the next', async () => {
    const { store, tenant } = setUp();
    expect(await store.acquireLease(tenant, 'r1', t0, 1000)).toBe(true);
    expect(await store.getLease(tenant)).toEqual({ runId: 'r1', expiresAt: t0 + 1000 });
    expect(await store.acquireLease(tenant, 'r2', t0 + 1000, 1000)).toBe(false);
    expect(await store.acquireLease(uniqueTenant('other'), 'r2', t0, 1000)).toBe(true);
    expect(await store.acquireLease(tenant, 'r2', t0 + 1001, 1000)).toBe(true);
    expect(await store.getLease(tenant)).toEqual({ runId: 'r2', expiresAt: t0 + 2001 });
  });

  it('renews the lease only for its holder, up to its expiry', async () => {
    const { store, tenant } = setUp();
    expect(await store.renewLease(tenant, 'r1', t0, 1000)).toBe(false);
    await store.acquireLease(tenant, 'r1', t0, 1000);
    expect(await store.renewLease(tenant, 'r2', t0, 1000)).toBe(false);
    expect(await store.renewLease(tenant, 'r1', t0 + 1000, 1000)).toBe(true);
    expect(await store.getLease(tenant)).toEqual({ runId: 'r1', expiresAt: t0 + 2000 });
    expect(await store.renewLease(tenant, 'r1', t0 + 2001, 1000)).toBe(false);
    expect(await store.getLease(tenant)).toEqual({ runId: 'r1', expiresAt: t0 + 2000 });
  });

  it('releases the lease only for its holder', async () => {
    const { store, tenant } = setUp();
    await store.acquireLease(tenant, 'r1', t0, 1000);
    expect(await store.releaseLease(tenant, 'r2')).toBe(false);
    expect(await store.getLease(tenant)).toEqual({ runId: 'r1', expiresAt: t0 + 1000 });
    expect(await store.releaseLease(tenant, 'r1')).toBe(true);
    expect(await store.getLease(tenant)).toBeUndefined();
    expect(await store.releaseLease(tenant, 'r1')).toBe(false);
    expect(await store.acquireLease(tenant, 'r2', t0, 1000)).toBe(true);
  });

  it('claims each scheduled fire time of a tenant once', async () => {
    const { store, tenant } = setUp();
    expect(await store.claimScheduledFire(tenant, '2026-01-15T02:00:00Z', t0)).toBe(true);
    expect(await store.claimScheduledFire(tenant, '2026-01-15T02:00:00Z', t0 + 5000)).toBe(false);
    expect(await store.claimScheduledFire(tenant, '2026-01-16T02:00:00Z', t0)).toBe(true);
    expect(await store.claimScheduledFire(uniqueTenant('other'), '2026-01-15T02:00:00Z', t0)).toBe(true);
  });

  it('switches the current run only from the run the caller saw', async () => {
    const { store, tenant } = setUp();
    expect(await store.getCurrent(tenant)).toBeUndefined();
    expect(await store.switchCurrent(tenant, current('r1', null), 'r0')).toBe(false);
    expect(await store.switchCurrent(tenant, current('r1', null), null)).toBe(true);
    expect(await store.switchCurrent(tenant, current('r2', null), null)).toBe(false);
    expect(await store.switchCurrent(tenant, current('r2', 'r1'), 'r0')).toBe(false);
    expect(await store.getCurrent(tenant)).toEqual(current('r1', null));
    expect(await store.switchCurrent(tenant, current('r2', 'r1'), 'r1')).toBe(true);
    expect(await store.getCurrent(tenant)).toEqual(current('r2', 'r1'));
  });
});

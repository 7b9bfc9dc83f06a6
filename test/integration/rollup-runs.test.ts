import { describe, expect, it } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { runRollup } from '../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../functions/use-cases/rollups/trigger-rollup.ts';
import type { GoalResult } from '../../core/model/goal-result.ts';
import { resultRepository } from '../../functions/store/result-repository.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import { startTestApi, uniqueTenant, type ApiClient } from '../support/api.ts';
import { manualClock } from '../support/manual-clock.ts';

/** A tenant with 80 user goals (several result batches) and a few records, built through the API (the describes' timeouts guard a hang on a busy machine). */
async function buildTenant(admin: ApiClient): Promise<void> {
  await admin.put('/settings', { timezone: 'UTC', stopRollupDaysAfterEnd: 3650 });
  await admin.put('/units/org', { name: 'Org', kind: 'organization' });
  await admin.put('/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] });
  await admin.post('/metrics', { template: 'deal-count', id: 'deals' });
  for (let i = 0; i < 80; i++) {
    await admin.post('/goals', { id: `g-${i}`, name: `G${i}`, metricId: 'deals', owner: { type: 'user', id: 'ann' }, period: { start: '2025-01-01', end: '2025-12-31' }, target: 10 });
  }
  await admin.put('/records/deal/d1', { ownerId: 'ann', updatedAt: '2025-02-01T10:00:00Z', status: 'won', closedAt: '2025-02-01T10:00:00Z' });
}

/** POST /rollups' use case, then the worker's, in this process over the DynamoDB ports (some replaced). */
async function manualRun(tenant: string, overrides: Partial<AppPorts> = {}) {
  const dispatched: string[] = [];
  const ports = cloudPorts({
    ...overrides,
    dispatcher: async (event) => {
      if (event.kind === 'manual') dispatched.push(event.runId);
    },
  });
  const { runId } = await triggerRollup(ports, tenant, null);
  expect(dispatched).toEqual([runId]);
  return { runId, result: await runRollup(ports, { kind: 'manual', tenant, runId }) };
}

describe('a run that fails part-way', { timeout: 300_000 }, () => {
  it('leaves the previous results current and complete, and the next run succeeds', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const first = await manualRun(admin.tenant);
    expect(first.result.outcome).toBe('succeeded');

    await admin.put('/records/deal/d2', { ownerId: 'ann', updatedAt: '2025-03-01T10:00:00Z', status: 'won', closedAt: '2025-03-01T10:00:00Z' });
    // The store takes the first 50 results (two batches), then fails.
    const failing = await manualRun(admin.tenant, {
      results: {
        ...resultRepository,
        write: async (tenant, runId, results) => {
          await resultRepository.write(tenant, runId, results.slice(0, 50));
          throw new Error('injected failure after 2 result batches');
        },
      },
    });
    expect(failing.result.outcome).toBe('failed');
    const failedRun = (await admin.get(`/rollups/${failing.runId}`)).body;
    expect(failedRun).toMatchObject({ status: 'failed', error: expect.stringContaining('previous results stay current') });
    expect(failedRun.error).not.toContain('injected');

    // Every goal still reads the first run's values; nothing of the failed run is left behind.
    for (const id of ['g-0', 'g-40', 'g-79']) {
      expect((await admin.get(`/goals/${id}/progress`)).body).toMatchObject({ runId: first.runId, actual: '1' });
    }
    expect(await resultRepository.all(admin.tenant, failing.runId)).toEqual([]);
    expect(await runRepository.getLease(admin.tenant)).toBeUndefined();

    const next = await manualRun(admin.tenant);
    expect(next.result.outcome).toBe('succeeded');
    expect((await admin.get('/goals/g-79/progress')).body).toMatchObject({ runId: next.runId, actual: '2' });
    await api.close();
  });
});

describe('the scheduled event', { timeout: 300_000 }, () => {
  it('starts one run when it is delivered twice, even at the same moment', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const event = { kind: 'schedule' as const, tenant: admin.tenant, scheduledTime: '2026-11-23T01:00:00Z' };
    const ports = cloudPorts();
    const outcomes = await Promise.all([runRollup(ports, event), runRollup(ports, event)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'succeeded']);
    expect((await runRollup(ports, event)).outcome).toBe('duplicate');
    const runs = (await admin.get('/rollups')).body.items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded', goalsComputed: 80 });
    await api.close();
  });

  it('does not start while another run holds the lease', async () => {
    const tenant = uniqueTenant();
    expect(await runRepository.acquireLease(tenant, 'held-run', Date.now(), 60_000)).toBe(true);
    const outcome = await runRollup(cloudPorts(), { kind: 'schedule', tenant, scheduledTime: '2026-11-24T01:00:00Z' });
    expect(outcome.outcome).toBe('busy');
  });
});

describe('a crashed run', { timeout: 300_000 }, () => {
  it('is marked failed, and its partial results removed, by the next run once the lease has expired', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    // The clock is the test's: the lease runs out when the test says so, not when a timer fires.
    const clock = manualClock(Date.now());
    const short = cloudPorts({ clock, leaseMs: 1_000, dispatcher: async () => undefined });
    const crashed = await triggerRollup(short, admin.tenant, null);
    await runRepository.updateRun(admin.tenant, crashed.runId, ['queued'], { status: 'running' });
    // While the lease is valid, to its last millisecond, a trigger returns the crashed run.
    clock.advance(1_000);
    expect((await triggerRollup(short, admin.tenant, null)).runId).toBe(crashed.runId);
    clock.advance(1);
    const next = await manualRun(admin.tenant, { clock, leaseMs: 1_000 });
    expect(next.result.outcome).toBe('succeeded');
    expect((await admin.get(`/rollups/${crashed.runId}`)).body).toMatchObject({ status: 'failed', error: expect.stringContaining('Interrupted') });
    await api.close();
  });
});

describe('a run whose lease renewals fail', { timeout: 300_000 }, () => {
  it('stops once a whole lease has passed without a renewal, and the previous results stay', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const first = await manualRun(admin.tenant);
    expect(first.result.outcome).toBe('succeeded');

    // The worker's check of its lease at start succeeds; then DynamoDB refuses every renewal
    // (throttled), and the results take longer than a lease to write (on the run's clock, whose
    // heartbeat ticks on the way: each renewal it tries is refused).
    let renewals = 0;
    const leaseMs = 3_000;
    const clock = manualClock(Date.now());
    let slow = true;
    {
      const stuck = await manualRun(admin.tenant, {
        clock,
        leaseMs,
        runs: {
          ...runRepository,
          renewLease: async (...args) => {
            if (++renewals === 1) return runRepository.renewLease(...args);
            throw new Error('ProvisionedThroughputExceededException');
          },
        },
        results: {
          ...resultRepository,
          write: async (...args) => {
            if (slow) clock.advance(leaseMs);
            slow = false;
            return resultRepository.write(...args);
          },
        },
      });

      // The start's check, then one refused renewal per third of the lease.
      expect(renewals).toBe(4);
      expect(clock.pending).toBe(0);
      expect(stuck.result.outcome).toBe('failed');
      expect((await admin.get(`/rollups/${stuck.runId}`)).body).toMatchObject({ status: 'failed', error: 'The run could not renew its lease' });
      expect((await admin.get('/goals/g-0/progress')).body).toMatchObject({ runId: first.runId });
      expect(await resultRepository.all(admin.tenant, stuck.runId)).toEqual([]);
      await api.close();
    }
  });
});

describe('a manual run whose worker starts after its lease expired', { timeout: 300_000 }, () => {
  it('fails at once without computing, and the next trigger starts a new run', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const clock = manualClock(Date.now());
    const ports = cloudPorts({ clock, leaseMs: 300, dispatcher: async () => undefined });

    const { runId } = await triggerRollup(ports, admin.tenant, null);
    clock.advance(301); // the invoke arrives after the lease POST /rollups took has run out
    const late = await runRollup(ports, { kind: 'manual', tenant: admin.tenant, runId });
    const next = await triggerRollup(ports, admin.tenant, null);

    expect(late).toEqual({ outcome: 'failed', runId });
    expect((await admin.get(`/rollups/${runId}`)).body).toMatchObject({ status: 'failed', goalsComputed: 0, error: 'The run lost its lease before it started' });
    expect(next.created).toBe(true);
    expect(next.runId).not.toBe(runId);
    await api.close();
  });
});

describe('storing a run’s results', { timeout: 300_000 }, () => {
  const result = (id: string, changes: { name?: string; percent?: number } = {}): GoalResult => ({
    progress: {
      goalId: id, runId: 'run-1', asOf: '2025-06-01T00:00:00.000Z', period: { start: '2025-01-01', end: '2025-12-31' }, status: 'active',
      target: '10', stretchTarget: null, actual: '1', inProgress: null, custom: null, percent: changes.percent ?? 10, stretchPercent: null,
      remaining: '9', pace: { expected: '5', status: 'behind', projected: '2' }, milestones: [], childrenTargetSum: null, childrenTargetMismatch: false, skippedRecords: 0,
    },
    goal: { id, name: changes.name ?? id, metricId: 'deals', owner: { type: 'user', id: 'ann' }, parentId: null },
    treeRoot: id,
    treePath: id,
    ownerUnitIds: [],
  });

  it('refuses only the goals DynamoDB cannot hold, and stores the others of their batch', async () => {
    // Prepare: 60 results; in the first batch one over 400 KB, in the second a number past 2^53.
    const tenant = uniqueTenant();
    const results = Array.from({ length: 60 }, (_, i) => result(`g-${i}`));
    results[3] = result('g-3', { name: 'x'.repeat(410 * 1024) });
    results[30] = result('g-30', { percent: 2 ** 60 });

    // Act
    const refused = await resultRepository.write(tenant, 'run-1', results);

    // Assess
    expect(refused.sort()).toEqual(['g-3', 'g-30']);
    const stored = await resultRepository.all(tenant, 'run-1');
    expect(stored.map((r) => r.goal.id).sort()).toEqual(results.map((r) => r.goal.id).filter((id) => id !== 'g-3' && id !== 'g-30').sort());
  });
});

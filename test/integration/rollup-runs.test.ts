import { describe, expect, it } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { runRollup } from '../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../functions/use-cases/rollups/trigger-rollup.ts';
import { readRecordsOfType } from '../../functions/store/record-reader.ts';
import { resultRepository } from '../../functions/store/result-repository.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import { startTestApi, uniqueTenant, type ApiClient } from '../support/api.ts';
import { manualClock } from '../support/manual-clock.ts';
import { result } from '../use-cases/results/results-fixture.ts';

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
  it('leaves each goal with its previous standing or the whole new one, its live values exact, and the next run succeeds', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const first = await manualRun(admin.tenant);
    expect(first.result.outcome).toBe('succeeded');

    await admin.put('/records/deal/d2', { ownerId: 'ann', updatedAt: '2025-03-01T10:00:00Z', status: 'won', closedAt: '2025-03-01T10:00:00Z' });
    // The store takes the first 50 standings, then fails.
    const failing = await manualRun(admin.tenant, {
      results: {
        ...resultRepository,
        publish: async (tenant, standings, lease) => {
          await resultRepository.publish(tenant, standings.slice(0, 50), lease);
          throw new Error('injected failure after 50 standings');
        },
      },
    });
    expect(failing.result.outcome).toBe('failed');
    const failedRun = (await admin.get(`/rollups/${failing.runId}`)).body;
    expect(failedRun).toMatchObject({ status: 'failed', error: expect.stringContaining('keep their previous results') });
    expect(failedRun.error).not.toContain('injected');

    // Each goal reads a whole standing, the first run's or the failed one's; the live values counted d2 everywhere (the run caught it up).
    const runIds = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const progress = (await admin.get(`/goals/g-${i}/progress`)).body;
      expect(progress).toMatchObject({ actual: '2', target: '10' });
      runIds.add(progress.runId);
    }
    expect(runIds).toEqual(new Set([first.runId, failing.runId]));
    expect(await runRepository.getLease(admin.tenant)).toBeUndefined();

    const next = await manualRun(admin.tenant);
    expect(next.result.outcome).toBe('succeeded');
    expect((await admin.get('/goals/g-79/progress')).body).toMatchObject({ runId: next.runId, actual: '2' });
    expect((await admin.get(`/rollups/${next.runId}`)).body.verification).toEqual({ goalsVerified: 80, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
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
  it('is marked failed by the next run once the lease has expired', async () => {
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
  it('stops once a whole lease has passed without a renewal, and the previous standings stay', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const first = await manualRun(admin.tenant);
    expect(first.result.outcome).toBe('succeeded');

    // The worker's check of its lease at start succeeds; then DynamoDB refuses every renewal
    // (throttled), and the records take a whole lease to read (on the run's clock, whose heartbeat
    // ticks on the way: each renewal it tries is refused).
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
        recordPages: async (...args) => {
          if (slow) clock.advance(leaseMs);
          slow = false;
          return readRecordsOfType(...args);
        },
      });

      // The start's check, then one refused renewal per third of the lease.
      expect(renewals).toBe(4);
      expect(clock.pending).toBe(0);
      expect(stuck.result.outcome).toBe('failed');
      expect((await admin.get(`/rollups/${stuck.runId}`)).body).toMatchObject({ status: 'failed', error: 'The run could not renew its lease' });
      expect((await admin.get('/goals/g-0/progress')).body).toMatchObject({ runId: first.runId });
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

describe('publishing standings', { timeout: 300_000 }, () => {
  it('refuses only the goals DynamoDB cannot hold, and stores the others of their transaction', async () => {
    // Prepare: 120 standings; in the first transaction one over 400 KB, in the second a number DynamoDB cannot hold.
    const tenant = uniqueTenant();
    const nowMs = Date.now();
    expect(await runRepository.acquireLease(tenant, 'run-1', nowMs, 60_000)).toBe(true);
    const standings = Array.from({ length: 120 }, (_, i) => result(`g-${i}`, { type: 'user', id: 'ann' }, [`g-${i}`]));
    standings[3] = { ...standings[3]!, goal: { ...standings[3]!.goal, name: 'x'.repeat(410 * 1024) } };
    standings[110] = { ...standings[110]!, basis: { ...standings[110]!.basis, startMs: 1e130 } };

    // Act
    const refused = await resultRepository.publish(tenant, standings, { runId: 'run-1', now: () => nowMs });

    // Assess
    expect(refused.sort()).toEqual(['g-110', 'g-3']);
    const published = await resultRepository.published(tenant);
    expect([...published.keys()].sort()).toEqual(standings.map((s) => s.goal.id).filter((id) => id !== 'g-3' && id !== 'g-110').sort());
  });
});

import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import { workerWith } from '../../functions/rollup/worker.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { startTestApi, type ApiClient } from '../support/api.ts';
import { manualClock } from '../support/manual-clock.ts';

/** Three user goals and two won deals, built through the API. */
async function buildTenant(admin: ApiClient): Promise<void> {
  await admin.put('/settings', { timezone: 'UTC', stopRollupDaysAfterEnd: 3650 });
  await admin.put('/units/org', { name: 'Org', kind: 'organization' });
  await admin.put('/users/ann', { name: 'Ann', role: 'member', memberships: [{ unitId: 'org' }] });
  await admin.post('/metrics', { template: 'deal-count', id: 'deals' });
  for (const id of ['g-1', 'g-2', 'g-3']) {
    await admin.post('/goals', { id, name: id, metricId: 'deals', owner: { type: 'user', id: 'ann' }, period: { start: '2025-01-01', end: '2025-12-31' }, target: 10 });
  }
  for (const [id, at] of [['d1', '2025-02-01T10:00:00Z'], ['d2', '2025-03-01T10:00:00Z']] as const) {
    await admin.put(`/records/deal/${id}`, { ownerId: 'ann', updatedAt: at, status: 'won', closedAt: at });
  }
}

type Emf = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

/** Calls the worker as Lambda does and returns the EMF lines it wrote to stdout (Powertools Metrics' output). */
async function invokeCapturingEmf(worker: ReturnType<typeof workerWith>, event: unknown): Promise<{ emf: Emf[]; error?: unknown }> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  let error: unknown;
  try {
    await worker(event, lambdaContext('attain-rollup-worker', randomUUID(), 60_000));
  } catch (thrown) {
    error = thrown;
  } finally {
    write.mockRestore();
  }
  const emf = lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Partial<Emf>;
      return parsed._aws ? [parsed as Emf] : [];
    } catch {
      return [];
    }
  });
  return { emf, error };
}

/** The worker over DynamoDB Local with a manual clock that `recordPages` moves on by `readMs`. */
function workerTakingMs(readMs: number, overrides: Partial<AppPorts> = {}) {
  const clock = manualClock(Date.now());
  const real = cloudPorts();
  return workerWith(
    cloudPorts({
      clock,
      recordPages: (...args) => {
        clock.advance(readMs);
        return real.recordPages(...args);
      },
      ...overrides,
    }),
  );
}

afterEach(() => vi.restoreAllMocks());

describe('the rollup worker\'s metrics', { timeout: 120_000 }, () => {
  it('emits one EMF record per run: duration, records read, goals computed, failed, drifted and unverified, with the service dimension only', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const worker = workerTakingMs(1_500);
    const event = { kind: 'schedule', tenant: admin.tenant, scheduledTime: '2026-11-23T01:00:00Z' };

    const { emf, error } = await invokeCapturingEmf(worker, event);
    expect(error).toBeUndefined();
    expect(emf).toHaveLength(1);
    const [record] = emf;
    expect(record!._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Attain',
        Dimensions: [['service']],
        Metrics: [
          { Name: 'RunDurationMs', Unit: 'Milliseconds' },
          { Name: 'RecordsRead', Unit: 'Count' },
          { Name: 'GoalsComputed', Unit: 'Count' },
          { Name: 'GoalsFailed', Unit: 'Count' },
          { Name: 'GoalsDrifted', Unit: 'Count' },
          { Name: 'GoalsUnverified', Unit: 'Count' },
        ],
      },
    ]);
    expect(record).toMatchObject({ service: 'attain', RunDurationMs: 1_500, RecordsRead: 2, GoalsComputed: 3, GoalsFailed: 0, GoalsDrifted: 0, GoalsUnverified: 0 });
    expect(JSON.stringify(record)).not.toContain(admin.tenant);

    // A second delivery of the same fire runs nothing and emits nothing.
    const again = await invokeCapturingEmf(worker, event);
    expect(again.error).toBeUndefined();
    expect(again.emf).toEqual([]);
    await api.close();
  });

  it("emits a definition change's recomputation as its duration", async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const worker = workerTakingMs(400);

    const { emf, error } = await invokeCapturingEmf(worker, { kind: 'recompute', tenant: admin.tenant });
    expect(error).toBeUndefined();
    expect(emf).toHaveLength(1);
    expect(emf[0]!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'RecomputeDurationMs', Unit: 'Milliseconds' }]);
    // Nothing was asked for: no record read, no time on the injected clock.
    expect(emf[0]).toMatchObject({ service: 'attain', RecomputeDurationMs: 0 });
    await api.close();
  });

  it('emits the duration of a failed run (no counts) and still reports the failure', async () => {
    const api = await startTestApi();
    const admin = await api.as('admin');
    await buildTenant(admin);
    const real = cloudPorts();
    const worker = workerTakingMs(700, {
      results: {
        ...real.results,
        publish: async () => {
          throw new Error('injected: results cannot be stored');
        },
      },
    });

    const { emf, error } = await invokeCapturingEmf(worker, { kind: 'schedule', tenant: admin.tenant, scheduledTime: '2026-11-23T01:00:00Z' });
    expect(error).toMatchObject({ name: 'RollupRunFailedError' });
    expect(emf).toHaveLength(1);
    expect(emf[0]!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'RunDurationMs', Unit: 'Milliseconds' }]);
    expect(emf[0]).toMatchObject({ service: 'attain', RunDurationMs: 700 });
    await api.close();
  });
});

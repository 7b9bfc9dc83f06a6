import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { readProgress } from '../../../functions/use-cases/results/read-progress.ts';
import { runRollup } from '../../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import { arrayRecords } from '../../support/memory/array-records.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';
import { deal, goal, metric } from './deal-count-fixtures.ts';

/**
 * A whole rollup in memory: POST /rollups' use case queues a run and hands it to the dispatcher,
 * the worker's use case runs it over the in-memory stores, on the manual clock (2026-01-15 12:00
 * UTC). The definitions are small fakes: two user goals of a deal count over 2026, and the won deals.
 */
const tenant = 't1';
const admin = { tenant, userId: 'root', role: 'admin' as const };
const leaseMs = 120_000;
interface Tenant {
  ports: MemoryPorts;
  dispatched: Parameters<AppPorts['dispatcher']>[0][];
  deals: RecordInput[];
  /** Holds every record read until `release()`: the run waits mid-way while the test moves the clock. */
  hold(): { reached: Promise<void>; release(): void };
}

function setUp(overrides: Partial<AppPorts> = {}): Tenant {
  const deals = [deal('d1', 'ann'), deal('d2', 'ann'), deal('d3', 'bob')];
  const stored = arrayRecords(deals, async () => {
    reached();
    await gate;
  });
  const dispatched: Parameters<AppPorts['dispatcher']>[0][] = [];
  let gate: Promise<void> | undefined;
  let reached: () => void = () => undefined;
  const ports = memoryPorts({
    leaseMs,
    goals: { all: async () => [goal('g-ann', 'ann'), goal('g-bob', 'bob')] } as unknown as AppPorts['goals'],
    metrics: { all: async () => [metric] } as unknown as AppPorts['metrics'],
    recordPages: stored.recordPages,
    dispatcher: async (event) => void dispatched.push(event),
    ...overrides,
  });
  ports.records.image = stored.image;
  return {
    ports,
    dispatched,
    deals,
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      return { reached: arrived, release: () => release() };
    },
  };
}

/** Lets the promise callbacks that a tick started (a lease renewal) run to their end. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Triggers a manual run and runs it as the worker would. */
async function manualRun(t: Tenant) {
  const { runId, created } = await triggerRollup(t.ports, tenant, null);
  expect(created).toBe(true);
  expect(t.dispatched.at(-1)).toEqual({ kind: 'manual', tenant, runId });
  return ran(await runRollup(t.ports, { kind: 'manual', tenant, runId }));
}

/** A run that started (succeeded or failed), with its id; a duplicate or busy outcome fails the test. */
function ran<T extends { outcome: string }>(outcome: T): Extract<T, { runId: string }> {
  if (!('runId' in outcome)) throw new Error(`The run did not start: ${outcome.outcome}`);
  return outcome as Extract<T, { runId: string }>;
}

describe('a rollup in memory, trigger to results', () => {
  it('computes, makes the results current, writes the day’s history and releases the lease', async () => {
    const t = setUp();
    const outcome = await manualRun(t);
    expect(outcome).toMatchObject({ outcome: 'succeeded', counts: { goalsComputed: 2, goalsFailed: 0, recordsRead: 3, skippedRecords: 0 } });
    const run = await t.ports.runs.getRun(tenant, outcome.runId!);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual', goalsComputed: 2, recordsRead: 3, startedAt: '2026-01-15T12:00:00.000Z', finishedAt: '2026-01-15T12:00:00.000Z' });
    expect(await t.ports.runs.getCurrent(tenant)).toMatchObject({ runId: outcome.runId, timezone: 'UTC', previousRunId: null });
    expect(await readProgress(t.ports, admin, 'g-ann')).toMatchObject({ runId: outcome.runId, actual: '2', target: '10', percent: 20 });
    expect(await t.ports.results.history(tenant, 'g-bob', '2026-01-01', '2026-12-31')).toMatchObject([{ date: '2026-01-15', progress: { actual: '1' } }]);
    expect(await t.ports.runs.getLease(tenant)).toBeUndefined();
    expect(t.ports.clock.pending).toBe(0); // the heartbeat stopped
  });

  it("publishes each goal's standing in place: the next run's replaces it, and a deal the live path never saw is caught up", async () => {
    const t = setUp();
    const first = await manualRun(t);
    t.deals.push(deal('d4', 'ann'));
    const second = await manualRun(t);
    expect(await t.ports.runs.getCurrent(tenant)).toMatchObject({ runId: second.runId, previousRunId: first.runId });
    expect(await readProgress(t.ports, admin, 'g-ann')).toMatchObject({ runId: second.runId, actual: '3' });
    expect((await t.ports.runs.getRun(tenant, second.runId!))?.verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
  });
});

describe('the lease heartbeat, on the manual clock', () => {
  it('renews the lease every third of it while the run works, so no other run can take it', async () => {
    const t = setUp();
    const { runId } = await triggerRollup(t.ports, tenant, null);
    const held = t.hold();
    const running = runRollup(t.ports, { kind: 'manual', tenant, runId });
    await held.reached;
    for (let i = 1; i <= 9; i++) {
      t.ports.clock.advance(leaseMs / 3);
      await settle();
      expect((await t.ports.runs.getLease(tenant))?.expiresAt, `tick ${i}`).toBe(t.ports.clock.now() + leaseMs);
    }
    // Three whole leases later, the lease is still the run's: another trigger finds it running.
    expect(await triggerRollup(t.ports, tenant, null)).toEqual({ runId, status: 'running', created: false });
    held.release();
    expect(await running).toMatchObject({ outcome: 'succeeded', runId });
  });

  it('fails the run when a renewal finds the lease taken, and the previous standings stay', async () => {
    const t = setUp();
    const previous = await manualRun(t);
    const { runId } = await triggerRollup(t.ports, tenant, null);
    const held = t.hold();
    const running = runRollup(t.ports, { kind: 'manual', tenant, runId });
    await held.reached;
    // The lease expires unrenewed (a stalled process) and another run takes it.
    const renew = t.ports.runs.renewLease;
    t.ports.runs.renewLease = async () => false;
    t.ports.clock.advance(leaseMs / 3);
    await settle();
    t.ports.runs.renewLease = renew;
    held.release();
    expect(await running).toMatchObject({ outcome: 'failed', runId });
    expect(await t.ports.runs.getRun(tenant, runId)).toMatchObject({ status: 'failed', error: 'The run lost its lease' });
    expect((await t.ports.runs.getCurrent(tenant))?.runId).toBe(previous.runId);
    expect(await readProgress(t.ports, admin, 'g-ann')).toMatchObject({ runId: previous.runId });
  });

  it('fails the run once a whole lease passed without a renewal that succeeded', async () => {
    const t = setUp();
    const renew = t.ports.runs.renewLease;
    /** Runs a manual run whose every renewal fails while the clock moves `ms` mid-run. */
    async function runThrottled(ms: number) {
      const { runId } = await triggerRollup(t.ports, tenant, null);
      const held = t.hold();
      const running = runRollup(t.ports, { kind: 'manual', tenant, runId });
      await held.reached;
      t.ports.runs.renewLease = async () => {
        throw new Error('DynamoDB throttled');
      };
      t.ports.clock.advance(ms);
      await settle();
      t.ports.runs.renewLease = renew;
      held.release();
      return ran(await running);
    }
    // One millisecond short of a lease: the run is still known to hold it…
    const first = await runThrottled(leaseMs - 1);
    expect(first).toMatchObject({ outcome: 'succeeded' });
    // …a whole lease: it may have lost it.
    const second = await runThrottled(leaseMs);
    expect(second).toMatchObject({ outcome: 'failed' });
    expect(await t.ports.runs.getRun(tenant, second.runId!)).toMatchObject({ status: 'failed', error: 'The run could not renew its lease' });
    expect((await t.ports.runs.getCurrent(tenant))?.runId).toBe(first.runId);
  });
});

describe('interrupted runs', () => {
  it('are failed by the next run that takes the lease', async () => {
    const t = setUp();
    await manualRun(t);
    // A run whose worker stopped mid-way: running, its lease never renewed.
    const { runId: crashed } = await triggerRollup(t.ports, tenant, null);
    await t.ports.runs.updateRun(tenant, crashed, ['queued'], { status: 'running' });
    // While its lease lasts, a trigger finds it; once expired, the next run takes over.
    expect(await triggerRollup(t.ports, tenant, null)).toMatchObject({ runId: crashed, created: false });
    t.ports.clock.advance(leaseMs + 1);
    const next = await manualRun(t);
    expect(next).toMatchObject({ outcome: 'succeeded' });
    expect(await t.ports.runs.getRun(tenant, crashed)).toMatchObject({ status: 'failed', error: 'Interrupted: the worker stopped before the run finished' });
    expect(await readProgress(t.ports, admin, 'g-ann')).toMatchObject({ runId: next.runId });
  });

  it('fails a queued run whose lease expired before its worker started', async () => {
    const t = setUp();
    const { runId } = await triggerRollup(t.ports, tenant, null);
    t.ports.clock.advance(leaseMs + 1);
    expect(await runRollup(t.ports, { kind: 'manual', tenant, runId })).toEqual({ outcome: 'failed', runId });
    expect(await t.ports.runs.getRun(tenant, runId)).toMatchObject({ status: 'failed', error: 'The run lost its lease before it started' });
  });
});

describe('duplicate deliveries', () => {
  it('runs a scheduled fire once, however often it is delivered', async () => {
    const t = setUp();
    const event = { kind: 'schedule' as const, tenant, scheduledTime: '2026-01-15T02:00:00Z' };
    const first = await runRollup(t.ports, event);
    expect(first).toMatchObject({ outcome: 'succeeded' });
    expect(await runRollup(t.ports, event)).toEqual({ outcome: 'duplicate' });
    expect(await runRollup(t.ports, { ...event, scheduledTime: '2026-01-16T02:00:00Z' })).toMatchObject({ outcome: 'succeeded' });
    const { items } = await t.ports.runs.listRuns(tenant, 10);
    expect(items.map((r) => [r.trigger, r.status])).toEqual([['schedule', 'succeeded'], ['schedule', 'succeeded']]);
  });

  it('skips a scheduled fire while another run holds the lease', async () => {
    const t = setUp();
    const { runId } = await triggerRollup(t.ports, tenant, null);
    expect(await runRollup(t.ports, { kind: 'schedule', tenant, scheduledTime: '2026-01-15T02:00:00Z' })).toEqual({ outcome: 'busy' });
    expect((await t.ports.runs.listRuns(tenant, 10)).items.map((r) => r.runId)).toEqual([runId]);
  });

  it('runs a manual run once when its invoke is delivered twice', async () => {
    const t = setUp();
    const { runId } = await triggerRollup(t.ports, tenant, null);
    expect(await runRollup(t.ports, { kind: 'manual', tenant, runId })).toMatchObject({ outcome: 'succeeded' });
    expect(await runRollup(t.ports, { kind: 'manual', tenant, runId })).toEqual({ outcome: 'duplicate' });
  });
});

describe('a failure after some goals were published', () => {
  it("leaves each goal with its previous standing or the whole new one, lets go of the lease, and the next run completes", async () => {
    const t = setUp();
    const previous = await manualRun(t);
    t.deals.push(deal('d4', 'ann'), deal('d5', 'bob'));
    const publish = t.ports.results.publish;
    t.ports.results.publish = async (tenantId, standings, lease) => {
      await publish(tenantId, standings.slice(0, 1), lease);
      throw new Error('injected failure after the first standing');
    };
    const failed = await manualRun(t);
    t.ports.results.publish = publish;
    expect(failed).toMatchObject({ outcome: 'failed' });
    expect(await t.ports.runs.getRun(tenant, failed.runId!)).toMatchObject({ status: 'failed', error: 'The rollup failed; the goals it did not reach keep their previous results' });
    expect((await t.ports.runs.getCurrent(tenant))?.runId).toBe(previous.runId);
    // g-ann's standing is the failed run's, whole; g-bob's the previous run's — its live values caught up all the same.
    expect(await readProgress(t.ports, admin, 'g-ann')).toMatchObject({ runId: failed.runId, actual: '3' });
    expect(await readProgress(t.ports, admin, 'g-bob')).toMatchObject({ runId: previous.runId, actual: '2' });
    expect(await t.ports.runs.getLease(tenant)).toBeUndefined();
    expect(await manualRun(t)).toMatchObject({ outcome: 'succeeded' });
    expect(await readProgress(t.ports, admin, 'g-bob')).toMatchObject({ actual: '2' });
  });
});

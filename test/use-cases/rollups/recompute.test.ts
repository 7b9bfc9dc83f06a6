import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { readProgress } from '../../../functions/use-cases/results/read-progress.ts';
import { runRollup } from '../../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import { pauseAfterRead } from '../../support/memory/after-read.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { deal, goal, metric } from './deal-count-fixtures.ts';

/**
 * Definition changes' recomputations (functions/use-cases/rollups/run-rollup.ts) on the memory ports:
 * the live consumer asks for them (`requestRecompute`) and sends the worker a `recompute` event;
 * one holder of the tenant's lease at a time. Deal counts per owner over 2026.
 */
const tenant = 't1';
const admin = { tenant, userId: 'root', role: 'admin' as const };

function world() {
  let goals = [goal('g-ann', 'ann')];
  const dispatched: Parameters<AppPorts['dispatcher']>[0][] = [];
  const ports = memoryPorts({
    goals: { all: async () => structuredClone(goals) } as unknown as AppPorts['goals'],
    metrics: { all: async () => [metric] } as unknown as AppPorts['metrics'],
    dispatcher: async (event) => void dispatched.push(event),
  });
  const afterRead = pauseAfterRead(ports);
  return {
    ports,
    dispatched,
    setGoals: (next: typeof goals) => void (goals = next),
    afterRead,
    write: (...records: RecordInput[]) => Promise.all(records.map((r) => ports.records.upsert(tenant, r, ports.clock.now()))),
    run: async () => {
      const { runId } = await triggerRollup(ports, tenant, null);
      expect(await runRollup(ports, { kind: 'manual', tenant, runId })).toMatchObject({ outcome: 'succeeded' });
      return runId;
    },
    progress: (goalId: string) => readProgress(ports, admin, goalId),
  };
}

describe('a recomputation after definition changes', () => {
  it('computes a new goal (no run verified it yet: runId null) and an edited one (its runId kept), without a run of its own', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    const first = await w.run();
    w.setGoals([{ ...goal('g-ann', 'ann'), target: '4' }, goal('g-bob', 'bob')]);
    await w.ports.runs.requestRecompute(tenant, { goalIds: ['g-bob'] }, w.ports.clock.now());
    await w.ports.runs.requestRecompute(tenant, { goalIds: ['g-ann'] }, w.ports.clock.now());

    expect(await runRollup(w.ports, { kind: 'recompute', tenant })).toMatchObject({ outcome: 'recomputed' });

    expect(await w.progress('g-bob')).toMatchObject({ runId: null, actual: '1', target: '10' });
    expect(await w.progress('g-ann')).toMatchObject({ runId: first, actual: '1', target: '4', percent: 25 });
    expect((await w.ports.runs.listRuns(tenant, 10)).items.map((r) => r.runId)).toEqual([first]);
    expect(await w.ports.runs.recomputePending(tenant)).toBe(false);
    expect(await w.ports.runs.getLease(tenant)).toBeUndefined();
    // Nothing asked for: a second event recomputes nothing.
    expect(await runRollup(w.ports, { kind: 'recompute', tenant })).toMatchObject({ outcome: 'recomputed' });
  });

  it('is done first by a run that finds it still asked for, so a goal not computed yet is no drift', async () => {
    // Prepare: a run, then a new goal whose recomputation has not happened yet (its event still on its way)
    const w = world();
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    await w.run();
    w.setGoals([goal('g-ann', 'ann'), goal('g-bob', 'bob')]);
    await w.ports.runs.requestRecompute(tenant, { goalIds: ['g-bob'] }, w.ports.clock.now());

    // Act
    const runId = await w.run();

    // Assess
    expect((await w.ports.runs.getRun(tenant, runId))?.verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    expect(await w.progress('g-bob')).toMatchObject({ runId, actual: '1' });
    expect(await w.ports.runs.recomputePending(tenant)).toBe(false);
  });

  it('queues a run triggered meanwhile behind it, and hands that run the lease when done', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'));
    await w.ports.runs.requestRecompute(tenant, { all: true }, w.ports.clock.now());
    let triggered: Awaited<ReturnType<typeof triggerRollup>> | undefined;
    let again: Awaited<ReturnType<typeof triggerRollup>> | undefined;
    w.afterRead(async () => {
      triggered = await triggerRollup(w.ports, tenant, null);
      again = await triggerRollup(w.ports, tenant, null);
    });

    await runRollup(w.ports, { kind: 'recompute', tenant });

    expect(triggered).toMatchObject({ status: 'queued', created: true });
    expect(again).toEqual({ runId: triggered!.runId, status: 'queued', created: false });
    expect(w.dispatched).toEqual([{ kind: 'manual', tenant, runId: triggered!.runId }]);
    expect(await w.ports.runs.getLease(tenant)).toMatchObject({ runId: triggered!.runId });
    expect(await runRollup(w.ports, { kind: 'manual', tenant, runId: triggered!.runId })).toMatchObject({ outcome: 'succeeded' });
    expect(await w.progress('g-ann')).toMatchObject({ runId: triggered!.runId, actual: '1' });
    expect(await w.ports.runs.getLease(tenant)).toBeUndefined();
  });

  it('hands the lease to a run that queued between its last look for one and its letting go', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'));
    await w.ports.runs.requestRecompute(tenant, { all: true }, w.ports.clock.now());
    const handOver = w.ports.runs.handOver.bind(w.ports.runs);
    let triggered: Awaited<ReturnType<typeof triggerRollup>> | undefined;
    w.ports.runs.handOver = async (...args) => {
      const next = await handOver(...args);
      if (next === undefined && triggered === undefined) triggered = await triggerRollup(w.ports, tenant, null);
      return next;
    };

    await runRollup(w.ports, { kind: 'recompute', tenant });

    expect(triggered).toMatchObject({ status: 'queued', created: true });
    expect(w.dispatched).toEqual([{ kind: 'manual', tenant, runId: triggered!.runId }]);
    expect(await runRollup(w.ports, { kind: 'manual', tenant, runId: triggered!.runId })).toMatchObject({ outcome: 'succeeded' });
  });

  it('queues the nightly run behind it too, rather than skipping it', async () => {
    const w = world();
    await w.ports.runs.requestRecompute(tenant, { all: true }, w.ports.clock.now());
    let nightly: unknown;
    w.afterRead(async () => {
      nightly = await runRollup(w.ports, { kind: 'schedule', tenant, scheduledTime: '2026-01-15T02:00:00Z' });
    });

    await runRollup(w.ports, { kind: 'recompute', tenant });

    expect(nightly).toMatchObject({ outcome: 'queued' });
    const runId = (nightly as { runId: string }).runId;
    expect(w.dispatched).toEqual([{ kind: 'manual', tenant, runId }]);
    expect(await runRollup(w.ports, { kind: 'manual', tenant, runId })).toMatchObject({ outcome: 'succeeded' });
    expect(await w.ports.runs.getRun(tenant, runId)).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
  });

  it('is done by a run that holds the lease when it is asked for, before the run lets go', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    w.afterRead(async () => {
      // The definitions change after the run read them: the recompute event finds the lease busy.
      w.setGoals([goal('g-ann', 'ann'), goal('g-bob', 'bob')]);
      await w.ports.runs.requestRecompute(tenant, { goalIds: ['g-bob'] }, w.ports.clock.now());
      expect(await runRollup(w.ports, { kind: 'recompute', tenant })).toEqual({ outcome: 'busy' });
    });

    await w.run();

    expect(await w.progress('g-bob')).toMatchObject({ runId: null, actual: '1' });
    expect(await w.ports.runs.recomputePending(tenant)).toBe(false);
    expect(w.dispatched.filter((e) => e.kind === 'recompute')).toEqual([]);
  });
});

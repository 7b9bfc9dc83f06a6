import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { applyRecordChange, type LivePorts } from '../../../functions/use-cases/live/apply-record-change.ts';
import { cachedCreditModels } from '../../../functions/use-cases/live/credit-models.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { runRollup } from '../../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import { memoryLeases } from '../../support/memory/gate.ts';
import { memoryLive } from '../../support/memory/live.ts';
import { pauseAfterRead } from '../../support/memory/after-read.ts';
import { memoryPorts } from '../../support/memory/ports.ts';
import { memoryResults, memoryRuns } from '../../support/memory/results.ts';
import { deal, goal, metric } from '../rollups/deal-count-fixtures.ts';

/**
 * The full run's live side (functions/use-cases/live/DESIGN.md) on the memory ports: the record
 * store's stream is delivered (or held back, or lost) by the test through the consumer's use case,
 * and the run verifies, repairs, catches up and drains under the tenant's lease. Deal counts per
 * owner over 2026; the clock stands at 2026-01-15 12:00 UTC.
 */
const T = 't1';
function world() {
  const leases = memoryLeases();
  const store = memoryLive(leases);
  let goals = [goal('g-ann', 'ann'), goal('g-bob', 'bob')];
  const ports = memoryPorts({
    runs: memoryRuns(leases),
    live: store.live,
    results: memoryResults(leases, store),
    goals: { all: async () => structuredClone(goals) } as unknown as AppPorts['goals'],
    metrics: { all: async () => [metric] } as unknown as AppPorts['metrics'],
  });
  const afterRead = pauseAfterRead(ports);
  const consumer: LivePorts = { live: store.live, creditModels: cachedCreditModels(ports), clock: ports.clock };
  return {
    ports,
    store,
    consumer,
    setGoals: (next: typeof goals) => void (goals = next),
    afterRead,
    /** Delivers what the stream holds, in order; answers each outcome. */
    deliver: async () => {
      const outcomes = [];
      for (const { image } of ports.stream.splice(0)) outcomes.push(await applyRecordChange(consumer, T, image));
      return outcomes;
    },
    write: (...records: RecordInput[]) => Promise.all(records.map((r) => ports.records.upsert(T, r, ports.clock.now()))),
    /** Each goal's live actual and skipped count. */
    live: async () => new Map([...(await store.live.values(T))].map(([goalId, v]) => [goalId, `${v.values[0]} skipped ${v.skipped}`])),
    run: async () => {
      const { runId } = await triggerRollup(ports, T, null);
      const outcome = await runRollup(ports, { kind: 'manual', tenant: T, runId });
      expect(outcome.outcome).toBe('succeeded');
      return (await ports.runs.getRun(T, runId))!;
    },
  };
}

describe('a full run verifies the live values under the lease', () => {
  it('verifies every goal when the stream delivered everything; a live value corrupted on purpose is drift, and repaired', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'), deal('d2', 'ann'), deal('d3', 'bob'));
    expect(await w.deliver()).toEqual(['applied', 'applied', 'applied']);
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });

    // Corrupt bob's value (as a run holding the lease may write it).
    await w.ports.runs.acquireLease(T, 'vandal', w.ports.clock.now(), 60_000);
    await w.store.live.repair(T, [{ goalId: 'g-bob', values: [40n, 0n, 0n], skipped: 3 }], 'x', { held: { runId: 'vandal', nowMs: w.ports.clock.now() } });
    await w.ports.runs.releaseLease(T, 'vandal');
    expect((await w.live()).get('g-bob')).toBe('40 skipped 3');

    expect((await w.run()).verification).toEqual({ goalsVerified: 1, goalsDrifted: 1, goalsRepaired: 1, goalsUnverified: 0 });
    expect(await w.live()).toEqual(new Map([['g-ann', '2 skipped 0'], ['g-bob', '1 skipped 0']]));
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
  });

  it('gives a goal made after its records its first values without calling it drift (its recomputation still on its way)', async () => {
    // Prepare: the records delivered while only Ann has a goal; then Bob's goal is made
    const w = world();
    w.setGoals([goal('g-ann', 'ann')]);
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    await w.deliver();
    expect((await w.run()).verification).toEqual({ goalsVerified: 1, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    w.setGoals([goal('g-ann', 'ann'), goal('g-bob', 'bob')]);

    // Act: a run before the new goal's recomputation
    const run = await w.run();

    // Assess
    expect(run.verification).toEqual({ goalsVerified: 1, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 1 });
    expect(await w.live()).toEqual(new Map([['g-ann', '1 skipped 0'], ['g-bob', '1 skipped 0']]));
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
  });

  it("counts a new goal whose live values the consumer began before its recomputation as unverified, not drift", async () => {
    // Prepare: Bob's first deal reaches the live path before his goal exists, his second after
    const w = world();
    w.setGoals([goal('g-ann', 'ann')]);
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    await w.deliver();
    expect((await w.run()).verification).toMatchObject({ goalsDrifted: 0 });
    w.setGoals([goal('g-ann', 'ann'), goal('g-bob', 'bob')]);
    w.ports.clock.advance(2_000); // the consumer's cached model is loaded again, now with Bob's goal
    await w.write(deal('d3', 'bob'));
    await w.deliver();
    expect((await w.live()).get('g-bob')).toBe('1 skipped 0'); // partial: d2 is not in it

    // Act
    const run = await w.run();

    // Assess
    expect(run.verification).toEqual({ goalsVerified: 1, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 1 });
    expect((await w.live()).get('g-bob')).toBe('2 skipped 0');
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
  });

  it('catches up the changes the stream has not delivered (or lost, a delete too); their late deliveries change nothing', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    await w.deliver();
    await w.write(deal('d3', 'ann'), { ...deal('d2', 'ann'), updatedAt: '2026-01-11T00:00:00Z' });
    await w.ports.records.delete(T, 'deal', 'd1', w.ports.clock.now());
    const late = w.ports.stream.splice(0, 2); // d3 and the move of d2 arrive after the run; d1's delete never
    w.ports.stream.splice(0);

    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    expect(await w.live()).toEqual(new Map([['g-ann', '2 skipped 0'], ['g-bob', '0 skipped 0']]));

    w.ports.stream.push(...late);
    expect(await w.deliver()).toEqual(['duplicate', 'duplicate']);
    expect(await w.live()).toEqual(new Map([['g-ann', '2 skipped 0'], ['g-bob', '0 skipped 0']]));
  });

  it('reads no shadows when every goal it covers agrees with its values from the records', async () => {
    const w = world();
    let shadowReads = 0;
    const shadows = w.store.live.shadows.bind(w.store.live);
    w.store.live.shadows = (...args) => (shadowReads++, shadows(...args));
    await w.write(deal('d1', 'ann'), deal('d2', 'bob'));
    await w.deliver();

    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    expect(shadowReads).toBe(0);

    await w.write(deal('d3', 'ann')); // not delivered: Ann's goal differs, the shadows are read
    w.ports.stream.splice(0);
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    expect(shadowReads).toBeGreaterThan(0);
    expect(await w.live()).toEqual(new Map([['g-ann', '2 skipped 0'], ['g-bob', '1 skipped 0']]));
  });

  // 150: each record ahead read again by itself; 1,050: the records read again as the run read them.
  it.each([150, 1050])('catches up %i undelivered records in bulk (summed per goal, shadows moved), exactly as one by one', async (count) => {
    const w = world();
    const deals = Array.from({ length: count }, (_, i) => deal(`b${i}`, i % 3 === 0 ? 'bob' : 'ann'));
    await w.write(...deals);
    await w.write({ ...deal('b1', 'bob'), updatedAt: '2026-01-11T00:00:00Z' }); // b1 moves to Bob before anything was delivered
    const late = w.ports.stream.splice(0);

    const bob = Math.ceil(count / 3) + 1;
    const expected = new Map([['g-ann', `${count - bob} skipped 0`], ['g-bob', `${bob} skipped 0`]]);
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    expect(await w.live()).toEqual(expected);

    w.ports.stream.push(...late);
    expect(new Set(await w.deliver())).toEqual(new Set(['duplicate']));
    expect(await w.live()).toEqual(expected);
    expect((await w.run()).verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
  });

  it('catches up in bulk a record that moved into the run\'s window, against its shadow outside it', async () => {
    const w = world();
    // A 2024 goal, frozen long since (outside every window of the run), and Ann's 2026 one.
    w.setGoals([goal('g-ann', 'ann'), { ...goal('g-2024', 'ann'), period: { start: '2024-01-01', end: '2024-12-31' } }]);
    const old = { ...deal('moved', 'ann'), fields: { status: 'won', closedAt: '2024-06-01T10:00:00Z' } };
    await w.write(old);
    await w.deliver();
    await w.run(); // g-2024 has its standing: from now on no run computes it
    expect((await w.live()).get('g-2024')).toBe('1 skipped 0');
    // Re-dated into 2026, with 150 more deals: none delivered before the run.
    await w.write({ ...old, updatedAt: '2026-01-12T00:00:00Z', fields: { status: 'won', closedAt: '2026-01-12T10:00:00Z' } }, ...Array.from({ length: 150 }, (_, i) => deal(`b${i}`, 'ann')));
    w.ports.stream.splice(0);

    await w.run();

    expect(await w.live()).toEqual(new Map([['g-ann', '151 skipped 0'], ['g-2024', '0 skipped 0']]));
  });

  it('puts a change that arrives while the run holds the lease into the inbox, and applies it before letting go', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'));
    await w.deliver();
    w.afterRead(async () => {
      await w.write(deal('d2', 'bob'), { ...deal('d1', 'bob'), updatedAt: '2026-01-12T00:00:00Z' });
      expect(await w.deliver()).toEqual(['diverted', 'diverted']);
      expect((await w.store.live.gate(T, w.ports.clock.now())).inboxCount).toBe(2);
    });

    const run = await w.run();

    // The run read before the writes: its own values and the live ones agreed then.
    expect(run.verification).toEqual({ goalsVerified: 2, goalsDrifted: 0, goalsRepaired: 0, goalsUnverified: 0 });
    expect(await w.live()).toEqual(new Map([['g-ann', '0 skipped 0'], ['g-bob', '2 skipped 0']]));
    expect(await w.store.live.gate(T, w.ports.clock.now())).toEqual({ heldBy: null, inboxCount: 0, generation: 1 });
    expect(await w.store.live.inbox(T)).toEqual([]);
  });

  it('diverts a change whose transaction comes after a run took the lease, between its read and its write', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'));
    const { runId } = await triggerRollup(w.ports, T, null);
    w.store.beforeApply.push(async () => expect(await w.ports.runs.getLease(T)).toMatchObject({ runId }));
    expect(await w.deliver()).toEqual(['diverted']);

    await runRollup(w.ports, { kind: 'manual', tenant: T, runId });

    expect(await w.live()).toEqual(new Map([['g-ann', '1 skipped 0'], ['g-bob', '0 skipped 0']]));
    expect((await w.store.live.gate(T, w.ports.clock.now())).inboxCount).toBe(0);
  });

  it('makes a consumer whose model is older than the last run\'s load it again before applying', async () => {
    const w = world();
    await w.write(deal('d1', 'ann'));
    await w.deliver(); // the consumer's model (generation 0) is cached now
    // g-ann now counts bob's deals; the run recomputes with that (and lets go: generation 1).
    w.setGoals([goal('g-ann', 'bob'), goal('g-bob', 'bob')]);
    await w.run();
    expect(await w.live()).toEqual(new Map([['g-ann', '0 skipped 0'], ['g-bob', '0 skipped 0']]));

    await w.write(deal('d2', 'bob')); // the clock has not moved: the cached model is still fresh by age
    expect(await w.deliver()).toEqual(['applied']);

    expect(await w.live()).toEqual(new Map([['g-ann', '1 skipped 0'], ['g-bob', '1 skipped 0']]));
  });
});

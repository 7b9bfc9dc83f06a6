import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Goal } from '../../../core/model/goal.ts';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { prepareCredits } from '../../../core/rollup/record-credits.ts';
import { applyRecordBatch, isSettled } from '../../../functions/use-cases/live/apply-record-batch.ts';
import { applyRecordChange, type LivePorts } from '../../../functions/use-cases/live/apply-record-change.ts';
import { maxWritesPerApply, type LiveChange, type RecordImage } from '../../../functions/use-cases/live/ports.ts';
import { hierarchy, modesArb, tenant } from '../../core/support/credit-tenant.ts';
import { fullRunValues, valueKey } from '../../core/support/full-run.ts';
import { deal, goal } from '../../core/support/tenant-fixtures.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { leaseOf } from '../../support/memory/gate.ts';
import { memoryLive } from '../../support/memory/live.ts';
import { drawFrom, image, streamDeliveries, writesArb } from './support/stream-deliveries.ts';

const T = 'acme';
const NOW = Date.parse('2026-03-20T12:00:00Z');

function world(goals: Goal[] = hierarchy(['owner_and_children'])) {
  const store = memoryLive();
  const model = prepareCredits(tenant(goals));
  const loads: boolean[] = [];
  const ports: LivePorts = {
    live: store.live,
    // The generation as the gate has it when the model is loaded (the cached adapter's order).
    creditModels: async (_tenant, options) => (loads.push(options?.fresh ?? false), { model, generation: leaseOf(store.leases, T).generation }),
    clock: manualClock(NOW),
  };
  const applies: (readonly LiveChange[])[] = [];
  const apply = store.live.apply.bind(store.live);
  store.live.apply = async (tenantId, changes, guard) => (applies.push(changes), apply(tenantId, changes, guard));
  const values = async () => {
    const live = await store.live.values(T);
    return new Map(goals.map((g) => [g.id, valueKey(live.get(g.id)?.values ?? [0n, 0n, 0n], live.get(g.id)?.skipped ?? 0)]));
  };
  /** The consumer's composition: the batch, then what it left one by one. */
  const consume = async (images: readonly RecordImage[]) => {
    const settled = await applyRecordBatch(ports, T, images);
    for (const image of images) if (!isSettled(settled, image)) await applyRecordChange(ports, T, image);
    return settled;
  };
  return { store, ports, values, goals, applies, loads, consume };
}


describe('applyRecordBatch (the live consumer, many changes in one step)', () => {
  it('applies each record\'s newest image in the batch once, in one step, whatever the order and repeats', async () => {
    const { values, goals, applies, consume } = world([goal('ann', { type: 'user', id: 'ann' }), goal('bob', { type: 'user', id: 'bob' })]);
    const a = deal('ann', { amount: '100.00' });
    const b = deal('bob', { amount: '7.50' });

    const settled = await consume([image('d1', 2, { ...a, ownerId: 'bob' }), image('d1', 1, a), image('d2', 1, b), image('d1', 2, { ...a, ownerId: 'bob' }), image('d3', 1, a), image('d3', 2, null)]);

    expect(applies).toHaveLength(1);
    expect(applies[0]!.map((change) => [change.id, change.next.rev])).toEqual([['d1', 2], ['d2', 1], ['d3', 2]]);
    expect([...settled]).toEqual([['deal\u0000d1', 2], ['deal\u0000d2', 1], ['deal\u0000d3', 2]]);
    expect(await values()).toEqual(fullRunValues(tenant(goals), [{ ...a, id: 'd1', ownerId: 'bob' }, { ...b, id: 'd2' }]));
    // Delivered again (Lambda's retry of the batch): nothing changes, nothing is written.
    await consume([image('d1', 1, a), image('d2', 1, b)]);
    expect(applies).toHaveLength(1);
  });

  it('cuts a large batch into steps that each fit one transaction', async () => {
    const goals = Array.from({ length: 60 }, (_, i) => goal(`g${i}`, { type: 'user', id: `u${i}` }));
    const { values, applies, consume } = world(goals);
    const records = Array.from({ length: 150 }, (_, i) => ({ ...deal(`u${i % 60}`, { amount: `${i}.25` }), id: `d${i}` }));

    await consume(records.map((record) => image(record.id, 1, record)));

    expect(applies.length).toBeGreaterThan(1);
    expect(applies.every((pack) => pack.length + new Set(pack.flatMap((c) => c.deltas.map((d) => d.goalId))).size <= maxWritesPerApply)).toBe(true);
    expect(applies.flat()).toHaveLength(150);
    expect(await values()).toEqual(fullRunValues(tenant(goals), records));
  });

  it('leaves everything to one by one while a run holds the lease: the changes go to its inbox', async () => {
    const { store, values, goals, applies, consume } = world();
    Object.assign(leaseOf(store.leases, T), { runId: 'run-1', expiresAt: NOW + 60_000 });

    await consume([image('d1', 1, deal('ann', { amount: '5.00' })), image('d2', 1, deal('bob', { amount: '6.00' }))]);

    expect(applies).toHaveLength(3); // the batch's step, refused; then each change's own, refused too
    expect((await store.live.inbox(T)).map((entry) => entry.image.id)).toEqual(['d1', 'd2']);
    expect(await values()).toEqual(fullRunValues(tenant(goals), []));
  });

  it('loads the model again when a run let go since it was loaded, then applies the batch', async () => {
    const { store, values, goals, loads, consume } = world();
    // The model was loaded under generation 0; a run lets go (generation 1) before the step.
    store.beforeApply.push(async () => void (leaseOf(store.leases, T).generation = 1));
    const records = [{ ...deal('ann', { amount: '5.00' }), id: 'd1' }, { ...deal('cy', { amount: '6.00' }), id: 'd2' }];

    const settled = await consume(records.map((record) => image(record.id, 1, record)));

    expect(settled.size).toBe(2);
    expect(loads).toEqual([false, true]);
    expect(await values()).toEqual(fullRunValues(tenant(goals), records));
  });

  it('ends at the full run of the records\' last images, whatever the batches: repeated, reordered, lost in between, raced, failing', async () => {
    await fc.assert(
      fc.asyncProperty(writesArb(6), modesArb, fc.array(fc.nat(), { minLength: 120, maxLength: 120 }), async (writes, modes, noise) => {
        const { store, ports, values, goals, consume } = world(hierarchy(modes));
        const draw = drawFrom(noise);
        const { order, final } = streamDeliveries(writes, draw);

        for (let i = 0; i < order.length; ) {
          const batch = order.slice(i, i + 1 + (draw() % 8));
          i += batch.length;
          const racer = order[(i + (draw() % 3)) % order.length];
          const fault = draw() % 5;
          // Another consumer applies a change into the step's read-write gap, or the step's write fails.
          if (racer && fault === 0) store.beforeApply.push(async () => void (await applyRecordChange(ports, T, racer)));
          if (fault === 1) store.beforeApply.push(async () => Promise.reject(new Error('throttled')));
          await consume(batch);
          store.beforeApply.length = 0;
        }

        expect(await values()).toEqual(fullRunValues(tenant(goals), final));
      }),
      { numRuns: 150 },
    );
  });
});

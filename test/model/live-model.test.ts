/**
 * The model-based test of live results (functions/use-cases/live/DESIGN.md): random interleavings of
 * record writes (new, update, owner move, date move, delete, stale), repeated, reordered and delayed
 * deliveries of the stream (one by one, or as batches applied many in one step), consumer crashes in the middle of a change, goal edits, recomputations
 * and full runs — with deliveries landing while a run holds the lease — as fast-check commands over
 * the memory ports (the same use cases the Lambdas run). At rest (every stream entry delivered, every
 * recomputation asked for done) the live values equal a from-scratch computation of the records with
 * the definitions as they are, exactly, and a full run then finds no drift.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Goal } from '../../core/model/goal.ts';
import type { RecordInput } from '../../core/model/record-input.ts';
import { applyRecordBatch, isSettled } from '../../functions/use-cases/live/apply-record-batch.ts';
import { applyRecordChange, type LivePorts } from '../../functions/use-cases/live/apply-record-change.ts';
import { cachedCreditModels } from '../../functions/use-cases/live/credit-models.ts';
import type { RecordImage } from '../../functions/use-cases/live/ports.ts';
import type { AppPorts } from '../../functions/use-cases/ports.ts';
import { runRollup } from '../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../functions/use-cases/rollups/trigger-rollup.ts';
import { hierarchy, metrics, modesArb, NOW, tenant as rollupInput, users } from '../core/support/credit-tenant.ts';
import { fullRunValues, valueKey } from '../core/support/full-run.ts';
import { recordArb } from '../core/support/record-arbitraries.ts';
import { settings, units } from '../core/support/tenant-fixtures.ts';
import { manualClock } from '../support/manual-clock.ts';
import { pauseAfterRead } from '../support/memory/after-read.ts';
import { memoryLeases } from '../support/memory/gate.ts';
import { memoryLive } from '../support/memory/live.ts';
import { memoryPorts } from '../support/memory/ports.ts';
import { memoryResults, memoryRuns } from '../support/memory/results.ts';

const T = 'acme';

/** The system under test: the memory ports, the stream's entries not yet consumed, the consumer. */
class Real {
  readonly leases = memoryLeases();
  readonly store = memoryLive(this.leases);
  goals: Goal[];
  readonly ports;
  readonly consumer: LivePorts;
  readonly afterRead;
  /** Stream entries still to deliver (each at least once: the stream's promise). */
  readonly pending: RecordImage[] = [];
  writes = 0;

  constructor(goals: Goal[]) {
    this.goals = goals;
    this.ports = memoryPorts({
      clock: manualClock(Date.parse(NOW)),
      runs: memoryRuns(this.leases),
      live: this.store.live,
      results: memoryResults(this.leases, this.store),
      goals: { all: async () => structuredClone(this.goals) } as unknown as AppPorts['goals'],
      metrics: { all: async () => structuredClone(metrics) } as unknown as AppPorts['metrics'],
      units: { all: async () => structuredClone(units) } as unknown as AppPorts['units'],
      users: { all: async () => structuredClone(users) } as unknown as AppPorts['users'],
      settings: { get: async () => ({ ...structuredClone(settings), stopRollupDaysAfterEnd: 3650, version: 1 }) } as unknown as AppPorts['settings'],
    });
    this.afterRead = pauseAfterRead(this.ports);
    this.consumer = { live: this.store.live, creditModels: cachedCreditModels(this.ports), clock: this.ports.clock };
  }

  /** Moves what the record store's stream gained into the pending deliveries. */
  collect(): void {
    for (const { image } of this.ports.stream.splice(0)) this.pending.push(image);
  }

  async deliver(index: number, keep: boolean): Promise<void> {
    if (this.pending.length === 0) return;
    const i = index % this.pending.length;
    const image = this.pending[i]!;
    if (!keep) this.pending.splice(i, 1);
    await applyRecordChange(this.consumer, T, image);
  }

  /**
   * Delivers several entries as one stream batch, as the consumer does: many in one step, then what
   * that left one by one. `crash`: the first step's write fails (a crash, a throttled call).
   */
  async deliverBatch(picks: readonly { index: number; keep: boolean }[], crash: boolean): Promise<void> {
    const images: RecordImage[] = [];
    for (const { index, keep } of picks) {
      if (this.pending.length === 0) break;
      const i = index % this.pending.length;
      images.push(this.pending[i]!);
      if (!keep) this.pending.splice(i, 1);
    }
    if (crash) this.store.beforeApply.push(async () => Promise.reject(new Error('the batch step failed')));
    const settled = await applyRecordBatch(this.consumer, T, images);
    this.store.beforeApply.length = 0;
    for (const image of images) if (!isSettled(settled, image)) await applyRecordChange(this.consumer, T, image);
  }

  async run(): Promise<void> {
    const { runId, created } = await triggerRollup(this.ports, T, null);
    if (created) await runRollup(this.ports, { kind: 'manual', tenant: T, runId });
    // A run queued behind a recomputation was handed the lease: run it as its event would.
    for (const event of this.dispatched()) await runRollup(this.ports, event);
  }

  dispatched() {
    return (this.ports as unknown as { dispatchedEvents?: Parameters<AppPorts['dispatcher']>[0][] }).dispatchedEvents?.splice(0) ?? [];
  }

  async records(): Promise<RecordInput[]> {
    const found: RecordInput[] = [];
    await this.ports.recordPages(T, 'deal', (page) => found.push(...page));
    return found.map(({ rev: _rev, ...record }) => record);
  }
}

type Command = fc.AsyncCommand<object, Real>;
const command = (name: string, run: (r: Real) => Promise<void>): Command => ({ check: () => true, run: (_m, r) => run(r), toString: () => name });

const ids = fc.constantFrom('d0', 'd1', 'd2', 'd3', 'd4', 'd5');
/** Writes a record as the CRM does (a stale one carries an `updatedAt` older than any: refused, nothing in the stream). */
async function write(r: Real, id: string, record: RecordInput, stale: boolean): Promise<void> {
  r.writes += 1;
  const updatedAt = new Date(Date.parse('2026-03-01T00:00:00Z') + (stale ? -1 : r.writes) * 1000).toISOString();
  await r.ports.records.upsert(T, { ...record, id, updatedAt }, r.ports.clock.now());
  r.collect();
}
const writeArb = fc.record({ id: ids, record: recordArb, stale: fc.boolean() }).map(({ id, record, stale }) =>
  command(`write ${id}${stale ? ' (stale)' : ''} ${record.ownerId} ${String(record.fields.closedAt)}`, (r) => write(r, id, record, stale)),
);
/** The consumer keeping up: a write, then its stream entry delivered at once. */
const writeDeliveredArb = fc.record({ id: ids, record: recordArb }).map(({ id, record }) =>
  command(`write ${id} ${record.ownerId} ${String(record.fields.closedAt)}, delivered`, async (r) => {
    await write(r, id, record, false);
    await r.deliver(r.pending.length - 1, false);
  }),
);
const deleteArb = ids.map((id) =>
  command(`delete ${id}`, async (r) => {
    await r.ports.records.delete(T, 'deal', id, r.ports.clock.now());
    r.collect();
  }),
);
const deliverArb = fc.record({ index: fc.nat(), keep: fc.boolean() }).map(({ index, keep }) => command(`deliver #${index}${keep ? ' (again later)' : ''}`, (r) => r.deliver(index, keep)));
const picksArb = fc.array(fc.record({ index: fc.nat(), keep: fc.boolean() }), { minLength: 1, maxLength: 6 });
const deliverBatchArb = fc.record({ picks: picksArb, crash: fc.boolean() }).map(({ picks, crash }) =>
  command(`deliver a batch of ${picks.map((p) => `#${p.index}${p.keep ? '+' : ''}`).join(' ')}${crash ? ' (its step fails)' : ''}`, (r) => r.deliverBatch(picks, crash)),
);
const crashArb = fc.nat().map((index) =>
  command(`consumer crashes delivering #${index}`, async (r) => {
    if (r.pending.length === 0) return;
    // Between its read of the shadow and its transaction (a change already applied crashes nothing).
    r.store.beforeApply.push(async () => {
      throw new Error('the consumer crashed mid-change');
    });
    await r.deliver(index, true).catch((error: unknown) => expect(String(error)).toMatch(/crashed/));
    r.store.beforeApply.length = 0;
  }),
);
const editArb = fc.record({ index: fc.nat(), change: fc.constantFrom('target', 'owner', 'owner', 'filter', 'filter', 'mode', 'period') }).map(({ index, change }) =>
  command(`edit goal #${index}: ${change}`, async (r) => {
    const goal = r.goals[index % r.goals.length]!;
    const edited: Goal = { ...goal };
    if (change === 'target') edited.target = goal.target === '5' ? '7' : '750.00';
    if (change === 'owner' && goal.owner.type === 'user') edited.owner = { type: 'user', id: goal.owner.id === 'ann' ? 'bob' : 'ann' };
    if (change === 'filter') edited.filter = goal.filter ? null : { field: 'zone', op: 'in', value: ['south'] };
    if (change === 'mode') edited.rollupMode = goal.rollupMode === 'children' ? 'owner_and_children' : 'children';
    if (change === 'period') edited.period = { start: '2026-02-01', end: '2026-03-31' };
    if (edited.rollupMode === 'owner_and_children' && edited.owner.type !== 'user') edited.rollupMode = 'owner';
    r.goals = r.goals.map((g) => (g.id === goal.id ? edited : g));
    // What the live consumer does with the goal item's stream record.
    await r.ports.runs.requestRecompute(T, { goalIds: [goal.id, ...(goal.parentId ? [goal.parentId] : [])] }, r.ports.clock.now());
  }),
);
const recomputeArb = fc.constant(
  command('recompute', async (r) => {
    await runRollup(r.ports, { kind: 'recompute', tenant: T });
    for (const event of r.dispatched()) await runRollup(r.ports, event);
  }),
);
const runArb = fc.constant(command('full run', (r) => r.run()));
const runWithDeliveriesArb = fc
  .record({ writes: fc.array(fc.record({ id: ids, record: recordArb }), { maxLength: 3 }), deliveries: picksArb, batched: fc.boolean() })
  .map(({ writes, deliveries, batched }) =>
    command(`full run with ${writes.length} writes and ${deliveries.length} deliveries${batched ? ' in a batch' : ''} after it read the records`, async (r) => {
      r.afterRead(async () => {
        for (const { id, record } of writes) await write(r, id, record, false);
        if (batched) await r.deliverBatch(deliveries, false);
        else for (const { index, keep } of deliveries) await r.deliver(index, keep);
      });
      await r.run();
    }),
  );

describe('live results, model-based', () => {
  it('at rest, the live values equal a from-scratch computation exactly, whatever the interleaving; a full run then finds no drift', async () => {
    await fc.assert(
      fc.asyncProperty(
        modesArb,
        fc.commands([writeArb, writeDeliveredArb, writeDeliveredArb, deleteArb, deliverArb, deliverArb, deliverBatchArb, deliverBatchArb, crashArb, editArb, editArb, recomputeArb, recomputeArb, runArb, runWithDeliveriesArb], { maxCommands: 30 }),
        async (modes, commands) => {
          const real = new Real(hierarchy(modes));
          const dispatched: Parameters<AppPorts['dispatcher']>[0][] = [];
          Object.assign(real.ports, { dispatcher: async (event: (typeof dispatched)[number]) => void dispatched.push(event), dispatchedEvents: dispatched });
          await fc.asyncModelRun(() => ({ model: {}, real }), commands);

          // At rest: every entry still in the stream delivered, what was asked for recomputed.
          while (real.pending.length > 0) await real.deliver(0, false);
          await runRollup(real.ports, { kind: 'recompute', tenant: T });
          for (const event of real.dispatched()) await runRollup(real.ports, event);

          const expected = fullRunValues(rollupInput(real.goals), await real.records());
          const live = await real.store.live.values(T);
          const actual = new Map([...expected.keys()].map((goalId) => [goalId, valueKey(live.get(goalId)?.values ?? [0n, 0n, 0n], live.get(goalId)?.skipped ?? 0)]));
          expect(actual).toEqual(expected);

          await real.run();
          const [latest] = (await real.ports.runs.listRuns(T, 1)).items;
          expect(latest?.verification).toMatchObject({ goalsDrifted: 0, goalsUnverified: 0 });
        },
      ),
      { numRuns: 300 },
    );
  }, 300_000);
});

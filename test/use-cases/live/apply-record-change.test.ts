import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { prepareCredits } from '../../../core/rollup/record-credits.ts';
import { applyRecordChange, type LivePorts } from '../../../functions/use-cases/live/apply-record-change.ts';
import type { RecordImage } from '../../../functions/use-cases/live/ports.ts';
import { hierarchy, modesArb, tenant } from '../../core/support/credit-tenant.ts';
import { fullRunValues, valueKey } from '../../core/support/full-run.ts';
import { deal, goal } from '../../core/support/tenant-fixtures.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { memoryLive } from '../../support/memory/live.ts';
import { drawFrom, image, streamDeliveries, writesArb } from './support/stream-deliveries.ts';

const T = 'acme';

function world(goals = hierarchy(['owner_and_children'])) {
  const store = memoryLive();
  const model = prepareCredits(tenant(goals));
  const ports: LivePorts = { live: store.live, creditModels: async () => ({ model, generation: 0 }), clock: manualClock(Date.parse('2026-03-20T12:00:00Z')) };
  /** Every goal's live values, zero where nothing was applied. */
  const values = async () => {
    const live = await store.live.values(T);
    return new Map(goals.map((g) => [g.id, valueKey(live.get(g.id)?.values ?? [0n, 0n, 0n], live.get(g.id)?.skipped ?? 0)]));
  };
  return { store, ports, values, goals };
}


describe('applyRecordChange (the live consumer\'s use case)', () => {
  it('applies a record\'s revisions once each: a repeated or older delivery changes nothing', async () => {
    const { ports, values, goals } = world([goal('ann', { type: 'user', id: 'ann' })]);
    const first = deal('ann', { amount: '100.00' });
    const second = { ...first, fields: { ...first.fields, amount: '250.00' } };

    const outcomes = [
      await applyRecordChange(ports, T, image('d1', 1, first)),
      await applyRecordChange(ports, T, image('d1', 1, first)),
      await applyRecordChange(ports, T, image('d1', 2, second)),
      await applyRecordChange(ports, T, image('d1', 1, first)),
    ];

    expect(outcomes).toEqual(['applied', 'duplicate', 'applied', 'duplicate']);
    expect(await values()).toEqual(fullRunValues(tenant(goals), [{ ...second, id: 'd1' }]));
  });

  it('takes a change against what was applied, so a revision the stream skipped is covered by the next', async () => {
    const { ports, values, goals } = world();
    const a = deal('ann', { amount: '100.00' });

    await applyRecordChange(ports, T, image('d1', 1, a));
    await applyRecordChange(ports, T, image('d1', 3, { ...a, ownerId: 'bob' })); // rev 2 never arrives
    await applyRecordChange(ports, T, image('d1', 4, null)); // deleted
    await applyRecordChange(ports, T, image('d2', 1, a));

    expect(await values()).toEqual(fullRunValues(tenant(goals), [{ ...a, id: 'd2' }]));
  });

  it('recomputes when another delivery moved the shadow between its read and its write', async () => {
    const { store, ports, values, goals } = world();
    const a = deal('ann', { amount: '100.00' });
    // While revision 2 is between its shadow read and its write, revision 3 is applied in full.
    store.beforeApply.push(async () => {
      store.beforeApply.push(async () => undefined);
      expect(await applyRecordChange(ports, T, image('d1', 3, { ...a, ownerId: 'cy' }))).toBe('applied');
    });

    const outcome = await applyRecordChange(ports, T, image('d1', 2, { ...a, ownerId: 'bob' }));

    expect(outcome).toBe('duplicate');
    expect(await values()).toEqual(fullRunValues(tenant(goals), [{ ...a, id: 'd1', ownerId: 'cy' }]));
  });

  it('ends at the full run of the records\' last images, whatever the deliveries: repeated, reordered, lost in between, raced', async () => {
    // Writes to five records make the stream; each event is delivered 0–3 times in any order, except
    // that each record's last revision is delivered at least once (the stream's promise); some
    // deliveries race another one into their read-write gap.
    await fc.assert(
      fc.asyncProperty(writesArb(5), modesArb, fc.array(fc.nat(), { minLength: 120, maxLength: 120 }), async (writes, modes, noise) => {
        const { store, ports, values, goals } = world(hierarchy(modes));
        const draw = drawFrom(noise);
        const { order, final } = streamDeliveries(writes, draw);

        for (const [i, event] of order.entries()) {
          const racer = order[(i + 1 + (draw() % 3)) % order.length];
          if (racer && draw() % 4 === 0) store.beforeApply.push(async () => void (await applyRecordChange(ports, T, racer)));
          await applyRecordChange(ports, T, event);
          store.beforeApply.length = 0;
        }

        expect(await values()).toEqual(fullRunValues(tenant(goals), final));
      }),
      { numRuns: 150 },
    );
  });
});

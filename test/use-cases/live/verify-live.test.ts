import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareCredits } from '../../../core/rollup/record-credits.ts';
import { compareLive, expectedLiveValues } from '../../../core/rollup/verify-live.ts';
import { applyRecordChange } from '../../../functions/use-cases/live/apply-record-change.ts';
import { hierarchy, modesArb, tenant } from '../../core/support/credit-tenant.ts';
import { recordArb } from '../../core/support/record-arbitraries.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { memoryLive } from '../../support/memory/live.ts';

const T = 'acme';

describe('verifying the live values against the shadows (what a full run reports)', () => {
  it('finds every goal verified after any deliveries, and exactly the goals whose live values were tampered with as drifted', async () => {
    const writeArb = fc.record({ id: fc.integer({ min: 0, max: 4 }), record: fc.option(recordArb, { freq: 4 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { maxLength: 20 }), modesArb, fc.nat(), async (writes, modes, pick) => {
        // Prepare: changes applied through the consumer's use case, in order, some twice
        const goals = hierarchy(modes);
        const model = prepareCredits(tenant(goals));
        const store = memoryLive();
        const ports = { live: store.live, creditModels: async () => ({ model, generation: 0 }), clock: manualClock(0) };
        const revs = new Map<string, number>();
        for (const [i, { id, record }] of writes.entries()) {
          const rev = (revs.get(`d${id}`) ?? 0) + 1;
          revs.set(`d${id}`, rev);
          const image = { recordType: 'deal', id: `d${id}`, rev, record: record && { ...record, id: `d${id}` } };
          await applyRecordChange(ports, T, image);
          if (i % 3 === 0) await applyRecordChange(ports, T, image);
        }
        const shadows = await Promise.all([...revs.keys()].map(async (id) => (await store.live.shadow(T, 'deal', id))!.record));
        const ids = goals.map((g) => g.id);

        // Act
        const clean = compareLive(ids, expectedLiveValues(model, shadows), await store.live.values(T));
        const tampered = goals[pick % goals.length]!.id;
        const live = await store.live.values(T);
        const value = live.get(tampered) ?? { values: [0n, 0n, 0n] as const, skipped: 0, updatedAt: '' };
        live.set(tampered, { ...value, values: [value.values[0] + 1n, value.values[1], value.values[2]] });
        const dirty = compareLive(ids, expectedLiveValues(model, shadows), live);

        // Assess
        expect(clean).toEqual({ verified: ids, drifted: [] });
        expect(dirty.drifted.map((d) => d.goalId)).toEqual([tampered]);
        expect(dirty.verified).toHaveLength(ids.length - 1);
      }),
      { numRuns: 100 },
    );
  });
});

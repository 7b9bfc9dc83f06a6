import fc from 'fast-check';
import type { RecordInput } from '../../../../core/model/record-input.ts';
import type { RecordImage } from '../../../../functions/use-cases/live/ports.ts';
import { recordArb } from '../../../core/support/record-arbitraries.ts';

/** A record's image at a revision, as the stream carries it (`null`: deleted). */
export const image = (id: string, rev: number, record: RecordInput | null): RecordImage => ({ recordType: 'deal', id, rev, record: record && { ...record, id } });

/** Writes to a few records (`null`: a delete): what makes the stream. */
export const writesArb = (records: number) => fc.array(fc.record({ id: fc.integer({ min: 0, max: records - 1 }), record: fc.option(recordArb, { freq: 4 }) }), { maxLength: 30 });

/**
 * The stream of `writes` as an at-least-once stream delivers it: each image 0–3 times in any order,
 * except that each record's last revision arrives at least once. `draw` is the test's seeded noise
 * (also used for the races). Returns the deliveries and each record's last image.
 */
export function streamDeliveries(writes: readonly { id: number; record: RecordInput | null }[], draw: () => number) {
  const revs = new Map<string, number>();
  const events = writes.map(({ id, record }) => {
    const key = `d${id}`;
    const rev = (revs.get(key) ?? 0) + 1;
    revs.set(key, rev);
    return image(key, rev, record);
  });
  const last = new Map(events.map((e) => [e.id, e]));
  const deliveries = events.flatMap((e) => Array.from({ length: (last.get(e.id) === e ? 1 : 0) + (draw() % 3) }, () => e));
  const order = deliveries.map((e) => ({ e, k: draw() })).sort((x, y) => x.k - y.k).map((x) => x.e);
  return { order, final: [...last.values()].flatMap((e) => (e.record ? [e.record] : [])) };
}

/** The next number of the seeded noise, round and round. */
export function drawFrom(noise: readonly number[]): () => number {
  let n = 0;
  return () => noise[n++ % noise.length] as number;
}

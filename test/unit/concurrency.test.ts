import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../functions/shared/concurrency.ts';

describe('mapWithConcurrency', () => {
  it('keeps the order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('throws only after the calls in flight settled, and starts no new call after a failure', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error('boom');
      await new Promise((r) => setTimeout(r, 20));
      finished.push(n);
    });
    await expect(run).rejects.toThrow('boom');
    expect(finished).toEqual([1]);
    expect(started).toEqual([0, 1]);
  });
});

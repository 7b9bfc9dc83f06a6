/**
 * Cuts time at every instant where the set of goals a record can credit changes (goal period
 * bounds, membership changes). Within one interval, every record of one owner and one rollup
 * query credits exactly the same goals — so the record loop only needs to add a record's value to
 * its (query, owner, interval) cell, and each cell is credited to its goals once at the end.
 */
export class IntervalGrid {
  private readonly bounds: Float64Array;
  /** The index used for snapshot values, which have no date. */
  readonly snapshotIndex: number;

  constructor(instants: Iterable<number>) {
    const finite = [...new Set([...instants].filter(Number.isFinite))].sort((a, b) => a - b);
    this.bounds = Float64Array.from(finite);
    this.snapshotIndex = finite.length + 1;
  }

  /** Number of cells a row needs: every interval plus the snapshot slot. */
  get size(): number {
    return this.snapshotIndex + 1;
  }

  /** The interval containing `ms`: the number of bounds at or before it. */
  intervalOf(ms: number): number {
    const bounds = this.bounds;
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((bounds[mid] as number) <= ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** An instant inside interval `k` (its start; `-Infinity` for the first). */
  representative(k: number): number {
    return k === 0 ? Number.NEGATIVE_INFINITY : (this.bounds[k - 1] as number);
  }
}

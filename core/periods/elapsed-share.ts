import type { PeriodInstants } from './period-instants.ts';

/** The share of a period elapsed as an exact fraction of milliseconds, `0 ≤ elapsed ≤ total`. */
export interface ElapsedShare {
  elapsedMs: bigint;
  totalMs: bigint;
}

/**
 * How much of `[startMs, endMs)` has elapsed at `nowMs`: 0 before the start, the whole after
 * the end. Kept as a fraction so pace arithmetic on values stays exact.
 */
export function elapsedShare(period: PeriodInstants, nowMs: number): ElapsedShare {
  const total = Math.max(period.endMs - period.startMs, 0);
  const elapsed = Math.min(Math.max(nowMs - period.startMs, 0), total);
  return { elapsedMs: BigInt(Math.floor(elapsed)), totalMs: BigInt(Math.floor(total)) };
}

/** The elapsed share as a number between 0 and 1, for display only. */
export function elapsedRatio(share: ElapsedShare): number {
  return share.totalMs === 0n ? 1 : Number(share.elapsedMs) / Number(share.totalMs);
}

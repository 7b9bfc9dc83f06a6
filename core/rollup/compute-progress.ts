import type { GoalProgress, GoalStatus, PaceStatus } from '../model/goal-progress.ts';
import { elapsedShare } from '../periods/elapsed-share.ts';
import { formatDecimal } from '../values/decimal.ts';
import { divideRounded, percentOf } from '../values/exact-math.ts';

/** The milestones of API.md, in percent of the target. */
export const MILESTONES = [25, 50, 75, 100, 150] as const;

/** API.md caps `percent` and `stretchPercent` at ±1,000,000 so any value fits a JSON and DynamoDB number. */
export const PERCENT_CAP = 1_000_000;

/**
 * {@link percentOf} held within ±{@link PERCENT_CAP}: a won deal of 90071992547409.93 against a
 * target of 1.00 is 1,000,000 %, not a number past 2^53 that DynamoDB cannot store.
 */
export function cappedPercent(part: bigint, whole: bigint): number | null {
  const percent = percentOf(part, whole);
  return percent === null ? null : Math.min(PERCENT_CAP, Math.max(-PERCENT_CAP, percent));
}

/**
 * What a goal's progress is computed from besides its values: fixed by the definitions (and the
 * children's targets) until they change, so a run stores it once and the read side derives percent,
 * pace and status from it and the live values at the read's instant, in O(1) a goal.
 */
export interface ProgressBasis {
  period: { start: string; end: string };
  startMs: number;
  endMs: number;
  scale: number;
  target: bigint;
  stretchTarget: bigint | null;
  /** Which of actual, in progress and custom the metric defines (the others are null). */
  kinds: [boolean, boolean, boolean];
  childrenTargetSum: bigint | null;
  /** A snapshot metric's value (open pipeline): no pace, and no final status before the period ends. */
  snapshot: boolean;
  currency: string | null;
  /** The on-track band in percent × 10^4 (5 % → 50000n). */
  tolerancePercentE4: bigint;
}

/** Everything the progress of one goal is computed from; values are scaled bigints. */
export interface ProgressInput extends Omit<ProgressBasis, 'kinds'> {
  goalId: string;
  /** actual, inProgress, custom; `null` for a kind the metric does not define. */
  values: [bigint | null, bigint | null, bigint | null];
  skippedRecords: number;
  nowMs: number;
}

/**
 * The value percent, pace and status measure: the actual, or — for a metric without an actual
 * query — the in-progress value, else the custom one.
 */
export function primaryValue(values: ProgressInput['values']): bigint {
  return values[0] ?? values[1] ?? values[2] ?? 0n;
}

/**
 * Computes API.md's progress object for one goal at `nowMs`.
 *
 * - `pace.expected` = target × share elapsed, `on_track` within ±tolerance of the exact expected
 *   value, `projected` = value ÷ share elapsed (`null` before the start).
 * - `status`: `upcoming` before the start; `achieved` once the target is reached; after the end
 *   `missed` if it never was; `active` otherwise.
 * - A snapshot metric (its value a state at `now`, such as open pipeline) has `pace: null` and stays
 *   `active` until its period ends: reaching the target mid-period is no achievement yet.
 */
export function computeProgress(input: ProgressInput): GoalProgress {
  const { scale, target, stretchTarget, values, nowMs } = input;
  const value = primaryValue(values);
  const format = (v: bigint | null): string | null => (v === null ? null : formatDecimal(v, scale));
  const share = elapsedShare({ startMs: input.startMs, endMs: input.endMs }, nowMs);
  const { elapsedMs, totalMs } = share;
  const expected = totalMs === 0n ? target : divideRounded(target * elapsedMs, totalMs);
  const projected = elapsedMs === 0n ? null : divideRounded(value * totalMs, elapsedMs);
  return {
    goalId: input.goalId,
    asOf: new Date(nowMs).toISOString(),
    period: { start: input.period.start, end: input.period.end },
    status: statusOf(value, target, input.startMs, input.endMs, nowMs, input.snapshot),
    target: formatDecimal(target, scale),
    stretchTarget: format(stretchTarget),
    actual: format(values[0]),
    inProgress: format(values[1]),
    custom: format(values[2]),
    percent: cappedPercent(value, target),
    stretchPercent: stretchTarget === null ? null : cappedPercent(value, stretchTarget),
    remaining: formatDecimal(value >= target ? 0n : target - value, scale),
    pace: input.snapshot
      ? null
      : {
          expected: formatDecimal(expected, scale),
          status: paceOf(value, target, elapsedMs, totalMs, input.tolerancePercentE4),
          projected: format(projected),
        },
    milestones: target > 0n ? MILESTONES.filter((m) => value * 100n >= BigInt(m) * target) : [],
    childrenTargetSum: format(input.childrenTargetSum),
    childrenTargetMismatch: input.childrenTargetSum !== null && input.childrenTargetSum !== target,
    skippedRecords: input.skippedRecords,
    currency: input.currency,
  };
}

function statusOf(value: bigint, target: bigint, startMs: number, endMs: number, nowMs: number, snapshot: boolean): GoalStatus {
  if (nowMs < startMs) return 'upcoming';
  if (snapshot && nowMs < endMs) return 'active';
  if (value >= target) return 'achieved';
  return nowMs >= endMs ? 'missed' : 'active';
}

/**
 * On track when |value − expected| ≤ expected × tolerance, decided without rounding: both sides
 * are multiplied by total × 10^6 (expected = target × elapsed ÷ total; tolerance = T ÷ 10^6 with
 * T in percent × 10^4), which leaves only integers.
 */
function paceOf(value: bigint, target: bigint, elapsedMs: bigint, totalMs: bigint, tolerancePercentE4: bigint): PaceStatus {
  if (totalMs === 0n) return value >= target ? 'ahead' : 'behind';
  const actualScaled = value * totalMs * 1_000_000n;
  const expectedScaled = target * elapsedMs * 1_000_000n;
  const band = target * elapsedMs * tolerancePercentE4;
  const magnitude = band < 0n ? -band : band;
  if (actualScaled > expectedScaled + magnitude) return 'ahead';
  if (actualScaled < expectedScaled - magnitude) return 'behind';
  return 'on_track';
}

import type { RecordInput } from '../model/record-input.ts';
import type { CreditModel, GoalCredit } from './record-credits.ts';
import { createRollup, type RollupInput } from './rollup-tenant.ts';

/** A goal's live values as the store keeps them: actual, in progress, custom (scaled) and skipped records. */
export interface LiveSums {
  readonly values: readonly [bigint, bigint, bigint];
  readonly skipped: number;
}

/** How the live values compare with what the shadows credit: the goals that agree and those that drifted. */
export interface LiveComparison {
  verified: string[];
  drifted: { goalId: string; live: LiveSums; expected: LiveSums }[];
}

const ZERO: LiveSums = { values: [0n, 0n, 0n], skipped: 0 };

/**
 * What the live values must be: the sum, goal by goal, of what each shadow (the image whose credit
 * the live path applied) credits under `model` — the invariant of functions/use-cases/live/DESIGN.md.
 * Goals no shadow credits are absent (zero).
 */
export function expectedLiveValues(model: CreditModel, shadows: Iterable<Parameters<CreditModel['credits']>[0]>): Map<string, LiveSums> {
  const sums = new Map<string, { values: [bigint, bigint, bigint]; skipped: number }>();
  for (const shadow of shadows) {
    for (const credit of model.credits(shadow).values()) add(sums, credit);
  }
  return sums;
}

/**
 * Compares the live values of `goalIds` with the expected ones, exactly (a goal absent on either side
 * is zero there): the verification a full run reports as `goalsVerified` and `goalsDrifted`.
 */
export function compareLive(goalIds: Iterable<string>, expected: ReadonlyMap<string, LiveSums>, live: ReadonlyMap<string, LiveSums>): LiveComparison {
  const comparison: LiveComparison = { verified: [], drifted: [] };
  for (const goalId of goalIds) {
    const want = expected.get(goalId) ?? ZERO;
    const have = live.get(goalId) ?? ZERO;
    const same = want.skipped === have.skipped && want.values.every((v, k) => v === have.values[k]);
    if (same) comparison.verified.push(goalId);
    else comparison.drifted.push({ goalId, live: have, expected: want });
  }
  return comparison;
}

function add(sums: Map<string, { values: [bigint, bigint, bigint]; skipped: number }>, credit: GoalCredit): void {
  const sum = sums.get(credit.goalId);
  if (sum === undefined) {
    sums.set(credit.goalId, { values: [...credit.values], skipped: credit.skipped });
    return;
  }
  for (let k = 0; k < 3; k++) sum.values[k] = (sum.values[k] as bigint) + (credit.values[k] as bigint);
  sum.skipped += credit.skipped;
}

/**
 * The same sums as {@link expectedLiveValues}, for the goals of `input`, in one record pass over the
 * images — what a full run computes from them (equal by the credits' property, test/core/record-credits.test.ts)
 * at a full run's speed, where summing each image's credits looks at every goal once per image.
 */
export function liveValuesOf(input: RollupInput, images: Iterable<RecordInput>): Map<string, LiveSums> {
  const session = createRollup(input);
  session.addAll(images);
  return new Map(session.values().map((v) => [v.slot.goal.id, { values: [v.values[0] ?? 0n, v.values[1] ?? 0n, v.values[2] ?? 0n] as const, skipped: v.skippedRecords }]));
}

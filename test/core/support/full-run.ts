import type { RecordInput } from '../../../core/model/record-input.ts';
import type { GoalCredit } from '../../../core/rollup/record-credits.ts';
import { createRollup, type RollupInput } from '../../../core/rollup/rollup-tenant.ts';

/** A goal's values as one comparable string: actual/inProgress/custom (scaled) and skipped records. */
export const valueKey = (values: readonly bigint[], skipped: number): string => `${values.join('/')} skipped ${skipped}`;

/** The full run's values per goal (0 for a kind the metric does not define), as {@link valueKey}s. */
export function fullRunValues(input: RollupInput, records: readonly RecordInput[]): Map<string, string> {
  const session = createRollup(input);
  session.addAll(records);
  return new Map(session.values().map((v) => [v.slot.goal.id, valueKey(v.values.map((x) => x ?? 0n), v.skippedRecords)]));
}

/** Live values built from nothing by adding credits (or deltas); every goal of `goalIds` starts at zero. */
export function summedCredits(goalIds: readonly string[], credits: Iterable<GoalCredit>): Map<string, string> {
  const sums = new Map(goalIds.map((id) => [id, { values: [0n, 0n, 0n], skipped: 0 }]));
  for (const credit of credits) {
    const sum = sums.get(credit.goalId);
    if (sum === undefined) throw new Error(`a credit for ${credit.goalId}, which is not a goal`);
    credit.values.forEach((v, k) => (sum.values[k]! += v));
    sum.skipped += credit.skipped;
  }
  return new Map([...sums].map(([id, s]) => [id, valueKey(s.values, s.skipped)]));
}

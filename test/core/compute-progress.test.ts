import { describe, expect, it } from 'vitest';
import { computeProgress, type ProgressInput } from '../../core/rollup/compute-progress.ts';
import { isSnapshotMetric } from '../../core/rollup/progress-basis.ts';

const DAY = 86_400_000;
const start = Date.parse('2026-01-01T00:00:00Z');
const base: ProgressInput = {
  goalId: 'g', period: { start: '2026-01-01', end: '2026-01-10' }, startMs: start, endMs: start + 10 * DAY, scale: 2,
  target: 50_000_000n, stretchTarget: 60_000_000n, values: [21_200_000n, 9_000_000n, null], childrenTargetSum: null,
  skippedRecords: 0, nowMs: start + 5 * DAY, tolerancePercentE4: 50_000n, snapshot: false, currency: 'EUR',
};

describe('computeProgress', () => {
  it('computes the API progress object for an active goal', () => {
    expect(computeProgress(base)).toEqual({
      goalId: 'g', asOf: '2026-01-06T00:00:00.000Z', period: { start: '2026-01-01', end: '2026-01-10' }, status: 'active',
      target: '500000.00', stretchTarget: '600000.00', actual: '212000.00', inProgress: '90000.00', custom: null,
      percent: 42.4, stretchPercent: 35.33, remaining: '288000.00',
      pace: { expected: '250000.00', status: 'behind', projected: '424000.00' },
      milestones: [25], childrenTargetSum: null, childrenTargetMismatch: false, skippedRecords: 0, currency: 'EUR',
    });
  });

  it('gives a snapshot metric no pace, and no achieved or missed before its period ends', () => {
    const snapshot = { ...base, snapshot: true };
    expect(computeProgress({ ...snapshot, values: [75_000_000n, null, null] })).toMatchObject({ status: 'active', pace: null, percent: 150, milestones: [25, 50, 75, 100, 150] });
    expect(computeProgress({ ...snapshot, nowMs: start - 1 })).toMatchObject({ status: 'upcoming', pace: null });
    expect(computeProgress({ ...snapshot, values: [75_000_000n, null, null], nowMs: start + 10 * DAY }).status).toBe('achieved');
    expect(computeProgress({ ...snapshot, nowMs: start + 10 * DAY }).status).toBe('missed');
  });

  it('is on track within the tolerance of the expected value and ahead beyond it', () => {
    const at = (actual: bigint) => computeProgress({ ...base, values: [actual, null, null] }).pace?.status;
    expect(at(23_750_000n)).toBe('on_track'); // expected 250000.00 − 5 %
    expect(at(23_749_999n)).toBe('behind');
    expect(at(26_250_000n)).toBe('on_track');
    expect(at(26_250_001n)).toBe('ahead');
  });

  it('is upcoming before the start, with nothing expected and nothing projected', () => {
    const result = computeProgress({ ...base, values: [0n, null, null], nowMs: start - 1 });
    expect(result).toMatchObject({ status: 'upcoming', pace: { expected: '0.00', status: 'on_track', projected: null } });
  });

  it('gives a final achieved or missed status once the period has ended', () => {
    const ended = { ...base, nowMs: start + 11 * DAY };
    expect(computeProgress({ ...ended, values: [50_000_000n, null, null] }).status).toBe('achieved');
    expect(computeProgress({ ...ended, values: [49_999_999n, null, null] })).toMatchObject({ status: 'missed', remaining: '0.01' });
    expect(computeProgress({ ...ended, values: [10n, null, null] }).pace?.expected).toBe('500000.00');
  });

  it('marks a goal achieved as soon as its target is reached', () => {
    const result = computeProgress({ ...base, values: [75_000_000n, null, null] });
    expect(result).toMatchObject({ status: 'achieved', percent: 150, remaining: '0.00', milestones: [25, 50, 75, 100, 150] });
  });

  it('measures a metric without an actual query on its in-progress value', () => {
    const result = computeProgress({ ...base, values: [null, 25_000_000n, null] });
    expect(result).toMatchObject({ actual: null, inProgress: '250000.00', percent: 50, milestones: [25, 50] });
  });

  it('flags children targets that do not add up to the target', () => {
    expect(computeProgress({ ...base, childrenTargetSum: 48_000_000n })).toMatchObject({ childrenTargetSum: '480000.00', childrenTargetMismatch: true });
    expect(computeProgress({ ...base, childrenTargetSum: 50_000_000n }).childrenTargetMismatch).toBe(false);
  });

  it('has no percent for a zero target', () => {
    expect(computeProgress({ ...base, target: 0n, stretchTarget: null })).toMatchObject({ percent: null, stretchPercent: null, milestones: [] });
  });

  it('caps percent and stretchPercent at ±1,000,000, so a value past 2^53 hundredths still fits', () => {
    // A won deal of 90071992547409.93 against a target of 1.00: 9,007,199,254,740,993 % uncapped.
    const huge = { ...base, target: 100n, stretchTarget: 200n, values: [9_007_199_254_740_993n, null, null] as ProgressInput['values'] };
    expect(computeProgress(huge)).toMatchObject({ percent: 1_000_000, stretchPercent: 1_000_000, actual: '90071992547409.93', milestones: [25, 50, 75, 100, 150] });
    const refunds = computeProgress({ ...huge, values: [-9_007_199_254_740_993n, null, null] });
    expect(refunds).toMatchObject({ percent: -1_000_000, stretchPercent: -1_000_000 });
    // Just under the cap, the exact rounded value.
    expect(computeProgress({ ...huge, values: [999_999n, null, null] })).toMatchObject({ percent: 999_999, stretchPercent: 499_999.5 });
    expect(computeProgress({ ...huge, values: [1_000_001n, null, null] })).toMatchObject({ percent: 1_000_000, stretchPercent: 500_000.5 });
  });
});

describe('isSnapshotMetric', () => {
  const query = (dateField?: string | null) => ({ where: null, ...(dateField === undefined ? {} : { dateField }) });
  it("is a snapshot when the primary value's query counts by no date (its own, else the metric's)", () => {
    expect(isSnapshotMetric({ dateField: null, actual: null, inProgress: query(), custom: null } as never)).toBe(true);
    expect(isSnapshotMetric({ dateField: 'closedAt', actual: null, inProgress: query(null), custom: null } as never)).toBe(true);
    expect(isSnapshotMetric({ dateField: null, actual: query('closedAt'), inProgress: query(), custom: null } as never)).toBe(false);
    expect(isSnapshotMetric({ dateField: 'closedAt', actual: query(), inProgress: query(null), custom: null } as never)).toBe(false);
  });
});

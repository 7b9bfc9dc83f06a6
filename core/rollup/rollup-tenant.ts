import { MembershipIndex } from '../attribution/membership-index.ts';
import type { GoalProgress } from '../model/goal-progress.ts';
import type { Metric } from '../model/metric.ts';
import type { RecordInput } from '../model/record-input.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import { LocalDayCache } from '../periods/period-instants.ts';
import { numberToDecimalText, parseDecimal } from '../values/decimal.ts';
import { buildChannels, definedKinds } from './channels.ts';
import { basisOf, progressOf } from './progress-basis.ts';
import { prepareGoalSlots, type GoalSlot, type RollupGoal, type SkippedGoal } from './goal-slots.ts';
import { leavesFirst } from './hierarchy.ts';
import type { CreditListener } from './goal-crediting.ts';
import { RecordPass } from './record-pass.ts';
import { SkippedList } from './skipped-list.ts';
import { SKIPPED_LIST_LIMIT, type SkippedRecord } from '../model/skipped-record.ts';
import { noRates, type RateTable } from '../values/exchange.ts';

/** Everything a tenant's rollup is computed from. `now` is epoch ms or an ISO instant. */
export interface RollupInput {
  settings: TenantSettings;
  units: readonly Unit[];
  users: readonly User[];
  metrics: readonly Metric[];
  goals: readonly RollupGoal[];
  now: number | string | Date;
  /** The tenant's exchange rates (metrics with `currencyMode: "convert"`); none by default. */
  rates?: RateTable;
}

/** A goal's rolled-up values as scaled bigints, before formatting. */
export interface GoalValues {
  slot: GoalSlot;
  /** actual, inProgress, custom; `null` for a kind the metric does not define. */
  values: [bigint | null, bigint | null, bigint | null];
  childrenTargetSum: bigint | null;
  skippedRecords: number;
}

/** The outcome of a tenant's rollup. */
export interface RollupOutput {
  /** One progress object per computable goal, in the order of the input goals. */
  results: GoalProgress[];
  /** Records read from the source (whether or not they matched anything). */
  recordsRead: number;
  /** Distinct records that matched a query but could not count (other currency, bad amount, date or splits). */
  skippedRecords: number;
  /**
   * The skipped records, each once with the first reason found, in the order they were read: at
   * most the rollup's `skippedListLimit` (fewer than `skippedRecords` when the list was cut); empty
   * when the rollup was not asked to list them.
   */
  skippedList: SkippedRecord[];
  /**
   * Goals that could not be computed, and why (an unknown metric, an invalid period, owner, target
   * or filter, a duplicate id, anything that threw for that goal alone): the others are computed.
   */
  skippedGoals: SkippedGoal[];
}

/** How a rollup works beyond its input. */
export interface RollupOptions {
  /** Called for each goal a record is credited to (previews); makes the pass credit record by record. */
  onCredit?: CreditListener | null;
  /** List the skipped records, up to this many (a full run); omitted: they are only counted. */
  skippedListLimit?: number;
}

/** A rollup fed record by record (e.g. page by page from the store), finished once. */
export interface RollupSession {
  add(record: RecordInput): void;
  addAll(records: Iterable<RecordInput>): void;
  /** The goals' values, children summed into parents. */
  values(): GoalValues[];
  finish(): RollupOutput;
}

/** Reads `now` as epoch milliseconds. */
export function toEpochMs(now: number | string | Date): number {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`now (${String(now)}) is not a valid instant`);
  return ms;
}

/**
 * Starts a rollup: prepares goals, metrics and memberships once; then `add` credits each record
 * in one pass and `finish` rolls the hierarchy up leaves-first and computes every goal's progress.
 * Use it to stream records; {@link rollupTenant} is the same over an iterable.
 */
export function createRollup(input: RollupInput, options: RollupOptions = {}): RollupSession {
  const nowMs = toEpochMs(input.now);
  const skippedList = options.skippedListLimit === undefined ? null : new SkippedList(input.metrics.map((m) => m.id), options.skippedListLimit);
  const { settings, metrics } = input;
  const days = new LocalDayCache(settings.timezone);
  const { slots, skippedGoals } = prepareGoalSlots(input.goals, metrics, days);
  const pass = new RecordPass({
    channels: buildChannels(metrics, days),
    slots,
    metricCount: metrics.length,
    memberships: new MembershipIndex(input.users, input.units, days),
    days,
    nowMs,
    defaultCurrency: settings.defaultCurrency,
    rates: input.rates ?? noRates,
    onCredit: options.onCredit ?? null,
    skippedList,
  });
  const tolerance = toleranceE4(settings.paceTolerancePercent);
  const values = (): GoalValues[] => {
    pass.flush();
    return rollUpHierarchy(slots);
  };
  return {
    add: (record) => pass.add(record),
    addAll: (records) => {
      for (const record of records) pass.add(record);
    },
    values,
    finish: () => {
      const results: GoalProgress[] = [];
      const failed: SkippedGoal[] = [...skippedGoals];
      for (const { slot, values: v, childrenTargetSum, skippedRecords } of values()) {
        try {
          results.push(progressOf(slot.goal.id, basisOf(slot, childrenTargetSum, tolerance), [v[0] ?? 0n, v[1] ?? 0n, v[2] ?? 0n], skippedRecords, nowMs));
        } catch (error) {
          failed.push({ goalId: slot.goal.id, reason: `could not be computed: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      return { results, recordsRead: pass.recordsRead, skippedRecords: pass.skippedRecords, skippedList: skippedList?.items ?? [], skippedGoals: failed };
    },
  };
}

/**
 * Computes the progress of all goals of a tenant in one pass over its records.
 *
 * Records are matched against every metric's rollup queries, credited to their owners, split
 * owners, units (by effective-dated membership) and the organization, then goals are rolled up
 * leaves-first by `rollupMode`. Skipped records are listed as a full run lists them (at most
 * `skippedListLimit`, default {@link SKIPPED_LIST_LIMIT}). Pure: `now` is an argument and nothing is
 * read or written.
 *
 * @example
 * const { results } = rollupTenant({ settings, units, users, metrics, goals, records, now: '2026-02-15T12:00:00Z' });
 */
export function rollupTenant(input: RollupInput & { records: Iterable<RecordInput>; skippedListLimit?: number }): RollupOutput {
  const session = createRollup(input, { skippedListLimit: input.skippedListLimit ?? SKIPPED_LIST_LIMIT });
  session.addAll(input.records);
  return session.finish();
}

/** Sums children into parents leaves-first, by each goal's rollup mode. */
function rollUpHierarchy(slots: readonly GoalSlot[]): GoalValues[] {
  const { order, children } = leavesFirst(slots.map((slot) => slot.goal));
  const computed: GoalValues[] = new Array(slots.length);
  for (const i of order) {
    const slot = slots[i] as GoalSlot;
    const kinds = definedKinds(slot.metric);
    const mode = slot.goal.rollupMode;
    const sums: [bigint, bigint, bigint] = mode === 'children' ? [0n, 0n, 0n] : [...slot.own];
    let skippedRecords = mode === 'children' ? 0 : slot.ownSkipped;
    let childrenTargetSum: bigint | null = null;
    for (const c of children[i] as number[]) {
      const child = computed[c] as GoalValues;
      if (child.slot.metricIndex !== slot.metricIndex) continue;
      childrenTargetSum = (childrenTargetSum ?? 0n) + child.slot.target;
      if (mode === 'owner') continue;
      for (let k = 0; k < 3; k++) sums[k] = (sums[k] as bigint) + (child.values[k] ?? 0n);
      skippedRecords += child.skippedRecords;
    }
    computed[i] = {
      slot,
      values: [kinds[0] ? sums[0] : null, kinds[1] ? sums[1] : null, kinds[2] ? sums[2] : null],
      childrenTargetSum,
      skippedRecords,
    };
  }
  return computed;
}

/** The pace tolerance in percent × 10^4, read exactly from its decimal form. */
export function toleranceE4(percent: number): bigint {
  try {
    return parseDecimal(numberToDecimalText(Math.abs(percent)), 4);
  } catch {
    return BigInt(Math.round(Math.abs(percent) * 10_000));
  }
}

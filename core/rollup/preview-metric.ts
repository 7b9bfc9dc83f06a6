import type { GoalOwner } from '../model/goal.ts';
import type { Metric } from '../model/metric.ts';
import type { RecordInput } from '../model/record-input.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import type { DateRange } from '../periods/resolve-period.ts';
import type { Condition } from '../queries/condition.ts';
import { formatDecimal, scaleFor } from '../values/decimal.ts';
import { createRollup } from './rollup-tenant.ts';
import type { RateTable } from '../values/exchange.ts';

/** At most this many matching record ids are returned by a preview. */
export const PREVIEW_RECORD_LIMIT = 50;

/** What `POST /metrics/{id}/preview` computes. */
export interface MetricPreviewInput {
  settings: TenantSettings;
  units: readonly Unit[];
  users: readonly User[];
  metric: Metric;
  owner: GoalOwner;
  period: DateRange;
  /** A goal filter to try along with the metric. */
  filter?: Condition | null;
  records: Iterable<RecordInput>;
  now: number | string | Date;
  /** The tenant's exchange rates (a converting metric). */
  rates?: RateTable;
}

/** A metric's values for one owner and period, and which records made them. */
export interface MetricPreview {
  period: DateRange;
  owner: GoalOwner;
  actual: string | null;
  inProgress: string | null;
  custom: string | null;
  /** Number of distinct records that counted. */
  matchingRecords: number;
  /** The first {@link PREVIEW_RECORD_LIMIT} of them, in the order they were read. */
  recordIds: string[];
  recordsRead: number;
  /**
   * Distinct records of the period and owner (and filter) that matched a query but could not count,
   * as a goal's `skippedRecords` counts them (a record with an unreadable date is in no period).
   */
  skippedRecords: number;
}

/**
 * Computes a metric (optionally with a goal filter) for one owner and period exactly as a goal in
 * `owner` mode would get it, without storing anything: for testing a query before using it.
 *
 * @example
 * previewMetric({ settings, units, users, metric, owner: { type: 'team', id: 't-1' },
 *   period: { start: '2026-01-01', end: '2026-03-31' }, records, now: Date.now() })
 */
export function previewMetric(input: MetricPreviewInput): MetricPreview {
  const recordIds: string[] = [];
  let matchingRecords = 0;
  let lastRecord: RecordInput | null = null;
  const session = createRollup(
    {
      settings: input.settings,
      units: input.units,
      users: input.users,
      metrics: [input.metric],
      goals: [{ id: 'preview', metricId: input.metric.id, owner: input.owner, period: input.period,
        target: '0', stretchTarget: null, parentId: null, rollupMode: 'owner', filter: input.filter ?? null }],
      now: input.now,
      rates: input.rates,
    },
    {
      onCredit: (_slot, record) => {
        // All credits of one record arrive together, so comparing with the last one counts it once.
        if (record === lastRecord) return;
        lastRecord = record;
        matchingRecords++;
        if (recordIds.length < PREVIEW_RECORD_LIMIT) recordIds.push(record.id);
      },
    },
  );
  session.addAll(input.records);
  const output = session.finish();
  const goal = session.values()[0];
  const values = goal?.values ?? [null, null, null];
  const scale = scaleFor(input.metric.dataType, input.metric.currency);
  const format = (v: bigint | null): string | null => (v === null ? null : formatDecimal(v, scale));
  return {
    period: input.period,
    owner: input.owner,
    actual: format(values[0]),
    inProgress: format(values[1]),
    custom: format(values[2]),
    matchingRecords,
    recordIds,
    recordsRead: output.recordsRead,
    // The preview goal's own: records of its period and owner (and filter), as a goal's progress counts them.
    skippedRecords: goal?.skippedRecords ?? 0,
  };
}

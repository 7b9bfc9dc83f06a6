import { VALUE_KINDS, type Metric } from '../model/metric.ts';
import type { LocalDayCache } from '../periods/period-instants.ts';
import { compileCondition, type RecordPredicate } from '../queries/compile-condition.ts';
import { scaleFor } from '../values/decimal.ts';

/** Index of a value kind: 0 actual, 1 inProgress, 2 custom. */
export type KindIndex = 0 | 1 | 2;

/**
 * One rollup query of one metric, compiled for the record loop: a record of `recordType` that
 * matches `where` adds its value (or 1) to the `kind` of the goals it credits.
 */
export interface Channel {
  /** Position in the list of all channels. */
  id: number;
  metricIndex: number;
  kind: KindIndex;
  where: RecordPredicate | null;
  /** `null` for a snapshot: every record counts whatever its date, memberships as of `now`. */
  dateField: string | null;
  /** `null` for count metrics. */
  valueField: string | null;
  scale: number;
  /** Money metrics count records in this currency (`convert`: others converted into it). */
  currency: string | null;
  /** A money metric with `currencyMode: "convert"`: a record in another currency is converted at the rate of its date. */
  convert: boolean;
}

/** The compiled channels of all metrics, in a list and grouped by the record type they read. */
export function buildChannels(metrics: readonly Metric[], days: LocalDayCache): { all: Channel[]; byRecordType: Map<string, Channel[]> } {
  const byRecordType = new Map<string, Channel[]>();
  const all: Channel[] = [];
  metrics.forEach((metric, metricIndex) => {
    VALUE_KINDS.forEach((kindName, kind) => {
      const query = metric[kindName];
      if (!query) return;
      const channel: Channel = {
        id: all.length,
        metricIndex,
        kind: kind as KindIndex,
        where: query.where ? compileCondition(query.where, days) : null,
        dateField: query.dateField === undefined ? metric.dateField : query.dateField,
        valueField: metric.kind === 'count' ? null : (metric.valueField ?? null),
        scale: scaleFor(metric.dataType, metric.currency),
        currency: metric.dataType === 'money' ? (metric.currency ?? null) : null,
        convert: metric.dataType === 'money' && metric.currencyMode === 'convert' && Boolean(metric.currency),
      };
      all.push(channel);
      const list = byRecordType.get(metric.recordType) ?? [];
      list.push(channel);
      byRecordType.set(metric.recordType, list);
    });
  });
  return { all, byRecordType };
}

/** Which value kinds a metric defines, as `[actual, inProgress, custom]`. */
export function definedKinds(metric: Metric): [boolean, boolean, boolean] {
  return [Boolean(metric.actual), Boolean(metric.inProgress), Boolean(metric.custom)];
}

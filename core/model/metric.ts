import type { Condition } from '../queries/condition.ts';
import type { DataType } from '../values/decimal.ts';

/** `count` metrics count matching records; `amount` metrics sum their value field. */
export type MetricKind = 'count' | 'amount';

/** The three values a metric can roll up, in the order results list them. */
export const VALUE_KINDS = ['actual', 'inProgress', 'custom'] as const;
/** `actual`, `inProgress` or `custom`. */
export type ValueKind = (typeof VALUE_KINDS)[number];

/**
 * One rollup query of a metric: which records count (`where`), and optionally another date field
 * than the metric's (`dateField`; `null` makes this value a snapshot).
 */
export interface RollupQuery {
  where?: Condition | null;
  dateField?: string | null;
}

/** A metric (API.md, metrics). */
export interface Metric {
  id: string;
  name: string;
  kind: MetricKind;
  dataType: DataType;
  /** ISO 4217 code; required for money metrics. */
  currency?: string | null;
  recordType: string;
  /** The record field whose local date places a record in a period; `null` for a snapshot metric. */
  dateField: string | null;
  /** The amount field summed by `amount` metrics; ignored by `count` metrics. */
  valueField?: string | null;
  actual?: RollupQuery | null;
  inProgress?: RollupQuery | null;
  custom?: RollupQuery | null;
  version?: number;
}

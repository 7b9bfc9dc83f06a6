import { z } from 'zod';
import { conditionSchema } from '../queries/condition-schema.ts';
import type { DataType } from '../values/decimal.ts';
import { currencySchema, fieldNameSchema, idSchema, nameSchema, versionSchema } from './primitives.ts';

/** `count` metrics count matching records; `amount` metrics sum their value field. */
export const metricKinds = ['count', 'amount'] as const;
export type MetricKind = (typeof metricKinds)[number];

/** The data types of a metric's values (core's {@link DataType}). */
export const dataTypes = ['money', 'integer', 'decimal'] as const satisfies readonly DataType[];

/**
 * How a money metric counts records in other currencies (API.md, Metrics): `only` skips them
 * (reason `currency`), `convert` converts them through the tenant's exchange rates.
 */
export const currencyModes = ['only', 'convert'] as const;
export type CurrencyMode = (typeof currencyModes)[number];

/** The currency mode of a metric that names none: `only` for money, none (null) for the other data types. */
export function defaultCurrencyMode(dataType: unknown): CurrencyMode | null {
  return dataType === 'money' ? 'only' : null;
}

/** The three values a metric can roll up, in the order results list them. */
export const VALUE_KINDS = ['actual', 'inProgress', 'custom'] as const;
/** `actual`, `inProgress` or `custom`. */
export type ValueKind = (typeof VALUE_KINDS)[number];

/**
 * One rollup query of a metric: which records count (`where`), and optionally another date field
 * than the metric's (`dateField`; `null` makes this value a snapshot).
 */
export const rollupQuerySchema = z.strictObject({
  where: conditionSchema.nullable().optional(),
  /** Overrides the metric's date field for this value (e.g. expected close date for in-progress). */
  dateField: fieldNameSchema.nullable().optional(),
});
export type RollupQuery = z.infer<typeof rollupQuerySchema>;

/** A metric (API.md, metrics). */
export const metricSchema = z.object({
  id: idSchema,
  name: nameSchema,
  kind: z.enum(metricKinds),
  dataType: z.enum(dataTypes),
  /** ISO 4217 code; required for money metrics. */
  currency: currencySchema.nullable(),
  /** Money metrics only: whether records in other currencies are skipped or converted. */
  currencyMode: z.enum(currencyModes).nullable(),
  recordType: idSchema,
  /** The record field whose local date places a record in a period; `null` for a snapshot metric. */
  dateField: fieldNameSchema.nullable(),
  /** The amount field summed by `amount` metrics; ignored by `count` metrics. */
  valueField: fieldNameSchema.nullable(),
  actual: rollupQuerySchema.nullable(),
  inProgress: rollupQuerySchema.nullable(),
  custom: rollupQuerySchema.nullable(),
  version: versionSchema,
});
export type Metric = z.infer<typeof metricSchema>;

/**
 * A metric as stored: one stored before currency modes existed has the default of its data type
 * (`only` for money), so it reads as it counted then.
 */
export const storedMetricSchema = z.preprocess(
  (item) =>
    item !== null && typeof item === 'object' && !('currencyMode' in item)
      ? { ...item, currencyMode: defaultCurrencyMode((item as { dataType?: unknown }).dataType) }
      : item,
  metricSchema,
);

import type { Metric } from '../model/metric.ts';
import type { FieldValue, RecordInput } from '../model/record-input.ts';
import type { TenantSettings } from '../model/tenant-settings.ts';
import { LocalDayCache } from '../periods/period-instants.ts';
import { tryParseDecimal } from '../values/decimal.ts';
import { recordInstant } from '../values/instant.ts';
import { buildChannels, type Channel } from './channels.ts';
import { isDateMissing, lacksCurrency } from './record-fields.ts';
import { convertOn, convertReadScale, noRates, type RateTable } from '../values/exchange.ts';
import { recordCurrency } from './record-pass.ts';

/** What may keep a stored record from counting the way a metric of its type would count it (API.md, records). */
export const recordWarningCodes = ['unknown_owner', 'bad_date', 'bad_value', 'currency_missing', 'no_rate'] as const;
export type RecordWarningCode = (typeof recordWarningCodes)[number];

/** One warning on a written record: which field, and which metric, where it is about one. */
export interface RecordWarning {
  code: RecordWarningCode;
  message: string;
  field?: string;
  metricId?: string;
}

/** The ids a record credits: its owner and its split owners, each once. */
export function recordOwnerIds(record: Pick<RecordInput, 'ownerId' | 'splits'>): string[] {
  return [...new Set([record.ownerId, ...(record.splits ?? []).map((split) => split.ownerId)])];
}

/** A field's value as a message quotes it: short, whatever it holds. */
function shown(value: FieldValue | undefined): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 42 ? `${text.slice(0, 40)}…` : text;
}

/**
 * What the full run would do with a record, said when it is written: built once for a tenant's
 * metrics and settings (one request), then asked for each record. A record is checked against the
 * rollup queries of its type that match it — their date field (the metric's, or the query's own),
 * value field and currency rule — with the run's own parsing (`recordInstant`, `tryParseDecimal`),
 * so a warning and the run agree. A record that no query matches counts nowhere and gets none.
 *
 * @example
 * const checks = new RecordChecks(metrics, settings);
 * checks.warnings(record, (id) => users.has(id)); // [{ code: 'bad_date', field: 'closedAt', metricId: 'revenue', … }]
 */
export class RecordChecks {
  private readonly byRecordType: ReadonlyMap<string, readonly Channel[]>;
  private readonly days: LocalDayCache;

  constructor(
    private readonly metrics: readonly Metric[],
    private readonly settings: Pick<TenantSettings, 'timezone' | 'defaultCurrency'>,
    /** The exchange rates and the instant that dates a snapshot's conversion (metrics that convert). */
    private readonly conversion: { rates: RateTable; nowMs: number } = { rates: noRates, nowMs: 0 },
  ) {
    this.days = new LocalDayCache(settings.timezone);
    this.byRecordType = buildChannels(metrics, this.days).byRecordType;
  }

  /** Whether a metric reads records of this type (a record of another type gets no warning). */
  reads(recordType: string): boolean {
    return this.byRecordType.has(recordType);
  }

  /** The record's warnings, owners first, then per matching query in the metrics' order; each once. */
  warnings(record: RecordInput, isUser: (id: string) => boolean): RecordWarning[] {
    const found = new Map<string, RecordWarning>();
    const add = (warning: RecordWarning) => {
      const key = `${warning.code} ${warning.field} ${warning.metricId}`;
      if (!found.has(key)) found.set(key, warning);
    };
    let matched = false;
    for (const channel of this.byRecordType.get(record.recordType) ?? []) {
      if (channel.where !== null && !channel.where(record.fields)) continue;
      matched = true;
      this.checkChannel(channel, record.fields, add);
    }
    if (!matched) return [];
    const owners = recordOwnerIds(record)
      .filter((id) => !isUser(id))
      .map((id): RecordWarning => {
        const share = id === record.ownerId ? 'the record credits' : 'its share of the record credits';
        return { code: 'unknown_owner', message: `No user ${id} in this tenant: ${share} no one until that user exists`, field: id === record.ownerId ? 'ownerId' : 'splits' };
      });
    return [...owners, ...found.values()];
  }

  private checkChannel(channel: Channel, fields: RecordInput['fields'], add: (warning: RecordWarning) => void): void {
    const metric = this.metrics[channel.metricIndex] as Metric;
    const named = `metric ${metric.id} (${metric.name})`;
    const { dateField, valueField } = channel;
    if (dateField !== null) {
      const date = fields[dateField];
      if (isDateMissing(date)) {
        add({ code: 'bad_date', message: `No ${dateField}: ${named} places records in periods by it, so the record counts in none`, field: dateField, metricId: metric.id });
      } else if (Number.isNaN(recordInstant(date, this.days))) {
        add({ code: 'bad_date', message: `${dateField} ${shown(date)} is not an instant or a date: ${named} skips the record`, field: dateField, metricId: metric.id });
      }
    }
    // As the record pass reads it: a converting metric reads the amount exactly, to 10 decimals.
    const scale = channel.convert ? convertReadScale : channel.scale;
    const amount = valueField === null ? null : tryParseDecimal(fields[valueField], scale);
    if (valueField !== null && amount === null) {
      const value = fields[valueField];
      const what = value === undefined || value === null ? `No ${valueField}` : `${valueField} ${shown(value)} is not a number or decimal with at most ${scale} decimals`;
      add({ code: 'bad_value', message: `${what}: ${named} skips the record`, field: valueField, metricId: metric.id });
    }
    if (channel.convert && amount !== null) {
      const dateMs = dateField === null ? this.conversion.nowMs : recordInstant(fields[dateField], this.days);
      if (!Number.isNaN(dateMs)) {
        const on = this.days.dateOf(dateMs);
        const from = recordCurrency(fields, this.settings.defaultCurrency);
        if (convertOn(this.conversion.rates, this.settings.defaultCurrency, amount, scale, from, channel.currency as string, on) === null) {
          add({ code: 'no_rate', message: `No exchange rate for ${from} into ${channel.currency} on ${on}: ${named} skips the record until one is stored`, field: 'currency', metricId: metric.id });
        }
      }
    }
    if (channel.currency !== null && lacksCurrency(fields)) {
      const fallback = this.settings.defaultCurrency;
      const outcome =
        fallback === channel.currency
          ? `${named} counts it`
          : channel.convert
            ? `${named} converts it from ${fallback} into ${channel.currency}`
            : `${named}, which counts ${channel.currency} only, skips it`;
      add({ code: 'currency_missing', message: `No currency: the record is in the tenant's default currency, ${fallback}, and ${outcome}`, field: 'currency', metricId: metric.id });
    }
  }
}

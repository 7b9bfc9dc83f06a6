import type { RecordInput } from '../model/record-input.ts';
import { SKIPPED_GOAL_IDS_LIMIT, SKIPPED_LIST_LIMIT, type SkippedRecord, type SkipReason } from '../model/skipped-record.ts';
import { formatDecimal, parseDecimal } from '../values/decimal.ts';
import type { Channel } from './channels.ts';

/**
 * The records a rollup skipped, each once with the first reason found, up to `limit` of them (the
 * pass counts every skipped record, listed or not). Only skipped records reach it: a record that
 * counts costs the list nothing.
 */
export class SkippedList {
  readonly items: SkippedRecord[] = [];

  constructor(
    private readonly metricIds: readonly string[],
    readonly limit: number = SKIPPED_LIST_LIMIT,
  ) {}

  /**
   * Lists a record skipped for the first time in the run. Returns the list the goals it would have
   * counted for go into (see {@link addGoalId}), or `null` when the list is full.
   */
  add(record: RecordInput, reason: SkipReason, detail: string, metricIndex: number): string[] | null {
    if (this.items.length >= this.limit) return null;
    const goalIds: string[] = [];
    this.items.push({ recordType: record.recordType, id: record.id, reason, detail, metricId: this.metricIds[metricIndex] ?? '', goalIds });
    return goalIds;
  }
}

/** Adds a goal to a skipped record's goals, keeping at most {@link SKIPPED_GOAL_IDS_LIMIT}. */
export function addGoalId(goalIds: string[], goalId: string): void {
  if (goalIds.length < SKIPPED_GOAL_IDS_LIMIT) goalIds.push(goalId);
}

const MAX_QUOTED = 40;

/** A field's value as a detail shows it: strings quoted and cut to 40 characters. */
function quoted(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value);
}

const isMissing = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * What was wrong with a skipped record, in a few words, for the reason the pass found with
 * `channel` (the query that matched it).
 *
 * @example skipDetail('bad_date', channel, record, 'EUR') // 'closedAt "11/29/2026" is not a date'
 */
export function skipDetail(reason: SkipReason, channel: Channel, record: RecordInput, defaultCurrency: string, noRate?: { from: string; on: string }): string {
  const fields = record.fields;
  switch (reason) {
    // The currencies as the pass converted them (a record without one is in the default currency).
    case 'no_rate': {
      const from = noRate?.from ?? '';
      return `no exchange rate for ${from === '' ? 'an empty currency ""' : from.slice(0, MAX_QUOTED)} into ${channel.currency} on ${noRate?.on ?? ''}`;
    }
    case 'bad_date':
      return `${channel.dateField} ${quoted(fields[channel.dateField ?? ''])} is not a date`;
    case 'bad_value':
      return valueDetail(channel.valueField ?? '', fields[channel.valueField ?? ''], channel.scale);
    case 'currency': {
      const currency = fields['currency'];
      return isMissing(currency)
        ? `no currency (taken as the default ${defaultCurrency}), metric wants ${channel.currency}`
        : `currency ${typeof currency === 'string' ? currency.slice(0, MAX_QUOTED) : quoted(currency)}, metric wants ${channel.currency}`;
    }
    case 'bad_splits':
      return splitsDetail(record.splits);
  }
}

function valueDetail(field: string, value: unknown, scale: number): string {
  if (isMissing(value)) return `${field} is missing`;
  if (typeof value !== 'string' && typeof value !== 'number') return `${field} ${quoted(value)} is not a number`;
  try {
    parseDecimal(value, scale);
  } catch (error) {
    // parseDecimal's message quotes the value: '"12,5" is not a decimal number'.
    return `${field} ${(error as Error).message}`;
  }
  return `${field} ${quoted(value)} is not a number`;
}

/** Why splits were refused, as the pass checks them: each percent and owner, then the sum. */
function splitsDetail(splits: RecordInput['splits']): string {
  let total = 0n;
  for (const split of splits ?? []) {
    const owner = typeof split.ownerId === 'string' && split.ownerId !== '' ? split.ownerId : null;
    if (owner === null) return 'a split has no owner';
    let percent: bigint;
    try {
      percent = parseDecimal(split.percent, 6);
    } catch {
      return `the split percent of ${owner.slice(0, MAX_QUOTED)}, ${quoted(split.percent)}, is not a number`;
    }
    if (percent < 0n) return `the split percent of ${owner.slice(0, MAX_QUOTED)} is negative`;
    total += percent;
  }
  const sum = formatDecimal(total, 6).replace(/\.?0+$/, '');
  return `split percents add up to ${sum}, not 100`;
}

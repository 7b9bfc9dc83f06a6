import type { MembershipIndex } from '../attribution/membership-index.ts';
import { isDateMissing, lacksCurrency } from './record-fields.ts';
import type { RecordInput, RecordSplit } from '../model/record-input.ts';
import type { LocalDayCache } from '../periods/period-instants.ts';
import { tryParseDecimal } from '../values/decimal.ts';
import { distribute } from '../values/distribute.ts';
import { convertOn, convertReadScale, type RateTable } from '../values/exchange.ts';
import { recordInstant } from '../values/instant.ts';
import type { Channel } from './channels.ts';
import { GoalCrediting, type Credit, type CreditListener, type Fields } from './goal-crediting.ts';
import { GoalIndex } from './goal-index.ts';
import type { GoalSlot } from './goal-slots.ts';
import { IntervalGrid } from './interval-grid.ts';
import { skipDetail, type SkippedList } from './skipped-list.ts';
import type { SkipReason } from '../model/skipped-record.ts';

interface SplitOwner {
  ownerId: string;
  weight: bigint;
}

const HUNDRED_PERCENT = 100_000_000n; // split percents are read with 6 decimals
const INVALID_SPLITS: readonly SplitOwner[] = Object.freeze([]);
const NO_FIELDS: Fields = Object.freeze({});

/** Everything the record pass works with. */
export interface RecordPassSetup {
  channels: { all: readonly Channel[]; byRecordType: ReadonlyMap<string, readonly Channel[]> };
  slots: readonly GoalSlot[];
  metricCount: number;
  memberships: MembershipIndex;
  days: LocalDayCache;
  nowMs: number;
  defaultCurrency: string;
  /** The tenant's exchange rates, for metrics that convert. */
  rates: RateTable;
  onCredit: CreditListener | null;
  /** Where each skipped record goes once, with its reason (a full run); `null`: skipped records are only counted. */
  skippedList: SkippedList | null;
}

/**
 * The one pass over the records. Each record is matched against the rollup queries of its record
 * type, with its date and amount parsed once. A plain single-owner record only adds its value to
 * a (query, owner, interval) cell — every record in a cell credits the same goals, so cells are
 * credited to the goal index once, at {@link flush}: the cost grows with records + goals, not
 * records × goals. Goals with a filter, split records and skipped records are credited per record.
 *
 * A record that matches a query but cannot count is skipped: counted once, and listed once in the
 * {@link RecordPassSetup.skippedList} with the first reason found, checked query by query in this
 * order: its date (`bad_date`), its value (`bad_value`), its splits (`bad_splits`), its currency
 * (`currency`). A record whose date field is missing, null or empty belongs to no period: it
 * neither counts nor is skipped (a run reads only records whose dates fall into its window, so it
 * could not even find them all).
 */
export class RecordPass {
  recordsRead = 0;
  skippedRecords = 0;
  private serial = 0;
  private readonly grid: IntervalGrid;
  /** Per owner, per channel id: the owner's cells, indexed by interval. */
  private readonly cells = new Map<string, ((bigint | undefined)[] | undefined)[]>();
  private readonly days: LocalDayCache;
  private readonly nowMs: number;
  private readonly everyGoal: GoalCrediting;
  private readonly filteredGoals: GoalCrediting;
  private readonly plainGoals: GoalCrediting;
  private readonly perRecord: boolean;

  constructor(private readonly setup: RecordPassSetup) {
    const { slots, metricCount, memberships, onCredit } = setup;
    const plainIndex = new GoalIndex(metricCount, slots, (slot) => slot.filter === null);
    this.everyGoal = new GoalCrediting(new GoalIndex(metricCount, slots), memberships, onCredit);
    this.filteredGoals = new GoalCrediting(new GoalIndex(metricCount, slots, (slot) => slot.filter !== null), memberships, null);
    this.plainGoals = new GoalCrediting(plainIndex, memberships, null);
    this.grid = new IntervalGrid([...plainIndex.periodBounds(), ...memberships.bounds()]);
    this.days = setup.days;
    this.nowMs = setup.nowMs;
    // A listener wants to see each record, so previews credit everything record by record.
    this.perRecord = onCredit !== null;
  }

  /** Credits one record to every goal it counts for. */
  add(record: RecordInput): void {
    this.recordsRead++;
    const channels = this.setup.channels.byRecordType.get(record.recordType);
    if (channels === undefined) return;
    const serial = this.serial++;
    const fields = record.fields;
    const splits = record.splits && record.splits.length > 0 ? resolveSplits(record.splits) : null;
    let skipped = false;
    let dateField: string | null = null;
    let dateMs = Number.NaN;
    let dateMissing = true;
    let interval = -1;
    let valueField: string | null = null;
    let valueScale = -1;
    let value: bigint | null = null;
    let ownerCells: ((bigint | undefined)[] | undefined)[] | undefined;
    let listedGoals: string[] | null = null;
    let listedMetric = -1;
    for (let c = 0; c < channels.length; c++) {
      const channel = channels[c] as Channel;
      if (channel.where !== null && !channel.where(fields)) continue;
      const snapshot = channel.dateField === null;
      if (!snapshot && channel.dateField !== dateField) {
        dateField = channel.dateField;
        const raw = fields[dateField as string];
        dateMissing = isDateMissing(raw);
        dateMs = dateMissing ? Number.NaN : recordInstant(raw, this.days);
        interval = -1;
      }
      if (!snapshot && dateMissing) continue;
      if (!snapshot && Number.isNaN(dateMs)) {
        if (!skipped) {
          listedGoals = this.listSkipped(record, channel, 'bad_date');
          listedMetric = channel.metricIndex;
        }
        skipped = true;
        continue;
      }
      let amount: bigint | null = 1n;
      // The record's currency and local date no exchange rate covers (a converting metric), else null.
      let noRate: { from: string; on: string } | null = null;
      if (channel.valueField !== null) {
        // A converting metric reads the amount exactly, in its own currency, and rounds once after converting.
        const scale = channel.convert ? convertReadScale : channel.scale;
        if (channel.valueField !== valueField || scale !== valueScale) {
          valueField = channel.valueField;
          valueScale = scale;
          value = tryParseDecimal(fields[valueField], valueScale);
        }
        amount = value;
        if (channel.convert && amount !== null) {
          const rateDate = this.days.dateOf(snapshot ? this.nowMs : dateMs);
          const from = recordCurrency(fields, this.setup.defaultCurrency);
          const converted = convertOn(this.setup.rates, this.setup.defaultCurrency, amount, convertReadScale, from, channel.currency as string, rateDate);
          if (converted === null) noRate = { from, on: rateDate };
          else amount = converted;
        }
      }
      const bad = amount === null || noRate !== null || splits === INVALID_SPLITS || !this.currencyMatches(channel, fields);
      const at = snapshot ? this.nowMs : dateMs;
      const inCells = !bad && !this.perRecord && (splits === null || channel.valueField !== null);
      if (inCells) {
        if (!snapshot && interval < 0) interval = this.grid.intervalOf(dateMs);
        const k = snapshot ? this.grid.snapshotIndex : interval;
        if (splits === null) {
          ownerCells ??= this.cellsOf(record.ownerId);
          addToRow(ownerCells, channel.id, k, amount as bigint);
        } else {
          this.addSplitsToCells(channel, splits, k, amount as bigint);
        }
        if (!this.filteredGoals.covers(channel.metricIndex)) continue;
      }
      const credit: Credit = { metricIndex: channel.metricIndex, kind: channel.kind, at, snapshot, fields, bad, serial, record };
      if (bad) {
        if (!skipped) {
          const reason: SkipReason = amount === null ? 'bad_value' : splits === INVALID_SPLITS ? 'bad_splits' : noRate !== null ? 'no_rate' : 'currency';
          listedGoals = this.listSkipped(record, channel, reason, noRate ?? undefined);
          listedMetric = channel.metricIndex;
        }
        skipped = true;
        // The goals it would have counted for: those of the metric it is listed with.
        this.everyGoal.skippedGoalIds = channel.metricIndex === listedMetric ? listedGoals : null;
        this.everyGoal.creditOwner(credit, record.ownerId, 0n);
        for (const owner of splits ?? []) if (owner.ownerId !== record.ownerId) this.everyGoal.creditOwner(credit, owner.ownerId, 0n);
        this.everyGoal.skippedGoalIds = null;
      } else {
        // Goals without a filter got this record through its cell; the rest take it here.
        const goals = inCells ? this.filteredGoals : this.everyGoal;
        if (splits === null) goals.creditOwner(credit, record.ownerId, amount as bigint);
        else this.creditSplits(goals, credit, channel, splits, amount as bigint);
      }
    }
    if (skipped) this.skippedRecords++;
  }

  /** Credits every cell to its goals and empties the cells. Call before reading the goals. */
  flush(): void {
    for (const [ownerId, rows] of this.cells) {
      rows.forEach((row, channelId) => {
        const channel = this.setup.channels.all[channelId] as Channel;
        for (let k = 0; k < (row?.length ?? 0); k++) {
          const amount = row?.[k];
          if (amount === undefined) continue;
          const snapshot = k === this.grid.snapshotIndex;
          const at = snapshot ? this.nowMs : this.grid.representative(k);
          const credit: Credit = { metricIndex: channel.metricIndex, kind: channel.kind, at, snapshot, fields: NO_FIELDS, bad: false, serial: -1, record: null };
          this.plainGoals.creditOwner(credit, ownerId, amount);
        }
      });
    }
    this.cells.clear();
  }

  /** Lists a record at its first skip; returns where the goals it would have counted for go (none for a full list). */
  private listSkipped(record: RecordInput, channel: Channel, reason: SkipReason, noRate?: { from: string; on: string }): string[] | null {
    const list = this.setup.skippedList;
    if (list === null || list.items.length >= list.limit) return null;
    return list.add(record, reason, skipDetail(reason, channel, record, this.setup.defaultCurrency, noRate), channel.metricIndex);
  }

  private cellsOf(ownerId: string): ((bigint | undefined)[] | undefined)[] {
    let rows = this.cells.get(ownerId);
    if (rows === undefined) {
      rows = [];
      this.cells.set(ownerId, rows);
    }
    return rows;
  }

  /**
   * An amount split between owners adds each owner's exact part to that owner's cell: a unit's
   * value is the sum of its members' parts and the organization's the sum of all parts — the whole.
   * (Counts cannot go through cells: a unit counts the record once, however many owners it has.)
   */
  private addSplitsToCells(channel: Channel, splits: readonly SplitOwner[], k: number, amount: bigint): void {
    const parts = distribute(amount, splits.map((s) => s.weight));
    splits.forEach((split, i) => addToRow(this.cellsOf(split.ownerId), channel.id, k, parts[i] as bigint));
  }

  private creditSplits(goals: GoalCrediting, credit: Credit, channel: Channel, splits: readonly SplitOwner[], amount: bigint): void {
    const isCount = channel.valueField === null;
    const parts = isCount ? splits.map(() => amount) : distribute(amount, splits.map((s) => s.weight));
    const owners = splits.map((s, i) => ({ ownerId: s.ownerId, part: parts[i] as bigint }));
    goals.creditSplits(credit, owners, amount, isCount ? amount : null);
  }

  private currencyMatches(channel: Channel, fields: Fields): boolean {
    if (channel.currency === null || channel.convert) return true;
    if (lacksCurrency(fields)) return this.setup.defaultCurrency === channel.currency;
    const currency = fields['currency'];
    return currency === channel.currency || (typeof currency === 'string' && currency.toUpperCase() === channel.currency);
  }
}

/** A record's currency code, upper-cased; the tenant's default for a record without one. */
export function recordCurrency(fields: Fields, defaultCurrency: string): string {
  if (lacksCurrency(fields)) return defaultCurrency;
  const currency = fields['currency'];
  return typeof currency === 'string' ? currency.toUpperCase() : String(currency);
}

/** Adds an amount to one cell of an owner's row for one channel. */
function addToRow(rows: ((bigint | undefined)[] | undefined)[], channelId: number, k: number, amount: bigint): void {
  let row = rows[channelId];
  if (row === undefined) {
    row = [];
    rows[channelId] = row;
  }
  const sum = row[k];
  row[k] = sum === undefined ? amount : sum + amount;
}

/** Merges split owners by id and checks the percents sum to exactly 100. */
function resolveSplits(splits: readonly RecordSplit[]): readonly SplitOwner[] {
  const byOwner = new Map<string, bigint>();
  let total = 0n;
  for (const split of splits) {
    const weight = tryParseDecimal(split.percent, 6);
    if (weight === null || weight < 0n || typeof split.ownerId !== 'string' || split.ownerId === '') return INVALID_SPLITS;
    byOwner.set(split.ownerId, (byOwner.get(split.ownerId) ?? 0n) + weight);
    total += weight;
  }
  if (total !== HUNDRED_PERCENT) return INVALID_SPLITS;
  return [...byOwner].map(([ownerId, weight]) => ({ ownerId, weight }));
}

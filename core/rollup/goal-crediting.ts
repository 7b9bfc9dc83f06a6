import type { MembershipIndex, MembershipSegment } from '../attribution/membership-index.ts';
import type { FieldValue, RecordInput } from '../model/record-input.ts';
import type { KindIndex } from './channels.ts';
import type { GoalIndex } from './goal-index.ts';
import type { GoalSlot } from './goal-slots.ts';
import { addGoalId } from './skipped-list.ts';

/** A record's fields as the filters read them. */
export type Fields = Readonly<Record<string, FieldValue | undefined>>;

/** Called for each goal a record is credited to (used by previews to list matching records). */
export type CreditListener = (slot: GoalSlot, record: RecordInput) => void;

/** One record's (or one cell's) contribution to one value kind of one metric. */
export interface Credit {
  metricIndex: number;
  kind: KindIndex;
  /** The instant that places it in periods and memberships. */
  at: number;
  /** Snapshot values count for every goal, whatever its period. */
  snapshot: boolean;
  fields: Fields;
  /** `true` when it matched but cannot count (other currency, bad amount or splits). */
  bad: boolean;
  /** Serial of the record, so a goal counts a skipped record once; -1 for none. */
  serial: number;
  record: RecordInput | null;
}

/** A record's owner and its part of the value (splits give each owner a part). */
export interface OwnerPart {
  ownerId: string;
  part: bigint;
}

/**
 * Credits values to the goals of a {@link GoalIndex}: the owner's own goals, the goals of every
 * unit the owner belonged to at the instant (each unit once per record, even with several split
 * owners in it) and the organization goals.
 */
export class GoalCrediting {
  private readonly unitSlotCache = new Map<MembershipSegment, (readonly GoalSlot[])[]>();
  /** While a listed skipped record is credited: where the goals it would have counted for go. */
  skippedGoalIds: string[] | null = null;

  constructor(
    private readonly goals: GoalIndex,
    private readonly memberships: MembershipIndex,
    private readonly onCredit: CreditListener | null,
  ) {}

  /** Whether this index holds goals of the metric at all. */
  covers(metricIndex: number): boolean {
    return this.goals.hasGoals[metricIndex] === true;
  }

  /** Credits one owner's whole value. */
  creditOwner(credit: Credit, ownerId: string, amount: bigint): void {
    const m = credit.metricIndex;
    this.creditSlots(this.goals.userGoals(m, ownerId), credit, amount);
    const segment = this.memberships.segmentAt(ownerId, credit.at);
    if (segment !== undefined) this.creditSlots(this.unitSlots(segment, m), credit, amount);
    this.creditSlots(this.goals.organizationGoals(m), credit, amount);
  }

  /**
   * Credits split owners: each owner's goals with its part; each unit once with the parts of its
   * members (or `unitCount` for count metrics); the organization with `whole`.
   */
  creditSplits(credit: Credit, owners: readonly OwnerPart[], whole: bigint, unitCount: bigint | null): void {
    const m = credit.metricIndex;
    const unitValues = new Map<string, bigint>();
    for (const { ownerId, part } of owners) {
      this.creditSlots(this.goals.userGoals(m, ownerId), credit, part);
      const segment = this.memberships.segmentAt(ownerId, credit.at);
      for (const unitId of segment?.unitIds ?? []) {
        unitValues.set(unitId, unitCount ?? (unitValues.get(unitId) ?? 0n) + part);
      }
    }
    for (const [unitId, value] of unitValues) this.creditSlots(this.goals.unitGoals(m, unitId), credit, value);
    this.creditSlots(this.goals.organizationGoals(m), credit, whole);
  }

  private creditSlots(slots: readonly GoalSlot[], credit: Credit, amount: bigint): void {
    const { at, snapshot, fields, kind } = credit;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as GoalSlot;
      if (!snapshot && (at < slot.startMs || at >= slot.endMs)) continue;
      if (slot.filter !== null && !slot.filter(fields)) continue;
      if (credit.bad) {
        if (slot.lastSkippedSerial !== credit.serial) {
          slot.lastSkippedSerial = credit.serial;
          slot.ownSkipped++;
          if (this.skippedGoalIds !== null) addGoalId(this.skippedGoalIds, slot.goal.id);
        }
        continue;
      }
      slot.own[kind] += amount;
      if (this.onCredit !== null && credit.record !== null) this.onCredit(slot, credit.record);
    }
  }

  /** The goals of all units of a membership segment for one metric, concatenated once. */
  private unitSlots(segment: MembershipSegment, metricIndex: number): readonly GoalSlot[] {
    let perMetric = this.unitSlotCache.get(segment);
    if (perMetric === undefined) {
      perMetric = [];
      this.unitSlotCache.set(segment, perMetric);
    }
    let slots = perMetric[metricIndex];
    if (slots === undefined) {
      slots = segment.unitIds.flatMap((unitId) => this.goals.unitGoals(metricIndex, unitId));
      perMetric[metricIndex] = slots;
    }
    return slots;
  }
}

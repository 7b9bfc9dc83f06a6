import type { GoalSlot } from './goal-slots.ts';

const NONE: readonly GoalSlot[] = Object.freeze([]);

/**
 * Goals that collect their own records, indexed by (metric, owner) so a record finds the goals it
 * credits directly: user goals by user id, team/department goals by unit id, and organization
 * goals, which see every record of their metric. `include` picks which goals go in.
 */
export class GoalIndex {
  private readonly byUser: Map<string, GoalSlot[]>[];
  private readonly byUnit: Map<string, GoalSlot[]>[];
  private readonly organization: GoalSlot[][];
  /** Whether any goal of a metric is in this index. */
  readonly hasGoals: boolean[];

  constructor(metricCount: number, slots: readonly GoalSlot[], include: (slot: GoalSlot) => boolean = () => true) {
    this.byUser = Array.from({ length: metricCount }, () => new Map());
    this.byUnit = Array.from({ length: metricCount }, () => new Map());
    this.organization = Array.from({ length: metricCount }, () => []);
    this.hasGoals = Array.from({ length: metricCount }, () => false);
    for (const slot of slots) {
      if (slot.goal.rollupMode === 'children' || !include(slot)) continue;
      this.hasGoals[slot.metricIndex] = true;
      const { type, id } = slot.goal.owner;
      if (type === 'organization') {
        this.organization[slot.metricIndex]?.push(slot);
        continue;
      }
      const map = (type === 'user' ? this.byUser : this.byUnit)[slot.metricIndex];
      if (!map) continue;
      const list = map.get(id);
      if (list) list.push(slot);
      else map.set(id, [slot]);
    }
  }

  userGoals(metricIndex: number, userId: string): readonly GoalSlot[] {
    return this.byUser[metricIndex]?.get(userId) ?? NONE;
  }

  unitGoals(metricIndex: number, unitId: string): readonly GoalSlot[] {
    return this.byUnit[metricIndex]?.get(unitId) ?? NONE;
  }

  organizationGoals(metricIndex: number): readonly GoalSlot[] {
    return this.organization[metricIndex] ?? NONE;
  }

  /** Every period bound of the indexed goals. */
  *periodBounds(): Iterable<number> {
    for (const lists of [...this.byUser, ...this.byUnit].map((map) => map.values())) {
      for (const list of lists) for (const slot of list) yield* [slot.startMs, slot.endMs];
    }
    for (const list of this.organization) for (const slot of list) yield* [slot.startMs, slot.endMs];
  }
}

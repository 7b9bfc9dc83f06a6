import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import { nextDay, type LocalDayCache } from '../periods/period-instants.ts';

/** A stretch of time `[fromMs, toMs)` over which a user belongs to the same set of units. */
export interface MembershipSegment {
  fromMs: number;
  toMs: number;
  /** The units the user belongs to, each once: direct memberships and every unit above them. */
  unitIds: readonly string[];
}

/** The unit and its ancestors, nearest first; stops at a missing parent or a loop. */
export function unitWithAncestors(unitId: string, unitsById: ReadonlyMap<string, Pick<Unit, 'parentId'>>): string[] {
  const chain: string[] = [];
  let current: string | null | undefined = unitId;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = unitsById.get(current)?.parentId;
  }
  return chain;
}

const NO_SEGMENTS: readonly MembershipSegment[] = Object.freeze([]);

/**
 * Answers "which units did this user belong to at this instant" in constant time per record:
 * effective-dated memberships (`from`/`to` inclusive local dates) are turned into instant
 * segments once, with membership of a unit counting as membership of every unit above it.
 */
export class MembershipIndex {
  private readonly segmentsByUser = new Map<string, readonly MembershipSegment[]>();

  constructor(users: readonly Pick<User, 'id' | 'memberships'>[], units: readonly Pick<Unit, 'id' | 'parentId'>[], days: LocalDayCache) {
    const unitsById = new Map(units.map((unit) => [unit.id, unit]));
    for (const user of users) this.segmentsByUser.set(user.id, buildSegments(user, unitsById, days));
  }

  /** The user's segments in time order (empty for an unknown user). */
  segmentsOf(userId: string): readonly MembershipSegment[] {
    return this.segmentsByUser.get(userId) ?? NO_SEGMENTS;
  }

  /** Every finite instant where some user's memberships change. */
  *bounds(): Iterable<number> {
    for (const segments of this.segmentsByUser.values()) {
      for (const segment of segments) yield* [segment.fromMs, segment.toMs];
    }
  }

  /** The segment covering `epochMs`, or `undefined` when the user belonged to no unit then. */
  segmentAt(userId: string, epochMs: number): MembershipSegment | undefined {
    const segments = this.segmentsByUser.get(userId);
    if (segments === undefined) return undefined;
    for (const segment of segments) {
      if (epochMs < segment.fromMs) return undefined;
      if (epochMs < segment.toMs) return segment;
    }
    return undefined;
  }
}

function buildSegments(user: Pick<User, 'memberships'>, unitsById: ReadonlyMap<string, Pick<Unit, 'parentId'>>, days: LocalDayCache): MembershipSegment[] {
  const spans = user.memberships.map((membership) => ({
    fromMs: membership.from ? days.startOfDay(membership.from) : Number.NEGATIVE_INFINITY,
    toMs: membership.to ? days.startOfDay(nextDay(membership.to)) : Number.POSITIVE_INFINITY,
    unitIds: unitWithAncestors(membership.unitId, unitsById),
  })).filter((span) => span.fromMs < span.toMs);
  const bounds = [...new Set(spans.flatMap((span) => [span.fromMs, span.toMs]))].sort((a, b) => a - b);
  const segments: MembershipSegment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const fromMs = bounds[i] as number;
    const toMs = bounds[i + 1] as number;
    const unitIds = [...new Set(spans.filter((s) => s.fromMs <= fromMs && toMs <= s.toMs).flatMap((s) => s.unitIds))];
    if (unitIds.length === 0) continue;
    const previous = segments.at(-1);
    if (previous && previous.toMs === fromMs && sameMembers(previous.unitIds, unitIds)) {
      segments[segments.length - 1] = { ...previous, toMs };
    } else {
      segments.push({ fromMs, toMs, unitIds });
    }
  }
  return segments;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

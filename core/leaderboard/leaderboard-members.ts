import { unitWithAncestors } from '../attribution/membership-index.ts';
import type { Unit } from '../model/unit.ts';
import type { User } from '../model/user.ts';
import type { DateRange } from '../periods/resolve-period.ts';

/**
 * Whether a user belonged to `unitId` (directly or through a unit below it) on any day of
 * `period` — the people a `GET /leaderboard?unitId=` ranks.
 */
export function belongsToUnitDuring(user: Pick<User, 'memberships'>, unitId: string, period: DateRange, units: readonly Pick<Unit, 'id' | 'parentId'>[]): boolean {
  const unitsById = new Map(units.map((unit) => [unit.id, unit]));
  return user.memberships.some((membership) => {
    const from = membership.from ?? '0000-01-01';
    const to = membership.to ?? '9999-12-31';
    if (from > period.end || to < period.start) return false;
    return unitWithAncestors(membership.unitId, unitsById).includes(unitId);
  });
}

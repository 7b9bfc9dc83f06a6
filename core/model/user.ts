/**
 * A user's membership of a unit, effective from `from` to `to` (inclusive local dates; an absent
 * bound is open). Membership of a unit is membership of every unit above it.
 */
export interface Membership {
  unitId: string;
  from?: string | null;
  to?: string | null;
}

/** The roles of API.md's JWT claims. */
export type Role = 'admin' | 'manager' | 'member' | 'integration';

/** A user (API.md, organization). Deactivated users still count in rollups. */
export interface User {
  id: string;
  name: string;
  email?: string | null;
  role: Role;
  active?: boolean;
  zones?: string[];
  memberships: Membership[];
  canLockTargets?: boolean;
}

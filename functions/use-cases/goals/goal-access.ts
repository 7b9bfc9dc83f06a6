import type { Goal } from '../../../core/model/goal.ts';
import { canReadOwner, canWriteOwner, loadAccessScope, type AccessScope } from '../access/access-scope.ts';
import type { Principal } from '../principal.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';

/** What the goal access rules read: the org as it is today (the clock's today in the tenant's zone). */
export type GoalAccessPorts = Pick<AppPorts, 'clock' | 'settings' | 'units' | 'users'>;

/** The caller's scope today: what it may see and change. */
export const accessScopeOf = (ports: GoalAccessPorts, principal: Principal): Promise<AccessScope> =>
  loadAccessScope(principal, ports.clock.now(), { ports });

/** 403 unless the caller may see the goal (its own, its units', or — managers — its scope's). */
export async function assertMayReadGoal(ports: GoalAccessPorts, principal: Principal, goal: Goal, scope?: AccessScope): Promise<AccessScope> {
  const access = scope ?? (await accessScopeOf(ports, principal));
  if (!canReadOwner(access, goal.owner)) throw new ForbiddenError(`You may not see goal ${goal.id}`);
  return access;
}

/** 403 unless the caller may change goals of every given owner (admins; managers within their scope). */
export async function assertMayWriteOwners(
  ports: GoalAccessPorts,
  principal: Principal,
  owners: readonly Goal['owner'][],
  scope?: AccessScope,
): Promise<AccessScope> {
  const access = scope ?? (await accessScopeOf(ports, principal));
  const refused = owners.find((owner) => !canWriteOwner(access, owner));
  if (refused) throw new ForbiddenError(`You may not change goals of ${refused.type} ${refused.id}`);
  return access;
}

/** Lock and unlock: an admin, or a user with `canLockTargets` on a goal they may otherwise change. */
export async function assertMayLock(ports: GoalAccessPorts, principal: Principal, goal: Goal): Promise<void> {
  if (principal.role === 'admin') return;
  await assertMayWriteOwners(ports, principal, [goal.owner]);
  const user = await ports.users.get(principal.tenant, principal.userId);
  if (!user?.canLockTargets) throw new ForbiddenError('Locking targets needs the admin role or canLockTargets');
}

import { canReadOwner, canWriteOwner, loadAccessScope, type AccessScope } from '../../auth/access-scope.ts';
import type { Principal } from '../../http/principal.ts';
import { userRepository } from '../../store/user-repository.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import type { Goal } from '../../../core/model/goal.ts';

/** 403 unless the caller may see the goal (its own, its units', or — managers — its scope's). */
export async function assertMayReadGoal(principal: Principal, goal: Goal, scope?: AccessScope): Promise<AccessScope> {
  const access = scope ?? (await loadAccessScope(principal));
  if (!canReadOwner(access, goal.owner)) throw new ForbiddenError(`You may not see goal ${goal.id}`);
  return access;
}

/** 403 unless the caller may change goals of every given owner (admins; managers within their scope). */
export async function assertMayWriteOwners(principal: Principal, owners: readonly Goal['owner'][], scope?: AccessScope): Promise<AccessScope> {
  const access = scope ?? (await loadAccessScope(principal));
  const refused = owners.find((owner) => !canWriteOwner(access, owner));
  if (refused) throw new ForbiddenError(`You may not change goals of ${refused.type} ${refused.id}`);
  return access;
}

/** Lock and unlock: an admin, or a user with `canLockTargets` on a goal they may otherwise change. */
export async function assertMayLock(principal: Principal, goal: Goal): Promise<void> {
  if (principal.role === 'admin') return;
  await assertMayWriteOwners(principal, [goal.owner]);
  const user = await userRepository.get(principal.tenant, principal.userId);
  if (!user?.canLockTargets) throw new ForbiddenError('Locking targets needs the admin role or canLockTargets');
}

import type { Principal } from '../../http/principal.ts';
import { userRepository } from '../../store/user-repository.ts';
import { ForbiddenError } from '../../shared/errors.ts';
import type { Goal } from './goal-schema.ts';

/**
 * Whether the caller may change this goal. Until the role rules of the security issue land,
 * admins write every goal of their tenant and no other role writes goals.
 */
export function mayWriteGoal(principal: Principal, goal: Goal): boolean {
  void goal;
  return principal.role === 'admin';
}

/** Lock and unlock: an admin, or a user with `canLockTargets` on a goal they may otherwise write. */
export async function assertMayLock(principal: Principal, goal: Goal): Promise<void> {
  if (principal.role === 'admin') return;
  const user = await userRepository.get(principal.tenant, principal.userId);
  if (!user?.canLockTargets || !mayWriteGoal(principal, goal)) {
    throw new ForbiddenError('Locking targets needs the admin role or canLockTargets on a goal you may change');
  }
}

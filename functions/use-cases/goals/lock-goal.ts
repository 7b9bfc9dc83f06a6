import type { Goal } from '../../../core/model/goal.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertMayLock, type GoalAccessPorts } from './goal-access.ts';
import { requireGoal } from './goal-rules.ts';
import { assertIfMatch } from '../versions.ts';

/**
 * POST /goals/{id}/lock and /unlock: sets the goal's lock, as a new version (a goal already so is
 * answered as it is). The goal exists (404); the caller is an admin, or may change the goal and has
 * `canLockTargets` (403); it is at `expectedVersion` when one is given (412).
 */
export async function setGoalLock(
  ports: Pick<AppPorts, 'goals'> & GoalAccessPorts,
  principal: Principal,
  input: { id: string; locked: boolean; expectedVersion?: number | undefined },
): Promise<Goal> {
  const goal = await requireGoal(ports, principal.tenant, input.id);
  await assertMayLock(ports, principal, goal);
  assertIfMatch(input.expectedVersion, goal.version, `Goal ${goal.id}`);
  if (goal.locked === input.locked) return goal;
  const next: Goal = { ...goal, locked: input.locked, version: goal.version + 1 };
  await ports.goals.write(principal.tenant, [{ goal: next, expectedVersion: goal.version }]);
  return next;
}

/** Locks the goal: its target, stretch target, period and metric can no longer change. */
export const lockGoal = (ports: Parameters<typeof setGoalLock>[0], principal: Principal, input: { id: string; expectedVersion?: number | undefined }) =>
  setGoalLock(ports, principal, { ...input, locked: true });

/** Unlocks the goal. */
export const unlockGoal = (ports: Parameters<typeof setGoalLock>[0], principal: Principal, input: { id: string; expectedVersion?: number | undefined }) =>
  setGoalLock(ports, principal, { ...input, locked: false });

import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertMayWriteOwners, type GoalAccessPorts } from './goal-access.ts';
import { assertMayDelete, requireGoal } from './goal-rules.ts';
import { assertIfMatch } from '../versions.ts';

/**
 * DELETE /goals/{id}: the goal exists (404), the caller may change its owner's goals (403), it is at
 * `expectedVersion` when one is given (412) and it is not locked (423). Its children stay and lose
 * their parentId. The delete insists on the version read, so a goal locked meanwhile is not deleted.
 */
export async function deleteGoal(
  ports: Pick<AppPorts, 'goals'> & GoalAccessPorts,
  principal: Principal,
  input: { id: string; expectedVersion?: number | undefined },
): Promise<void> {
  const goal = await requireGoal(ports, principal.tenant, input.id);
  await assertMayWriteOwners(ports, principal, [goal.owner]);
  assertIfMatch(input.expectedVersion, goal.version, `Goal ${goal.id}`);
  assertMayDelete(goal);
  await ports.goals.delete(principal.tenant, goal);
}

import type { Goal } from '../../../core/model/goal.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts } from '../ports.ts';
import { assertMayReadGoal, type GoalAccessPorts } from './goal-access.ts';
import { requireGoal } from './goal-rules.ts';

/** GET /goals/{id}: the goal (404 when the tenant has none), if the caller may see it (403). */
export async function getGoal(ports: Pick<AppPorts, 'goals'> & GoalAccessPorts, principal: Principal, id: string): Promise<Goal> {
  const goal = await requireGoal(ports, principal.tenant, id);
  await assertMayReadGoal(ports, principal, goal);
  return goal;
}

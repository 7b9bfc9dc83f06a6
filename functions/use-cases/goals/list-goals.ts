import type { Goal } from '../../../core/model/goal.ts';
import { canReadOwner } from '../access/access-scope.ts';
import type { Principal } from '../principal.ts';
import type { AppPorts, Page } from '../ports.ts';
import { accessScopeOf, type GoalAccessPorts } from './goal-access.ts';
import type { GoalListFilter } from './ports.ts';

/**
 * GET /goals: a page of the goals the caller may see that pass the filters. A page may hold fewer
 * than `limit` goals with a cursor to go on (goals the caller may not see are left out); the cursor
 * is the store's position, sealed by the route before it leaves the service.
 */
export async function listGoals(ports: Pick<AppPorts, 'goals'> & GoalAccessPorts, principal: Principal, filter: GoalListFilter): Promise<Page<Goal>> {
  const scope = await accessScopeOf(ports, principal);
  return ports.goals.list(principal.tenant, filter, (goal) => canReadOwner(scope, goal.owner));
}

import type { Goal } from '../../../core/model/goal.ts';
import type { GoalCreate } from './goal-inputs.ts';
import type { Principal } from '../principal.ts';
import { logger } from '../../shared/observability.ts';
import type { AppPorts } from '../ports.ts';
import { scheduleTenant } from '../rollups/schedule-tenant.ts';
import { assertMayReadGoal, assertMayWriteOwners } from './goal-access.ts';
import { checkParent, exactValues, requireMetric, requireOwner, resolveGoalPeriod, rollupModeOf } from './goal-rules.ts';

export type CreateGoalPorts = Pick<AppPorts, 'clock' | 'ids' | 'goals' | 'metrics' | 'units' | 'users' | 'settings' | 'scheduler' | 'scheduledTenants'>;

/**
 * POST /goals: creates a goal at version 1, unlocked.
 *
 * 1. References: the metric and the owner exist (400 naming the field); owner_and_children only for
 *    a user's goal (400).
 * 2. Period: start/end as given, or a granularity around an anchor with the tenant's week and fiscal
 *    year start.
 * 3. Values: exact decimals at the metric's scale (the bonus at its currency's); more digits or a
 *    negative value is a 400.
 * 4. Rights: admins, and managers for owners in their scope (403).
 * 5. Hierarchy: a parent exists (400), measures the same metric and contains the period (409), and
 *    the caller may see it (403).
 * 6. Save: a goal with the same id is a 409; the write insists the parent is unchanged since read.
 * 7. Schedule: the tenant's first goal gives it its nightly rollup. The goal is stored either way: a
 *    failure here is logged and tried again with the tenant's next goal, never the caller's error.
 */
export async function createGoal(ports: CreateGoalPorts, principal: Principal, input: GoalCreate): Promise<Goal> {
  const { tenant } = principal;

  const metric = await requireMetric(ports, tenant, input.metricId);
  await requireOwner(ports, tenant, input.owner);
  const rollupMode = rollupModeOf(input);

  const period = await resolveGoalPeriod(ports, tenant, input.period);

  const goal: Goal = {
    id: input.id ?? ports.ids.next(ports.clock.now()),
    name: input.name,
    description: input.description ?? '',
    metricId: metric.id,
    owner: input.owner,
    period,
    ...exactValues(metric, input),
    parentId: input.parentId ?? null,
    rollupMode,
    filter: input.filter ?? null,
    locked: false,
    version: 1,
  };

  await assertMayWriteOwners(ports, principal, [goal.owner]);

  const parent = await checkParent(ports, tenant, goal, undefined);
  // Hanging a goal under a parent changes what the parent shows: the caller must be able to see it.
  if (parent) await assertMayReadGoal(ports, principal, parent);

  await ports.goals.write(tenant, [{ goal, expectedVersion: 0, parent: parent && { id: parent.id, version: parent.version } }]);

  try {
    await scheduleTenant(ports, tenant);
  } catch (error) {
    logger.error('The tenant schedule could not be ensured; the next goal created tries again', { tenant, error: error instanceof Error ? error : String(error) });
  }
  return goal;
}

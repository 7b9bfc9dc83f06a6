import { rangeContains } from '../../../core/periods/resolve-period.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { ConflictError, GoalCycleError, RequestValidationError } from '../../shared/errors.ts';
import type { Goal } from './goal-schema.ts';

/** The deepest goal hierarchy walked before a chain is taken for corrupt. */
const maxDepth = 64;

/**
 * Checks that `parentId` may be the parent of `goal`: it exists (400 otherwise), measures the
 * same metric and contains the goal's period (409), and is not the goal or one of its
 * descendants (409 cycle). Returns the parent as read, so the write can insist it is unchanged.
 */
export async function checkParent(tenant: string, goal: Goal): Promise<Goal | undefined> {
  if (goal.parentId === null) return undefined;
  const parent = await goalRepository.get(tenant, goal.parentId);
  if (!parent) {
    throw new RequestValidationError('The parent goal does not exist', [{ path: 'body.parentId', message: `Goal ${goal.parentId} not found` }]);
  }
  if (parent.metricId !== goal.metricId) {
    throw new ConflictError(`A child goal measures its parent's metric (${parent.metricId}), not ${goal.metricId}`);
  }
  if (!rangeContains(parent.period, goal.period)) {
    throw new ConflictError(`The goal's period ${goal.period.start}..${goal.period.end} lies outside its parent's ${parent.period.start}..${parent.period.end}`);
  }
  let ancestor: Goal | undefined = parent;
  for (let depth = 0; ancestor; depth++) {
    if (ancestor.id === goal.id) throw new GoalCycleError(`Making ${parent.id} the parent of ${goal.id} would create a cycle`);
    if (depth >= maxDepth || ancestor.parentId === null) break;
    ancestor = await goalRepository.get(tenant, ancestor.parentId);
  }
  return parent;
}

/** On a change of metric or period, every child must still fit: same metric, period inside. */
export async function checkChildren(tenant: string, goal: Goal): Promise<void> {
  for (const child of await goalRepository.children(tenant, goal.id)) {
    if (child.metricId !== goal.metricId) {
      throw new ConflictError(`Child goal ${child.id} measures ${child.metricId}; the metric cannot change while it is a child`);
    }
    if (!rangeContains(goal.period, child.period)) {
      throw new ConflictError(`Child goal ${child.id}'s period ${child.period.start}..${child.period.end} would lie outside the new period`);
    }
  }
}

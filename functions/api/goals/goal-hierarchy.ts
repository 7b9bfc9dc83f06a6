import { rangeContains } from '../../../core/periods/resolve-period.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { ConflictError, GoalCycleError, RequestValidationError } from '../../shared/errors.ts';
import type { Goal } from '../../../core/model/goal.ts';

/**
 * Ancestors walked one GetItem at a time before the walk switches to the whole hierarchy: most
 * hierarchies are a few levels deep (organization, department, team, user, sub-periods).
 */
const ancestorsReadOneByOne = 8;

/**
 * 409 when `goal` is `parent` or one of its ancestors, however deep the hierarchy: a few GetItems up
 * the chain, then — for a deeper one — the tenant's parent links from one paged Query, walked in
 * memory. A hierarchy above the parent that already loops (stored before this check) is refused too.
 * The reads are strongly consistent: every parent change saved before the caller read the tenant's
 * hierarchy version must be seen, or the version could not protect the check (the parent itself is
 * protected by its own version condition).
 */
async function assertNoCycle(tenant: string, goal: Goal, parent: Goal): Promise<void> {
  const cycle = () => new GoalCycleError(`Making ${parent.id} the parent of ${goal.id} would create a cycle`);
  let ancestor: Goal | undefined = parent;
  for (let depth = 0; depth < ancestorsReadOneByOne; depth++) {
    if (ancestor.id === goal.id) throw cycle();
    if (ancestor.parentId === null) return;
    ancestor = await goalRepository.get(tenant, ancestor.parentId, { consistent: true });
    if (!ancestor) return; // deleted meanwhile: its children no longer have it as parent
  }
  const parents = await goalRepository.parentLinks(tenant);
  const passed = new Set<string>();
  for (let id: string | null = ancestor.id; id !== null; id = parents.get(id) ?? null) {
    if (id === goal.id) throw cycle();
    if (passed.has(id)) throw new GoalCycleError(`The hierarchy above ${parent.id} loops at goal ${id}; no goal can be added under it`);
    passed.add(id);
  }
}

/**
 * Checks that `goal.parentId` may be the parent of `goal`: it exists (400 otherwise), measures the
 * same metric and contains the goal's period (409), and — when an existing goal gets a new parent,
 * the only change that can close a cycle — is not the goal or one of its descendants (409 cycle).
 * Returns the parent as read, so the write can insist it is unchanged.
 */
export async function checkParent(tenant: string, goal: Goal, before: Goal | undefined): Promise<Goal | undefined> {
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
  if (before && before.parentId !== goal.parentId) await assertNoCycle(tenant, goal, parent);
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

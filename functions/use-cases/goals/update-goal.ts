import type { Goal } from '../../../core/model/goal.ts';
import type { GoalPatch } from './goal-inputs.ts';
import type { Principal } from '../principal.ts';
import { GoalHierarchyChangedError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { assertMayReadGoal, assertMayWriteOwners } from './goal-access.ts';
import {
  assertUnlockedChange,
  checkChildren,
  checkParent,
  exactValues,
  requireGoal,
  requireMetric,
  requireOwner,
  resolveGoalPeriod,
  rollupModeOf,
} from './goal-rules.ts';
import { assertIfMatch } from '../versions.ts';

export type UpdateGoalPorts = Pick<AppPorts, 'clock' | 'goals' | 'metrics' | 'units' | 'users' | 'settings'>;

/** Times a parent change is checked again after another one was saved at the same time. */
const hierarchyAttempts = 5;

/**
 * PATCH /goals/{id}: the goal with the given fields changed, as a new version.
 *
 * The goal exists (404) and the caller may change its owner's goals and the new owner's (403); it
 * is at `expectedVersion` when one is given (412). The changed goal is checked as a new one is
 * (references, period, exact values) and a locked goal keeps its target, stretch target, period and
 * metric (423). Its parent must fit it (see createGoal) and its children must still fit it (409).
 *
 * The write insists that neither the goal nor its parent changed since they were read. A change of
 * parent also insists that no other parent change was saved since its cycle check began (the
 * tenant's hierarchy version): two moves that would close a cycle only together cannot both pass.
 * The one that loses is checked again against the hierarchy as it now is.
 */
export async function updateGoal(
  ports: UpdateGoalPorts,
  principal: Principal,
  input: { id: string; patch: GoalPatch; expectedVersion?: number | undefined },
): Promise<Goal> {
  const { tenant } = principal;
  const before = await requireGoal(ports, tenant, input.id);
  const scope = await assertMayWriteOwners(ports, principal, [before.owner]);
  assertIfMatch(input.expectedVersion, before.version, `Goal ${before.id}`);

  const { id, locked, version, ...current } = before;
  const changed = { ...current, ...input.patch };
  const metric = await requireMetric(ports, tenant, changed.metricId);
  await requireOwner(ports, tenant, changed.owner);
  const goal: Goal = {
    ...changed,
    id,
    period: await resolveGoalPeriod(ports, tenant, changed.period),
    ...exactValues(metric, changed),
    rollupMode: rollupModeOf(changed),
    locked,
    version: version + 1,
  };
  await assertMayWriteOwners(ports, principal, [goal.owner], scope);
  assertUnlockedChange(before, goal);

  const reparented = goal.parentId !== null && goal.parentId !== before.parentId;
  for (let attempt = 1; ; attempt++) {
    // Read before the walk, so any parent change saved after it fails this write.
    const hierarchyVersion = reparented ? await ports.goals.hierarchyVersion(tenant) : undefined;
    const parent = await checkParent(ports, tenant, goal, before);
    if (parent && parent.id !== before.parentId) await assertMayReadGoal(ports, principal, parent);
    await checkChildren(ports, tenant, before, goal);
    try {
      await ports.goals.write(tenant, [{ goal, expectedVersion: before.version, parent: parent && { id: parent.id, version: parent.version } }], { hierarchyVersion });
      return goal;
    } catch (error) {
      if (!(error instanceof GoalHierarchyChangedError) || attempt >= hierarchyAttempts) throw error;
    }
  }
}

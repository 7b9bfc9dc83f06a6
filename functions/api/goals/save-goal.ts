import type { Principal } from '../../http/principal.ts';
import { goalRepository } from '../../store/goal-repository.ts';
import { assertMayReadGoal } from './goal-access.ts';
import { GoalHierarchyChangedError, GoalLockedError } from '../../shared/errors.ts';
import { checkChildren, checkParent } from './goal-hierarchy.ts';
import type { Goal } from '../../../core/model/goal.ts';

const lockedFields = ['target', 'stretchTarget', 'metricId'] as const;

/** Refuses (423) a change of target, stretch target, period or metric on a locked goal. */
export function assertUnlockedChange(before: Goal, after: Goal): void {
  if (!before.locked) return;
  const changed: string[] = lockedFields.filter((field) => before[field] !== after[field]);
  if (before.period.start !== after.period.start || before.period.end !== after.period.end) changed.push('period');
  if (changed.length > 0) throw new GoalLockedError(`Goal ${before.id} is locked: its ${changed.join(', ')} cannot change`);
}

/**
 * Refuses (423) to delete a locked goal: deleting it and creating it again would change its target
 * without the right to unlock it.
 */
export function assertMayDelete(goal: Goal): void {
  if (goal.locked) throw new GoalLockedError(`Goal ${goal.id} is locked: unlock it before deleting it`);
}

/** Times a parent change is checked again after another one was saved at the same time. */
const hierarchyAttempts = 5;

/**
 * Saves a new goal or a new version of one after checking the hierarchy; the write insists that
 * neither the goal nor its parent changed since they were read. A change of an existing goal's
 * parent also insists that no other parent change was saved since its cycle check began (the
 * tenant's hierarchy version): two moves that would close a cycle only together cannot both pass.
 * The one that loses is checked again against the hierarchy as it now is.
 */
export async function saveGoal(tenant: string, goal: Goal, before: Goal | undefined, principal: Principal): Promise<void> {
  const reparented = before !== undefined && goal.parentId !== null && goal.parentId !== before.parentId;
  for (let attempt = 1; ; attempt++) {
    // Read before the walk, so any parent change saved after it fails this write.
    const hierarchyVersion = reparented ? await goalRepository.hierarchyVersion(tenant) : undefined;
    const parent = await checkParent(tenant, goal, before);
    // Hanging a goal under a parent changes what the parent shows: the caller must be able to see it.
    if (parent && parent.id !== before?.parentId) await assertMayReadGoal(principal, parent);
    if (before && (before.metricId !== goal.metricId || before.period.start !== goal.period.start || before.period.end !== goal.period.end)) {
      await checkChildren(tenant, goal);
    }
    try {
      await goalRepository.write(
        tenant,
        [{ goal, expectedVersion: before?.version ?? 0, parent: parent ? { id: parent.id, version: parent.version } : undefined }],
        { hierarchyVersion },
      );
      return;
    } catch (error) {
      if (!(error instanceof GoalHierarchyChangedError) || attempt >= hierarchyAttempts) throw error;
    }
  }
}

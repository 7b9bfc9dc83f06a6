import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, GoalLockedError, NotFoundError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import { deleteGoal } from '../../../functions/use-cases/goals/delete-goal.ts';
import { lockGoal, unlockGoal } from '../../../functions/use-cases/goals/lock-goal.ts';
import { admin, goalWorld, mia, refusal, tenant, yearGoal } from './goal-world.ts';

describe('deleteGoal', () => {
  it('deletes the goal; its children stay and lose their parentId as a new version', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'parent' }));
    await createGoal(ports, admin, yearGoal({ id: 'child-1', parentId: 'parent', owner: { type: 'team', id: 'ent' } }));
    await createGoal(ports, admin, yearGoal({ id: 'child-2', parentId: 'parent', owner: { type: 'team', id: 'smb' } }));
    await deleteGoal(ports, admin, { id: 'parent' });
    expect(await ports.goals.get(tenant, 'parent')).toBeUndefined();
    expect((await ports.goals.all(tenant)).map((g) => [g.id, g.parentId, g.version])).toEqual([['child-1', null, 2], ['child-2', null, 2]]);
  });

  it('refuses a stale expected version, another tenant’s goal and an owner outside the caller’s scope', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g' }));
    expect(await refusal(deleteGoal(ports, admin, { id: 'g', expectedVersion: 7 }))).toBeInstanceOf(VersionConflictError);
    expect(await refusal(deleteGoal(ports, { ...admin, tenant: 'other' }, { id: 'g' }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(deleteGoal(ports, mia, { id: 'g' }))).toBeInstanceOf(ForbiddenError);
    expect(await ports.goals.get(tenant, 'g')).toMatchObject({ version: 1 });
  });

  it('refuses a locked goal to its manager and to admins, so it cannot come back unlocked with another target', async () => {
    // Prepare: Mia manages the team but has no canLockTargets; an admin locked the team's goal.
    const ports = await goalWorld();
    const goal = yearGoal({ id: 'locked', owner: { type: 'team', id: 'ent' } });
    await createGoal(ports, mia, goal);
    await lockGoal(ports, admin, { id: 'locked' });

    // Act
    const byManager = await refusal(deleteGoal(ports, mia, { id: 'locked' }));
    const byAdmin = await refusal(deleteGoal(ports, admin, { id: 'locked', expectedVersion: 2 }));
    const recreated = await refusal(createGoal(ports, mia, { ...goal, target: '1' }));

    // Assess
    expect(byManager).toBeInstanceOf(GoalLockedError);
    expect(byAdmin).toBeInstanceOf(GoalLockedError);
    expect(recreated).toBeInstanceOf(ConflictError);
    expect(await ports.goals.get(tenant, 'locked')).toMatchObject({ locked: true, target: '2000000.00', version: 2 });
    await unlockGoal(ports, admin, { id: 'locked' });
    await deleteGoal(ports, mia, { id: 'locked' });
    expect(await ports.goals.get(tenant, 'locked')).toBeUndefined();
  });
});

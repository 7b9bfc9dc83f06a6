import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import { lockGoal, unlockGoal } from '../../../functions/use-cases/goals/lock-goal.ts';
import { admin, anna, goalWorld, mia, refusal, tenant, yearGoal } from './goal-world.ts';

describe('lockGoal and unlockGoal', () => {
  it('lock and unlock as new versions; a goal already so is answered as it is', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g' }));
    expect(await lockGoal(ports, admin, { id: 'g', expectedVersion: 1 })).toMatchObject({ locked: true, version: 2 });
    expect(await lockGoal(ports, admin, { id: 'g' })).toMatchObject({ locked: true, version: 2 });
    expect(await unlockGoal(ports, admin, { id: 'g' })).toMatchObject({ locked: false, version: 3 });
    expect(await ports.goals.get(tenant, 'g')).toMatchObject({ locked: false, version: 3 });
  });

  it('refuse a stale expected version and a goal of another tenant', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g' }));
    expect(await refusal(lockGoal(ports, admin, { id: 'g', expectedVersion: 7 }))).toBeInstanceOf(VersionConflictError);
    expect(await refusal(lockGoal(ports, { ...admin, tenant: 'other' }, { id: 'g' }))).toBeInstanceOf(NotFoundError);
    expect((await ports.goals.get(tenant, 'g'))?.locked).toBe(false);
  });

  it('need the admin role, or canLockTargets on a goal the caller may change', async () => {
    // Prepare
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'team', owner: { type: 'team', id: 'ent' } }));
    await createGoal(ports, admin, yearGoal({ id: 'other', owner: { type: 'team', id: 'smb' } }));

    // Act
    const member = await refusal(lockGoal(ports, anna, { id: 'team' }));
    const managerWithoutRight = await refusal(lockGoal(ports, mia, { id: 'team' }));
    const miaUser = (await ports.users.get(tenant, 'mia'))!;
    await ports.users.put(tenant, { ...miaUser, canLockTargets: true, version: 2 }, 1);
    const outsideScope = await refusal(lockGoal(ports, mia, { id: 'other' }));
    const locked = await lockGoal(ports, mia, { id: 'team' });

    // Assess
    for (const error of [member, managerWithoutRight, outsideScope]) expect(error).toBeInstanceOf(ForbiddenError);
    expect(locked).toMatchObject({ locked: true, version: 2 });
    expect((await ports.goals.get(tenant, 'other'))?.locked).toBe(false);
  });
});

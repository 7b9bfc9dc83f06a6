import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { deleteUnit } from '../../../functions/use-cases/units/delete-unit.ts';
import { putUnit } from '../../../functions/use-cases/units/put-unit.ts';
import { goalFixture } from '../../support/goal-fixture.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

const admin: Principal = { tenant: 't-1', userId: 'admin-1', role: 'admin' };
const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });

/** Ports with `org`, the department `sales` under it and the team `team-a` under that. */
async function organization(): Promise<MemoryPorts> {
  const ports = memoryPorts();
  await putUnit(ports, admin, { id: 'org', unit: { name: 'Acme', kind: 'organization' } });
  await putUnit(ports, admin, { id: 'sales', unit: { name: 'Sales', kind: 'department', parentId: 'org' } });
  await putUnit(ports, admin, { id: 'team-a', unit: { name: 'Enterprise', kind: 'team', parentId: 'sales' } });
  return ports;
}

describe('deleteUnit', () => {
  it('deletes a leaf unit; it is gone afterwards and its parent may go next', async () => {
    // Prepare
    const ports = await organization();

    // Act
    await deleteUnit(ports, admin, { id: 'team-a' });
    await deleteUnit(ports, as('integration'), { id: 'sales', expectedVersion: 1 });

    // Assess
    expect(await ports.units.get('t-1', 'team-a')).toBeUndefined();
    expect((await ports.units.all('t-1')).map((unit) => unit.id)).toEqual(['org']);
  });

  it('refuses a unit with child units', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const refused = deleteUnit(ports, admin, { id: 'sales' });

    // Assess
    await expect(refused).rejects.toThrow(ConflictError);
    expect(await ports.units.get('t-1', 'sales')).toMatchObject({ version: 1 });
  });

  it('refuses a unit that owns goals, and deletes it once the goal is gone', async () => {
    // Prepare
    const ports = await organization();
    const goal = goalFixture('g-1', { owner: { type: 'team', id: 'team-a' } });
    await ports.goals.write('t-1', [{ goal, expectedVersion: 0 }]);

    // Act
    const refused = deleteUnit(ports, admin, { id: 'team-a' });
    await expect(refused).rejects.toThrow(ConflictError);
    const stillThere = await ports.units.get('t-1', 'team-a');
    await ports.goals.delete('t-1', goal);
    await deleteUnit(ports, admin, { id: 'team-a' });

    // Assess
    expect(stillThere).toMatchObject({ id: 'team-a', version: 1 });
    expect(await ports.units.get('t-1', 'team-a')).toBeUndefined();
  });

  it("looks for goals of the unit's own kind: a goal of a user with the same id does not keep it", async () => {
    // Prepare
    const ports = await organization();
    await ports.goals.write('t-1', [{ goal: goalFixture('g-1', { owner: { type: 'user', id: 'team-a' } }), expectedVersion: 0 }]);

    // Act
    await deleteUnit(ports, admin, { id: 'team-a' });

    // Assess
    expect(await ports.units.get('t-1', 'team-a')).toBeUndefined();
  });

  it('refuses a stale expected version and keeps the unit', async () => {
    // Prepare
    const ports = await organization();
    await putUnit(ports, admin, { id: 'team-a', unit: { name: 'Enterprise 2', kind: 'team', parentId: 'sales' } });

    // Act
    const refused = deleteUnit(ports, admin, { id: 'team-a', expectedVersion: 1 });

    // Assess
    await expect(refused).rejects.toThrow(VersionConflictError);
    expect(await ports.units.get('t-1', 'team-a')).toMatchObject({ name: 'Enterprise 2', version: 2 });
  });

  it("answers NotFoundError to an unknown id and to another tenant's unit, before any role check", async () => {
    // Prepare
    const ports = await organization();

    // Act
    const unknown = deleteUnit(ports, admin, { id: 'nope' });
    const foreign = deleteUnit(ports, as('admin', 't-2'), { id: 'team-a' });
    const unknownToMember = deleteUnit(ports, as('member'), { id: 'nope' });

    // Assess
    await expect(unknown).rejects.toThrow(NotFoundError);
    await expect(foreign).rejects.toThrow(NotFoundError);
    await expect(unknownToMember).rejects.toThrow(NotFoundError);
    expect(await ports.units.get('t-1', 'team-a')).toBeDefined();
  });

  it('refuses managers and members', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const manager = deleteUnit(ports, as('manager'), { id: 'team-a' });
    const member = deleteUnit(ports, as('member'), { id: 'team-a' });

    // Assess
    await expect(manager).rejects.toThrow(ForbiddenError);
    await expect(member).rejects.toThrow(ForbiddenError);
    expect(await ports.units.get('t-1', 'team-a')).toMatchObject({ version: 1 });
  });
});

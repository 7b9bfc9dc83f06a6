import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { ConflictError, ForbiddenError, RequestValidationError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { putUnit, type UnitInput } from '../../../functions/use-cases/units/put-unit.ts';
import { goalFixture } from '../../support/goal-fixture.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

const admin: Principal = { tenant: 't-1', userId: 'admin-1', role: 'admin' };

/** Ports with the organization `org` and the department `sales` under it (both at version 1). */
async function organization(): Promise<MemoryPorts> {
  const ports = memoryPorts();
  await putUnit(ports, admin, { id: 'org', unit: { name: 'Acme', kind: 'organization' } });
  await putUnit(ports, admin, { id: 'sales', unit: { name: 'Sales', kind: 'department', parentId: 'org' } });
  return ports;
}

const put = (ports: MemoryPorts, id: string, unit: UnitInput, expectedVersion?: number, principal = admin) =>
  putUnit(ports, principal, { id, unit, expectedVersion });

describe('putUnit', () => {
  it('creates a unit at version 1, and a replacement at the next version', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const first = await put(ports, 'team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales', managerIds: ['u-1', 'u-2'] });
    const second = await put(ports, 'team-a', { name: 'Enterprise North', kind: 'team', parentId: 'org' });

    // Assess
    expect(first).toEqual({
      unit: { id: 'team-a', name: 'Enterprise', kind: 'team', parentId: 'sales', managerIds: ['u-1', 'u-2'], version: 1 },
      created: true,
    });
    const replaced = { id: 'team-a', name: 'Enterprise North', kind: 'team', parentId: 'org', managerIds: [], version: 2 };
    expect(second).toEqual({ unit: replaced, created: false });
    expect(await ports.units.get('t-1', 'team-a')).toEqual(replaced);
  });

  it('fills parentId with null and managerIds with [] when left out, and removes duplicate managers', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const bare = await put(ports, 'other-org', { name: 'Other', kind: 'organization' });
    const duplicated = await put(ports, 'team-b', { name: 'SMB', kind: 'team', parentId: 'sales', managerIds: ['u-1', 'u-1'] });

    // Assess
    expect(bare.unit).toEqual({ id: 'other-org', name: 'Other', kind: 'organization', parentId: null, managerIds: [], version: 1 });
    expect(duplicated.unit.managerIds).toEqual(['u-1']);
  });

  it('lets admins and integrations write, and no other role', async () => {
    // Prepare
    const ports = await organization();
    const as = (role: Principal['role']): Principal => ({ tenant: 't-1', userId: `${role}-1`, role });

    // Act
    const integration = await put(ports, 'team-i', { name: 'Imported', kind: 'team', parentId: 'sales' }, undefined, as('integration'));
    const refused = await Promise.allSettled(
      (['manager', 'member'] as const).map((role) => put(ports, 'sales', { name: 'Renamed', kind: 'department', parentId: 'org' }, undefined, as(role))),
    );

    // Assess
    expect(integration.created).toBe(true);
    for (const outcome of refused) expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(ForbiddenError) });
    expect((await ports.units.get('t-1', 'sales'))?.name).toBe('Sales');
  });

  it('applies a write at the expected version and refuses a stale one, keeping the stored unit', async () => {
    // Prepare
    const ports = await organization();
    const matching = await put(ports, 'sales', { name: 'Sales EMEA', kind: 'department', parentId: 'org' }, 1);

    // Act
    const stale = put(ports, 'sales', { name: 'Sales APAC', kind: 'department', parentId: 'org' }, 1);

    // Assess
    expect(matching.unit.version).toBe(2);
    await expect(stale).rejects.toThrow(VersionConflictError);
    expect(await ports.units.get('t-1', 'sales')).toMatchObject({ name: 'Sales EMEA', version: 2 });
  });

  it('refuses an expected version of a unit that does not exist yet, and accepts 0 for it', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const refused = put(ports, 'team-new', { name: 'New', kind: 'team', parentId: 'sales' }, 3);

    // Assess
    await expect(refused).rejects.toThrow(VersionConflictError);
    expect(await ports.units.get('t-1', 'team-new')).toBeUndefined();
    expect((await put(ports, 'team-new', { name: 'New', kind: 'team', parentId: 'sales' }, 0)).created).toBe(true);
  });

  it('refuses an organization with a parent, naming body.parentId', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const refused = put(ports, 'org', { name: 'Acme', kind: 'organization', parentId: 'sales' });

    // Assess
    await expect(refused).rejects.toThrow(RequestValidationError);
    await expect(refused).rejects.toMatchObject({ details: [{ path: 'body.parentId' }] });
    expect(await ports.units.get('t-1', 'org')).toMatchObject({ parentId: null, version: 1 });
  });

  it("refuses a parent that does not exist, another tenant's unit included", async () => {
    // Prepare
    const ports = await organization();
    const otherAdmin: Principal = { tenant: 't-2', userId: 'admin-2', role: 'admin' };
    await putUnit(ports, otherAdmin, { id: 'elsewhere', unit: { name: 'Elsewhere', kind: 'organization' } });

    // Act
    const missing = put(ports, 'team-x', { name: 'X', kind: 'team', parentId: 'nope' });
    const foreign = put(ports, 'team-z', { name: 'Z', kind: 'team', parentId: 'elsewhere' });

    // Assess
    await expect(missing).rejects.toMatchObject({ constructor: RequestValidationError, details: [{ path: 'body.parentId' }] });
    await expect(foreign).rejects.toMatchObject({ constructor: RequestValidationError, details: [{ path: 'body.parentId' }] });
    expect(await ports.units.get('t-1', 'team-x')).toBeUndefined();
    expect(await ports.units.get('t-1', 'team-z')).toBeUndefined();
  });

  it('refuses a unit as its own parent', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const refused = put(ports, 'sales', { name: 'Sales', kind: 'department', parentId: 'sales' });

    // Assess
    await expect(refused).rejects.toThrow(ConflictError);
    expect(await ports.units.get('t-1', 'sales')).toMatchObject({ parentId: 'org', version: 1 });
  });

  it('refuses a parent below the unit (a cycle), however deep', async () => {
    // Prepare
    const ports = await organization();
    await put(ports, 'team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });
    await put(ports, 'pod-1', { name: 'Pod 1', kind: 'team', parentId: 'team-a' });

    // Act
    const direct = put(ports, 'sales', { name: 'Sales', kind: 'department', parentId: 'team-a' });
    const deep = put(ports, 'sales', { name: 'Sales', kind: 'department', parentId: 'pod-1' });
    const fromTheTop = put(ports, 'org', { name: 'Acme', kind: 'department', parentId: 'pod-1' });

    // Assess
    await expect(direct).rejects.toThrow(/would create a cycle/);
    await expect(deep).rejects.toThrow(ConflictError);
    await expect(fromTheTop).rejects.toThrow(ConflictError);
    expect(await ports.units.get('t-1', 'sales')).toMatchObject({ parentId: 'org', version: 1 });
    expect(await ports.units.get('t-1', 'org')).toMatchObject({ kind: 'organization', parentId: null, version: 1 });
  });

  it('allows moving a unit under a sibling branch, and a parent whose own parent is gone', async () => {
    // Prepare
    const ports = await organization();
    await put(ports, 'support', { name: 'Support', kind: 'department', parentId: 'org' });
    await put(ports, 'team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });
    await ports.units.put('t-1', { id: 'orphan', name: 'Orphan', kind: 'team', parentId: 'deleted', managerIds: [], version: 1 }, 0);

    // Act
    const moved = await put(ports, 'team-a', { name: 'Enterprise', kind: 'team', parentId: 'support' });
    const underOrphan = await put(ports, 'pod-9', { name: 'Pod 9', kind: 'team', parentId: 'orphan' });

    // Assess
    expect(moved.unit).toMatchObject({ parentId: 'support', version: 2 });
    expect(underOrphan.unit).toMatchObject({ parentId: 'orphan', version: 1 });
  });

  it('refuses a kind change while the unit owns goals, and allows it without goals or with the same kind', async () => {
    // Prepare
    const ports = await organization();
    await put(ports, 'team-a', { name: 'Enterprise', kind: 'team', parentId: 'sales' });
    await put(ports, 'team-b', { name: 'SMB', kind: 'team', parentId: 'sales' });
    await ports.goals.write('t-1', [{ goal: goalFixture('g-1', { owner: { type: 'team', id: 'team-a' } }), expectedVersion: 0 }]);

    // Act
    const withGoals = put(ports, 'team-a', { name: 'Enterprise', kind: 'department', parentId: 'sales' });
    const withoutGoals = await put(ports, 'team-b', { name: 'SMB', kind: 'department', parentId: 'sales' });
    const sameKind = await put(ports, 'team-a', { name: 'Enterprise Renamed', kind: 'team', parentId: 'sales' });

    // Assess
    await expect(withGoals).rejects.toThrow(ConflictError);
    expect(withoutGoals.unit).toMatchObject({ kind: 'department', version: 2 });
    expect(sameKind.unit).toMatchObject({ name: 'Enterprise Renamed', kind: 'team', version: 2 });
  });

  it('loses to a concurrent write of the same unit at the version it read (VersionConflictError)', async () => {
    // Prepare
    const ports = await organization();
    const slowStore = {
      ...ports.units,
      async put(tenant: string, unit: Parameters<typeof ports.units.put>[1], expectedVersion: number) {
        // Another writer stores version 2 between this write's read and its put.
        await ports.units.put(tenant, { id: 'sales', name: 'Sales (other)', kind: 'department', parentId: 'org', managerIds: [], version: 2 }, 1);
        return ports.units.put(tenant, unit, expectedVersion);
      },
    };

    // Act
    const lost = putUnit({ ...ports, units: slowStore }, admin, { id: 'sales', unit: { name: 'Sales (mine)', kind: 'department', parentId: 'org' } });

    // Assess
    await expect(lost).rejects.toThrow(VersionConflictError);
    expect(await ports.units.get('t-1', 'sales')).toMatchObject({ name: 'Sales (other)', version: 2 });
  });
});

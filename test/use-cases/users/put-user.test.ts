import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { ForbiddenError, RequestValidationError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { putUnit } from '../../../functions/use-cases/units/put-unit.ts';
import { putUser, type UserInput } from '../../../functions/use-cases/users/put-user.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';
import { aliceInput } from '../../support/org-fixtures.ts';

const as = (role: Principal['role'], tenant = 't-1'): Principal => ({ tenant, userId: `${role}-1`, role });
const admin = as('admin');

const alice: UserInput = aliceInput;

/** Ports with the units `org`, `team-a` and `team-b` in tenant t-1. */
async function organization(): Promise<MemoryPorts> {
  const ports = memoryPorts();
  await putUnit(ports, admin, { id: 'org', unit: { name: 'Acme', kind: 'organization' } });
  await putUnit(ports, admin, { id: 'team-a', unit: { name: 'Team A', kind: 'team', parentId: 'org' } });
  await putUnit(ports, admin, { id: 'team-b', unit: { name: 'Team B', kind: 'team', parentId: 'org' } });
  return ports;
}

describe('putUser', () => {
  it('creates a user at version 1 with open bounds as null, and replaces it at the next version', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const created = await putUser(ports, admin, { id: 'alice', user: alice });
    const replaced = await putUser(ports, admin, {
      id: 'alice',
      user: { name: 'Alice Former', role: 'member', active: false, memberships: [{ unitId: 'team-a', to: '2026-03-31' }] },
    });

    // Assess
    expect(created).toEqual({
      user: {
        ...alice,
        id: 'alice',
        memberships: [
          { unitId: 'team-a', from: '2025-01-01', to: '2025-12-31' },
          { unitId: 'team-b', from: '2026-01-01', to: null },
        ],
        version: 1,
      },
      created: true,
    });
    const former = {
      id: 'alice',
      name: 'Alice Former',
      email: null,
      role: 'member',
      active: false,
      zones: [],
      memberships: [{ unitId: 'team-a', from: null, to: '2026-03-31' }],
      canLockTargets: false,
      version: 2,
    };
    expect(replaced).toEqual({ user: former, created: false });
    expect(await ports.users.get('t-1', 'alice')).toEqual(former);
  });

  it('fills the optional fields with their defaults and removes duplicate zones', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const bare = await putUser(ports, admin, { id: 'bob', user: { name: 'Bob', role: 'manager', memberships: [] } });
    const zoned = await putUser(ports, admin, { id: 'carol', user: { name: 'Carol', role: 'member', zones: ['north', 'north'], memberships: [{ unitId: 'team-a' }] } });

    // Assess
    expect(bare.user).toEqual({
      id: 'bob',
      name: 'Bob',
      email: null,
      role: 'manager',
      active: true,
      zones: [],
      memberships: [],
      canLockTargets: false,
      version: 1,
    });
    expect(zoned.user.zones).toEqual(['north']);
    expect(zoned.user.memberships).toEqual([{ unitId: 'team-a', from: null, to: null }]);
  });

  it('lets admins and integrations write users, and refuses managers and members', async () => {
    // Prepare
    const ports = await organization();
    await putUser(ports, admin, { id: 'alice', user: alice });

    // Act
    const imported = await putUser(ports, as('integration'), { id: 'imported', user: { name: 'Imported', role: 'member', memberships: [{ unitId: 'team-b' }] } });
    const manager = putUser(ports, as('manager'), { id: 'alice', user: { ...alice, role: 'admin' } });
    const member = putUser(ports, as('member'), { id: 'mallory', user: { name: 'Mallory', role: 'admin', memberships: [] } });

    // Assess
    expect(imported.created).toBe(true);
    await expect(manager).rejects.toThrow(ForbiddenError);
    await expect(member).rejects.toThrow(ForbiddenError);
    expect(await ports.users.get('t-1', 'alice')).toMatchObject({ role: 'member', version: 1 });
    expect(await ports.users.get('t-1', 'mallory')).toBeUndefined();
  });

  it('applies a write at the expected version and refuses a stale one, keeping the stored user', async () => {
    // Prepare
    const ports = await organization();
    await putUser(ports, admin, { id: 'alice', user: alice });
    const matching = await putUser(ports, admin, { id: 'alice', user: { ...alice, name: 'Alice A.' }, expectedVersion: 1 });

    // Act
    const stale = putUser(ports, admin, { id: 'alice', user: { ...alice, name: 'Alice B.' }, expectedVersion: 1 });
    const unborn = putUser(ports, admin, { id: 'nobody', user: { name: 'Nobody', role: 'member', memberships: [] }, expectedVersion: 1 });

    // Assess
    expect(matching.user.version).toBe(2);
    await expect(stale).rejects.toThrow(VersionConflictError);
    await expect(unborn).rejects.toThrow(VersionConflictError);
    expect(await ports.users.get('t-1', 'alice')).toMatchObject({ name: 'Alice A.', version: 2 });
    expect(await ports.users.get('t-1', 'nobody')).toBeUndefined();
  });

  it('names each membership whose unit does not exist, and stores nothing', async () => {
    // Prepare
    const ports = await organization();
    await putUser(ports, admin, { id: 'alice', user: alice });

    // Act
    const refused = putUser(ports, admin, {
      id: 'alice',
      user: { ...alice, memberships: [{ unitId: 'team-a' }, { unitId: 'ghost' }, { unitId: 'team-b' }, { unitId: 'phantom' }] },
    });

    // Assess
    await expect(refused).rejects.toThrow(RequestValidationError);
    const error = (await refused.catch((e: unknown) => e)) as RequestValidationError;
    expect(error.details.map((d) => d.path)).toEqual(['body.memberships.1.unitId', 'body.memberships.3.unitId']);
    expect(await ports.users.get('t-1', 'alice')).toMatchObject({ name: 'Alice Rep', version: 1 });
  });

  it("refuses a membership of another tenant's unit", async () => {
    // Prepare
    const ports = await organization();
    await putUnit(ports, as('admin', 't-2'), { id: 'first-only', unit: { name: 'First only', kind: 'organization' } });

    // Act
    const refused = putUser(ports, admin, { id: 'dave', user: { name: 'Dave', role: 'member', memberships: [{ unitId: 'first-only' }] } });

    // Assess
    await expect(refused).rejects.toMatchObject({ constructor: RequestValidationError, details: [{ path: 'body.memberships.0.unitId' }] });
    expect(await ports.users.get('t-1', 'dave')).toBeUndefined();
  });

  it('accepts a one-day membership whose from equals to', async () => {
    // Prepare
    const ports = await organization();

    // Act
    const { user } = await putUser(ports, admin, { id: 'eve', user: { name: 'Eve', role: 'member', memberships: [{ unitId: 'team-a', from: '2026-05-01', to: '2026-05-01' }] } });

    // Assess
    expect(user.memberships).toEqual([{ unitId: 'team-a', from: '2026-05-01', to: '2026-05-01' }]);
  });
});

/**
 * The UnitStore, UserStore and SettingsStore ports' contracts, proven against the DynamoDB
 * repositories (DynamoDB Local) and the in-memory stores the use-case tests run on, so the two
 * cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../core/model/tenant-settings.ts';
import type { Unit } from '../../core/model/unit.ts';
import type { User } from '../../core/model/user.ts';
import { VersionConflictError } from '../../functions/shared/errors.ts';
import { settingsRepository } from '../../functions/store/settings-repository.ts';
import { unitRepository } from '../../functions/store/unit-repository.ts';
import { userRepository } from '../../functions/store/user-repository.ts';
import type { SettingsStore } from '../../functions/use-cases/settings/ports.ts';
import type { UnitStore } from '../../functions/use-cases/units/ports.ts';
import type { UserStore } from '../../functions/use-cases/users/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { everyPage } from '../support/every-page.ts';
import { memorySettings, memoryUnits, memoryUsers } from '../support/memory/org.ts';

const unit = (id: string, overrides: Partial<Unit> = {}): Unit => ({
  id, name: `Unit ${id}`, kind: 'team', parentId: null, managerIds: [], version: 1, ...overrides,
});

const user = (id: string, overrides: Partial<User> = {}): User => ({
  id, name: `User ${id}`, email: null, role: 'member', active: true, zones: [],
  memberships: [{ unitId: 'org', from: null, to: null }], canLockTargets: false, version: 1, ...overrides,
});

describe.each<[string, () => UnitStore]>([
  ['DynamoDB', () => unitRepository],
  ['memory', memoryUnits],
])('UnitStore (%s)', (_name, store) => {
  it('stores a unit as written and keeps tenants apart', async () => {
    const [units, a, b] = [store(), uniqueTenant(), uniqueTenant()];
    await units.put(a, unit('org', { kind: 'organization', managerIds: ['u-1', 'u-2'] }), 0);
    expect(await units.get(a, 'org')).toEqual(unit('org', { kind: 'organization', managerIds: ['u-1', 'u-2'] }));
    expect(await units.get(b, 'org')).toBeUndefined();
    expect(await units.all(b)).toEqual([]);
    expect(await units.list(b, 10)).toEqual({ items: [], nextCursor: null });
  });

  it('writes only at the stored version: 0 for a new unit (VersionConflictError otherwise)', async () => {
    const [units, tenant] = [store(), uniqueTenant()];
    await units.put(tenant, unit('org'), 0);
    await expect(units.put(tenant, unit('org', { name: 'Again' }), 0)).rejects.toThrow(VersionConflictError);
    await expect(units.put(tenant, unit('new', { version: 3 }), 2)).rejects.toThrow(VersionConflictError);
    await units.put(tenant, unit('org', { name: 'Renamed', version: 2 }), 1);
    await expect(units.put(tenant, unit('org', { name: 'Stale', version: 2 }), 1)).rejects.toThrow(VersionConflictError);
    expect(await units.get(tenant, 'org')).toEqual(unit('org', { name: 'Renamed', version: 2 }));
    expect(await units.get(tenant, 'new')).toBeUndefined();
  });

  it('deletes only at the stored version (VersionConflictError otherwise, or when there is none)', async () => {
    const [units, tenant] = [store(), uniqueTenant()];
    await units.put(tenant, unit('team'), 0);
    await units.put(tenant, unit('team', { version: 2 }), 1);
    await expect(units.delete(tenant, 'team', 1)).rejects.toThrow(VersionConflictError);
    await expect(units.delete(tenant, 'nope', 1)).rejects.toThrow(VersionConflictError);
    expect(await units.get(tenant, 'team')).toEqual(unit('team', { version: 2 }));
    await units.delete(tenant, 'team', 2);
    expect(await units.get(tenant, 'team')).toBeUndefined();
  });

  it('finds children by parent, following a move and a delete', async () => {
    const [units, tenant, other] = [store(), uniqueTenant(), uniqueTenant()];
    await units.put(tenant, unit('org', { kind: 'organization' }), 0);
    await units.put(tenant, unit('sales', { kind: 'department', parentId: 'org' }), 0);
    await units.put(tenant, unit('team', { parentId: 'sales' }), 0);
    await units.put(other, unit('elsewhere', { parentId: 'team' }), 0);
    expect([await units.hasChildren(tenant, 'org'), await units.hasChildren(tenant, 'sales'), await units.hasChildren(tenant, 'team')]).toEqual([true, true, false]);
    await units.put(tenant, unit('team', { parentId: 'org', version: 2 }), 1);
    expect(await units.hasChildren(tenant, 'sales')).toBe(false);
    await units.delete(tenant, 'sales', 1);
    await units.delete(tenant, 'team', 2);
    expect(await units.hasChildren(tenant, 'org')).toBe(false);
  });

  it('reads many by id: each once, missing and foreign ones left out', async () => {
    const [units, tenant, other] = [store(), uniqueTenant(), uniqueTenant()];
    await units.put(tenant, unit('a'), 0);
    await units.put(tenant, unit('b'), 0);
    await units.put(other, unit('c'), 0);
    const found = await units.getMany(tenant, ['b', 'a', 'missing', 'b', 'c']);
    expect(new Map([...found].sort(([x], [y]) => x.localeCompare(y)))).toEqual(new Map([['a', unit('a')], ['b', unit('b')]]));
    expect(await units.getMany(tenant, [])).toEqual(new Map());
  });

  it('lists in id order, page by page, every unit exactly once; all() reads them whole', async () => {
    const [units, tenant] = [store(), uniqueTenant()];
    const ids = ['team-3', 'org', 'team-1', 'team-4', 'team-0', 'team-2'];
    for (const id of ids) await units.put(tenant, unit(id), 0);
    const { items, pages } = await everyPage((limit, cursor) => units.list(tenant, limit, cursor), 2);
    expect(items.map((u) => u.id)).toEqual([...ids].sort());
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items[0]).toEqual(unit('org'));
    expect((await units.all(tenant)).map((u) => u.id)).toEqual([...ids].sort());
  });
});

describe.each<[string, () => UserStore]>([
  ['DynamoDB', () => userRepository],
  ['memory', memoryUsers],
])('UserStore (%s)', (_name, store) => {
  it('stores a user as written, null bounds and all, and keeps tenants apart', async () => {
    const [users, a, b] = [store(), uniqueTenant(), uniqueTenant()];
    const alice = user('alice', {
      email: 'alice@example.com', zones: ['north'], canLockTargets: true, active: false,
      memberships: [{ unitId: 'team-a', from: '2025-01-01', to: null }, { unitId: 'team-b', from: null, to: '2026-12-31' }],
    });
    await users.put(a, alice, 0);
    expect(await users.get(a, 'alice')).toEqual(alice);
    expect(await users.get(b, 'alice')).toBeUndefined();
    expect(await users.all(b)).toEqual([]);
  });

  it('writes only at the stored version: 0 for a new user (VersionConflictError otherwise)', async () => {
    const [users, tenant] = [store(), uniqueTenant()];
    await users.put(tenant, user('bob'), 0);
    await expect(users.put(tenant, user('bob', { name: 'Again' }), 0)).rejects.toThrow(VersionConflictError);
    await expect(users.put(tenant, user('carol', { version: 2 }), 1)).rejects.toThrow(VersionConflictError);
    await users.put(tenant, user('bob', { name: 'Robert', version: 2 }), 1);
    await expect(users.put(tenant, user('bob', { name: 'Stale', version: 2 }), 1)).rejects.toThrow(VersionConflictError);
    expect(await users.get(tenant, 'bob')).toEqual(user('bob', { name: 'Robert', version: 2 }));
    expect(await users.get(tenant, 'carol')).toBeUndefined();
  });

  it('lists in id order, page by page, every user exactly once; all() reads them whole', async () => {
    const [users, tenant] = [store(), uniqueTenant()];
    const ids = ['u-3', 'u-1', 'u-5', 'u-2', 'u-4'];
    for (const id of ids) await users.put(tenant, user(id), 0);
    const { items, pages } = await everyPage((limit, cursor) => users.list(tenant, limit, cursor), 2);
    expect(items.map((u) => u.id)).toEqual([...ids].sort());
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items[0]).toEqual(user('u-1'));
    expect((await users.all(tenant)).map((u) => u.id)).toEqual([...ids].sort());
  });

  it('existing names which of these ids are users of the tenant, deactivated ones included', async () => {
    const [users, tenant, other] = [store(), uniqueTenant(), uniqueTenant()];
    await users.put(tenant, user('ann'), 0);
    await users.put(tenant, user('bob', { active: false }), 0);
    await users.put(other, user('cy'), 0);
    expect(await users.existing(tenant, ['bob', 'ann', 'missing', 'bob', 'cy'])).toEqual(new Set(['ann', 'bob']));
    expect(await users.existing(tenant, [])).toEqual(new Set());
  });
});

describe.each<[string, () => SettingsStore]>([
  ['DynamoDB', () => settingsRepository],
  ['memory', memorySettings],
])('SettingsStore (%s)', (_name, store) => {
  const defaults = { ...DEFAULT_TENANT_SETTINGS, version: 0 };

  it('reads the defaults at version 0 and has no item until settings are stored', async () => {
    const [settings, tenant] = [store(), uniqueTenant()];
    expect(await settings.get(tenant)).toEqual(defaults);
    expect(await settings.get(tenant, { consistent: true })).toEqual(defaults);
    expect(await settings.hasItem(tenant)).toBe(false);
  });

  it('stores at the next version only from the stored one (VersionConflictError otherwise), tenants apart', async () => {
    const [settings, tenant, other] = [store(), uniqueTenant(), uniqueTenant()];
    const oslo = { ...DEFAULT_TENANT_SETTINGS, timezone: 'Europe/Oslo' };
    expect(await settings.put(tenant, oslo, 0)).toEqual({ ...oslo, version: 1 });
    await expect(settings.put(tenant, DEFAULT_TENANT_SETTINGS, 0)).rejects.toThrow(VersionConflictError);
    await expect(settings.put(tenant, DEFAULT_TENANT_SETTINGS, 2)).rejects.toThrow(VersionConflictError);
    await expect(settings.put(other, DEFAULT_TENANT_SETTINGS, 1)).rejects.toThrow(VersionConflictError);
    expect(await settings.put(tenant, { ...oslo, weekStartsOn: 7 }, 1)).toEqual({ ...oslo, weekStartsOn: 7, version: 2 });
    expect(await settings.get(tenant, { consistent: true })).toEqual({ ...oslo, weekStartsOn: 7, version: 2 });
    expect(await settings.hasItem(tenant)).toBe(true);
    expect(await settings.get(other)).toEqual(defaults);
  });

  it('registers the defaults once, still at version 0, and stores over them from version 0', async () => {
    const [settings, tenant] = [store(), uniqueTenant()];
    expect(await settings.registerDefaults(tenant)).toBe(true);
    expect(await settings.registerDefaults(tenant)).toBe(false);
    expect(await settings.hasItem(tenant)).toBe(true);
    expect(await settings.get(tenant, { consistent: true })).toEqual(defaults);
    expect(await settings.put(tenant, { ...DEFAULT_TENANT_SETTINGS, rollupSchedule: '30 3 * * *' }, 0)).toMatchObject({ version: 1 });
    expect(await settings.registerDefaults(tenant)).toBe(false);
    expect(await settings.get(tenant, { consistent: true })).toMatchObject({ rollupSchedule: '30 3 * * *', version: 1 });
  });

  it('lists every registered tenant with its schedule: registered defaults and stored settings', async () => {
    const [settings, registered, stored, unknown] = [store(), uniqueTenant(), uniqueTenant(), uniqueTenant()];
    await settings.registerDefaults(registered);
    await settings.put(stored, { ...DEFAULT_TENANT_SETTINGS, timezone: 'Asia/Tokyo', rollupSchedule: '15 1 * * *' }, 0);
    const mine = (await settings.scheduledTenants()).filter((t) => [registered, stored, unknown].includes(t.tenant));
    expect(mine.sort((x, y) => x.tenant.localeCompare(y.tenant))).toEqual(
      [
        { tenant: registered, timezone: 'UTC', rollupSchedule: '0 2 * * *' },
        { tenant: stored, timezone: 'Asia/Tokyo', rollupSchedule: '15 1 * * *' },
      ].sort((x, y) => x.tenant.localeCompare(y.tenant)),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Goal } from '../../core/model/goal.ts';
import { ConflictError, GoalHierarchyChangedError, VersionConflictError } from '../../functions/shared/errors.ts';
import { goalRepository } from '../../functions/store/goal-repository.ts';
import type { GoalStore } from '../../functions/use-cases/goals/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { goalFixture as goal } from '../support/goal-fixture.ts';
import { memoryGoals } from '../support/memory/goals.ts';

/** The error a write was refused with (undefined if it was not). */
const refusal = (work: Promise<unknown>): Promise<unknown> => work.then(() => undefined, (error: unknown) => error);

/**
 * The goal store's contract, run against the DynamoDB repository (DynamoDB Local) and the memory
 * double the use-case tests run on, so the double cannot drift from what the table does.
 */
describe.each<[string, () => GoalStore]>([
  ['DynamoDB', () => goalRepository],
  ['memory', memoryGoals],
])('GoalStore (%s)', (_name, storeOf) => {
  const setUp = async (goals: readonly Goal[] = []) => {
    const store = storeOf();
    const tenant = uniqueTenant('goal-store');
    if (goals.length > 0) await store.write(tenant, goals.map((g) => ({ goal: g, expectedVersion: 0 })));
    return { store, tenant };
  };

  it('stores a new goal once and each new version at the version read; a refused write changes nothing', async () => {
    // Prepare
    const { store, tenant } = await setUp([goal('a')]);

    // Act
    await store.write(tenant, [{ goal: goal('a', { name: 'v2', version: 2 }), expectedVersion: 1 }]);
    const duplicate = await refusal(store.write(tenant, [{ goal: goal('b'), expectedVersion: 0 }, { goal: goal('a'), expectedVersion: 0 }]));
    const stale = await refusal(store.write(tenant, [{ goal: goal('b'), expectedVersion: 0 }, { goal: goal('a', { version: 2 }), expectedVersion: 1 }]));

    // Assess
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(await store.get(tenant, 'a')).toEqual(goal('a', { name: 'v2', version: 2 }));
    expect(await store.get(tenant, 'b')).toBeUndefined();
    expect(await store.get(uniqueTenant(), 'a')).toBeUndefined();
  });

  it('fails a write whose checked parent changed since it was read (ConflictError), and takes one whose parent is as read', async () => {
    // Prepare
    const { store, tenant } = await setUp([goal('p')]);
    await store.write(tenant, [{ goal: goal('p', { version: 2, name: 'changed' }), expectedVersion: 1 }]);

    // Act
    const stale = await refusal(store.write(tenant, [{ goal: goal('c', { parentId: 'p' }), expectedVersion: 0, parent: { id: 'p', version: 1 } }]));
    const missing = await refusal(store.write(tenant, [{ goal: goal('d', { parentId: 'gone' }), expectedVersion: 0, parent: { id: 'gone', version: 1 } }]));
    await store.write(tenant, [{ goal: goal('e', { parentId: 'p' }), expectedVersion: 0, parent: { id: 'p', version: 2 } }]);

    // Assess
    expect(stale).toBeInstanceOf(ConflictError);
    expect(missing).toBeInstanceOf(ConflictError);
    expect(await store.get(tenant, 'c')).toBeUndefined();
    expect((await store.children(tenant, 'p')).map((g) => g.id)).toEqual(['e']);
  });

  it('raises the hierarchy version with each parent change, and refuses one checked against an older version', async () => {
    // Prepare
    const { store, tenant } = await setUp([goal('top'), goal('a'), goal('b')]);
    const read = await store.hierarchyVersion(tenant);

    // Act
    await store.write(tenant, [{ goal: goal('a', { parentId: 'top', version: 2 }), expectedVersion: 1, parent: { id: 'top', version: 1 } }], { hierarchyVersion: read });
    const late = await refusal(store.write(tenant, [{ goal: goal('b', { parentId: 'top', version: 2 }), expectedVersion: 1, parent: { id: 'top', version: 1 } }], { hierarchyVersion: read }));

    // Assess
    expect(read).toBe(0);
    expect(late).toBeInstanceOf(GoalHierarchyChangedError);
    expect(await store.hierarchyVersion(tenant)).toBe(1);
    expect((await store.get(tenant, 'b'))?.parentId).toBeNull();
    expect(await store.parentLinks(tenant)).toEqual(new Map([['a', 'top'], ['b', null], ['top', null]]));
  });

  it('deletes a goal at its version and clears its children’s parentId, raising their versions', async () => {
    // Prepare
    const { store, tenant } = await setUp([goal('root'), goal('c1', { parentId: 'root' }), goal('c2', { parentId: 'root' }), goal('other')]);

    // Act
    const stale = await refusal(store.delete(tenant, goal('root', { version: 7 })));
    const afterStale = await store.all(tenant);
    await store.delete(tenant, goal('root'));

    // Assess
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(afterStale.map((g) => [g.id, g.parentId])).toEqual([['c1', 'root'], ['c2', 'root'], ['other', null], ['root', null]]);
    expect(await store.get(tenant, 'root')).toBeUndefined();
    expect((await store.all(tenant)).map((g) => [g.id, g.parentId, g.version])).toEqual([['c1', null, 2], ['c2', null, 2], ['other', null, 1]]);
    expect(await store.children(tenant, 'root')).toEqual([]);
  });

  it('clears the parentId of more children than one atomic write holds when the parent is deleted', async () => {
    // Prepare
    const { store, tenant } = await setUp([goal('root')]);
    const children = Array.from({ length: store.writeLimits.actions + 30 }, (_, i) => goal(`child-${String(i).padStart(3, '0')}`, { parentId: 'root' }));
    for (let i = 0; i < children.length; i += 25) await store.write(tenant, children.slice(i, i + 25).map((g) => ({ goal: g, expectedVersion: 0 })));

    // Act
    await store.delete(tenant, goal('root'));

    // Assess
    const after = await store.all(tenant);
    expect(after).toHaveLength(children.length);
    expect(after.every((g) => g.parentId === null && g.version === 2)).toBe(true);
    expect(await store.children(tenant, 'root')).toEqual([]);
  });

  it('lists by owner, owner type, parent, metric and a date the period contains, leaving out what is not visible', async () => {
    // Prepare
    const { store, tenant } = await setUp([
      goal('org'),
      goal('ent', { owner: { type: 'team', id: 'ent' }, parentId: 'org' }),
      goal('smb', { owner: { type: 'team', id: 'smb' }, parentId: 'org', period: { start: '2026-07-01', end: '2026-12-31' } }),
      goal('anna-deals', { owner: { type: 'user', id: 'anna' }, metricId: 'deals' }),
      goal('anna-rev', { owner: { type: 'user', id: 'anna' }, period: { start: '2026-01-01', end: '2026-03-31' } }),
    ]);
    const ids = async (query: Partial<Parameters<GoalStore['list']>[1]>, visible?: (g: Goal) => boolean) =>
      (await store.list(tenant, { limit: 100, ...query }, visible)).items.map((g) => g.id).sort();

    // Act + Assess
    expect(await ids({ ownerType: 'user', ownerId: 'anna' })).toEqual(['anna-deals', 'anna-rev']);
    expect(await ids({ ownerType: 'team' })).toEqual(['ent', 'smb']);
    expect(await ids({ parentId: 'org' })).toEqual(['ent', 'smb']);
    expect(await ids({ metricId: 'deals' })).toEqual(['anna-deals']);
    expect(await ids({ activeOn: '2026-05-01' })).toEqual(['anna-deals', 'ent', 'org']);
    expect(await ids({ ownerId: 'anna', metricId: 'm-1', activeOn: '2026-02-01' })).toEqual(['anna-rev']);
    expect(await ids({ parentId: 'org', ownerId: 'smb' })).toEqual(['smb']);
    expect(await ids({}, (g) => g.owner.type !== 'user')).toEqual(['ent', 'org', 'smb']);
  });

  it('pages a filtered list so that every match appears once', async () => {
    // Prepare
    const goals = Array.from({ length: 40 }, (_, i) => goal(`g-${String(i).padStart(2, '0')}`, { owner: { type: i % 4 === 0 ? 'team' : 'organization', id: 'x' } }));
    const { store, tenant } = await setUp(goals.slice(0, 20));
    await store.write(tenant, goals.slice(20).map((g) => ({ goal: g, expectedVersion: 0 })));

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list(tenant, { ownerType: 'team', limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((g) => g.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    // Assess
    expect(seen).toEqual(goals.filter((_, i) => i % 4 === 0).map((g) => g.id));
  });

  it('reads several goals at once, and tells whether an owner or a metric has goals', async () => {
    // Prepare
    const { store, tenant } = await setUp([goal('a', { owner: { type: 'team', id: 'x' } }), goal('b')]);

    // Act + Assess
    expect((await store.getMany(tenant, ['a', 'missing', 'a', 'b'])).map((g) => g.id).sort()).toEqual(['a', 'b']);
    expect(await store.hasGoalsForOwner(tenant, 'team', 'x')).toBe(true);
    expect(await store.hasGoalsForOwner(tenant, 'department', 'x')).toBe(false);
    expect(await store.hasGoalsForMetric(tenant, 'm-1')).toBe(true);
    expect(await store.hasGoalsForMetric(tenant, 'm-2')).toBe(false);
  });

  it('refuses a write of more goals than one atomic write holds, writing none', async () => {
    // Prepare
    const { store, tenant } = await setUp();
    const goals = Array.from({ length: store.writeLimits.actions + 1 }, (_, i) => goal(`g-${String(i).padStart(3, '0')}`));

    // Act
    const tooMany = await refusal(store.write(tenant, goals.map((g) => ({ goal: g, expectedVersion: 0 }))));

    // Assess
    expect(tooMany).toBeInstanceOf(Error);
    expect(await store.all(tenant)).toEqual([]);
    expect(store.goalBytes(tenant, goal('big', { description: 'x'.repeat(1000) }))).toBeGreaterThan(store.goalBytes(tenant, goal('big')) + 999);
  });
});

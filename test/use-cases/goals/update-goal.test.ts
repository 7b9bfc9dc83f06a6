import { describe, expect, it } from 'vitest';
import type { Goal } from '../../../core/model/goal.ts';
import { ConflictError, ForbiddenError, GoalCycleError, GoalLockedError, NotFoundError, RequestValidationError, VersionConflictError } from '../../../functions/shared/errors.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import { lockGoal } from '../../../functions/use-cases/goals/lock-goal.ts';
import type { GoalStore } from '../../../functions/use-cases/goals/ports.ts';
import { updateGoal } from '../../../functions/use-cases/goals/update-goal.ts';
import { goalFixture } from '../../support/goal-fixture.ts';
import { admin, goalWorld, mia, refusal, tenant, yearGoal } from './goal-world.ts';

const goal = (id: string, parentId: string | null): Goal => goalFixture(id, { metricId: 'revenue', parentId });

/** Stores goals as they are, without any hierarchy check (as an import or an older version might have). */
async function store(goals: GoalStore, stored: readonly Goal[]): Promise<void> {
  for (let i = 0; i < stored.length; i += 100) await goals.write(tenant, stored.slice(i, i + 100).map((g) => ({ goal: g, expectedVersion: 0 })));
}

/** The store, each write of which waits until a second one has arrived: two updates checked at the same time. */
function writingTogether(goals: GoalStore): GoalStore {
  let arrived = 0;
  let release!: () => void;
  const together = new Promise<void>((resolve) => (release = resolve));
  return {
    ...goals,
    async write(...args) {
      if (++arrived === 2) release();
      await together;
      return goals.write(...args);
    },
  };
}

/** c0 ← c1 ← … ← c(n-1): each goal's parent is the one before it. */
const chain = (n: number): Goal[] => Array.from({ length: n }, (_, i) => goal(`c${i}`, i === 0 ? null : `c${i - 1}`));

describe('updateGoal', () => {
  it('changes the given fields as a new version, exact at the metric’s scale', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g' }));
    const changed = await updateGoal(ports, admin, { id: 'g', patch: { name: 'Renamed', target: 2100000 }, expectedVersion: 1 });
    expect(changed).toMatchObject({ name: 'Renamed', target: '2100000.00', version: 2 });
    expect(await ports.goals.get(tenant, 'g')).toEqual(changed);
  });

  it('refuses a stale expected version (VersionConflictError) and a goal the tenant does not have (NotFoundError)', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g' }));
    await updateGoal(ports, admin, { id: 'g', patch: { name: 'Renamed' } });
    await expect(updateGoal(ports, admin, { id: 'g', patch: { name: 'Stale' }, expectedVersion: 1 })).rejects.toThrow(VersionConflictError);
    await expect(updateGoal(ports, admin, { id: 'none', patch: { name: 'x' } })).rejects.toThrow(NotFoundError);
    await expect(updateGoal(ports, { ...admin, tenant: 'other' }, { id: 'g', patch: { name: 'Hijacked' } })).rejects.toThrow(NotFoundError);
    expect((await ports.goals.get(tenant, 'g'))?.name).toBe('Renamed');
  });

  it('checks the changed goal as a new one: references, values and owner rights', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'team', owner: { type: 'team', id: 'ent' } }));
    expect(await refusal(updateGoal(ports, admin, { id: 'team', patch: { metricId: 'nope' } }))).toBeInstanceOf(RequestValidationError);
    expect(await refusal(updateGoal(ports, admin, { id: 'team', patch: { target: '1.001' } }))).toBeInstanceOf(RequestValidationError);
    expect(await refusal(updateGoal(ports, mia, { id: 'team', patch: { owner: { type: 'team', id: 'smb' } } }))).toBeInstanceOf(ForbiddenError);
    expect(await ports.goals.get(tenant, 'team')).toMatchObject({ owner: { id: 'ent' }, version: 1 });
  });

  it('refuses target, stretch target, period and metric changes on a locked goal (423) but allows a rename', async () => {
    // Prepare
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g' }));
    await lockGoal(ports, admin, { id: 'g' });

    // Act
    const refused = [];
    for (const patch of [{ target: 1 }, { stretchTarget: 5 }, { period: { start: '2026-01-01', end: '2026-06-30' } }, { metricId: 'deals' }]) {
      refused.push(await refusal(updateGoal(ports, admin, { id: 'g', patch })));
    }
    const renamed = await updateGoal(ports, admin, { id: 'g', patch: { name: 'Still editable' } });

    // Assess
    for (const error of refused) expect(error).toBeInstanceOf(GoalLockedError);
    // Each names the fields that would change (a count metric's target has no decimals: it would change too).
    expect(refused.map((error) => (error as GoalLockedError).details.map((d) => d.path))).toEqual([['body.target'], ['body.stretchTarget'], ['body.period'], ['body.target', 'body.metricId']]);
    expect(renamed).toMatchObject({ target: '2000000.00', name: 'Still editable', locked: true, version: 3 });
  });

  it('refuses to shrink a parent’s period below a child’s, or to change its metric under a child (409)', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'wide' }));
    await createGoal(ports, admin, yearGoal({ id: 'narrow', parentId: 'wide', period: { start: '2026-10-01', end: '2026-12-31' } }));
    const shrunk = await refusal(updateGoal(ports, admin, { id: 'wide', patch: { period: { start: '2026-01-01', end: '2026-06-30' } } }));
    const remeasured = await refusal(updateGoal(ports, admin, { id: 'wide', patch: { metricId: 'deals', target: 3 } }));
    expect(shrunk).toBeInstanceOf(ConflictError);
    expect(remeasured).toBeInstanceOf(ConflictError);
    // Each names the field that caused it.
    expect((shrunk as ConflictError).details).toEqual([{ path: 'body.period', message: "child goal narrow's 2026-10-01..2026-12-31 must stay inside" }]);
    expect((remeasured as ConflictError).details).toEqual([{ path: 'body.metricId', message: 'child goal narrow measures revenue' }]);
    expect(await ports.goals.get(tenant, 'wide')).toMatchObject({ period: { start: '2026-01-01', end: '2026-12-31' }, version: 1 });
  });

  it('refuses a parent change that would create a cycle, the goal itself included (GoalCycleError)', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'a' }));
    await createGoal(ports, admin, yearGoal({ id: 'b', parentId: 'a' }));
    await createGoal(ports, admin, yearGoal({ id: 'c', parentId: 'b' }));
    expect(await refusal(updateGoal(ports, admin, { id: 'a', patch: { parentId: 'c' } }))).toBeInstanceOf(GoalCycleError);
    expect(await refusal(updateGoal(ports, admin, { id: 'a', patch: { parentId: 'a' } }))).toBeInstanceOf(GoalCycleError);
    expect(await ports.goals.get(tenant, 'a')).toMatchObject({ parentId: null, version: 1 });
  });

  it('finds a cycle however deep, reading a bounded number of goals one by one, and saves a move that closes none', async () => {
    // Prepare: a chain of 10,000 goals and one loose goal, with the store's reads counted
    const ports = await goalWorld();
    await store(ports.goals, [...chain(10_000), goal('loose', null)]);
    const reads = { get: 0, parentLinks: 0 };
    const goals: GoalStore = {
      ...ports.goals,
      get: (...args) => (reads.get++, ports.goals.get(...args)),
      parentLinks: (...args) => (reads.parentLinks++, ports.goals.parentLinks(...args)),
    };
    const counted = { ...ports, goals };

    // Act
    const cycle = await refusal(updateGoal(counted, admin, { id: 'c0', patch: { parentId: 'c9999' } }));
    const cycleReads = { ...reads };
    const moved = await updateGoal(counted, admin, { id: 'loose', patch: { parentId: 'c9999' } });

    // Assess
    expect(cycle).toBeInstanceOf(GoalCycleError);
    expect(cycleReads.get).toBeLessThan(20);
    expect(cycleReads.parentLinks).toBe(1);
    expect(moved).toMatchObject({ parentId: 'c9999', version: 2 });
    expect(await ports.goals.get(tenant, 'c0')).toMatchObject({ parentId: null, version: 1 });
  });

  it('refuses to hang a goal under a hierarchy that already loops (stored before the check existed)', async () => {
    const ports = await goalWorld();
    await store(ports.goals, [goal('s0', 's2'), goal('s1', 's0'), goal('s2', 's1'), ...chain(10), goal('newcomer', null)]);
    expect(await refusal(updateGoal(ports, admin, { id: 'newcomer', patch: { parentId: 's1' } }))).toBeInstanceOf(GoalCycleError);
    expect((await ports.goals.get(tenant, 'newcomer'))?.parentId).toBeNull();
  });

  it('of two moves checked at the same time that together would close a cycle, saves one and refuses the other after checking it again', async () => {
    // Prepare: x ← r ← q and y ← p. Alone, x under p and y under q are both fine; together they
    // close x → p → y → q → r → x. Each write waits until both moves have been checked.
    const ports = await goalWorld();
    await store(ports.goals, [goal('x', null), goal('r', 'x'), goal('q', 'r'), goal('y', null), goal('p', 'y')]);
    const racing = { ...ports, goals: writingTogether(ports.goals) };

    // Act
    const outcomes = await Promise.all([
      refusal(updateGoal(racing, admin, { id: 'x', patch: { parentId: 'p' } })),
      refusal(updateGoal(racing, admin, { id: 'y', patch: { parentId: 'q' } })),
    ]);

    // Assess: one saved, the other checked again against the saved one and refused as a cycle
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(1);
    expect(outcomes.find((o) => o !== undefined)).toBeInstanceOf(GoalCycleError);
    const links = await ports.goals.parentLinks(tenant);
    const loops = (from: string) => {
      const seen = new Set<string>();
      for (let at: string | null = from; at !== null; at = links.get(at) ?? null) {
        if (seen.has(at)) return true;
        seen.add(at);
      }
      return false;
    };
    expect([loops('x'), loops('y')]).toEqual([false, false]);
    expect(await ports.goals.hierarchyVersion(tenant)).toBe(1);
  });

  it('saves both of two moves checked at the same time that close no cycle together', async () => {
    const ports = await goalWorld();
    await store(ports.goals, [goal('top', null), goal('a', null), goal('b', null)]);
    const racing = { ...ports, goals: writingTogether(ports.goals) };

    await Promise.all([updateGoal(racing, admin, { id: 'a', patch: { parentId: 'top' } }), updateGoal(racing, admin, { id: 'b', patch: { parentId: 'top' } })]);

    expect((await ports.goals.children(tenant, 'top')).map((g) => g.id)).toEqual(['a', 'b']);
  });
});

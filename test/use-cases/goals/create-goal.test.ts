import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, RequestValidationError } from '../../../functions/shared/errors.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import { admin, anna, goalWorld, mia, refusal, tenant, yearGoal } from './goal-world.ts';

const pathsOf = (error: unknown) => (error as RequestValidationError).details?.map((d) => d.path) ?? [];

describe('createGoal', () => {
  it('stores the goal at version 1, unlocked, with exact values at the metric’s scale and the defaults', async () => {
    // Prepare
    const ports = await goalWorld();

    // Act
    const goal = await createGoal(ports, admin, yearGoal({ id: 'g-1', stretchTarget: 2400000.5, bonus: { amount: 1000, currency: 'JPY' } }));

    // Assess
    expect(goal).toEqual({
      id: 'g-1', name: 'FY revenue', description: '', metricId: 'revenue', owner: { type: 'organization', id: 'org' },
      period: { start: '2026-01-01', end: '2026-12-31' }, target: '2000000.00', stretchTarget: '2400000.50',
      bonus: { amount: '1000', currency: 'JPY' }, parentId: null, rollupMode: 'owner', filter: null, locked: false, version: 1,
    });
    expect(await ports.goals.get(tenant, 'g-1')).toEqual(goal);
  });

  it('gives a goal without an id a new one from the ids port', async () => {
    const ports = await goalWorld();
    const goal = await createGoal(ports, admin, yearGoal());
    expect(goal.id).toBe('id-0001');
    expect(await ports.goals.get(tenant, goal.id)).toEqual(goal);
  });

  it.each([
    ['week', '2026-03-05', '2026-03-02', '2026-03-08'],
    ['month', '2026-02-14', '2026-02-01', '2026-02-28'],
    ['quarter', '2026-05-20', '2026-04-01', '2026-06-30'],
    ['year', '2026-05-20', '2026-01-01', '2026-12-31'],
    ['fiscal-year', '2026-02-10', '2025-04-01', '2026-03-31'],
    ['fiscal-quarter', '2026-05-20', '2026-04-01', '2026-06-30'],
    ['fiscal-quarter', '2026-02-10', '2026-01-01', '2026-03-31'],
  ] as const)('resolves a %s period anchored on %s with the tenant’s week and fiscal year start', async (granularity, anchor, start, end) => {
    const ports = await goalWorld();
    const goal = await createGoal(ports, admin, yearGoal({ period: { granularity, anchor }, owner: { type: 'user', id: 'anna' } }));
    expect(goal.period).toEqual({ start, end });
  });

  it.each([
    ['a target with more decimals than the currency has', { target: '10.001' }, 'body.target'],
    ['a negative target', { target: '-5' }, 'body.target'],
    ['a negative stretch target', { stretchTarget: '-1' }, 'body.stretchTarget'],
    ['a bonus with more decimals than its currency has', { bonus: { amount: '1.5', currency: 'JPY' } }, 'body.bonus.amount'],
    ['a metric that does not exist', { metricId: 'nope' }, 'body.metricId'],
    ['a user owner that does not exist', { owner: { type: 'user' as const, id: 'ghost' } }, 'body.owner.id'],
    ['a unit owner that does not exist', { owner: { type: 'team' as const, id: 'ghost' } }, 'body.owner.id'],
    ['a unit owner of the wrong kind', { owner: { type: 'department' as const, id: 'ent' } }, 'body.owner.type'],
    ['owner_and_children on a unit goal', { rollupMode: 'owner_and_children' as const }, 'body.rollupMode'],
    ['a parent that does not exist', { parentId: 'missing' }, 'body.parentId'],
  ])('refuses %s (RequestValidationError naming the field) and stores nothing', async (_what, overrides, path) => {
    // Prepare
    const ports = await goalWorld();

    // Act
    const error = await refusal(createGoal(ports, admin, yearGoal({ id: 'g-bad', ...overrides })));

    // Assess
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(pathsOf(error)).toContain(path);
    expect(await ports.goals.all(tenant)).toEqual([]);
  });

  it('refuses a period that ends before it starts or a date that does not exist', async () => {
    const ports = await goalWorld();
    for (const period of [{ start: '2026-05-01', end: '2026-04-01' }, { start: '2026-02-30', end: '2026-03-31' }]) {
      await expect(createGoal(ports, admin, yearGoal({ period }))).rejects.toThrow();
    }
    expect(await ports.goals.all(tenant)).toEqual([]);
  });

  it('refuses a duplicate id (ConflictError) and keeps the first goal', async () => {
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'g-dup', name: 'First' }));
    await expect(createGoal(ports, admin, yearGoal({ id: 'g-dup', name: 'Second' }))).rejects.toThrow(ConflictError);
    expect((await ports.goals.get(tenant, 'g-dup'))?.name).toBe('First');
  });

  it('refuses a child with another metric or a period outside its parent (ConflictError)', async () => {
    // Prepare
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'parent', period: { start: '2026-01-01', end: '2026-06-30' } }));

    // Act
    const otherMetric = await refusal(createGoal(ports, admin, yearGoal({ parentId: 'parent', metricId: 'deals', target: 5, period: { start: '2026-01-01', end: '2026-03-31' } })));
    const outside = await refusal(createGoal(ports, admin, yearGoal({ parentId: 'parent', period: { start: '2026-06-01', end: '2026-07-31' } })));
    const inside = await createGoal(ports, admin, yearGoal({ id: 'child', parentId: 'parent', period: { start: '2026-02-01', end: '2026-02-28' } }));

    // Assess
    expect(otherMetric).toBeInstanceOf(ConflictError);
    expect(outside).toBeInstanceOf(ConflictError);
    expect((await ports.goals.children(tenant, 'parent')).map((g) => g.id)).toEqual([inside.id]);
  });

  it('lets a manager create goals within their scope only, and only under a parent they may see', async () => {
    // Prepare
    const ports = await goalWorld();
    await createGoal(ports, admin, yearGoal({ id: 'org-goal' }));
    await createGoal(ports, admin, yearGoal({ id: 'smb-goal', owner: { type: 'team', id: 'smb' } }));

    // Act
    const team = await createGoal(ports, mia, yearGoal({ id: 'ent-goal', owner: { type: 'team', id: 'ent' } }));
    const member = await createGoal(ports, mia, yearGoal({ id: 'anna-goal', owner: { type: 'user', id: 'anna' }, parentId: 'ent-goal' }));
    const otherTeam = await refusal(createGoal(ports, mia, yearGoal({ id: 'x-1', owner: { type: 'team', id: 'smb' } })));
    const organization = await refusal(createGoal(ports, mia, yearGoal({ id: 'x-2' })));
    const hiddenParent = await refusal(createGoal(ports, mia, yearGoal({ id: 'x-3', owner: { type: 'team', id: 'ent' }, parentId: 'smb-goal' })));
    const byMember = await refusal(createGoal(ports, anna, yearGoal({ id: 'x-4', owner: { type: 'user', id: 'anna' } })));

    // Assess
    expect([team.id, member.id]).toEqual(['ent-goal', 'anna-goal']);
    for (const error of [otherTeam, organization, hiddenParent, byMember]) expect(error).toBeInstanceOf(ForbiddenError);
    expect((await ports.goals.all(tenant)).map((g) => g.id).sort()).toEqual(['anna-goal', 'ent-goal', 'org-goal', 'smb-goal']);
  });

  it('schedules the tenant with its first goal; a scheduler failure is not the caller’s error and the next goal tries again', async () => {
    // Prepare
    const ports = await goalWorld();
    const calls: string[] = [];
    let failing = true;
    const scheduling = {
      ...ports,
      scheduler: async (t: string) => {
        calls.push(t);
        if (failing) throw new Error('EventBridge Scheduler is down');
      },
    };
    const fresh = { ...admin, tenant: 't-fresh' };
    await ports.metrics.create(fresh.tenant, (await ports.metrics.get(tenant, 'revenue'))!);
    await ports.units.put(fresh.tenant, (await ports.units.get(tenant, 'org'))!, 0);

    // Act
    const first = await createGoal(scheduling, fresh, yearGoal({ id: 'first' }));
    failing = false;
    await createGoal(scheduling, fresh, yearGoal({ id: 'second' }));
    await createGoal(scheduling, fresh, yearGoal({ id: 'third' }));

    // Assess
    expect(await ports.goals.get(fresh.tenant, first.id)).toEqual(first);
    expect(calls).toEqual(['t-fresh', 't-fresh']);
    expect(ports.scheduledTenants.has('t-fresh')).toBe(true);
  });
});

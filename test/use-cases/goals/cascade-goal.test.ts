import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { ConflictError, ForbiddenError, GoalLockedError, NotFoundError, RequestValidationError } from '../../../functions/shared/errors.ts';
import { cascadeGoal, type CascadeRequest } from '../../../functions/use-cases/goals/cascade-goal.ts';
import { createGoal } from '../../../functions/use-cases/goals/create-goal.ts';
import { lockGoal } from '../../../functions/use-cases/goals/lock-goal.ts';
import type { GoalStore } from '../../../functions/use-cases/goals/ports.ts';
import { admin, anna, goalWorld, refusal, tenant, yearGoal } from './goal-world.ts';

const teams = (['ent', 'smb'] as const).map((id) => ({ owner: { type: 'team' as const, id } }));
const cents = (targets: string[]) => targets.reduce((total, t) => total + BigInt(t.replace('.', '')), 0n);

/** The ports with a goal store that records every write and delete it is asked for. */
function countingWrites(ports: Awaited<ReturnType<typeof goalWorld>>) {
  const calls: string[] = [];
  const goals: GoalStore = {
    ...ports.goals,
    write: async (...args) => (calls.push('write'), ports.goals.write(...args)),
    delete: async (...args) => (calls.push('delete'), ports.goals.delete(...args)),
  };
  return { ports: { ...ports, goals }, calls };
}

/** The organization's 100.00 EUR goal over 2026, as `root`. */
async function cascadeWorld() {
  const ports = await goalWorld();
  await createGoal(ports, admin, yearGoal({ id: 'root', name: 'FY', target: '100.00' }));
  return ports;
}

describe('cascadeGoal', () => {
  it('divides equally with parts that add up exactly, and updates the same children when run again', async () => {
    // Prepare
    const ports = await cascadeWorld();
    const three = [...teams, { owner: { type: 'user' as const, id: 'anna' } }];

    // Act
    const first = await cascadeGoal(ports, admin, { id: 'root', request: { method: 'equal', assignees: three } });
    const again = await cascadeGoal(ports, admin, { id: 'root', request: { method: 'weighted', assignees: three.map((a, i) => ({ ...a, weight: i + 1 })) } });

    // Assess
    expect(first.children.map((g) => g.target)).toEqual(['33.34', '33.33', '33.33']);
    expect(first.children.map((g) => g.name)).toEqual(['FY · Enterprise', 'FY · SMB', 'FY · Anna']);
    expect(first.children.every((g) => g.parentId === 'root' && g.metricId === 'revenue' && g.period.start === '2026-01-01' && g.period.end === '2026-12-31')).toBe(true);
    expect(again.children.map((g) => g.target)).toEqual(['16.67', '33.33', '50.00']);
    expect(cents(again.children.map((g) => g.target))).toBe(10000n);
    expect(again.children.map((g) => [g.id, g.version])).toEqual(first.children.map((g) => [g.id, 2]));
    expect(await ports.goals.children(tenant, 'root')).toHaveLength(3);
  });

  it('takes manual targets as given, exact at the metric’s scale', async () => {
    const ports = await cascadeWorld();
    const { children } = await cascadeGoal(ports, admin, { id: 'root', request: { method: 'manual', assignees: [{ owner: { type: 'user', id: 'anna' }, target: 70 }, { owner: { type: 'user', id: 'ben' }, target: '40.5' }] } });
    expect(children.map((g) => [g.target, g.name])).toEqual([['70.00', 'FY · Anna'], ['40.50', 'FY · Ben']]);
  });

  it('weighs by each assignee’s actuals over the previous period', async () => {
    // Prepare: Anna won 300 and Ben 100 in 2025; Ben's 900 in 2026 does not count
    const deal = (id: string, ownerId: string, amount: string, closedAt: string): RecordInput => ({
      recordType: 'deal', id, ownerId, updatedAt: closedAt, fields: { status: 'won', amount, currency: 'EUR', closedAt },
    });
    const records = [deal('d1', 'anna', '300.00', '2025-05-01T10:00:00+02:00'), deal('d2', 'ben', '100.00', '2025-07-01T10:00:00+02:00'), deal('d3', 'ben', '900.00', '2026-02-01T10:00:00+01:00')];
    const ports = { ...(await goalWorld()), recordPages: async (_tenant: string, _type: string, onPage: (page: RecordInput[]) => void) => (onPage(records), records.length) };
    await createGoal(ports, admin, yearGoal({ id: 'fy', name: 'FY', target: '1000' }));

    // Act
    const { children } = await cascadeGoal(ports, admin, { id: 'fy', request: { method: 'weighted', weightsFrom: 'previous-period', assignees: [{ owner: { type: 'user', id: 'anna' } }, { owner: { type: 'user', id: 'ben' } }] } });

    // Assess
    expect(children.map((g) => g.target)).toEqual(['750.00', '250.00']);
  });

  it('refuses a locked child’s new target (423) and changes nothing', async () => {
    // Prepare
    const ports = await cascadeWorld();
    const { children } = await cascadeGoal(ports, admin, { id: 'root', request: { method: 'weighted', assignees: teams.map((t, i) => ({ ...t, weight: i + 1 })) } });
    await lockGoal(ports, admin, { id: children[0]!.id });
    const before = await ports.goals.children(tenant, 'root');

    // Act
    const error = await refusal(cascadeGoal(ports, admin, { id: 'root', request: { method: 'equal', assignees: teams } }));

    // Assess
    expect(error).toBeInstanceOf(GoalLockedError);
    expect(await ports.goals.children(tenant, 'root')).toEqual(before);
  });

  it.each<[string, CascadeRequest]>([
    ['an owner that does not exist', { method: 'equal', assignees: [{ owner: { type: 'team', id: 'nope' } }] }],
    ['a unit owner of the wrong kind', { method: 'equal', assignees: [{ owner: { type: 'department', id: 'ent' } }] }],
    ['the same owner twice', { method: 'equal', assignees: [teams[0]!, teams[0]!] }],
  ])('refuses %s (RequestValidationError) and writes nothing', async (_what, request) => {
    const ports = await cascadeWorld();
    expect(await refusal(cascadeGoal(ports, admin, { id: 'root', request }))).toBeInstanceOf(RequestValidationError);
    expect(await ports.goals.children(tenant, 'root')).toEqual([]);
  });

  it('refuses a goal the tenant does not have, a caller who may not change the assignees’ goals, and a parent whose metric is gone', async () => {
    const ports = await cascadeWorld();
    const request: CascadeRequest = { method: 'equal', assignees: teams };
    expect(await refusal(cascadeGoal(ports, admin, { id: 'none', request }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(cascadeGoal(ports, { ...admin, tenant: 'other' }, { id: 'root', request }))).toBeInstanceOf(NotFoundError);
    expect(await refusal(cascadeGoal(ports, anna, { id: 'root', request }))).toBeInstanceOf(ForbiddenError);
    await ports.metrics.delete(tenant, 'revenue', 1);
    expect(await refusal(cascadeGoal(ports, admin, { id: 'root', request }))).toBeInstanceOf(ConflictError);
    expect(await ports.goals.children(tenant, 'root')).toEqual([]);
  });

  it('writes more children than one atomic write holds in several, and undoes those written when a later one fails', async () => {
    // Prepare: 150 users; the store refuses the second write of children
    const ports = await cascadeWorld();
    const assignees = [];
    for (let i = 0; i < 150; i++) {
      const id = `u-${String(i).padStart(3, '0')}`;
      await ports.users.put(tenant, { id, name: id, email: null, role: 'member', active: true, zones: [], memberships: [], canLockTargets: false, version: 1 }, 0);
      assignees.push({ owner: { type: 'user' as const, id } });
    }
    let writes = 0;
    const failing: GoalStore = {
      ...ports.goals,
      async write(...args) {
        if (++writes === 2) throw new Error('the store failed');
        return ports.goals.write(...args);
      },
    };

    // Act
    const error = await refusal(cascadeGoal({ ...ports, goals: failing }, admin, { id: 'root', request: { method: 'equal', assignees } }));
    const written = await cascadeGoal(ports, admin, { id: 'root', request: { method: 'equal', assignees } });

    // Assess
    expect(error).toEqual(new Error('the store failed'));
    expect(written.children).toHaveLength(150);
    expect(cents(written.children.map((g) => g.target))).toBe(10000n);
    expect(await ports.goals.children(tenant, 'root')).toHaveLength(150);
  });

  it('refuses children that together exceed one atomic write’s bytes (400 naming the assignees), writing none', async () => {
    const ports = await cascadeWorld();
    const small = { ...ports, goals: { ...ports.goals, writeLimits: { actions: 100, bytes: 3 * ports.goals.goalBytes(tenant, (await ports.goals.get(tenant, 'root'))!) } } };
    const error = await refusal(cascadeGoal(small, admin, { id: 'root', request: { method: 'equal', assignees: teams } }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).details?.[0]?.path).toBe('body.assignees');
    expect(await ports.goals.children(tenant, 'root')).toEqual([]);
  });

  describe('with dryRun', () => {
    const request: CascadeRequest = { method: 'equal', assignees: [...teams, { owner: { type: 'user', id: 'anna' } }] };
    const shown = (goals: { owner: unknown; period: unknown; target: string; name: string; parentId: string | null }[]) =>
      goals.map((g) => [g.owner, g.period, g.target, g.name, g.parentId]);

    it('answers the children and sum the real call then writes, and writes nothing', async () => {
      // Prepare
      const world = await cascadeWorld();
      const { ports, calls } = countingWrites(world);
      const before = await world.goals.all(tenant);

      // Act
      const preview = await cascadeGoal(ports, admin, { id: 'root', request, dryRun: true });
      const untouched = await world.goals.all(tenant);
      const real = await cascadeGoal(world, admin, { id: 'root', request });

      // Assess
      expect(calls).toEqual([]);
      expect(untouched).toEqual(before);
      expect(preview.children.map((g) => g.target)).toEqual(['33.34', '33.33', '33.33']);
      expect(shown(preview.children)).toEqual(shown(real.children));
      expect([preview.sum, real.sum]).toEqual(['100.00', '100.00']);
    });

    it('shows existing children as they would be updated (their ids, the next version) and the sum of manual targets that differ from the parent’s', async () => {
      // Prepare
      const world = await cascadeWorld();
      const { children } = await cascadeGoal(world, admin, { id: 'root', request });
      const { ports, calls } = countingWrites(world);
      const manual: CascadeRequest = { method: 'manual', assignees: request.assignees.map((a, i) => ({ ...a, target: ['10.01', '20', '0.5'][i] })) };

      // Act
      const preview = await cascadeGoal(ports, admin, { id: 'root', request: manual, dryRun: true });

      // Assess
      expect(calls).toEqual([]);
      expect(preview.children.map((g) => [g.id, g.version, g.target])).toEqual(children.map((g, i) => [g.id, 2, ['10.01', '20.00', '0.50'][i]]));
      expect(preview.sum).toBe('30.51');
      expect(await world.goals.children(tenant, 'root')).toEqual(children);
    });

    it('refuses what the real call refuses: a caller who may not change the goals (403) and a locked child’s new target (423)', async () => {
      // Prepare
      const world = await cascadeWorld();
      const { children } = await cascadeGoal(world, admin, { id: 'root', request: { method: 'weighted', assignees: teams.map((t, i) => ({ ...t, weight: i + 1 })) } });
      await lockGoal(world, admin, { id: children[0]!.id });
      const { ports, calls } = countingWrites(world);

      // Act
      const forbidden = await refusal(cascadeGoal(ports, anna, { id: 'root', request: { method: 'equal', assignees: teams }, dryRun: true }));
      const locked = await refusal(cascadeGoal(ports, admin, { id: 'root', request: { method: 'equal', assignees: teams }, dryRun: true }));

      // Assess
      expect(forbidden).toBeInstanceOf(ForbiddenError);
      expect(locked).toBeInstanceOf(GoalLockedError);
      expect(calls).toEqual([]);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { triggerRollupFor } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import { admin, ann, as, mgr, orgPorts, tenant } from '../results/results-fixture.ts';

/**
 * Who may roll up what (API.md, Rollups), over the fixture's org: `mgr` manages team A and is a
 * member of dept, so it sees the organization's and the department's goals, team A's and Ann's —
 * not team B's nor Bob's.
 */
const goal = (id: string, owner: { type: string; id: string }, parentId: string | null = null) => ({ id, name: id, metricId: 'rev', owner, parentId });
const goals = [
  goal('g-org', { type: 'organization', id: 'org' }),
  goal('g-team-a', { type: 'team', id: 'team-a' }, 'g-org'),
  goal('g-team-b', { type: 'team', id: 'team-b' }, 'g-org'),
  goal('g-ann', { type: 'user', id: 'ann' }, 'g-team-a'),
  goal('g-bob', { type: 'user', id: 'bob' }, 'g-team-b'),
  goal('g-dept', { type: 'department', id: 'dept' }),
  goal('g-bob-solo', { type: 'user', id: 'bob' }),
  // A stored cycle: each goal of it stands for its own hierarchy.
  goal('g-cycle-1', { type: 'user', id: 'ann' }, 'g-cycle-2'),
  goal('g-cycle-2', { type: 'user', id: 'ann' }, 'g-cycle-1'),
];
const goalPort = {
  get: async (_tenant: string, id: string) => structuredClone(goals.find((g) => g.id === id)),
  all: async () => structuredClone(goals),
} as unknown as AppPorts['goals'];

async function setUp() {
  const ports = await orgPorts({ goals: goalPort });
  const dispatched: Parameters<AppPorts['dispatcher']>[0][] = [];
  return { ports: { ...ports, dispatcher: async (event: (typeof dispatched)[number]) => void dispatched.push(event) }, dispatched };
}

describe('triggerRollupFor', () => {
  it('rolls up the whole tenant for an admin, or the hierarchy of the goal it names', async () => {
    const { ports, dispatched } = await setUp();
    const whole = await triggerRollupFor(ports, admin);
    expect(whole).toMatchObject({ status: 'queued', created: true });
    expect(await ports.runs.getRun(tenant, whole.runId)).toMatchObject({ trigger: 'manual', goalId: null, scopeGoalIds: null });
    expect(dispatched).toEqual([{ kind: 'manual', tenant, runId: whole.runId }]);

    await ports.runs.releaseLease(tenant, whole.runId);
    const scoped = await triggerRollupFor(ports, admin, 'g-bob');
    expect(await ports.runs.getRun(tenant, scoped.runId)).toMatchObject({ goalId: 'g-bob', scopeGoalIds: null });
  });

  it("lets a manager roll up the hierarchy of a goal it may see, even above its scope", async () => {
    const { ports } = await setUp();
    const run = await triggerRollupFor(ports, mgr, 'g-org');
    expect(await ports.runs.getRun(tenant, run.runId)).toMatchObject({ goalId: 'g-org', scopeGoalIds: null });
  });

  it('refuses a manager a goal it may not see, and every member and integration', async () => {
    const { ports, dispatched } = await setUp();
    await expect(triggerRollupFor(ports, mgr, 'g-bob')).rejects.toThrow(ForbiddenError);
    await expect(triggerRollupFor(ports, mgr, 'g-team-b')).rejects.toThrow(ForbiddenError);
    await expect(triggerRollupFor(ports, ann, 'g-ann')).rejects.toThrow(ForbiddenError);
    await expect(triggerRollupFor(ports, ann)).rejects.toThrow(ForbiddenError);
    await expect(triggerRollupFor(ports, as('integration', 'crm'))).rejects.toThrow(ForbiddenError);
    expect(dispatched).toEqual([]);
    expect(await ports.runs.getLease(tenant)).toBeUndefined();
  });

  it('answers 404 for an unknown goal before any role check', async () => {
    const { ports } = await setUp();
    await expect(triggerRollupFor(ports, ann, 'g-none')).rejects.toThrow(NotFoundError);
    await expect(triggerRollupFor(ports, admin, 'g-none')).rejects.toThrow(NotFoundError);
  });

  it('without a goal, rolls up for a manager every hierarchy holding a goal it may see, from its root, in one run', async () => {
    const { ports, dispatched } = await setUp();
    const run = await triggerRollupFor(ports, mgr);
    const stored = await ports.runs.getRun(tenant, run.runId);
    expect(stored?.goalId).toBeNull();
    // Not g-bob-solo's; Ann's goals on a stored cycle each stand for their own hierarchy.
    expect([...(stored?.scopeGoalIds ?? [])].sort()).toEqual(['g-cycle-1', 'g-cycle-2', 'g-dept', 'g-org']);
    expect(dispatched).toHaveLength(1);
  });

  it('for a manager who sees no goal, queues a run over nothing', async () => {
    const { ports } = await setUp();
    await ports.users.put(tenant, { id: 'idle', name: 'Idle', email: null, role: 'manager', active: true, zones: [], canLockTargets: false, memberships: [], version: 0 }, 0);
    const run = await triggerRollupFor(ports, as('manager', 'idle'));
    expect(await ports.runs.getRun(tenant, run.runId)).toMatchObject({ goalId: null, scopeGoalIds: [] });
  });

  it('answers with the run already queued or running instead of a second one', async () => {
    const { ports, dispatched } = await setUp();
    const first = await triggerRollupFor(ports, admin);
    expect(await triggerRollupFor(ports, mgr, 'g-org')).toEqual({ runId: first.runId, status: 'queued', created: false });
    await ports.runs.updateRun(tenant, first.runId, ['queued'], { status: 'running' });
    expect(await triggerRollupFor(ports, admin)).toEqual({ runId: first.runId, status: 'running', created: false });
    expect(dispatched).toHaveLength(1);
  });

  it('fails the run and frees the lease when the worker cannot be started', async () => {
    const { ports } = await setUp();
    const failing = { ...ports, dispatcher: async () => Promise.reject(new Error('Lambda invoke refused')) };
    await expect(triggerRollupFor(failing, admin)).rejects.toThrow('Lambda invoke refused');
    const { items } = await ports.runs.listRuns(tenant, 10);
    expect(items).toMatchObject([{ status: 'failed', error: 'The rollup worker could not be started' }]);
    expect(await ports.runs.getLease(tenant)).toBeUndefined();
    expect(await triggerRollupFor(ports, admin)).toMatchObject({ created: true });
  });
});

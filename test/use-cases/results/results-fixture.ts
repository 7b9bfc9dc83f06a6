import { expect } from 'vitest';
import type { GoalResult } from '../../../core/model/goal-result.ts';
import type { CurrentRun } from '../../../core/model/rollup-run.ts';
import type { Unit } from '../../../core/model/unit.ts';
import type { User } from '../../../core/model/user.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

/**
 * A tenant in memory with a current run, for the read side's rules. Org → dept → teams A and B;
 * `mgr` manages team A and is a member of dept; Ann is in team A, Bob in team B. The run holds
 * goal results of a hierarchy g-org → (g-team-a → g-ann, g-team-b → g-bob), plus g-bob-b (Bob's,
 * under team B's g-team-b2, under g-org: a visible goal below a hidden one for Ann).
 */
export const tenant = 't1';
export const runId = 'run-1';
/** The manual clock's start: 2026-01-15 12:00 UTC; the goals' period is the year 2026. */
export const year = { start: '2026-01-01', end: '2026-12-31' };

export const as = (role: Principal['role'], userId: string, inTenant = tenant): Principal => ({ tenant: inTenant, role, userId });
export const admin = as('admin', 'root');
export const mgr = as('manager', 'mgr');
export const ann = as('member', 'ann');
export const bob = as('member', 'bob');

const unit = (id: string, kind: Unit['kind'], parentId: string | null, managerIds: string[] = []): Unit => ({ id, name: id, kind, parentId, managerIds, version: 0 });
const user = (id: string, role: User['role'], unitIds: string[]): User => ({
  id, name: id, email: null, role, active: true, zones: [], canLockTargets: false, version: 0,
  memberships: unitIds.map((unitId) => ({ unitId, from: null, to: null })),
});

type Owner = GoalResult['goal']['owner'];

/** A stored result: actual and target as given, everything else as the rollup would have written it. */
export function result(id: string, owner: Owner, path: string[], options: { actual?: string; target?: string; percent?: number | null; metricId?: string; period?: { start: string; end: string }; ownerUnitIds?: string[]; run?: string } = {}): GoalResult {
  const target = options.target ?? '100.00';
  const actual = options.actual ?? '50.00';
  return {
    progress: {
      goalId: id, runId: options.run ?? runId, asOf: '2026-01-15T12:00:00.000Z', period: options.period ?? year, status: 'active',
      target, stretchTarget: null, actual, inProgress: null, custom: null, percent: options.percent === undefined ? 50 : options.percent, stretchPercent: null,
      remaining: '50.00', pace: { expected: '4.11', status: 'ahead', projected: '1216.67' }, milestones: [25, 50],
      childrenTargetSum: null, childrenTargetMismatch: false, skippedRecords: 0,
    },
    goal: { id, name: id, metricId: options.metricId ?? 'rev', owner, parentId: path.length > 1 ? path[path.length - 2]! : null },
    treeRoot: path[0]!,
    treePath: path.join('/'),
    ownerUnitIds: options.ownerUnitIds ?? [],
  };
}

export const results: GoalResult[] = [
  result('g-org', { type: 'organization', id: 'org' }, ['g-org']),
  result('g-team-a', { type: 'team', id: 'team-a' }, ['g-org', 'g-team-a']),
  result('g-ann', { type: 'user', id: 'ann' }, ['g-org', 'g-team-a', 'g-ann'], { ownerUnitIds: ['team-a', 'dept', 'org'] }),
  result('g-team-b', { type: 'team', id: 'team-b' }, ['g-org', 'g-team-b']),
  result('g-bob', { type: 'user', id: 'bob' }, ['g-org', 'g-team-b', 'g-bob'], { ownerUnitIds: ['team-b', 'dept', 'org'] }),
  result('g-dept', { type: 'department', id: 'dept' }, ['g-dept']),
  // Ann's goal under a team B goal: Ann sees it, not its parent.
  result('g-team-b2', { type: 'team', id: 'team-b' }, ['g-org', 'g-team-b2']),
  result('g-ann-b', { type: 'user', id: 'ann' }, ['g-org', 'g-team-b2', 'g-ann-b'], { ownerUnitIds: ['team-a', 'dept', 'org'] }),
];

export const current: CurrentRun = { runId, asOf: '2026-01-15T12:00:00.000Z', timezone: 'UTC', weekStartsOn: 1, fiscalYearStartMonth: 1, previousRunId: null };

/** The org of the tenant, without any run yet. */
export async function orgPorts(overrides: Parameters<typeof memoryPorts>[0] = {}): Promise<MemoryPorts> {
  const ports = memoryPorts(overrides);
  for (const u of [unit('org', 'organization', null), unit('dept', 'department', 'org'), unit('team-a', 'team', 'dept', ['mgr']), unit('team-b', 'team', 'dept')]) {
    await ports.units.put(tenant, u, 0);
  }
  for (const u of [user('mgr', 'manager', ['dept']), user('ann', 'member', ['team-a']), user('bob', 'member', ['team-b']), user('root', 'admin', [])]) {
    await ports.users.put(tenant, u, 0);
  }
  return ports;
}

/** The org and a current run holding `stored` (default: the results above). */
export async function publishedPorts(stored: readonly GoalResult[] = results, overrides: Parameters<typeof memoryPorts>[0] = {}): Promise<MemoryPorts> {
  const ports = await orgPorts(overrides);
  expect(await ports.results.write(tenant, runId, stored)).toEqual([]);
  expect(await ports.runs.switchCurrent(tenant, current, null)).toBe(true);
  return ports;
}

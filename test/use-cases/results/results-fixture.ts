import { expect } from 'vitest';
import type { GoalStanding } from '../../../core/rollup/progress-basis.ts';
import { parseDecimal } from '../../../core/values/decimal.ts';
import type { CurrentRun } from '../../../core/model/rollup-run.ts';
import type { Unit } from '../../../core/model/unit.ts';
import type { User } from '../../../core/model/user.ts';
import type { Principal } from '../../../functions/use-cases/principal.ts';
import { memoryPorts, type MemoryPorts } from '../../support/memory/ports.ts';

/**
 * A tenant in memory with a current run and published standings, for the read side's rules. Org → dept → teams A and B;
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

type Owner = GoalStanding['goal']['owner'];

const day = 86_400_000;

/**
 * A goal's standing as a run would have published it: a money goal (EUR, 2 decimals) with the
 * given actual and target over its period (UTC), 5 % pace tolerance.
 */
export function result(id: string, owner: Owner, path: string[], options: { actual?: string; target?: string; metricId?: string; period?: { start: string; end: string }; ownerUnitIds?: string[]; run?: string } = {}): GoalStanding {
  const period = options.period ?? year;
  return {
    goal: { id, name: id, metricId: options.metricId ?? 'rev', owner, parentId: path.length > 1 ? path[path.length - 2]! : null },
    treeRoot: path[0]!,
    treePath: path.join('/'),
    ownerUnitIds: options.ownerUnitIds ?? [],
    runId: options.run ?? runId,
    basis: {
      period,
      startMs: Date.parse(`${period.start}T00:00:00Z`),
      endMs: Date.parse(`${period.end}T00:00:00Z`) + day,
      scale: 2,
      target: parseDecimal(options.target ?? '100.00', 2),
      stretchTarget: null,
      kinds: [true, false, false],
      childrenTargetSum: null,
      snapshot: false,
      currency: 'EUR',
      tolerancePercentE4: 50_000n,
    },
    values: [parseDecimal(options.actual ?? '50.00', 2), 0n, 0n],
    skipped: 0,
    updatedAt: '2026-01-14T09:00:00.000Z',
  };
}

export const results: GoalStanding[] = [
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

/** Publishes standings as a run holding the tenant's lease does. */
export async function publish(ports: MemoryPorts, stored: readonly GoalStanding[]): Promise<void> {
  const lease = { runId: 'fixture', now: () => ports.clock.now() };
  expect(await ports.runs.acquireLease(tenant, lease.runId, lease.now(), 60_000)).toBe(true);
  expect(await ports.results.publish(tenant, stored, lease)).toEqual([]);
  expect(await ports.runs.releaseLease(tenant, lease.runId)).toBe(true);
}

/** The org, a current run, and `stored` published (default: the standings above). */
export async function publishedPorts(stored: readonly GoalStanding[] = results, overrides: Parameters<typeof memoryPorts>[0] = {}): Promise<MemoryPorts> {
  const ports = await orgPorts(overrides);
  await publish(ports, stored);
  expect(await ports.runs.switchCurrent(tenant, current, null)).toBe(true);
  return ports;
}

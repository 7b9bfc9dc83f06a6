import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../../core/model/record-input.ts';
import { DEFAULT_TENANT_SETTINGS } from '../../../core/model/tenant-settings.ts';
import type { AppPorts } from '../../../functions/use-cases/ports.ts';
import { readProgress } from '../../../functions/use-cases/results/read-progress.ts';
import { runRollup } from '../../../functions/use-cases/rollups/run-rollup.ts';
import { triggerRollup } from '../../../functions/use-cases/rollups/trigger-rollup.ts';
import type { RunScope } from '../../../functions/use-cases/rollups/runs.ts';
import { arrayRecords } from '../../support/memory/array-records.ts';
import { memoryPorts } from '../../support/memory/ports.ts';

/**
 * What a run computes and what it keeps, in memory: a run scoped to hierarchies, goals frozen
 * after their end, and goals that cannot be computed or stored failing alone. Definitions are small
 * fakes (stored goals can be anything, as items written around the API); the clock is 2026-01-15.
 */
const tenant = 't1';
const admin = { tenant, userId: 'root', role: 'admin' as const };
const metric = {
  id: 'rev', name: 'Revenue', kind: 'amount', dataType: 'money', currency: 'EUR', recordType: 'deal', dateField: 'closedAt', valueField: 'amount',
  actual: { where: { field: 'status', op: 'eq', value: 'won' } }, inProgress: null, custom: null, version: 1,
};
type StoredGoal = Record<string, unknown> & { id: string };
const goal = (id: string, owner: { type: string; id: string }, extra: Record<string, unknown> = {}): StoredGoal => ({
  id, name: id, metricId: 'rev', owner, period: { start: '2025-01-01', end: '2026-12-31' }, target: '100.00', stretchTarget: null,
  parentId: null, rollupMode: 'owner', filter: null, version: 1, ...extra,
});
let serial = 0;
const deal = (ownerId: string, amount: string, closedAt = '2026-01-10T10:00:00Z'): RecordInput => ({
  recordType: 'deal', id: `d${++serial}`, ownerId, updatedAt: closedAt, fields: { status: 'won', amount, currency: 'EUR', closedAt },
});

async function setUp(goals: StoredGoal[], deals: RecordInput[], settings: Partial<typeof DEFAULT_TENANT_SETTINGS> = {}) {
  const stored = arrayRecords(deals);
  const ports = memoryPorts({
    goals: { all: async () => structuredClone(goals) } as unknown as AppPorts['goals'],
    metrics: { all: async () => [metric] } as unknown as AppPorts['metrics'],
    recordPages: stored.recordPages,
  });
  ports.records.image = stored.image;
  await ports.units.put(tenant, { id: 'team', name: 'Team', kind: 'team', parentId: null, managerIds: [], version: 0 }, 0);
  for (const id of ['ann', 'bob']) {
    await ports.users.put(tenant, { id, name: id, email: null, role: 'member', active: true, zones: [], canLockTargets: false, memberships: [{ unitId: 'team', from: null, to: null }], version: 0 }, 0);
  }
  await ports.settings.put(tenant, { ...DEFAULT_TENANT_SETTINGS, stopRollupDaysAfterEnd: 3650, ...settings }, 0);
  /** Runs a manual run (of `scope`) to its end and returns the run as stored. */
  const run = async (scope: RunScope | null = null) => {
    const { runId } = await triggerRollup(ports, tenant, scope);
    await runRollup(ports, { kind: 'manual', tenant, runId });
    ports.clock.advance(60_000);
    return (await ports.runs.getRun(tenant, runId))!;
  };
  const actual = async (id: string) => (await readProgress(ports, admin, id)).actual;
  return { ports, goals, deals, run, actual };
}

describe('a run scoped to hierarchies', () => {
  it("recomputes each hierarchy from its root and leaves every other goal's standing as it was (its live values caught up)", async () => {
    const t = await setUp(
      [goal('g-team', { type: 'team', id: 'team' }), goal('g-ann', { type: 'user', id: 'ann' }, { parentId: 'g-team' }), goal('g-bob', { type: 'user', id: 'bob' })],
      [deal('ann', '10.00'), deal('bob', '20.00')],
    );
    const first = await t.run();
    t.deals.push(deal('ann', '1.00'), deal('bob', '2.00'));

    const scoped = await t.run({ goalId: 'g-ann', scopeGoalIds: null });

    expect(scoped).toMatchObject({ status: 'succeeded', goalId: 'g-ann', goalsComputed: 2, goalsFailed: 0 });
    // The team's goal counts its members' records (owner mode): Ann's and Bob's.
    expect([await t.actual('g-team'), await t.actual('g-ann')]).toEqual(['33.00', '11.00']);
    // Bob's goal is not recomputed, but the deal the run caught up moved its live values.
    expect(await readProgress(t.ports, admin, 'g-bob')).toMatchObject({ runId: first.runId, actual: '22.00' });

    const several = await t.run({ goalId: null, scopeGoalIds: ['g-bob'] });
    expect(several).toMatchObject({ goalsComputed: 1 });
    expect(await readProgress(t.ports, admin, 'g-bob')).toMatchObject({ runId: several.runId, actual: '22.00' });

    const none = await t.run({ goalId: null, scopeGoalIds: [] });
    expect(none).toMatchObject({ status: 'succeeded', goalsComputed: 0, recordsRead: 0 });
    expect(await readProgress(t.ports, admin, 'g-bob')).toMatchObject({ runId: several.runId, actual: '22.00' });
  });
});

describe('goals after their end', () => {
  it('are frozen stopRollupDaysAfterEnd days after it, keeping the values they were last computed with', async () => {
    const t = await setUp([goal('g-2025', { type: 'user', id: 'ann' }, { period: { start: '2025-01-01', end: '2025-12-31' } })], [deal('ann', '5.00', '2025-06-01T10:00:00Z')], { stopRollupDaysAfterEnd: 14 });
    await t.run();
    const before = await readProgress(t.ports, admin, 'g-2025');
    t.deals.push(deal('ann', '1.00', '2025-07-01T10:00:00Z'));
    // 2026-01-15 + a day: 15 days after the end.
    t.ports.clock.advance(24 * 60 * 60 * 1000);
    const frozen = await t.run();
    expect(frozen).toMatchObject({ goalsComputed: 0, recordsRead: 0 });
    expect(await readProgress(t.ports, admin, 'g-2025')).toEqual({ ...before, asOf: new Date(t.ports.clock.now()).toISOString() });
  });
});

describe('goals that cannot be computed or stored', () => {
  it('fail alone, each keeping its previous standing as it was; a goal without one stays without', async () => {
    const t = await setUp(
      [
        goal('sound', { type: 'user', id: 'ann' }),
        goal('bad-filter', { type: 'user', id: 'ann' }, { filter: { field: 'zone', op: 'eq', value: 'north' } }),
        goal('bad-owner', { type: 'user', id: 'ann' }),
        goal('cycle-a', { type: 'user', id: 'ann' }),
        goal('cycle-b', { type: 'user', id: 'ann' }, { parentId: 'cycle-a' }),
      ],
      [deal('ann', '10.00')],
    );
    const first = await t.run();
    expect(first).toMatchObject({ status: 'succeeded', goalsComputed: 5, goalsFailed: 0 });
    const before = Object.fromEntries(await Promise.all(['bad-filter', 'bad-owner', 'cycle-a', 'cycle-b'].map(async (id) => [id, await readProgress(t.ports, admin, id)] as const)));

    // Stored around the API: a filter that cannot be compiled, an owner id no key may hold, a cycle, and a broken goal never computed.
    const set = (id: string, changes: Record<string, unknown>) => Object.assign(t.goals.find((g) => g.id === id)!, changes);
    set('bad-filter', { filter: { all: 5 } });
    set('bad-owner', { owner: { type: 'user', id: 'ann smith!' } });
    set('cycle-a', { parentId: 'cycle-b' });
    t.goals.push(goal('never-computed', { type: 'user', id: 'ann' }, { filter: { any: 'x' } }));
    t.deals.push(deal('ann', '5.00'));

    const second = await t.run();

    expect(second).toMatchObject({ status: 'succeeded', goalsComputed: 1, goalsFailed: 5 });
    expect(await readProgress(t.ports, admin, 'sound')).toMatchObject({ runId: second.runId, actual: '15.00' });
    const asOf = new Date(t.ports.clock.now()).toISOString();
    for (const id of ['bad-filter', 'cycle-a', 'cycle-b']) expect(await readProgress(t.ports, admin, id), id).toEqual({ ...before[id], asOf });
    // Its standing stays, but its live values follow its owner (no records): set right as drift.
    expect(await readProgress(t.ports, admin, 'bad-owner')).toMatchObject({ runId: first.runId, actual: '0.00' });
    expect(second.verification).toMatchObject({ goalsDrifted: 1, goalsRepaired: 1 });
    await expect(readProgress(t.ports, admin, 'never-computed')).rejects.toThrow(/No results for goal never-computed/);
    // A failed goal gets no history point for the day.
    expect(await t.ports.results.history(tenant, 'cycle-b', '2026-01-01', '2026-12-31')).toHaveLength(1);

    set('bad-filter', { filter: { field: 'zone', op: 'eq', value: 'north' } });
    const third = await t.run();
    expect(third).toMatchObject({ goalsFailed: 4 });
    expect(await readProgress(t.ports, admin, 'bad-filter')).toMatchObject({ runId: third.runId, actual: '0.00' });
  });

  it('cap the percent of a huge actual against a tiny target instead of failing', async () => {
    const t = await setUp([goal('tiny', { type: 'user', id: 'ann' }, { target: '1.00', stretchTarget: '2.00' })], [deal('ann', '90071992547409.93')]);
    expect(await t.run()).toMatchObject({ status: 'succeeded', goalsFailed: 0 });
    expect(await readProgress(t.ports, admin, 'tiny')).toMatchObject({ actual: '90071992547409.93', percent: 1_000_000, stretchPercent: 1_000_000, status: 'achieved' });
  });
});

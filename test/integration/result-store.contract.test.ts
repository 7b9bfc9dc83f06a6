import { describe, expect, it } from 'vitest';
import type { GoalResult, HistoryPoint } from '../../core/model/goal-result.ts';
import { resultRepository } from '../../functions/store/result-repository.ts';
import type { ResultStore } from '../../functions/use-cases/rollups/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryResults } from '../support/memory/results.ts';
import { result } from '../use-cases/results/results-fixture.ts';

const year = { start: '2026-01-01', end: '2026-12-31' };
const january = { start: '2026-01-01', end: '2026-01-31' };
const ids = (found: GoalResult[]) => found.map((r) => r.goal.id).sort();
const point = (goalId: string, date: string, actual: string): HistoryPoint => ({ goalId, date, progress: { ...result(goalId, { type: 'user', id: 'ann' }, [goalId]).progress, actual } });

/** A hierarchy g-org → g-a → g-a1, g-org → g-ab (a path that g-a's is a prefix of, as text), and another root. */
const tree = [
  result('g-org', { type: 'organization', id: 'org' }, ['g-org']),
  result('g-a', { type: 'team', id: 'team-a' }, ['g-org', 'g-a']),
  result('g-a1', { type: 'user', id: 'ann' }, ['g-org', 'g-a', 'g-a1'], { ownerUnitIds: ['team-a', 'org'], period: january }),
  result('g-ab', { type: 'user', id: 'bob' }, ['g-org', 'g-ab'], { ownerUnitIds: ['team-b', 'org'], period: january, percent: 80 }),
  result('g-other', { type: 'user', id: 'ann' }, ['g-other'], { ownerUnitIds: ['team-a', 'org'], period: { start: '2026-02-01', end: '2026-12-31' } }),
  result('g-calls', { type: 'user', id: 'ann' }, ['g-calls'], { metricId: 'calls', ownerUnitIds: ['team-a', 'org'], period: january }),
  result('g-team-jan', { type: 'team', id: 'ann' }, ['g-team-jan'], { period: january }),
];

/**
 * The result store's contract, run against the DynamoDB repository (DynamoDB Local) and the
 * memory double the use-case tests run on, so the double cannot drift from what the table does.
 */
describe.each<[string, () => ResultStore]>([
  ['DynamoDB', () => resultRepository],
  ['memory', memoryResults],
])('ResultStore (%s)', (_name, storeOf) => {
  const setUp = async (runId = 'run-1') => {
    const store = storeOf();
    const tenant = uniqueTenant('result-store');
    expect(await store.write(tenant, runId, tree)).toEqual([]);
    return { store, tenant };
  };

  it('reads back what a run stored, under that run and tenant only', async () => {
    const { store, tenant } = await setUp();
    expect(await store.get(tenant, 'run-1', 'g-a1')).toEqual(tree[2]);
    expect(ids(await store.all(tenant, 'run-1'))).toEqual(ids(tree));
    expect(await store.get(tenant, 'run-2', 'g-a1')).toBeUndefined();
    expect(await store.all(tenant, 'run-2')).toEqual([]);
    expect(await store.get(uniqueTenant('other'), 'run-1', 'g-a1')).toBeUndefined();
  });

  it("finds an owner's results whose period contains the day, both ends included", async () => {
    const { store, tenant } = await setUp();
    expect(ids(await store.forOwner(tenant, 'run-1', 'ann', 'user', '2026-01-31'))).toEqual(['g-a1', 'g-calls']);
    expect(ids(await store.forOwner(tenant, 'run-1', 'ann', 'user', '2026-02-01'))).toEqual(['g-other']);
    expect(ids(await store.forOwner(tenant, 'run-1', 'ann', 'team', '2026-01-01'))).toEqual(['g-team-jan']);
    expect(await store.forOwner(tenant, 'run-1', 'ann', 'user', '2025-12-31')).toEqual([]);
  });

  it('finds a goal and everything below it, and nothing beside it', async () => {
    const { store, tenant } = await setUp();
    expect(ids(await store.subtree(tenant, 'run-1', tree[1]!))).toEqual(['g-a', 'g-a1']);
    expect(ids(await store.subtree(tenant, 'run-1', tree[0]!))).toEqual(['g-a', 'g-a1', 'g-ab', 'g-org']);
    expect(ids(await store.subtree(tenant, 'run-1', tree[2]!))).toEqual(['g-a1']);
  });

  it("finds users' goals of a metric over exactly a period, optionally of a unit's members", async () => {
    const { store, tenant } = await setUp();
    expect(ids(await store.leaderboard(tenant, 'run-1', 'rev', january, undefined))).toEqual(['g-a1', 'g-ab']);
    expect(ids(await store.leaderboard(tenant, 'run-1', 'rev', january, 'team-b'))).toEqual(['g-ab']);
    expect(ids(await store.leaderboard(tenant, 'run-1', 'rev', january, 'org'))).toEqual(['g-a1', 'g-ab']);
    expect(ids(await store.leaderboard(tenant, 'run-1', 'calls', january, undefined))).toEqual(['g-calls']);
    expect(await store.leaderboard(tenant, 'run-1', 'rev', year, undefined)).toEqual([]);
  });

  it('refuses a result whose ids no key may hold, alone', async () => {
    const { store, tenant } = await setUp();
    const bad = result('g-bad', { type: 'user', id: 'ann smith!' }, ['g-bad']);
    const good = result('g-good', { type: 'user', id: 'ann' }, ['g-good']);
    expect(await store.write(tenant, 'run-2', [bad, good])).toEqual(['g-bad']);
    expect(ids(await store.all(tenant, 'run-2'))).toEqual(['g-good']);
  });

  it("deletes one run's results, leaving the others", async () => {
    const { store, tenant } = await setUp();
    expect(await store.write(tenant, 'run-2', tree.slice(0, 2))).toEqual([]);
    expect(await store.deleteRun(tenant, 'run-1')).toBe(tree.length);
    expect(await store.all(tenant, 'run-1')).toEqual([]);
    expect(await store.get(tenant, 'run-1', 'g-org')).toBeUndefined();
    expect(ids(await store.all(tenant, 'run-2'))).toEqual(['g-a', 'g-org']);
    expect(await store.deleteRun(tenant, 'run-1')).toBe(0);
  });

  it('keeps one history point per goal and day, the later replacing the earlier, read oldest first', async () => {
    const store = storeOf();
    const tenant = uniqueTenant('history');
    const nowMs = Date.UTC(2026, 0, 15);
    expect(await store.writeHistory(tenant, [point('g1', '2026-01-02', '2'), point('g1', '2026-01-01', '1'), point('g2', '2026-01-01', '9')], nowMs)).toEqual([]);
    expect(await store.writeHistory(tenant, [point('g1', '2026-01-02', '3')], nowMs)).toEqual([]);
    expect(await store.history(tenant, 'g1', '2026-01-01', '2026-01-31')).toEqual([point('g1', '2026-01-01', '1'), point('g1', '2026-01-02', '3')]);
    expect(await store.history(tenant, 'g1', '2026-01-02', '2026-01-02')).toEqual([point('g1', '2026-01-02', '3')]);
    expect(await store.history(tenant, 'g1', '2026-01-03', '2026-12-31')).toEqual([]);
    expect(await store.history(uniqueTenant('other'), 'g1', '2026-01-01', '2026-01-31')).toEqual([]);
  });
});

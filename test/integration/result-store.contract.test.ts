import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../core/model/goal-result.ts';
import { resultAt, type GoalStanding } from '../../core/rollup/progress-basis.ts';
import { liveRepository } from '../../functions/store/live-repository.ts';
import { resultRepository } from '../../functions/store/result-repository.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import { LiveLeaseLostError, type LiveStore } from '../../functions/use-cases/live/ports.ts';
import type { ResultStore, RunStore } from '../../functions/use-cases/rollups/ports.ts';
import { uniqueTenant } from '../support/api.ts';
import { memoryLeases } from '../support/memory/gate.ts';
import { memoryLive } from '../support/memory/live.ts';
import { memoryResults, memoryRuns } from '../support/memory/results.ts';
import { result } from '../use-cases/results/results-fixture.ts';

const january = { start: '2026-01-01', end: '2026-01-31' };
const ids = (found: GoalStanding[]) => found.map((r) => r.goal.id).sort();
const nowMs = Date.UTC(2026, 0, 15);
const point = (goalId: string, date: string, actual: string): HistoryPoint => ({ goalId, date, progress: { ...resultAt(result(goalId, { type: 'user', id: 'ann' }, [goalId]), nowMs).progress, actual } });

/** A hierarchy g-org → g-a → g-a1, g-org → g-ab (a path that g-a's is a prefix of, as text), and another root. */
const tree = [
  result('g-org', { type: 'organization', id: 'org' }, ['g-org']),
  result('g-a', { type: 'team', id: 'team-a' }, ['g-org', 'g-a']),
  result('g-a1', { type: 'user', id: 'ann' }, ['g-org', 'g-a', 'g-a1'], { ownerUnitIds: ['team-a', 'org'], period: january }),
  result('g-ab', { type: 'user', id: 'bob' }, ['g-org', 'g-ab'], { ownerUnitIds: ['team-b', 'org'], period: january, actual: '80.00' }),
  result('g-other', { type: 'user', id: 'ann' }, ['g-other'], { ownerUnitIds: ['team-a', 'org'], period: { start: '2026-02-01', end: '2026-12-31' } }),
  result('g-calls', { type: 'user', id: 'ann' }, ['g-calls'], { metricId: 'calls', ownerUnitIds: ['team-a', 'org'], period: january }),
  result('g-team-jan', { type: 'team', id: 'ann' }, ['g-team-jan'], { period: january }),
];

/**
 * The result store's contract (the goals' standings and history), run against the DynamoDB
 * repository (DynamoDB Local) and the memory double the use-case tests run on, so the double cannot
 * drift from what the table does. The run store takes the lease the writes need; the live store
 * adds to the same items.
 */
describe.each<[string, () => { store: ResultStore; runs: RunStore; live: LiveStore }]>([
  ['DynamoDB', () => ({ store: resultRepository, runs: runRepository, live: liveRepository })],
  [
    'memory',
    () => {
      const leases = memoryLeases();
      const live = memoryLive(leases);
      return { store: memoryResults(leases, live), runs: memoryRuns(leases), live: live.live };
    },
  ],
])('ResultStore (%s)', (_name, storesOf) => {
  const setUp = async () => {
    const { store, runs, live } = storesOf();
    const tenant = uniqueTenant('result-store');
    expect(await runs.acquireLease(tenant, 'run-1', nowMs, 60_000)).toBe(true);
    const lease = { runId: 'run-1', now: () => nowMs };
    return { store, runs, live, tenant, lease };
  };

  it('publishes standings whole and reads them back exactly, by goal, owner, tree and leaderboard, one tenant apart', async () => {
    const { store, tenant, lease } = await setUp();
    const big = { ...result('g-big', { type: 'user', id: 'cy' }, ['g-big']), values: [10n ** 30n + 1n, -7n, 0n] as const, skipped: 3 };
    expect(await store.publish(tenant, [...tree, big], lease)).toEqual([]);

    expect(await store.get(tenant, 'g-a1')).toEqual(tree[2]);
    expect(await store.get(tenant, 'g-big')).toEqual(big);
    expect(await store.get(tenant, 'g-none')).toBeUndefined();
    expect(await store.get(uniqueTenant('other'), 'g-a1')).toBeUndefined();
    expect(ids(await store.forOwner(tenant, 'ann', 'user', '2026-01-15'))).toEqual(['g-a1', 'g-calls']);
    expect(ids(await store.forOwner(tenant, 'ann', 'team', '2026-01-15'))).toEqual(['g-team-jan']);
    expect(ids(await store.forOwner(tenant, 'ann', 'user', '2026-02-01'))).toEqual(['g-other']);
    expect(ids(await store.subtree(tenant, tree[0]!))).toEqual(['g-a', 'g-a1', 'g-ab', 'g-org']);
    expect(ids(await store.subtree(tenant, tree[1]!))).toEqual(['g-a', 'g-a1']);
    expect(ids(await store.leaderboard(tenant, 'rev', january, undefined))).toEqual(['g-a1', 'g-ab']);
    expect(ids(await store.leaderboard(tenant, 'rev', january, 'team-b'))).toEqual(['g-ab']);
    expect(ids(await store.leaderboard(tenant, 'calls', january, undefined))).toEqual(['g-calls']);
  });

  it('shows what the live path added since a standing was published; knows which goals have a standing', async () => {
    const { store, runs, live, tenant, lease } = await setUp();
    await store.publish(tenant, [tree[2]!], lease);
    expect(await runs.releaseLease(tenant, 'run-1')).toBe(true);
    const deal = { recordType: 'deal', id: 'd-1', ownerId: 'ann', updatedAt: '2026-01-15T10:00:00Z', fields: {} };
    const change = (goalId: string) => ({ recordType: 'deal', id: `d-${goalId}`, expectedRev: null, next: { rev: 1, record: deal }, deltas: [{ goalId, values: [1234n, 0n, 0n] as [bigint, bigint, bigint], skipped: 1 }], at: '2026-01-15T10:00:01Z' });
    const free = { free: { nowMs, generation: 1 } };
    expect(await live.apply(tenant, [change('g-a1')], free)).toBe('applied');
    expect(await live.apply(tenant, [change('g-new')], free)).toBe('applied');

    expect(await store.get(tenant, 'g-a1')).toEqual({ ...tree[2], values: [5000n + 1234n, 0n, 0n], skipped: 1, updatedAt: '2026-01-15T10:00:01Z' });
    expect(await store.get(tenant, 'g-new')).toBeUndefined(); // live values alone: no run computed it yet
    expect(await store.published(tenant)).toEqual(new Map([['g-a1', { runId: 'run-1' }], ['g-new', null]]));
  });

  it('writes and removes only behind the lease, and refuses an item whose ids no key may hold, alone', async () => {
    const { store, runs, tenant, lease } = await setUp();
    const bad = result('g-bad', { type: 'user', id: 'ann smith!' }, ['g-bad']);
    expect(await store.publish(tenant, [tree[0]!, bad, tree[1]!], lease)).toEqual(['g-bad']);
    expect(ids(await store.subtree(tenant, tree[0]!))).toEqual(['g-a', 'g-org']);

    await store.remove(tenant, ['g-a'], lease);
    expect(await store.get(tenant, 'g-a')).toBeUndefined();
    expect(await store.published(tenant)).toEqual(new Map([['g-org', { runId: 'run-1' }]]));

    await expect(store.publish(tenant, [tree[1]!], { ...lease, runId: 'run-2' })).rejects.toBeInstanceOf(LiveLeaseLostError);
    await expect(store.remove(tenant, ['g-org'], { runId: 'run-1', now: () => nowMs + 60_001 })).rejects.toBeInstanceOf(LiveLeaseLostError);
    expect(await runs.releaseLease(tenant, 'run-1')).toBe(true);
    await expect(store.publish(tenant, [tree[1]!], lease)).rejects.toBeInstanceOf(LiveLeaseLostError);
    expect(await store.published(tenant)).toEqual(new Map([['g-org', { runId: 'run-1' }]]));
  });

  it('keeps one history point per goal and day, the later replacing the earlier, read oldest first', async () => {
    const { store } = storesOf();
    const tenant = uniqueTenant('history');
    expect(await store.writeHistory(tenant, [point('g1', '2026-01-02', '2'), point('g1', '2026-01-01', '1'), point('g2', '2026-01-01', '9')], nowMs)).toEqual([]);
    expect(await store.writeHistory(tenant, [point('g1', '2026-01-02', '3')], nowMs)).toEqual([]);
    expect(await store.history(tenant, 'g1', '2026-01-01', '2026-01-31')).toEqual([point('g1', '2026-01-01', '1'), point('g1', '2026-01-02', '3')]);
    expect(await store.history(tenant, 'g1', '2026-01-02', '2026-01-02')).toEqual([point('g1', '2026-01-02', '3')]);
    expect(await store.history(tenant, 'g1', '2026-01-03', '2026-12-31')).toEqual([]);
    expect(await store.history(uniqueTenant('other'), 'g1', '2026-01-01', '2026-01-31')).toEqual([]);
  });
});

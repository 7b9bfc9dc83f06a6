import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../functions/shared/errors.ts';
import { readLeaderboard } from '../../../functions/use-cases/results/read-leaderboard.ts';
import { admin, ann, as, current, orgPorts, publishedPorts, result } from './results-fixture.ts';

/** The manual clock starts on 2026-01-15: the current month is January. */
const january = { start: '2026-01-01', end: '2026-01-31' };
const rep = (id: string, percent: number | null, unitIds: string[], options: { metricId?: string; period?: { start: string; end: string } } = {}) =>
  result(`${id}-goal`, { type: 'user', id }, [`${id}-goal`], { ...(percent === null ? { actual: '0', target: '0' } : { actual: String(percent) }), period: options.period ?? january, metricId: options.metricId, ownerUnitIds: unitIds });

const board = [
  rep('ann', 50, ['team-a', 'dept', 'org']),
  rep('bob', 100, ['team-b', 'dept', 'org']),
  rep('cid', 100, ['team-b', 'dept', 'org']),
  rep('dan', 25, ['team-a', 'dept', 'org']),
  rep('eve', null, ['team-a', 'dept', 'org']),
  // Not on January's board of `rev`: another metric, another period, a unit's goal.
  rep('fay', 300, ['team-a'], { metricId: 'calls' }),
  rep('gus', 300, ['team-a'], { period: { start: '2026-01-01', end: '2026-12-31' } }),
  result('team-goal', { type: 'team', id: 'team-a' }, ['team-goal'], { actual: '999', period: january }),
];

const row = (e: { rank: number; owner: { id: string }; percent: number | null }) => [e.rank, e.owner.id, e.percent];

describe('readLeaderboard', () => {
  it("ranks users' goals of the metric over exactly the period by percent, ties sharing a rank, no percent last", async () => {
    const ports = await publishedPorts(board);
    const { period, current: run, items } = await readLeaderboard(ports, ann, { metricId: 'rev', period: 'current-month', limit: 10 });
    expect(period).toEqual(january);
    expect(run).toEqual(current);
    expect(items.map(row)).toEqual([[1, 'bob', 100], [1, 'cid', 100], [3, 'ann', 50], [4, 'dan', 25], [5, 'eve', null]]);
  });

  it('narrows to those who belonged to the unit, or a unit below it, and cuts at the limit', async () => {
    const ports = await publishedPorts(board);
    expect((await readLeaderboard(ports, admin, { metricId: 'rev', period: 'current-month', unitId: 'team-b', limit: 10 })).items.map(row)).toEqual([[1, 'bob', 100], [1, 'cid', 100]]);
    expect((await readLeaderboard(ports, admin, { metricId: 'rev', period: 'current-month', unitId: 'dept', limit: 3 })).items.map(row)).toEqual([[1, 'bob', 100], [1, 'cid', 100], [3, 'ann', 50]]);
  });

  it("takes the period from the current run's calendar and the clock", async () => {
    const ports = await publishedPorts(board);
    expect((await readLeaderboard(ports, admin, { metricId: 'rev', period: 'current-year', limit: 10 })).items.map(row)).toEqual([[1, 'gus', 300]]);
    ports.clock.advance(31 * 24 * 60 * 60 * 1000);
    const february = await readLeaderboard(ports, admin, { metricId: 'rev', period: 'current-month', limit: 10 });
    expect(february.period).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(february.items).toEqual([]);
  });

  it('is 404 for an unknown unit and before the first rollup', async () => {
    const ports = await publishedPorts(board);
    await expect(readLeaderboard(ports, admin, { metricId: 'rev', period: 'current-month', unitId: 'nowhere', limit: 10 })).rejects.toThrow(NotFoundError);
    await expect(readLeaderboard(await orgPorts(), admin, { metricId: 'rev', period: 'current-month', limit: 10 })).rejects.toThrow(/No results yet/);
  });

  it('is refused to an integration', async () => {
    const ports = await publishedPorts(board);
    await expect(readLeaderboard(ports, as('integration', 'crm'), { metricId: 'rev', period: 'current-month', limit: 10 })).rejects.toThrow(ForbiddenError);
  });
});

import { describe, expect, it } from 'vitest';
import { rankLeaderboard, type LeaderboardEntry } from '../../core/leaderboard/rank-leaderboard.ts';
import { belongsToUnitDuring } from '../../core/leaderboard/leaderboard-members.ts';
import { units, user } from './support/tenant-fixtures.ts';

const entry = (id: string, percent: number | null): LeaderboardEntry => ({ owner: { type: 'user', id }, goalId: `g-${id}`, percent, actual: '0.00', target: '1.00' });

describe('rankLeaderboard', () => {
  it('ranks by percent with ties sharing a rank', () => {
    const ranked = rankLeaderboard([entry('d', 50), entry('a', 90), entry('c', 75), entry('b', 90), entry('e', null)]);
    expect(ranked.map((r) => [r.owner.id, r.rank])).toEqual([['a', 1], ['b', 1], ['c', 3], ['d', 4], ['e', 5]]);
  });

  it('keeps only the first entries up to the limit', () => {
    expect(rankLeaderboard([entry('a', 1), entry('b', 2), entry('c', 3)], 2).map((r) => r.owner.id)).toEqual(['c', 'b']);
  });
});

describe('belongsToUnitDuring', () => {
  it('includes members of units below and memberships that overlap the period', () => {
    const q1 = { start: '2026-01-01', end: '2026-03-31' };
    expect(belongsToUnitDuring(user('a', [{ unitId: 'north' }]), 'sales', q1, units)).toBe(true);
    expect(belongsToUnitDuring(user('b', [{ unitId: 'north', from: '2026-04-01' }]), 'north', q1, units)).toBe(false);
    expect(belongsToUnitDuring(user('c', [{ unitId: 'south', to: '2026-01-01' }]), 'south', q1, units)).toBe(true);
    expect(belongsToUnitDuring(user('d', [{ unitId: 'south' }]), 'north', q1, units)).toBe(false);
  });
});

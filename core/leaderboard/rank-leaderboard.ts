import type { GoalOwner } from '../model/goal.ts';

/** A goal's standing as the leaderboard reads it from the precomputed progress. */
export interface LeaderboardEntry {
  owner: GoalOwner;
  goalId: string;
  percent: number | null;
  actual: string | null;
  target: string;
}

/** An entry with its rank (1 is best; ties share a rank). */
export interface RankedEntry extends LeaderboardEntry {
  rank: number;
}

/**
 * Ranks entries by percent, highest first, with ties sharing a rank (1, 2, 2, 4). Entries
 * without a percent come last, sharing the last rank; ties are listed by owner id.
 *
 * @example rankLeaderboard(entries, 10)
 */
export function rankLeaderboard(entries: readonly LeaderboardEntry[], limit?: number): RankedEntry[] {
  const sorted = [...entries].sort((a, b) => {
    const pa = a.percent ?? Number.NEGATIVE_INFINITY;
    const pb = b.percent ?? Number.NEGATIVE_INFINITY;
    if (pa !== pb) return pb - pa;
    return a.owner.id < b.owner.id ? -1 : a.owner.id > b.owner.id ? 1 : a.goalId < b.goalId ? -1 : a.goalId > b.goalId ? 1 : 0;
  });
  const ranked: RankedEntry[] = [];
  sorted.forEach((entry, i) => {
    const previous = ranked[i - 1];
    const rank = previous !== undefined && previous.percent === entry.percent ? previous.rank : i + 1;
    ranked.push({ ...entry, rank });
  });
  return limit === undefined ? ranked : ranked.slice(0, Math.max(0, limit));
}

import type { CurrentRun } from '../../../core/model/rollup-run.ts';
import { rankLeaderboard, type RankedEntry } from '../../../core/leaderboard/rank-leaderboard.ts';
import { currentPeriod, type CurrentPeriodName } from '../../../core/periods/relative-periods.ts';
import { assertRole, readers } from '../access/roles.ts';
import type { Principal } from '../principal.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { AppPorts } from '../ports.ts';
import { requireCurrentRun, resultsAt } from './read-rules.ts';

export interface LeaderboardQuery {
  metricId: string;
  period: CurrentPeriodName;
  unitId?: string | undefined;
  limit: number;
}

export interface Leaderboard {
  period: { start: string; end: string };
  current: CurrentRun;
  items: RankedEntry[];
}

/**
 * GET /leaderboard: users' goals of a metric over the current week, month, quarter or year (in
 * the current run's calendar), ranked by percent, ties sharing a rank; with `unitId`, only those
 * who belonged to the unit (or a unit below it) during the period. 404 before the first rollup or
 * for an unknown unit.
 */
export async function readLeaderboard(ports: Pick<AppPorts, 'clock' | 'runs' | 'results' | 'units'>, principal: Principal, query: LeaderboardQuery): Promise<Leaderboard> {
  assertRole(principal, readers, 'read the leaderboard');
  const [current] = await Promise.all([
    requireCurrentRun(ports, principal.tenant),
    query.unitId &&
      ports.units.get(principal.tenant, query.unitId).then((unit) => {
        if (!unit) throw new NotFoundError(`No unit ${query.unitId} in this tenant`);
      }),
  ]);
  const nowMs = ports.clock.now();
  const period = currentPeriod(query.period, nowMs, current);
  const results = resultsAt(await ports.results.leaderboard(principal.tenant, query.metricId, period, query.unitId), nowMs);
  const entries = results.map((r) => ({ owner: r.goal.owner, goalId: r.goal.id, percent: r.progress.percent, actual: r.progress.actual, target: r.progress.target }));
  return { period, current, items: rankLeaderboard(entries, query.limit) };
}

import type { HistoryPoint } from '../../../core/model/goal-result.ts';
import type { GoalStanding } from '../../../core/rollup/progress-basis.ts';

/**
 * What the read side asks of the goals' standings (each goal's basis and live values): each read one
 * request (a GetItem or one Query of an index in DynamoDB), so a dashboard costs what it shows. A
 * goal no run has computed yet has no standing.
 */
export interface ResultReader {
  get(tenant: string, goalId: string): Promise<GoalStanding | undefined>;
  /** An owner's standings whose period contains `activeOn`. */
  forOwner(tenant: string, ownerId: string, ownerType: string, activeOn: string): Promise<GoalStanding[]>;
  /** The goal `root` and its descendants (tree paths at or below the root's), in any order. */
  subtree(tenant: string, root: Pick<GoalStanding, 'treeRoot' | 'treePath'>): Promise<GoalStanding[]>;
  /** Users' goals of a metric over exactly this period, optionally only members of a unit. */
  leaderboard(tenant: string, metricId: string, period: { start: string; end: string }, unitId: string | undefined): Promise<GoalStanding[]>;
  /** A goal's history points from `from` to `to` (local dates, both included), oldest first. */
  history(tenant: string, goalId: string, from: string, to: string): Promise<HistoryPoint[]>;
}

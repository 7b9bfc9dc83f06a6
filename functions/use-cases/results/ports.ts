import type { GoalResult, HistoryPoint } from '../../../core/model/goal-result.ts';

/**
 * What the read side asks of a run's results: each read one request (a GetItem or one Query of an
 * index in DynamoDB), so a dashboard costs what it shows.
 */
export interface ResultReader {
  get(tenant: string, runId: string, goalId: string): Promise<GoalResult | undefined>;
  /** An owner's results whose period contains `activeOn`. */
  forOwner(tenant: string, runId: string, ownerId: string, ownerType: string, activeOn: string): Promise<GoalResult[]>;
  /** The goal `root` and its descendants (tree paths at or below the root's), in any order. */
  subtree(tenant: string, runId: string, root: Pick<GoalResult, 'treeRoot' | 'treePath'>): Promise<GoalResult[]>;
  /** Users' goals of a metric over exactly this period, optionally only members of a unit. */
  leaderboard(tenant: string, runId: string, metricId: string, period: { start: string; end: string }, unitId: string | undefined): Promise<GoalResult[]>;
  /** A goal's history points from `from` to `to` (local dates, both included), oldest first. */
  history(tenant: string, goalId: string, from: string, to: string): Promise<HistoryPoint[]>;
}

import { GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { GoalProgress } from '../../core/model/goal-progress.ts';
import type { Goal } from '../api/goals/goal-schema.ts';
import { ddb, tableName } from './client.ts';
import { queryAll } from './query-pages.ts';
import { historyPk, resultKey, resultLeaderboardIndexPk, resultOwnerIndexPk, resultsPk, resultTreeIndexPk } from './keys.ts';

/** A goal's progress as dashboards read it: the contract's progress object plus the run. */
export type StoredProgress = GoalProgress & { runId: string };

/** One goal's result in one run, with what the read side needs to find it without a join. */
export interface GoalResult {
  progress: StoredProgress;
  goal: Pick<Goal, 'id' | 'name' | 'metricId' | 'owner' | 'parentId'>;
  /** The goal's root and the ids from the root down to it, `/`-joined. */
  treeRoot: string;
  treePath: string;
  /** For a user's goal: every unit the user belonged to during the period (leaderboard scope). */
  ownerUnitIds: string[];
}

export interface HistoryPoint {
  goalId: string;
  /** The local date of the run. */
  date: string;
  progress: StoredProgress;
}

const toResult = (item: Record<string, unknown>): GoalResult => ({
  progress: item.progress as StoredProgress,
  goal: item.goal as GoalResult['goal'],
  treeRoot: item.treeRoot as string,
  treePath: item.treePath as string,
  ownerUnitIds: (item.ownerUnitIds as string[] | undefined) ?? [],
});

/** Every result a Query finds, page after page. */
const queryResults = (input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<GoalResult[]> => queryAll(input, toResult);

/** Reading results and history: what dashboards read (a module of its own: read-only rights). */
export const resultReader = {
  async get(tenant: string, runId: string, goalId: string): Promise<GoalResult | undefined> {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: resultKey(tenant, runId, goalId) }));
    return Item ? toResult(Item) : undefined;
  },

  /** Every result of a run (to carry frozen goals forward into the next run). */
  all: (tenant: string, runId: string) =>
    queryResults({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': resultsPk(tenant, runId) } }),

  /** An owner's results whose period contains `activeOn`, in one Query. */
  forOwner: (tenant: string, runId: string, ownerId: string, ownerType: string, activeOn: string) =>
    queryResults(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: 'ownerType = :ownerType AND periodStart <= :day AND periodEnd >= :day',
        ExpressionAttributeValues: { ':pk': resultOwnerIndexPk(tenant, runId, ownerId), ':ownerType': ownerType, ':day': activeOn },
      },
    ),

  /** A goal and all its descendants, in one Query of the tree index. */
  subtree: (tenant: string, runId: string, root: GoalResult) =>
    queryResults(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :path)',
        ExpressionAttributeValues: { ':pk': resultTreeIndexPk(tenant, runId, root.treeRoot), ':path': `${root.treePath}/` },
      },
    ),

  /** Users' goals of a metric over exactly this period, optionally only members of a unit. */
  leaderboard: (tenant: string, runId: string, metricId: string, period: { start: string; end: string }, unitId: string | undefined) =>
    queryResults(
      {
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: {
          ':pk': resultLeaderboardIndexPk(tenant, runId, metricId, period.start, period.end),
          ...(unitId ? { ':unit': unitId } : {}),
        },
        ...(unitId ? { FilterExpression: 'contains(ownerUnitIds, :unit)' } : {}),
      },
    ),

  history: (tenant: string, goalId: string, from: string, to: string): Promise<HistoryPoint[]> =>
    queryAll(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': historyPk(tenant, goalId), ':from': from, ':to': to },
      },
      (item) => ({ goalId, date: item.date as string, progress: item.progress as StoredProgress }),
    ),
};

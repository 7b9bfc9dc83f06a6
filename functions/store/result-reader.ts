import { GetCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { goalResultSchema, historyPointSchema, type GoalResult, type HistoryPoint } from '../../core/model/goal-result.ts';
import type { ResultReader } from '../use-cases/results/ports.ts';
import { ddb, tableName } from './client.ts';
import { parseItem } from './items.ts';
import { queryAll } from './query-pages.ts';
import { historyPk, resultKey, resultLeaderboardIndexPk, resultOwnerIndexPk, resultsPk, resultTreeIndexPk } from './keys.ts';

const toResult = (item: Record<string, unknown>): GoalResult => parseItem(goalResultSchema, item);

/** Every result a Query finds, page after page. */
const queryResults = (input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<GoalResult[]> => queryAll(input, toResult);

/** Reading results and history: what dashboards read (a module of its own: read-only rights). */
export const resultReader: ResultReader & { all(tenant: string, runId: string): Promise<GoalResult[]> } = {
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
  subtree: (tenant: string, runId: string, root: Pick<GoalResult, 'treeRoot' | 'treePath'>) =>
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
      (item) => parseItem(historyPointSchema, item),
    ),
};

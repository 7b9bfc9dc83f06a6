import { GetItemCommand, QueryCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { historyPointSchema, type HistoryPoint } from '../../core/model/goal-result.ts';
import type { GoalStanding } from '../../core/rollup/progress-basis.ts';
import type { ResultReader } from '../use-cases/results/ports.ts';
import { ddb, tableName } from './client.ts';
import { parseItem } from './items.ts';
import { queryAll } from './query-pages.ts';
import { historyPk, liveKey, liveLeaderboardIndexPk, liveOwnerIndexPk, liveTreeIndexPk } from './keys.ts';
import { standingFrom } from './standing-items.ts';

const S = (value: string): AttributeValue => ({ S: value });

/** Every standing a Query finds, page after page, read raw so the live values stay exact. */
export async function queryStandings(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<GoalStanding[]> {
  const found: GoalStanding[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await ddb().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const standing = standingFrom(item);
      if (standing) found.push(standing);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** Reading standings and history: what dashboards read (a module of its own: read-only rights). */
export const resultReader: ResultReader = {
  async get(tenant, goalId) {
    const key = liveKey(tenant, goalId);
    const { Item } = await ddb().send(new GetItemCommand({ TableName: tableName(), Key: { pk: S(key.pk), sk: S(key.sk) } }));
    return Item ? standingFrom(Item) : undefined;
  },

  /** An owner's standings whose period contains `activeOn`, in one Query. */
  forOwner: (tenant, ownerId, ownerType, activeOn) =>
    queryStandings({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'ownerType = :ownerType AND periodStart <= :day AND periodEnd >= :day',
      ExpressionAttributeValues: { ':pk': S(liveOwnerIndexPk(tenant, ownerId)), ':ownerType': S(ownerType), ':day': S(activeOn) },
    }),

  /** A goal and all its descendants, in one Query of the tree index. */
  subtree: (tenant, root) =>
    queryStandings({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :path)',
      ExpressionAttributeValues: { ':pk': S(liveTreeIndexPk(tenant, root.treeRoot)), ':path': S(`${root.treePath}/`) },
    }),

  /** Users' goals of a metric over exactly this period, optionally only members of a unit. */
  leaderboard: (tenant, metricId, period, unitId) =>
    queryStandings({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': S(liveLeaderboardIndexPk(tenant, metricId, period.start, period.end)), ...(unitId ? { ':unit': S(unitId) } : {}) },
      ...(unitId ? { FilterExpression: 'contains(ownerUnitIds, :unit)' } : {}),
    }),

  history: (tenant: string, goalId: string, from: string, to: string): Promise<HistoryPoint[]> =>
    queryAll(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': historyPk(tenant, goalId), ':from': from, ':to': to },
      },
      // Points stored before live results lack updatedAt (the run's instant) and currency.
      (item) => parseItem(historyPointSchema, { ...item, progress: { updatedAt: (item.progress as { asOf?: unknown })?.asOf, currency: null, ...(item.progress as object) } }),
    ),
};

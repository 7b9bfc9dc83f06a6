import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../shared/concurrency.ts';
import { batchWrite, deleteRequest, putRequest } from './batch-write.ts';
import { ddb, tableName } from './client.ts';
import { queryAll } from './query-pages.ts';
import { historyPk, MalformedKeyError, resultKey, resultLeaderboardIndexPk, resultOwnerIndexPk, resultsPk, resultTreeIndexPk } from './keys.ts';
import type { GoalResult, HistoryPoint } from '../../core/model/goal-result.ts';
import type { ResultStore } from '../use-cases/rollups/ports.ts';
import { resultReader } from './result-reader.ts';

const historyRetentionSeconds = 400 * 24 * 60 * 60;

function resultItem(tenant: string, runId: string, result: GoalResult): Record<string, unknown> {
  const { goal, progress } = result;
  const key = resultKey(tenant, runId, goal.id);
  return {
    ...key,
    entity: 'result',
    gsi1pk: resultOwnerIndexPk(tenant, runId, goal.owner.id),
    gsi1sk: key.sk,
    gsi2pk: resultTreeIndexPk(tenant, runId, result.treeRoot),
    gsi2sk: `${result.treePath}/`,
    ...(goal.owner.type === 'user'
      ? { gsi3pk: resultLeaderboardIndexPk(tenant, runId, goal.metricId, progress.period.start, progress.period.end), gsi3sk: key.sk }
      : {}),
    ownerType: goal.owner.type,
    periodStart: progress.period.start,
    periodEnd: progress.period.end,
    ...result,
  };
}

/**
 * Whether an error is about the item sent rather than the service: DynamoDB's ValidationException
 * (an item over 400 KB, a key attribute over its size, a number it cannot hold), or an error
 * raised before anything was sent — the document client could not marshal the item. Errors that
 * reached the service or the network passed the SDK's retry middleware, which gives each a
 * `$metadata`; throttling past the retries and network failures are not item refusals.
 */
function isItemRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'ValidationException' || error instanceof MalformedKeyError || !('$metadata' in error);
}

/**
 * Puts one item per goal, 25 to a BatchWriteItem, 8 in parallel, and returns the ids of the goals
 * whose item could not be built or was refused: a refused batch is put again item by item, so
 * one goal's item never keeps the other 24 out. Any other error throws.
 */
async function putEach(entries: readonly { goalId: string; item: () => Record<string, unknown> }[]): Promise<string[]> {
  const refused: string[] = [];
  const items: { goalId: string; item: Record<string, unknown> }[] = [];
  for (const entry of entries) {
    try {
      items.push({ goalId: entry.goalId, item: entry.item() });
    } catch (error) {
      if (!isItemRefusal(error)) throw error;
      refused.push(entry.goalId);
    }
  }
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await mapWithConcurrency(batches, 8, async (batch) => {
    try {
      await batchWrite(batch.map(({ item }) => putRequest(item)));
    } catch (error) {
      if (!isItemRefusal(error)) throw error;
      for (const { goalId, item } of batch) {
        try {
          await ddb().send(new PutCommand({ TableName: tableName(), Item: item }));
        } catch (itemError) {
          if (!isItemRefusal(itemError)) throw itemError;
          refused.push(goalId);
        }
      }
    }
  });
  return refused;
}

export const resultRepository: ResultStore = {
  ...resultReader,
  /**
   * Stores a run's results under its own partition (nothing is visible until the run is made
   * current). Returns the ids of the goals whose result DynamoDB refused or that could not be
   * keyed: they fail alone, the others are stored.
   */
  write: (tenant: string, runId: string, results: readonly GoalResult[]): Promise<string[]> =>
    putEach(results.map((r) => ({ goalId: r.goal.id, item: () => resultItem(tenant, runId, r) }))),

  /** Removes a superseded run's results (keys only are read). */
  async deleteRun(tenant: string, runId: string): Promise<number> {
    const keys = await queryAll(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': resultsPk(tenant, runId) }, ProjectionExpression: 'pk, sk' },
      (item) => item,
    );
    await batchWrite(keys.map((key) => deleteRequest(key)));
    return keys.length;
  },

  /** One point per goal and local day; a later run the same day replaces the day's point. Returns the goals whose point was refused. */
  writeHistory: (tenant: string, points: readonly HistoryPoint[], nowMs: number): Promise<string[]> =>
    putEach(
      points.map((point) => ({
        goalId: point.goalId,
        item: () => ({ pk: historyPk(tenant, point.goalId), sk: point.date, entity: 'history', ...point, ttl: Math.ceil(nowMs / 1000) + historyRetentionSeconds }),
      })),
    ),
};

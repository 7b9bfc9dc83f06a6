import { batchWrite, deleteRequest, putRequest, type BatchWriteOptions } from './batch-write.ts';
import { queryAll } from './query-pages.ts';
import { historyPk, resultKey, resultLeaderboardIndexPk, resultOwnerIndexPk, resultsPk, resultTreeIndexPk } from './keys.ts';
import { resultReader, type GoalResult, type HistoryPoint } from './result-reader.ts';

export type { GoalResult, HistoryPoint, StoredProgress } from './result-reader.ts';

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


export const resultRepository = {
  ...resultReader,
  /** Stores a run's results under its own partition; nothing is visible until the run is made current. */
  write: (tenant: string, runId: string, results: readonly GoalResult[], options?: BatchWriteOptions) =>
    batchWrite(results.map((r) => putRequest(resultItem(tenant, runId, r))), options),

  /** Removes a superseded run's results (keys only are read). */
  async deleteRun(tenant: string, runId: string): Promise<number> {
    const keys = await queryAll(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': resultsPk(tenant, runId) }, ProjectionExpression: 'pk, sk' },
      (item) => item,
    );
    await batchWrite(keys.map((key) => deleteRequest(key)));
    return keys.length;
  },

  /** One point per goal and local day; a later run the same day replaces the day's point. */
  writeHistory: (tenant: string, points: readonly HistoryPoint[], nowMs: number, options?: BatchWriteOptions) =>
    batchWrite(
      points.map((point) =>
        putRequest({ pk: historyPk(tenant, point.goalId), sk: point.date, entity: 'history', ...point, ttl: Math.ceil(nowMs / 1000) + historyRetentionSeconds }),
      ),
      options,
    ),

};

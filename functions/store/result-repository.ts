import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../shared/concurrency.ts';
import { batchWrite, putRequest } from './batch-write.ts';
import { ddb, tableName } from './client.ts';
import { queryAll } from './query-pages.ts';
import { historyPk, liveKey, livePk, MalformedKeyError, parseEntitySk } from './keys.ts';
import type { HistoryPoint } from '../../core/model/goal-result.ts';
import { LiveLeaseLostError } from '../use-cases/live/ports.ts';
import { cancellationCodes } from './conditional.ts';
import { guardCheck } from './gate-check.ts';
import { standingItem } from './standing-items.ts';
import type { ResultStore, RunLease } from '../use-cases/rollups/ports.ts';
import { resultReader } from './result-reader.ts';

const historyRetentionSeconds = 400 * 24 * 60 * 60;

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

/**
 * A run's transaction of up to 99 writes behind the check that it still holds the lease at this
 * moment (the time is read for each transaction); throws LiveLeaseLostError without it.
 */
async function underLease(tenant: string, lease: RunLease, writes: Record<string, unknown>[]): Promise<void> {
  try {
    await ddb().send(new TransactWriteCommand({ TransactItems: [guardCheck(tenant, { held: { runId: lease.runId, nowMs: lease.now() } }), ...writes] as never }));
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') throw new LiveLeaseLostError();
    throw error;
  }
}

/** How many items one transaction writes besides the lease check. */
const writesPerTransaction = 99;

export const resultRepository: ResultStore = {
  ...resultReader,

  async published(tenant) {
    const items = await queryAll(
      // The head is written with a standing only (see standingItem).
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': livePk(tenant) }, ProjectionExpression: 'sk, head.runId, periodStart', ConsistentRead: true },
      (item) => [parseEntitySk(item.sk as string, 'goal'), item.periodStart === undefined ? null : { runId: ((item.head as { runId?: string | null } | undefined)?.runId ?? null) }] as const,
    );
    return new Map(items);
  },

  /**
   * Writes each standing whole (index attributes, head, live values) in transactions of 99 behind
   * the lease check. A transaction DynamoDB refuses for an item (too large, a key it cannot hold) is
   * written again item by item, so one goal's item never keeps the others out: its id is returned.
   */
  async publish(tenant, standings, lease) {
    const refused: string[] = [];
    const items: { goalId: string; item: Record<string, unknown> }[] = [];
    for (const standing of standings) {
      try {
        items.push({ goalId: standing.goal.id, item: standingItem(tenant, standing) });
      } catch (error) {
        if (!isItemRefusal(error)) throw error;
        refused.push(standing.goal.id);
      }
    }
    const put = (item: Record<string, unknown>) => ({ Put: { TableName: tableName(), Item: item } });
    for (let i = 0; i < items.length; i += writesPerTransaction) {
      const chunk = items.slice(i, i + writesPerTransaction);
      try {
        await underLease(tenant, lease, chunk.map(({ item }) => put(item)));
      } catch (error) {
        if (error instanceof LiveLeaseLostError || !isItemRefusal(error)) throw error;
        for (const { goalId, item } of chunk) {
          try {
            await underLease(tenant, lease, [put(item)]);
          } catch (itemError) {
            if (itemError instanceof LiveLeaseLostError || !isItemRefusal(itemError)) throw itemError;
            refused.push(goalId);
          }
        }
      }
    }
    return refused;
  },

  async remove(tenant, goalIds, lease) {
    for (let i = 0; i < goalIds.length; i += writesPerTransaction) {
      await underLease(tenant, lease, goalIds.slice(i, i + writesPerTransaction).map((goalId) => ({ Delete: { TableName: tableName(), Key: liveKey(tenant, goalId) } })));
    }
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

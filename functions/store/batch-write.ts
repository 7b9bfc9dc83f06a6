import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { backoffMs, maxRetries, pause } from '../shared/backoff.ts';
import { mapWithConcurrency } from '../shared/concurrency.ts';
import { ddb, tableName } from './client.ts';

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export interface BatchWriteOptions {
  /** Parallel BatchWriteItem requests (default 8). */
  concurrency?: number;
  /** Called after each batch of up to 25 items is stored (tests inject faults here). */
  afterBatch?: (itemsWritten: number) => void | Promise<void>;
  onRequest?: () => void;
}

/** Writes in batches of 25, in parallel, retrying unprocessed items with backoff until all are stored. */
export async function batchWrite(requests: readonly WriteRequest[], options: BatchWriteOptions = {}): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  let written = 0;
  await mapWithConcurrency(batches, options.concurrency ?? 8, async (batch) => {
    let pending: WriteRequest[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > maxRetries) throw new Error(`DynamoDB left ${pending.length} items unprocessed after ${maxRetries} retries`);
      if (attempt > 0) await pause(backoffMs(attempt));
      const output: BatchWriteCommandOutput = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      options.onRequest?.();
      pending = (output.UnprocessedItems?.[tableName()] ?? []) as WriteRequest[];
    }
    written += batch.length;
    await options.afterBatch?.(written);
  });
}

export const putRequest = (item: Record<string, unknown>): WriteRequest => ({ PutRequest: { Item: item } });
export const deleteRequest = (key: Record<string, unknown>): WriteRequest => ({ DeleteRequest: { Key: key } });

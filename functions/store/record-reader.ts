import { GetCommand, QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { storedRecord, type RecordInput } from '../../core/model/record-input.ts';
import type { RecordStore } from '../use-cases/records/ports.ts';
import type { ReadOptions, RecordWindow } from '../use-cases/rollups/ports.ts';
import { ddb, tableName } from './client.ts';
import { recordDatePrefix, recordKey, recordPartition, recordShards } from './keys.ts';

/**
 * The Query of one shard: every record, or — with a window — those whose latest date is at or
 * after the window's start (a key condition on the date-ordered index, so older records are not
 * read at all) and whose earliest date is before its end.
 */
function shardQuery(tenant: string, recordType: string, shard: number, window: RecordWindow | undefined): Omit<QueryCommandInput, 'TableName'> {
  const partition = recordPartition(tenant, recordType, shard);
  const base = { ExpressionAttributeNames: { '#fields': 'fields' }, ProjectionExpression: 'recordType, id, ownerId, updatedAt, splits, #fields, rev' };
  if (!window) {
    // Deleted records' tombstones live in the partition (not in the date index) until their ttl.
    return { ...base, KeyConditionExpression: 'pk = :pk', FilterExpression: 'attribute_not_exists(deletedAtMs)', ExpressionAttributeValues: { ':pk': partition } };
  }
  return {
    ...base,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :from',
    FilterExpression: 'earliestMs < :end',
    ExpressionAttributeValues: { ':pk': partition, ':from': recordDatePrefix(window.startMs), ':end': window.endMs },
  };
}

/**
 * Reads the records of one type: the type's 16 partitions are queried in parallel (a Query each,
 * never a Scan) and each page is handed to `onPage` as it arrives, so a rollup consumes records
 * while the rest are still being read. Returns the number of records read.
 */
export async function readRecordsOfType(
  tenant: string,
  recordType: string,
  onPage: (records: RecordInput[]) => void,
  options: ReadOptions = {},
): Promise<number> {
  let count = 0;
  const readShard = async (shard: number) => {
    const query = shardQuery(tenant, recordType, shard, options.window);
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await ddb().send(new QueryCommand({ ...query, TableName: tableName(), ExclusiveStartKey: startKey }));
      options.onRequest?.();
      // Not parsed: core checks each record itself and skips a bad one alone (a parse would fail the
      // run on it), and parsing costs ~29 µs a record, ~3 s of 100,000 (recordSchema, measured).
      const records = (output.Items ?? []) as RecordInput[];
      count += records.length;
      onPage(records);
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  };
  await Promise.all(Array.from({ length: recordShards }, (_, shard) => readShard(shard)));
  return count;
}

/** The record's current image and server revision, read consistently (a tombstone's image is null). */
export const recordImage: RecordStore['image'] = async (tenant, recordType, id) => {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, recordType, id), ConsistentRead: true }));
  if (Item?.rev === undefined) return undefined;
  return { rev: Item.rev as number, record: Item.deletedAtMs !== undefined ? null : storedRecord(Item) };
};

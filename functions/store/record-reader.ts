import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { RecordInput } from '../../core/model/record-input.ts';
import { ddb, tableName } from './client.ts';
import { recordPartition, recordShards } from './keys.ts';

const projection = 'recordType, id, ownerId, updatedAt, splits, #fields';

/**
 * Reads every record of one type: the type's partitions are queried in parallel (a Query each,
 * never a Scan) and each page is handed to `onPage` as it arrives, so a rollup can consume records
 * while the rest are still being read. Returns the number of records read.
 */
export async function readRecordsOfType(
  tenant: string,
  recordType: string,
  onPage: (records: RecordInput[]) => void,
): Promise<number> {
  let count = 0;
  const readShard = async (shard: number) => {
    let startKey: Record<string, unknown> | undefined;
    do {
      const output: QueryCommandOutput = await ddb().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': recordPartition(tenant, recordType, shard) },
          ExpressionAttributeNames: { '#fields': 'fields' },
          ProjectionExpression: projection,
          ExclusiveStartKey: startKey,
        }),
      );
      const records = (output.Items ?? []) as RecordInput[];
      count += records.length;
      onPage(records);
      startKey = output.LastEvaluatedKey;
    } while (startKey);
  };
  await Promise.all(Array.from({ length: recordShards }, (_, shard) => readShard(shard)));
  return count;
}

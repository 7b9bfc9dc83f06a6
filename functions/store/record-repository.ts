import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import type { StoredRecord } from '../api/records/record-schema.ts';
import { ddb, tableName } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { recordDateSortKey, recordKey } from './keys.ts';
import { recordDateSpan } from './record-dates.ts';

export type UpsertOutcome = { applied: true; created: boolean } | { applied: false; current: StoredRecord };

export interface RecordRepository {
  get(tenant: string, recordType: string, id: string): Promise<StoredRecord | undefined>;
  /**
   * Stores the record unless the stored one has a newer `updatedAt` (out-of-order delivery never
   * rolls data back); an equal `updatedAt` is applied again, so a retried delivery is harmless.
   */
  upsert(tenant: string, record: StoredRecord): Promise<UpsertOutcome>;
  /** False when there was no such record. */
  delete(tenant: string, recordType: string, id: string): Promise<boolean>;
}

const toRecord = (item: Record<string, unknown>): StoredRecord => ({
  recordType: item.recordType as string,
  id: item.id as string,
  ownerId: item.ownerId as string,
  updatedAt: item.updatedAt as string,
  splits: (item.splits as StoredRecord['splits']) ?? null,
  fields: (item.fields as StoredRecord['fields']) ?? {},
});

/** The stored item: the record, plus its date span and a date-ordered index entry for windowed reads. */
export function recordItem(tenant: string, record: StoredRecord): Record<string, unknown> {
  const key = recordKey(tenant, record.recordType, record.id);
  const span = recordDateSpan(record.fields);
  return {
    ...key,
    entity: 'record',
    gsi1pk: key.pk,
    gsi1sk: recordDateSortKey(span?.latestMs ?? 0, record.id),
    ...(span ? { earliestMs: span.earliestMs, latestMs: span.latestMs } : {}),
    ...record,
    updatedAtMs: instantMillis(record.updatedAt),
  };
}

export const instantMillis = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();

export const recordRepository: RecordRepository = {
  async get(tenant, recordType, id) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, recordType, id) }));
    return Item ? toRecord(Item) : undefined;
  },

  async upsert(tenant, record) {
    try {
      const output = await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: recordItem(tenant, record),
          ConditionExpression: 'attribute_not_exists(pk) OR updatedAtMs <= :updatedAtMs',
          ExpressionAttributeValues: { ':updatedAtMs': instantMillis(record.updatedAt) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { applied: true, created: output.Attributes === undefined };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.get(tenant, record.recordType, record.id);
      if (!current) throw error;
      return { applied: false, current };
    }
  },

  async delete(tenant, recordType, id) {
    const output = await ddb().send(
      new DeleteCommand({ TableName: tableName(), Key: recordKey(tenant, recordType, id), ReturnValues: 'ALL_OLD' }),
    );
    return output.Attributes !== undefined;
  },
};

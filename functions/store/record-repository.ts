import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import type { StoredRecord } from '../api/records/record-schema.ts';
import { ddb, tableName } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { recordDateSortKey, recordKey } from './keys.ts';
import { recordDateSpan } from './record-dates.ts';

/** `current: null`: the record was deleted after the upsert's `updatedAt`. */
export type UpsertOutcome = { applied: true; created: boolean } | { applied: false; current: StoredRecord | null };

/**
 * How long a deleted record's tombstone refuses upserts older than the delete (the item's `ttl`;
 * DynamoDB removes it some time after, and until then the conditions treat it as gone).
 */
export const tombstoneDays = 30;

export interface RecordRepository {
  get(tenant: string, recordType: string, id: string): Promise<StoredRecord | undefined>;
  /**
   * Stores the record unless the stored one has a newer `updatedAt` (out-of-order delivery never
   * rolls data back); an equal `updatedAt` is applied again, so a retried delivery is harmless.
   * A deleted record is re-created only by an `updatedAt` after the delete.
   */
  upsert(tenant: string, record: StoredRecord): Promise<UpsertOutcome>;
  /**
   * Replaces the record by a tombstone (kept {@link tombstoneDays} days) that no read returns, so
   * a delayed upsert from before the delete cannot bring it back. False when there was no such record.
   */
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

const isTombstone = (item: Record<string, unknown>): boolean => item.deletedAtMs !== undefined;

/**
 * An upsert applies to no item, to a live record not newer than it, to a tombstone older than it,
 * and to a tombstone past its ttl (locally nothing removes expired items, so the condition checks).
 */
const upsertCondition =
  'attribute_not_exists(pk) OR (attribute_not_exists(deletedAtMs) AND updatedAtMs <= :updatedAtMs) OR deletedAtMs < :updatedAtMs OR #ttl < :nowSeconds';

export const recordRepository: RecordRepository = {
  async get(tenant, recordType, id) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, recordType, id) }));
    return Item && !isTombstone(Item) ? toRecord(Item) : undefined;
  },

  async upsert(tenant, record) {
    try {
      const output = await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: recordItem(tenant, record),
          ConditionExpression: upsertCondition,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':updatedAtMs': instantMillis(record.updatedAt), ':nowSeconds': Math.floor(Date.now() / 1000) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { applied: true, created: output.Attributes === undefined || isTombstone(output.Attributes) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: recordKey(tenant, record.recordType, record.id) }));
      if (!Item) throw error;
      return { applied: false, current: isTombstone(Item) ? null : toRecord(Item) };
    }
  },

  async delete(tenant, recordType, id) {
    const now = Date.now();
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          // No index attributes: windowed reads never see it; full reads filter it out.
          Item: { ...recordKey(tenant, recordType, id), entity: 'record-tombstone', recordType, id, deletedAtMs: now, ttl: Math.floor(now / 1000) + tombstoneDays * 86_400 },
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAtMs)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
};

import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { storedRecord, type RecordInput } from '../../core/model/record-input.ts';
import { sumCredits, type GoalCredit } from '../../core/rollup/record-credits.ts';
import {
  ChangeTooWideError,
  maxGoalsPerChange,
  maxWritesPerApply,
  recordKey,
  type ApplyResult,
  type Guard,
  type InboxEntry,
  type LiveChange,
  type LiveStore,
  type LiveValue,
  type Shadow,
} from '../use-cases/live/ports.ts';
import { ddb, tableName } from './client.ts';
import { cancellationCodes, succeeded } from './conditional.ts';
import { queryAll } from './query-pages.ts';
import { guardCheck } from './gate-check.ts';
import { getItems } from './entity-reads.ts';
import { inboxKey, inboxPk, leaseKey, liveKey, livePk, parseEntitySk, shadowKey, shadowPk, type Key } from './keys.ts';
import { recordDateSpan } from '../../core/model/record-dates.ts';

/** The number of a raw attribute, exactly (live values are DynamoDB numbers: exact decimals of up to 38 digits). */
const exact = (attribute: AttributeValue | undefined): bigint => (attribute?.N === undefined ? 0n : BigInt(attribute.N));

/** A shadow's image as it was written: not checked (core skips a bad record alone; see storedRecord). */
const imageOf = (record: unknown): RecordInput | null => (record === null || record === undefined ? null : storedRecord(record as Record<string, unknown>));

/**
 * A shadow item: the image and its revision, with the image's date span as a record has (the run
 * reads the shadows that can fall in its window; a deleted record's has none).
 */
function shadowItem(tenant: string, recordType: string, id: string, rev: number, record: RecordInput | null): Record<string, unknown> {
  const span = record ? recordDateSpan(record.fields) : null;
  return { ...shadowKey(tenant, recordType, id), entity: 'shadow', ...(span ? { earliestMs: span.earliestMs, latestMs: span.latestMs } : {}), rev, record };
}

/** A transaction's update adding a delta to a goal's live values, exactly (DynamoDB numbers add as decimals). */
const addTo = (tenant: string, delta: GoalCredit, at: string) => ({
  Update: {
    TableName: tableName(),
    Key: liveKey(tenant, delta.goalId),
    UpdateExpression: 'ADD actual :a, inProgress :b, custom :c, skipped :s SET entity = :entity, updatedAt = :at',
    ExpressionAttributeValues: { ':a': delta.values[0], ':b': delta.values[1], ':c': delta.values[2], ':s': delta.skipped, ':entity': 'live', ':at': at },
  },
});

/** Runs a transaction whose first action checks the guard; answers which condition stopped it. */
async function guarded(items: Record<string, unknown>[]): Promise<ApplyResult> {
  try {
    await ddb().send(new TransactWriteCommand({ TransactItems: items as never }));
    return 'applied';
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes === undefined) throw error;
    if (codes[0] === 'ConditionalCheckFailed') return 'guard-failed';
    // The shadow's condition, or a collision with another write (a run taking the lease, another
    // change adding to the same goal): the caller reads again and retries.
    if (codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')) return 'shadow-moved';
    throw error;
  }
}

/** Every item of one partition, read consistently with the raw client (numbers stay exact). */
async function rawPartition(pk: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await ddb().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Live values, shadows, the gate and the inbox in DynamoDB. A change is one TransactWriteItems: the
 * gate's check, the shadow's Put on the condition that its revision is still the one the change was
 * computed against, and an `ADD` per goal — DynamoDB numbers add exactly, so the values never pass
 * through binary floating point.
 */
export const liveRepository: LiveStore = {
  async shadow(tenant, recordType, id) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: shadowKey(tenant, recordType, id), ConsistentRead: true }));
    if (!Item) return undefined;
    return { rev: Item.rev as number, record: imageOf(Item.record) } satisfies Shadow;
  },

  async shadows(tenant, recordType, window) {
    const pk = shadowPk(tenant, recordType);
    // The table itself, read consistently: an index is eventually consistent, and a shadow the
    // consumer moved just before the run took the lease must be there (the window is a filter).
    const items = await queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ConsistentRead: true,
        ...(window
          ? { FilterExpression: 'latestMs >= :start AND earliestMs < :end', ExpressionAttributeValues: { ':pk': pk, ':start': window.startMs, ':end': window.endMs } }
          : { ExpressionAttributeValues: { ':pk': pk } }),
      },
      (item) => [parseEntitySk(item.sk as string, 'rec'), { rev: item.rev as number, record: imageOf(item.record) } satisfies Shadow] as const,
    );
    return new Map(items);
  },

  async shadowsOf(tenant, records) {
    const keys = new Map(records.map(({ recordType, id }) => [JSON.stringify(shadowKey(tenant, recordType, id)), recordKey(recordType, id)]));
    const items = await getItems([...new Set(keys.keys())].map((key) => JSON.parse(key) as Key), { consistent: true });
    return new Map(items.map((item) => [keys.get(JSON.stringify({ pk: item.pk, sk: item.sk })) as string, { rev: item.rev as number, record: imageOf(item.record) } satisfies Shadow]));
  },

  async apply(tenant, changes: readonly LiveChange[], guard) {
    const deltas = sumCredits(changes.flatMap((change) => change.deltas));
    const [only] = changes;
    if (changes.length === 1 && only!.deltas.length > maxGoalsPerChange) throw new ChangeTooWideError(only!.deltas.length);
    if (changes.length + deltas.length > maxWritesPerApply) throw new RangeError(`${changes.length} shadows and ${deltas.length} goals do not fit one transaction`);
    const shadows = changes.map((change) => ({
      Put: {
        TableName: tableName(),
        Item: shadowItem(tenant, change.recordType, change.id, change.next.rev, change.next.record),
        ...(change.expectedRev === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'rev = :expected', ExpressionAttributeValues: { ':expected': change.expectedRev } }),
      },
    }));
    // The latest change's time (they are applied together).
    const at = changes.reduce((latest, change) => (change.at > latest ? change.at : latest), '');
    const goals = deltas.map((delta) => addTo(tenant, delta, at));
    // The SDK gives the call an idempotency token (ClientRequestToken) that its retries reuse.
    return guarded([guardCheck(tenant, guard), ...shadows, ...goals]);
  },

  async catchUp(tenant, deltas, shadows, at, guard) {
    const writes = [
      ...deltas.map((delta) => addTo(tenant, delta, at)),
      ...shadows.map((image) => ({
        Put: { TableName: tableName(), Item: shadowItem(tenant, image.recordType, image.id, image.rev, image.record) },
      })),
    ];
    for (let i = 0; i < writes.length; i += maxWritesPerApply) {
      if ((await guarded([guardCheck(tenant, guard), ...writes.slice(i, i + maxWritesPerApply)])) !== 'applied') return false;
    }
    return true;
  },

  async repair(tenant, values, at, guard) {
    for (let i = 0; i < values.length; i += maxWritesPerApply) {
      const updates = values.slice(i, i + maxWritesPerApply).map((value) => ({
        Update: {
          TableName: tableName(),
          Key: liveKey(tenant, value.goalId),
          UpdateExpression: 'SET actual = :a, inProgress = :b, custom = :c, skipped = :s, entity = :entity, updatedAt = :at',
          ExpressionAttributeValues: { ':a': value.values[0], ':b': value.values[1], ':c': value.values[2], ':s': value.skipped, ':entity': 'live', ':at': at },
        },
      }));
      if ((await guarded([guardCheck(tenant, guard), ...updates])) !== 'applied') return false;
    }
    return true;
  },

  async gate(tenant, nowMs) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: leaseKey(tenant), ConsistentRead: true }));
    const held = typeof Item?.runId === 'string' && Number(Item.expiresAt) >= nowMs;
    return { heldBy: held ? (Item!.runId as string) : null, inboxCount: Number(Item?.inboxCount ?? 0), generation: Number(Item?.generation ?? 0) };
  },

  async divert(tenant, image, nowMs) {
    try {
      await ddb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: leaseKey(tenant),
                UpdateExpression: 'ADD inboxCount :one',
                ConditionExpression: 'attribute_exists(runId) AND expiresAt >= :now',
                ExpressionAttributeValues: { ':one': 1, ':now': nowMs },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...inboxKey(tenant, image.recordType, image.id, image.rev), entity: 'inbox', recordType: image.recordType, id: image.id, rev: image.rev, record: image.record },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'diverted';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') return 'not-held';
      if (codes?.[1] === 'ConditionalCheckFailed') return 'duplicate';
      throw error;
    }
  },

  inbox: (tenant) =>
    queryAll(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': inboxPk(tenant) }, ConsistentRead: true },
      (item): InboxEntry => ({ image: { recordType: item.recordType as string, id: item.id as string, rev: item.rev as number, record: imageOf(item.record) } }),
    ),

  async removeFromInbox(tenant, entries) {
    const remove = (chunk: readonly InboxEntry[]) =>
      ddb().send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: tableName(), Key: leaseKey(tenant), UpdateExpression: 'ADD inboxCount :minus', ExpressionAttributeValues: { ':minus': -chunk.length } } },
            ...chunk.map(({ image }) => ({
              Delete: { TableName: tableName(), Key: inboxKey(tenant, image.recordType, image.id, image.rev), ConditionExpression: 'attribute_exists(pk)' },
            })),
          ],
        }),
      );
    for (let i = 0; i < entries.length; i += maxWritesPerApply) {
      const chunk = entries.slice(i, i + maxWritesPerApply);
      // An entry someone else removed fails the chunk: then one at a time, skipping the removed ones.
      if (!(await succeeded(() => remove(chunk)))) for (const entry of chunk) await succeeded(() => remove([entry]));
    }
  },

  async values(tenant) {
    const values = new Map<string, LiveValue>();
    for (const item of await rawPartition(livePk(tenant))) {
      values.set(parseEntitySk(item.sk?.S ?? '', 'goal'), {
        values: [exact(item.actual), exact(item.inProgress), exact(item.custom)],
        skipped: Number(exact(item.skipped)),
        updatedAt: item.updatedAt?.S ?? '',
      });
    }
    return values;
  },
};

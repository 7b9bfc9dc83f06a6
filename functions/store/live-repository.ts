import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { recordSchema } from '../../core/model/record-input.ts';
import { ChangeTooWideError, maxGoalsPerChange, type LiveChange, type LiveStore, type LiveValue, type Shadow } from '../use-cases/live/ports.ts';
import { ddb, tableName } from './client.ts';
import { succeeded } from './conditional.ts';
import { parseItem } from './items.ts';
import { liveKey, livePk, shadowKey, parseEntitySk } from './keys.ts';

/** The number of a raw attribute, exactly (live values are DynamoDB numbers: exact decimals of up to 38 digits). */
const exact = (attribute: AttributeValue | undefined): bigint => (attribute?.N === undefined ? 0n : BigInt(attribute.N));

/**
 * Live values and shadows in DynamoDB. A change is one TransactWriteItems: the shadow's Put on the
 * condition that its revision is still the one the change was computed against, and an `ADD` per
 * goal — DynamoDB numbers add exactly, so the values never pass through binary floating point.
 */
export const liveRepository: LiveStore = {
  async shadow(tenant, recordType, id) {
    const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: shadowKey(tenant, recordType, id), ConsistentRead: true }));
    if (!Item) return undefined;
    return { rev: Item.rev as number, record: Item.record === null ? null : parseItem(recordSchema, Item.record as Record<string, unknown>) } satisfies Shadow;
  },

  async apply(tenant, change: LiveChange) {
    if (change.deltas.length > maxGoalsPerChange) throw new ChangeTooWideError(change.deltas.length);
    const shadow = {
      Put: {
        TableName: tableName(),
        Item: { ...shadowKey(tenant, change.recordType, change.id), entity: 'shadow', rev: change.next.rev, record: change.next.record },
        ...(change.expectedRev === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'rev = :expected', ExpressionAttributeValues: { ':expected': change.expectedRev } }),
      },
    };
    const goals = change.deltas.map((delta) => ({
      Update: {
        TableName: tableName(),
        Key: liveKey(tenant, delta.goalId),
        UpdateExpression: 'ADD actual :a, inProgress :b, custom :c, skipped :s SET entity = :entity, updatedAt = :at',
        ExpressionAttributeValues: { ':a': delta.values[0], ':b': delta.values[1], ':c': delta.values[2], ':s': delta.skipped, ':entity': 'live', ':at': change.at },
      },
    }));
    // The SDK gives the call an idempotency token (ClientRequestToken) that its retries reuse.
    return succeeded(() => ddb().send(new TransactWriteCommand({ TransactItems: [shadow, ...goals] })));
  },

  async values(tenant) {
    const values = new Map<string, LiveValue>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      // The raw client's answer, so the numbers stay exact (the document client reads them as JS numbers).
      const page = await ddb().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: livePk(tenant) } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const goalId = parseEntitySk(item.sk?.S ?? '', 'goal');
        values.set(goalId, {
          values: [exact(item.actual), exact(item.inProgress), exact(item.custom)],
          skipped: Number(exact(item.skipped)),
          updatedAt: item.updatedAt?.S ?? '',
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return values;
  },
};

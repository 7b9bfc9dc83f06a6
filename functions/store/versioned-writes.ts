import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { entityOf } from './items.ts';
import type { Key } from './keys.ts';

/** The condition that the stored version is `expectedVersion` (0: nothing is stored under the key). */
export function versionCondition(expectedVersion: number) {
  return expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :expectedVersion', ExpressionAttributeValues: { ':expectedVersion': expectedVersion } };
}

export async function getEntity<T>(key: Key): Promise<T | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: key }));
  return Item ? entityOf<T>(Item) : undefined;
}

/** Reads many items by key (100 a request, unprocessed keys retried); missing ones are left out. */
export async function getEntities<T>(keys: readonly Key[]): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    while (pending && pending.length > 0) {
      const output: BatchGetCommandOutput = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending } } }));
      for (const item of output.Responses?.[tableName()] ?? []) found.push(entityOf<T>(item));
      pending = output.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return found;
}

/** Puts the item if the stored version is `expectedVersion`; otherwise VersionConflictError. */
export async function putVersioned(item: Key & Record<string, unknown>, expectedVersion: number, what: string): Promise<void> {
  try {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: item, ...versionCondition(expectedVersion) }));
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflictError(`${what} changed since it was read`, { cause: error });
    throw error;
  }
}

/** Deletes the item if the stored version is `expectedVersion`; otherwise VersionConflictError. */
export async function deleteVersioned(key: Key, expectedVersion: number, what: string): Promise<void> {
  try {
    await ddb().send(new DeleteCommand({ TableName: tableName(), Key: key, ...versionCondition(expectedVersion) }));
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflictError(`${what} changed since it was read`, { cause: error });
    throw error;
  }
}

/** Puts a new item; ConflictError when one already exists under its key (a duplicate id). */
export async function putNew(item: Key & Record<string, unknown>, what: string): Promise<void> {
  try {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`${what} already exists`, { cause: error });
    throw error;
  }
}

import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, VersionConflictError } from '../shared/errors.ts';
import { ddb, tableName } from './client.ts';
import { conditionally } from './conditional.ts';
import type { Key } from './keys.ts';

/** The condition that the stored version is `expectedVersion` (0: nothing is stored under the key). */
export function versionCondition(expectedVersion: number) {
  return expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'version = :expectedVersion', ExpressionAttributeValues: { ':expectedVersion': expectedVersion } };
}

const changedSince = (what: string) => (error: unknown): never => {
  throw new VersionConflictError(`${what} changed since it was read`, { cause: error });
};

/** Puts the item if the stored version is `expectedVersion`; otherwise VersionConflictError. */
export async function putVersioned(item: Key & Record<string, unknown>, expectedVersion: number, what: string): Promise<void> {
  await conditionally(() => ddb().send(new PutCommand({ TableName: tableName(), Item: item, ...versionCondition(expectedVersion) })), changedSince(what));
}

/** Deletes the item if the stored version is `expectedVersion`; otherwise VersionConflictError. */
export async function deleteVersioned(key: Key, expectedVersion: number, what: string): Promise<void> {
  await conditionally(() => ddb().send(new DeleteCommand({ TableName: tableName(), Key: key, ...versionCondition(expectedVersion) })), changedSince(what));
}

/** Puts a new item; ConflictError when one already exists under its key (a duplicate id). */
export async function putNew(item: Key & Record<string, unknown>, what: string): Promise<void> {
  await conditionally(
    () => ddb().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
    (error) => {
      throw new ConflictError(`${what} already exists`, { cause: error });
    },
  );
}

import { BatchGetCommand, GetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { entityOf } from './items.ts';
import type { Key } from './keys.ts';

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


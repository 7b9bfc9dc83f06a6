import { BatchGetCommand, GetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { backoffMs, maxRetries, pause } from '../shared/backoff.ts';
import { ddb, tableName } from './client.ts';
import type { z } from 'zod';
import { parseItem } from './items.ts';
import type { Key } from './keys.ts';

/** The item stored under the key, as stored. */
export async function getItem(key: Key, options: { consistent?: boolean } = {}): Promise<Record<string, unknown> | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ...(options.consistent ? { ConsistentRead: true } : {}) }));
  return Item;
}

/** The entity stored under the key, parsed with its core/model schema (see {@link parseItem}). */
export async function getEntity<S extends z.ZodType>(key: Key, schema: S, options: { consistent?: boolean } = {}): Promise<z.output<S> | undefined> {
  const item = await getItem(key, options);
  return item && parseItem(schema, item);
}

export interface ItemReadOptions {
  /** A strongly consistent read (sees every write that succeeded before it). */
  consistent?: boolean;
  /** Only these attributes (any name, reserved words included). */
  attributes?: readonly string[];
}

/**
 * Reads many items by key (100 a request), as stored; missing ones are left out. Unprocessed keys
 * (DynamoDB under load) are retried with the shared backoff (functions/shared/backoff.ts), at most 10 times.
 */
export async function getItems(keys: readonly Key[], options: ItemReadOptions = {}): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const names = options.attributes?.map((name, i) => [`#a${i}`, name] as const);
  const shape = {
    ...(options.consistent ? { ConsistentRead: true } : {}),
    ...(names ? { ProjectionExpression: names.map(([alias]) => alias).join(', '), ExpressionAttributeNames: Object.fromEntries(names) } : {}),
  };
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > maxRetries) throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${maxRetries} retries`);
      if (attempt > 0) await pause(backoffMs(attempt));
      const output: BatchGetCommandOutput = await ddb().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ...shape } } }));
      found.push(...(output.Responses?.[tableName()] ?? []));
      pending = output.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return found;
}

/** The entities stored under these keys (see {@link getItems}), each parsed with its core/model schema. */
export async function getEntities<S extends z.ZodType>(keys: readonly Key[], schema: S): Promise<z.output<S>[]> {
  return (await getItems(keys)).map((item) => parseItem(schema, item));
}

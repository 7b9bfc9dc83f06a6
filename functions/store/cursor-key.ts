import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { conditionally } from './conditional.ts';
import { cursorKeyItemKey } from './keys.ts';

/**
 * The key that seals list cursors: 32 random bytes kept in the table itself (one item outside
 * every tenant), made by the first process that needs it and read once per process after that.
 * The same in Lambda and locally: no secret in the code, the configuration or the environment, and
 * every function and instance that serves a list seals and opens with the same key. Only the
 * functions that serve lists import this module (a PutItem, once per table).
 */
const keys = new Map<string, Promise<Buffer>>();

export function cursorKey(): Promise<Buffer> {
  const table = tableName();
  let key = keys.get(table);
  if (!key) {
    key = readOrCreate(table);
    keys.set(table, key);
    // A failed read is not remembered: the next list tries again.
    key.catch(() => keys.delete(table));
  }
  return key;
}

async function read(table: string): Promise<Buffer | undefined> {
  const { Item } = await ddb().send(new GetCommand({ TableName: table, Key: cursorKeyItemKey, ConsistentRead: true }));
  return typeof Item?.secret === 'string' ? Buffer.from(Item.secret, 'base64') : undefined;
}

async function readOrCreate(table: string): Promise<Buffer> {
  const stored = await read(table);
  if (stored) return stored;
  const secret = randomBytes(32);
  return conditionally(
    async () => {
      await ddb().send(
        new PutCommand({
          TableName: table,
          Item: { ...cursorKeyItemKey, secret: secret.toString('base64'), createdAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return secret;
    },
    // Another process made it first: use its key.
    async (error) => {
      const winner = await read(table);
      if (!winner) throw new Error('The list cursor key vanished right after it was created', { cause: error });
      return winner;
    },
  );
}

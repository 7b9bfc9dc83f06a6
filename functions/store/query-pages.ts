import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import type { Page } from '../use-cases/ports.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import type { z } from 'zod';
import { parseItem } from './items.ts';
import { tenantPk } from './keys.ts';

export interface PageRequest {
  limit: number;
  cursor?: string;
  /** Every partition key of this list begins with this tenant prefix (checked against cursors). */
  tenantPrefix: string;
}

/** The most Query calls one page makes, however many of the items read the caller may not see. */
export const maxQueriesPerPage = 3;
/** After the first Query, how many items a page reads ahead per Query (when items were left out). */
const readAhead = 500;

/** The key of `item` in the queried index: where a list that stops at it continues. */
function keyOf(item: Record<string, unknown>, indexName: string | undefined): Record<string, unknown> {
  const names = ['pk', 'sk', ...(indexName ? [`${indexName}pk`, `${indexName}sk`] : [])];
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}

/**
 * One page of a Query: up to `limit` items from at most `maxQueriesPerPage` Query calls. `map` may
 * return `undefined` to leave an item out (what the caller may not see); a filter expression does
 * the same on DynamoDB's side. The first Query asks for exactly the items the page needs, so a list
 * the caller sees whole costs one call; when items were left out, the next Queries read ahead
 * `readAhead` items each. A page that runs out of calls before it is full is answered with fewer
 * items and a cursor to go on: a caller who may see none of 2,000 goals pages through them in a
 * few bounded requests, not one Query per goal.
 *
 * The cursor is the store's position (the key where evaluation stopped, or of the last item taken):
 * it names items the caller may not see, so a route seals it before it leaves the service
 * (functions/http/sealed-page.ts).
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  page: PageRequest,
  map: (item: Record<string, unknown>) => T | undefined,
): Promise<Page<T>> {
  const items: T[] = [];
  const values = input.ExpressionAttributeValues ?? {};
  let startKey: Record<string, unknown> | undefined = decodeCursor(page.cursor, {
    tenantPrefix: page.tenantPrefix,
    indexName: input.IndexName,
    partition: typeof values[':pk'] === 'string' ? values[':pk'] : undefined,
    sortPrefix: typeof values[':prefix'] === 'string' ? values[':prefix'] : undefined,
  });
  const fromCursor = startKey !== undefined;
  for (let queries = 0; queries < maxQueriesPerPage; queries++) {
    const missing = page.limit - items.length;
    let output: QueryCommandOutput;
    try {
      output = await ddb().send(
        new QueryCommand({ ...input, TableName: tableName(), Limit: queries === 0 ? missing : Math.max(missing, readAhead), ExclusiveStartKey: startKey }),
      );
    } catch (error) {
      // Whatever slipped past the shape check, DynamoDB's refusal of a start key is the caller's cursor.
      if (fromCursor && error instanceof Error && error.name === 'ValidationException') throw invalidCursor({ cause: error });
      throw error;
    }
    const found = output.Items ?? [];
    for (const [index, item] of found.entries()) {
      const mapped = map(item);
      if (mapped === undefined) continue;
      items.push(mapped);
      if (items.length === page.limit) {
        // Full: go on after this item, or where DynamoDB stopped when it was the last one returned.
        const next = index < found.length - 1 ? keyOf(item, input.IndexName) : output.LastEvaluatedKey;
        return { items, nextCursor: encodeCursor(next) };
      }
    }
    startKey = output.LastEvaluatedKey;
    if (!startKey) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}

/** Every item of a Query, page after page (for small, bounded partitions such as a tenant's units). */
export async function queryAll<T>(
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  map: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await ddb().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey: startKey }));
    for (const item of output.Items ?? []) items.push(map(item));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** True when the Query has at least one item. */
export async function queryExists(input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>): Promise<boolean> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const output = await ddb().send(new QueryCommand({ ...input, TableName: tableName(), Limit: 25, ExclusiveStartKey: startKey }));
    if ((output.Items ?? []).length > 0) return true;
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return false;
}

/**
 * A tenant's entities of one kind (sort keys `<kind>#<id>` in the tenant's partition), each parsed
 * with its core/model schema: a page in id order, or all of them (a tenant has hundreds of units,
 * users and metrics, tens of currencies' rates, not millions).
 */
export function tenantEntities<S extends z.ZodType>(kind: 'unit' | 'user' | 'metric' | 'exchange-rates', schema: S) {
  const query = (tenant: string) => ({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': tenantPk(tenant), ':prefix': `${kind}#` },
  });
  const parse = (item: Record<string, unknown>): z.output<S> => parseItem(schema, item);
  return {
    list: (tenant: string, limit: number, cursor?: string): Promise<Page<z.output<S>>> =>
      queryPage(query(tenant), { limit, cursor, tenantPrefix: tenantPk(tenant) }, parse),
    all: (tenant: string): Promise<z.output<S>[]> => queryAll(query(tenant), parse),
  };
}

import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb, tableName } from './client.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
  /** Every partition key of this list begins with this tenant prefix (checked against cursors). */
  tenantPrefix: string;
}

/**
 * One page of a Query of up to `limit` items. With a filter expression DynamoDB may return fewer
 * items than it evaluated, so it keeps asking — never for more than the items still missing — until
 * the page is full or the partition ends; the cursor is exactly where evaluation stopped. `map` may
 * return `undefined` to leave an item out (what the caller may not see).
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
  do {
    let output: QueryCommandOutput;
    try {
      output = await ddb().send(new QueryCommand({ ...input, TableName: tableName(), Limit: page.limit - items.length, ExclusiveStartKey: startKey }));
    } catch (error) {
      // Whatever slipped past the shape check, DynamoDB's refusal of a start key is the caller's cursor.
      if (fromCursor && error instanceof Error && error.name === 'ValidationException') throw invalidCursor({ cause: error });
      throw error;
    }
    for (const item of output.Items ?? []) {
      const mapped = map(item);
      if (mapped !== undefined) items.push(mapped);
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey && items.length < page.limit);
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

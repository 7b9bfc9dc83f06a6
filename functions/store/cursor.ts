import { RequestValidationError } from '../shared/errors.ts';

export type StartKey = Record<string, string>;

/** What a cursor of one list must look like: the key names of the queried index, its partition and sort prefix. */
export interface CursorShape {
  /** Every partition-like value belongs to this tenant prefix. */
  tenantPrefix: string;
  indexName?: string | undefined;
  /** The partition the list queries; the cursor's key in that index must be in it. */
  partition?: string | undefined;
  /** The sort key prefix the list is restricted to, if any. */
  sortPrefix?: string | undefined;
}

/** An opaque list cursor: the DynamoDB key to continue from, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export const invalidCursor = (options?: { cause?: unknown }) =>
  new RequestValidationError('The cursor is not valid', [{ path: 'query.cursor', message: 'Not a cursor returned by this list' }], options);

/**
 * The key a cursor continues from. Refuses anything that is not a cursor this list could have
 * given this tenant: exactly the key attributes of the queried index (the table's `pk`/`sk`, plus
 * the index's own), all strings, in the tenant, in the queried partition and sort key range.
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape | string): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const { tenantPrefix, indexName, partition, sortPrefix }: CursorShape = typeof shape === 'string' ? { tenantPrefix: shape } : shape;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidCursor({ cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor();
  const key = parsed as Record<string, unknown>;
  const expectedNames = ['pk', 'sk', ...(indexName ? [`${indexName}pk`, `${indexName}sk`] : [])].sort();
  const names = Object.keys(key).sort();
  if (typeof shape !== 'string' && names.join() !== expectedNames.join()) throw invalidCursor();
  if (names.length === 0 || names.length > 8) throw invalidCursor();
  for (const name of names) {
    const value = key[name];
    if (!/^(pk|sk|gsi[1-3](pk|sk))$/.test(name) || typeof value !== 'string' || value.length === 0 || value.length > 1024) throw invalidCursor();
    if (name.endsWith('pk') && value !== tenantPrefix && !value.startsWith(`${tenantPrefix}#`)) throw invalidCursor();
  }
  const partitionName = indexName ? `${indexName}pk` : 'pk';
  const sortName = indexName ? `${indexName}sk` : 'sk';
  if (partition !== undefined && key[partitionName] !== partition) throw invalidCursor();
  if (sortPrefix !== undefined && !(key[sortName] as string).startsWith(sortPrefix)) throw invalidCursor();
  return key as StartKey;
}

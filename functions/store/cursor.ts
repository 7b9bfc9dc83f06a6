import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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

/** A list position: the DynamoDB key to continue from, base64url-encoded (sealed before a caller sees it). */
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

const sealFormat = 1;
const ivBytes = 12;
const tagBytes = 16;
/** Positions are padded to a multiple of this, so a cursor's length does not tell how long the ids in it are. */
const padBytes = 64;

/**
 * Seals a list position (encodeCursor's output) for one binding — the tenant, caller and query it
 * is given for — with AES-256-GCM under `key`, the binding as additional authenticated data. The
 * cursor reveals nothing (not even the ids of items the caller may not see) and cannot be altered
 * or used under another binding.
 */
export function sealCursor(position: string, key: Uint8Array, binding: string): string {
  const plain = Buffer.from(position, 'base64url');
  const padded = Buffer.alloc(Math.ceil((plain.length + 1) / padBytes) * padBytes, 0x20);
  plain.copy(padded);
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const sealed = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.concat([Buffer.from([sealFormat]), iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The position a cursor sealed for this binding holds; 400 for anything else (forged, altered, another binding). */
export function openCursor(cursor: string, key: Uint8Array, binding: string): string {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length < 1 + ivBytes + tagBytes + padBytes || bytes[0] !== sealFormat || bytes.toString('base64url') !== cursor) throw invalidCursor();
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + ivBytes), { authTagLength: tagBytes });
  decipher.setAAD(Buffer.from(binding, 'utf8'));
  decipher.setAuthTag(bytes.subarray(1 + ivBytes, 1 + ivBytes + tagBytes));
  let padded: Buffer;
  try {
    padded = Buffer.concat([decipher.update(bytes.subarray(1 + ivBytes + tagBytes)), decipher.final()]);
  } catch (error) {
    throw invalidCursor({ cause: error });
  }
  let end = padded.length;
  while (end > 0 && padded[end - 1] === 0x20) end--;
  return padded.subarray(0, end).toString('base64url');
}

import { RequestValidationError } from '../shared/errors.ts';

export type StartKey = Record<string, string>;

/** An opaque list cursor: the DynamoDB key to continue from, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The key a cursor continues from. Refuses anything that is not a cursor this tenant was given:
 * every key part must be a string, and every partition-like part must belong to the tenant.
 */
export function decodeCursor(cursor: string | undefined, tenantPrefix: string): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () =>
    new RequestValidationError('The cursor is not valid', [{ path: 'query.cursor', message: 'Not a cursor returned by this list' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed);
  if (entries.length === 0 || entries.length > 8) throw invalid();
  for (const [name, value] of entries) {
    if (!/^(pk|sk|gsi[1-3](pk|sk))$/.test(name) || typeof value !== 'string') throw invalid();
    if (name.endsWith('pk') && value !== tenantPrefix && !value.startsWith(`${tenantPrefix}#`)) throw invalid();
  }
  return parsed as StartKey;
}

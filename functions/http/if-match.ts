import { RequestValidationError, VersionConflictError } from '../shared/errors.ts';

/**
 * The version an `If-Match` header asks for: `"3"`, `W/"3"` or `3`; `*` or no header means any.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*' || value === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value);
  if (!match) {
    throw new RequestValidationError('If-Match must be an ETag such as "3"', [
      { path: 'headers.if-match', message: 'Expected a version ETag such as "3"' },
    ]);
  }
  return Number(match[1]);
}

/**
 * Runs a read-modify-write. Without `If-Match` the caller asked for "last writer wins", so a write
 * that lost a race to another one is read and applied again (up to 3 times); with `If-Match`
 * the conflict is the caller's answer (412).
 */
export async function withWriteRetry<T>(ifMatch: number | undefined, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (ifMatch !== undefined || !(error instanceof VersionConflictError) || attempt >= 3) throw error;
    }
  }
}

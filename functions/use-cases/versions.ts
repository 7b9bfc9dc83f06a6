import { VersionConflictError } from '../shared/errors.ts';

/**
 * The caller's expected version (HTTP's `If-Match`; `undefined` means any) must be the stored one:
 * otherwise the caller decided on a state that is gone, and the change is refused with
 * VersionConflictError.
 */
export function assertIfMatch(ifMatch: number | undefined, storedVersion: number, what: string): void {
  if (ifMatch !== undefined && ifMatch !== storedVersion) {
    throw new VersionConflictError(`${what} is at version ${storedVersion}, not ${ifMatch}`);
  }
}

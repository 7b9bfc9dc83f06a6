import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

const isCancellation = (error: unknown): error is TransactionCanceledException =>
  error instanceof TransactionCanceledException || (error instanceof Error && error.name === 'TransactionCanceledException');

/** True when a write failed only because its condition expression did not hold. */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return true;
  if (isCancellation(error)) {
    const reasons = error.CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/**
 * Runs a conditional write and answers what it returned; when only its condition did not hold,
 * answers `onFailure(error)` instead (which may throw the domain error). Any other failure is thrown.
 */
export async function conditionally<T, F>(write: () => Promise<T>, onFailure: (error: unknown) => F | Promise<F>): Promise<T | F> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) return await onFailure(error);
    throw error;
  }
}

/** True when the conditional write was applied, false when its condition did not hold. */
export const succeeded = (write: () => Promise<unknown>): Promise<boolean> =>
  conditionally(
    async () => {
      await write();
      return true;
    },
    () => false,
  );


/**
 * Why each action of a cancelled transaction failed, in the transaction's order: a code such as
 * `ConditionalCheckFailed`, `TransactionConflict` or `ThrottlingError`, or undefined for an action
 * that did not fail (DynamoDB answers `None` or no code); none at all when DynamoDB gave no reasons.
 * Undefined when the error is no cancellation.
 */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!isCancellation(error)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => (reason.Code && reason.Code !== 'None' ? reason.Code : undefined));
}

/**
 * The indexes (in the transaction's item order) of the actions of a cancelled transaction that
 * failed with `code` (`ConditionalCheckFailed`, `TransactionConflict`, …); none when the error is no cancellation.
 */
export function cancelledIndexes(error: unknown, code: string): number[] {
  return (cancellationCodes(error) ?? []).flatMap((reason, i) => (reason === code ? [i] : []));
}

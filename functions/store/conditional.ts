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

/** The indexes (in the transaction's item order) whose condition failed. */
export function failedConditionIndexes(error: unknown): number[] {
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

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

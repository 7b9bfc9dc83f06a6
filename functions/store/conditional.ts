import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** True when a write failed only because its condition expression did not hold. */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return true;
  if (error instanceof TransactionCanceledException || (error instanceof Error && error.name === 'TransactionCanceledException')) {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/** The indexes (in the transaction's item order) whose condition failed. */
export function failedConditionIndexes(error: unknown): number[] {
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

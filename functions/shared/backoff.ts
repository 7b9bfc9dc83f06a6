/**
 * The one retry delay for DynamoDB's unprocessed items and keys (AWS asks callers to retry them
 * with exponential backoff): 50 ms before the first retry, doubling, at most 2 s.
 */
export const maxRetries = 10;

/** The pause before retry number `attempt` (1 for the first retry); 0 for the first try. */
export function backoffMs(attempt: number): number {
  return attempt < 1 ? 0 : Math.min(50 * 2 ** (attempt - 1), 2_000);
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

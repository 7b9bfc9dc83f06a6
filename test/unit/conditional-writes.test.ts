import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { cancelledIndexes, conditionally, succeeded } from '../../functions/store/conditional.ts';

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('conditionally', () => {
  it("answers the write's result when it is applied", async () => {
    await expect(conditionally(async () => 'written', () => 'refused')).resolves.toBe('written');
  });

  it('answers onFailure(error) when only the condition did not hold, a single write or a transaction', async () => {
    const failure = conditionFailed();
    await expect(conditionally(() => Promise.reject(failure), (error) => error)).resolves.toBe(failure);
    await expect(conditionally(() => Promise.reject(cancelled('None', 'ConditionalCheckFailed')), () => 'refused')).resolves.toBe('refused');
  });

  it('throws what onFailure throws, and every other failure as it is', async () => {
    await expect(
      conditionally(
        () => Promise.reject(conditionFailed()),
        () => {
          throw new Error('changed since it was read');
        },
      ),
    ).rejects.toThrow('changed since it was read');
    const throttled = cancelled('ThrottlingError');
    await expect(conditionally(() => Promise.reject(throttled), () => 'refused')).rejects.toBe(throttled);
    const network = new Error('socket hang up');
    await expect(conditionally(() => Promise.reject(network), () => 'refused')).rejects.toBe(network);
  });
});

describe('succeeded', () => {
  it('is true when the write is applied, false when its condition failed, and throws anything else', async () => {
    await expect(succeeded(async () => ({}))).resolves.toBe(true);
    await expect(succeeded(() => Promise.reject(conditionFailed()))).resolves.toBe(false);
    await expect(succeeded(() => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
  });
});

describe('cancelledIndexes', () => {
  it('names the actions that failed with the code, in the transaction order; none for another error', () => {
    const error = cancelled('None', 'ConditionalCheckFailed', 'TransactionConflict', 'ConditionalCheckFailed');
    expect(cancelledIndexes(error, 'ConditionalCheckFailed')).toEqual([1, 3]);
    expect(cancelledIndexes(error, 'TransactionConflict')).toEqual([2]);
    expect(cancelledIndexes(conditionFailed(), 'ConditionalCheckFailed')).toEqual([]);
  });
});

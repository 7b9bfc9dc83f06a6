/**
 * Test-only fault injection into the process's DynamoDB client (`ddb()`), as SDK middleware:
 * a chosen share of calls fails with a throttling error before it reaches DynamoDB (inside the
 * SDK's retry loop, so the client's own retries see it), and batch writes and batch gets leave a
 * share of their items unprocessed (the request sends only the first part and the rest comes back
 * as `UnprocessedItems` / `UnprocessedKeys`, as DynamoDB does under load).
 * While faults are injected the client retries without backoff (retryWithoutBackoff).
 */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { MiddlewareStack, Provider, RetryStrategyV2 } from '@smithy/types';
import { seededRandom } from '../bench/core-rollup-data.ts';
import { ddb } from '../../functions/store/client.ts';

export interface FaultOptions {
  /** Share of calls (0..1) that fail with a throttling error. */
  throttleShare: number;
  /** Share of batch writes/gets (0..1) that process only part of their items. */
  partialBatchShare: number;
  /** Seed of the pseudo-random sequence, so a failing run can be repeated. */
  seed?: number;
}

export interface FaultCounts {
  calls: number;
  throttled: number;
  partialBatches: number;
  unprocessed: number;
}

export interface InjectedFaults {
  readonly counts: FaultCounts;
  /** Removes the middleware: calls go through untouched again. */
  remove(): void;
}

function throttlingError(name: string): Error {
  const error = new Error('Rate of requests exceeds the allowed throughput (injected)') as Error & Record<string, unknown>;
  error.name = name;
  error.$fault = 'client';
  error.$retryable = { throttling: true };
  error.$metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
  return error;
}

type Requests = Record<string, unknown[]>;
type KeyRequests = Record<string, { Keys: unknown[] } & Record<string, unknown>>;

/**
 * Makes the process's client retry at once, until the returned function restores its strategy. The
 * SDK's own decision stays (which errors are retried, how many attempts: the client's maxAttempts,
 * its retry quota); only the wait before each attempt goes (for a throttling error a random
 * 0–1 s, 0–2 s, … up to 20 s): real time a test would only wait through.
 */
export function retryWithoutBackoff(): () => void {
  // The retry middleware asks the client's config for its strategy on every call.
  const config = ddb().config as unknown as { retryStrategy: Provider<RetryStrategyV2>; maxAttempts: Provider<number> };
  const sdkRetryStrategy = config.retryStrategy;
  const noBackoff = new ConfiguredRetryStrategy(config.maxAttempts, () => 0);
  config.retryStrategy = async () => noBackoff;
  return () => {
    config.retryStrategy = sdkRetryStrategy;
  };
}

const throttleName = 'attainInjectedThrottling';
const partialName = 'attainInjectedPartialBatch';

export function injectDynamoDbFaults(options: FaultOptions): InjectedFaults {
  const next = seededRandom(options.seed ?? 20_26);
  const counts: FaultCounts = { calls: 0, throttled: 0, partialBatches: 0, unprocessed: 0 };
  const stack = ddb().middlewareStack as unknown as MiddlewareStack<any, any>;
  const restoreBackoff = retryWithoutBackoff();

  // finalizeRequest, low priority: inside the retry middleware, so each attempt may be throttled.
  stack.add(
    (handler: (args: any) => Promise<any>) => async (args: any) => {
      counts.calls++;
      if (next() < options.throttleShare) {
        counts.throttled++;
        throw throttlingError(next() < 0.5 ? 'ProvisionedThroughputExceededException' : 'ThrottlingException');
      }
      return handler(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: throttleName },
  );

  // initialize, high priority: outside the document client's (un)marshalling, so items are plain objects.
  stack.add(
    (handler: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
      const command = context.commandName ?? '';
      const input = args.input as { RequestItems?: Requests | KeyRequests };
      if (!/^BatchWrite|^BatchGet/.test(command) || !input.RequestItems || next() >= options.partialBatchShare) return handler(args);
      const [table, requests] = Object.entries(input.RequestItems)[0]!;
      const isGet = command.startsWith('BatchGet');
      const items = isGet ? (requests as KeyRequests[string]).Keys : (requests as unknown[]);
      if (items.length < 2) return handler(args);
      const keep = Math.ceil(items.length / 2);
      const sent = items.slice(0, keep);
      const left = items.slice(keep);
      counts.partialBatches++;
      counts.unprocessed += left.length;
      const partInput = isGet
        ? { ...args.input, RequestItems: { [table]: { ...(requests as object), Keys: sent } } }
        : { ...args.input, RequestItems: { [table]: sent } };
      const result = (await handler({ ...args, input: partInput })) as { output: Record<string, any> };
      if (isGet) result.output.UnprocessedKeys = { [table]: { ...(requests as object), Keys: left } };
      else result.output.UnprocessedItems = { [table]: left };
      return result;
    },
    { step: 'initialize', priority: 'high', name: partialName },
  );

  return {
    counts,
    remove() {
      stack.remove(throttleName);
      stack.remove(partialName);
      restoreBackoff();
    },
  };
}

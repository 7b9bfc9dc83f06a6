import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { tracer } from '../shared/observability.ts';
import type { RollupEvent } from './rollup-event.ts';

/** Hands a rollup event to the worker without waiting for the run. */
export type RollupDispatcher = (event: RollupEvent) => Promise<void>;

let lambda: LambdaClient | undefined;

/** In AWS: an asynchronous invoke of the worker function named by ATTAIN_WORKER_FUNCTION. */
export const lambdaDispatcher: RollupDispatcher = async (event) => {
  const functionName = process.env.ATTAIN_WORKER_FUNCTION;
  if (!functionName) throw new Error('ATTAIN_WORKER_FUNCTION is not set: no rollup worker to hand the run to');
  lambda ??= tracer.captureAWSv3Client(new LambdaClient({}));
  await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
};

let current: RollupDispatcher = lambdaDispatcher;

/** The local runner (and tests) install their own: a worker process on this machine. */
export function setRollupDispatcher(dispatcher: RollupDispatcher): void {
  current = dispatcher;
}

export function dispatchRollup(event: RollupEvent): Promise<void> {
  return current(event);
}

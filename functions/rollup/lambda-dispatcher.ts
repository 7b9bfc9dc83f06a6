import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { traced } from '../shared/observability.ts';
import type { Config } from '../shared/config.ts';
import type { RollupDispatcher } from '../use-cases/rollups/ports.ts';

/** In AWS: an asynchronous invoke of the rollup worker function (one execution per run). */
export function lambdaDispatcher(functionName: string): RollupDispatcher {
  let lambda: LambdaClient | undefined;
  return async (event) => {
    lambda ??= traced(new LambdaClient({}));
    await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
  };
}

/** Without ATTAIN_WORKER_FUNCTION (a function that never triggers runs), triggering says which variable is missing. */
export function dispatcherFrom(env: Config): RollupDispatcher {
  if (env.ATTAIN_WORKER_FUNCTION) return lambdaDispatcher(env.ATTAIN_WORKER_FUNCTION);
  return async () => {
    throw new Error('ATTAIN_WORKER_FUNCTION is not set: no rollup worker to hand the run to');
  };
}


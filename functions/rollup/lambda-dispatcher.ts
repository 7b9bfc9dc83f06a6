import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { tracer } from '../shared/observability.ts';
import type { RollupDispatcher } from '../use-cases/rollups/ports.ts';

/** In AWS: an asynchronous invoke of the rollup worker function (one execution per run). */
export function lambdaDispatcher(functionName: string): RollupDispatcher {
  let lambda: LambdaClient | undefined;
  return async (event) => {
    lambda ??= tracer.captureAWSv3Client(new LambdaClient({}));
    await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
  };
}

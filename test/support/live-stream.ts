import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { inject } from 'vitest';
import { cloudPorts } from '../../functions/cloud-ports.ts';
import { systemClock } from '../../functions/compose.ts';
import { consumerWith } from '../../functions/live/consumer.ts';
import { tableName } from '../../functions/store/client.ts';
import { liveRepository } from '../../functions/store/live-repository.ts';
import { runRepository } from '../../functions/store/run-repository.ts';
import { cachedCreditModels } from '../../functions/use-cases/live/credit-models.ts';
import type { RollupDispatcher } from '../../functions/use-cases/rollups/ports.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller.ts';

/**
 * The live path as `npm start` runs it, for one tenant of the test run's DynamoDB Local: the table's
 * stream (the real Streams API, from now on) handed to the live consumer's handler, the worker
 * started with `dispatcher`. Only the tenant's items reach the consumer: other test files write to
 * the same table at the same time.
 */
export async function startLiveStream(tenant: string, dispatcher: RollupDispatcher): Promise<StreamPoller> {
  const config = { endpoint: inject('ddbEndpoint'), region: 'eu-north-1', credentials: { accessKeyId: 'attainlocal', secretAccessKey: 'attainlocal' } };
  const ports = cloudPorts({ dispatcher });
  const consumer = consumerWith({
    live: liveRepository,
    creditModels: cachedCreditModels({ ...ports, live: liveRepository }),
    clock: systemClock,
    runs: runRepository,
    dispatcher,
  });
  const mine = `t#${tenant}`;
  const poller = startStreamPoller({
    dynamodb: new DynamoDBClient(config),
    streams: new DynamoDBStreamsClient(config),
    tableName: tableName(),
    from: 'LATEST',
    handler: (event) => {
      const Records = event.Records.filter((r) => (r.dynamodb?.Keys?.pk?.S ?? '').split('#').slice(0, 2).join('#') === mine);
      return consumer({ Records }, lambdaContext('attain-live', randomUUID()));
    },
  });
  await poller.ready;
  return poller;
}

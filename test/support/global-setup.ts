import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { ensureTable } from '../../infra/local/ensure-table.ts';
import { testDynamoDbLocalEnv, testJavaOptions } from './test-java.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
    ddbTable: string;
  }
}

let ddb: DynamoDbLocal | undefined;

/** One in-memory DynamoDB Local on a free port for the whole run; tests isolate by tenant id. */
export async function setup(project: TestProject): Promise<void> {
  // In this process's environment, which the workers inherit: the DynamoDB Locals that tests start
  // themselves (startDynamoDbLocal in a worker) are spawned with it too.
  Object.assign(process.env, testDynamoDbLocalEnv);
  ddb = await startDynamoDbLocal({ javaOptions: testJavaOptions });
  const table = 'attain-test';
  const client = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'attainlocal', secretAccessKey: 'attainlocal' },
  });
  await ensureTable(client, table);
  client.destroy();
  project.provide('ddbEndpoint', ddb.endpoint);
  project.provide('ddbTable', table);
}

export async function teardown(): Promise<void> {
  await ddb?.stop();
}

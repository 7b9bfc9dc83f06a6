import '../../infra/local/quiet-sdk-warning.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { ensureTable } from '../../infra/local/ensure-table.ts';

/**
 * A benchmark's own in-memory DynamoDB Local with `table` created, and the environment pointed at
 * it, so the project's modules imported afterwards (dynamically) use it.
 */
export async function startBenchTable(table: string): Promise<DynamoDbLocal> {
  const ddbLocal = await startDynamoDbLocal();
  process.env.ATTAIN_DYNAMODB_ENDPOINT = ddbLocal.endpoint;
  process.env.ATTAIN_TABLE = table;
  process.env.AWS_REGION = 'eu-north-1';
  const admin = new DynamoDBClient({ endpoint: ddbLocal.endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  await ensureTable(admin, table);
  admin.destroy();
  return ddbLocal;
}

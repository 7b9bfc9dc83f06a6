import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../shared/config.ts';
import { traced } from '../shared/observability.ts';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * The process's one DynamoDB document client. Against a local endpoint it uses fixed dummy
 * credentials (letters and digits only, as DynamoDB Local requires with -sharedDb).
 */
export function ddb(): DynamoDBDocumentClient {
  if (documentClient) return documentClient;
  const { ATTAIN_DYNAMODB_ENDPOINT: endpoint, AWS_REGION: region } = config();
  const local = endpoint !== undefined && /^https?:\/\/(localhost|127\.|\[::1\])/.test(endpoint);
  const client = new DynamoDBClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(local ? { credentials: { accessKeyId: 'attainlocal', secretAccessKey: 'attainlocal' } } : {}),
    maxAttempts: 5,
  });
  documentClient = DynamoDBDocumentClient.from(traced(client), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    unmarshallOptions: { wrapNumbers: false },
  });
  return documentClient;
}

export const tableName = (): string => config().ATTAIN_TABLE;

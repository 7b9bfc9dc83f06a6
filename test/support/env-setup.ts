import { inject } from 'vitest';

// Point every module that reads configuration at the run's DynamoDB Local before it loads.
process.env.ATTAIN_DYNAMODB_ENDPOINT = inject('ddbEndpoint');
process.env.ATTAIN_TABLE = inject('ddbTable');
process.env.AWS_REGION = 'eu-north-1';
process.env.ATTAIN_DEV_SECRET ??= 'attain-local-dev-secret';
// X-Ray is Lambda's: the Powertools Tracer stays off even on a machine that sets AWS_EXECUTION_ENV (CloudShell, ECS).
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

import { inject } from 'vitest';

// Point every module that reads configuration at the run's DynamoDB Local before it loads.
process.env.ATTAIN_DYNAMODB_ENDPOINT = inject('ddbEndpoint');
process.env.ATTAIN_TABLE = inject('ddbTable');
process.env.AWS_REGION = 'eu-north-1';
process.env.ATTAIN_DEV_SECRET ??= 'attain-local-dev-secret';

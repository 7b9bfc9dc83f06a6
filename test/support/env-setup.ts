import { afterAll, expect, inject } from 'vitest';

// Point every module that reads configuration at the run's DynamoDB Local before it loads.
process.env.ATTAIN_DYNAMODB_ENDPOINT = inject('ddbEndpoint');
process.env.ATTAIN_TABLE = inject('ddbTable');
process.env.AWS_REGION = 'eu-north-1';
process.env.ATTAIN_DEV_SECRET ??= 'attain-local-dev-secret';
// X-Ray is Lambda's: the Powertools Tracer stays off even on a machine that sets AWS_EXECUTION_ENV (CloudShell, ECS).
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

// Files share a worker's process (isolate: false in vitest.config.ts): none may leave the environment changed.
// (AWS_SDK_UA_APP_ID is Powertools': it adds its user agent there once, when first imported.)
const envBefore = { ...process.env };
afterAll(() => {
  const changed = Object.keys({ ...envBefore, ...process.env }).filter((name) => name !== 'AWS_SDK_UA_APP_ID' && envBefore[name] !== process.env[name]);
  expect(changed, 'environment variables this file changed and did not restore').toEqual([]);
});

import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { principalOf } from '../../functions/http/principal.ts';
import { UnauthenticatedError } from '../../functions/shared/errors.ts';
import { assertNoDevSecretInLambda, DevSecretInLambdaError } from '../../functions/shared/runtime-guard.ts';
import { startGateway } from '../../infra/local/gateway.ts';

const eventWith = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

describe('the local dev secret in Lambda', () => {
  const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
  });

  it('stops a Lambda function whose environment carries ATTAIN_DEV_SECRET from starting', () => {
    expect(() => assertNoDevSecretInLambda({ AWS_LAMBDA_FUNCTION_NAME: 'attain-goals', ATTAIN_DEV_SECRET: 'x' })).toThrow(DevSecretInLambdaError);
    expect(() => assertNoDevSecretInLambda({ AWS_LAMBDA_FUNCTION_NAME: 'attain-goals' })).not.toThrow();
    expect(() => assertNoDevSecretInLambda({ ATTAIN_DEV_SECRET: 'x' })).not.toThrow();
  });

  it('refuses claims of a locally signed token in Lambda, and accepts them locally', () => {
    const claims = { sub: 'u-1', tenant: 'demo', role: 'admin', iss: 'attain-local' };
    expect(principalOf(eventWith(claims))).toEqual({ tenant: 'demo', userId: 'u-1', role: 'admin' });
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'attain-goals';
    expect(() => principalOf(eventWith(claims))).toThrow(UnauthenticatedError);
    expect(principalOf(eventWith({ ...claims, iss: 'https://cognito-idp.eu-north-1.amazonaws.com/pool' })).tenant).toBe('demo');
  });

  it('will not start the local gateway in Lambda', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'attain-goals';
    await expect(startGateway({ port: 0, secret: 'attain-local-dev-secret' })).rejects.toThrow(/do not run in Lambda/);
  });
});
